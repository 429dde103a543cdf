//go:build integration

package load

import (
	"bytes"
	"compress/gzip"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/motcua-kiosk/motcua/kiosk/queue"
	"github.com/motcua-kiosk/motcua/kiosk/store"
	"github.com/motcua-kiosk/motcua/kiosk/wire"
	"github.com/motcua-kiosk/motcua/server/db"
	"github.com/motcua-kiosk/motcua/server/pgtest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

// twoProcBin is make test's SERVER_BIN, or cmd/server built here.
func twoProcBin(t *testing.T) string {
	if bin := os.Getenv("SERVER_BIN"); bin != "" {
		return bin
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	bin, err := BuildServer(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	return bin
}

// ackRecord is one 200 answer: when its request left and its answer came,
// what it acknowledged, and the least it had to acknowledge.
type ackRecord struct {
	sent, recv time.Time
	upTo, min  int64
	stored     int
	batch      int
}

// Two server processes on one PostgreSQL receive one office's batches at
// once: every batch goes to both, in a shuffled order, from eight
// concurrent senders; batches overlap their neighbours, are shuffled inside,
// a third of them are first cut off in flight (a lost answer: stored or
// not), and any answer other than 200 is retried (on the other process). Then:
// every event is stored exactly once (and counted as stored by at most one
// answer); each answer's up_to is stored without a gap, at least the
// highest contiguous seq stored before it left extended by its own batch,
// and never below an answer received before it left; the tickets hold each
// ticket's newest snapshot; and the roll-ups equal a rebuild from the raw
// rows. Without the office lock (lockOffice) the roll-ups lose updates.
func TestTwoServers_SameOffice(t *testing.T) {
	const (
		total   = 3000 // events, about two office-days
		size    = 100  // events per batch
		step    = 80   // a batch starts 80 after the one before: 20 overlap
		senders = 4    // per server
	)
	dsn := pgtest.DB(t)
	bin := twoProcBin(t)
	ctx, cancel := context.WithTimeout(context.Background(), 8*time.Minute)
	defer cancel()
	d, err := db.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	office, err := d.CreateOffice(ctx, "Xã hai máy chủ")
	if err != nil {
		t.Fatal(err)
	}
	code, err := d.CreateEnrollCode(ctx, office.ID, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	dev, token, err := d.Enroll(ctx, code, "twoproc-hub", "")
	if err != nil {
		t.Fatal(err)
	}

	var urls []string
	for i := range 2 {
		dir := filepath.Join(t.TempDir(), fmt.Sprint(i))
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		s, err := StartServer(ctx, bin, dsn, dir, "--rate", "1000", "--burst", "1000")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			if err := s.Stop(); err != nil {
				log, _ := os.ReadFile(s.LogPath)
				t.Logf("server %d stop: %v\n%s", i, err, log)
			}
		})
		urls = append(urls, s.URL)
	}

	cfg := Config{Now: time.Now, Model: DefaultModel(), Backlog: total}
	evs := newStream(cfg.Model, 15, 0, dev.ID, startDay(&cfg)).events(1, total)
	rng := rand.New(rand.NewPCG(1, 2))
	var batches [][]wire.Event
	for from := 0; from < total; from += step {
		b := make([]wire.Event, 0, size)
		for _, e := range evs[from:min(from+size, total)] {
			b = append(b, wire.Event{ID: e.ID, Seq: e.Seq, Kind: e.Kind, At: e.At, Body: e.Body})
		}
		rng.Shuffle(len(b), func(i, j int) { b[i], b[j] = b[j], b[i] })
		batches = append(batches, b)
		if from+size >= total {
			break
		}
	}

	post := func(ctx context.Context, url string, b []wire.Event) (wire.Ack, int, error) {
		var buf bytes.Buffer
		zw := gzip.NewWriter(&buf)
		if err := json.NewEncoder(zw).Encode(wire.Batch{Device: dev.ID, Events: b}); err != nil {
			return wire.Ack{}, 0, err
		}
		zw.Close()
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, url+wire.PathEvents, &buf)
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Content-Encoding", "gzip")
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return wire.Ack{}, 0, err
		}
		defer resp.Body.Close()
		var ack wire.Ack
		if resp.StatusCode == http.StatusOK {
			err = json.NewDecoder(resp.Body).Decode(&ack)
		}
		return ack, resp.StatusCode, err
	}

	var (
		mu      sync.Mutex
		acks    []ackRecord
		retries int
		errs    []string
	)
	fail := func(format string, args ...any) {
		mu.Lock()
		errs = append(errs, fmt.Sprintf(format, args...))
		mu.Unlock()
	}
	// send posts batch k to server srv until a 200, checking its answer.
	send := func(k, srv int) {
		b := batches[k]
		for attempt := 0; ; attempt++ {
			before, err := contiguous(ctx, d.SQL(), dev.ID, total)
			if err != nil {
				fail("batch %d: %v", k, err)
				return
			}
			actx, acancel := ctx, context.CancelFunc(func() {})
			if attempt == 0 && k%3 == 1 { // the answer is lost: cut off in flight
				actx, acancel = context.WithTimeout(ctx, time.Duration(1+rand.IntN(30))*time.Millisecond)
			}
			sent := time.Now()
			ack, status, err := post(actx, urls[(srv+attempt)%2], b)
			recv := time.Now()
			acancel()
			if err != nil || status != http.StatusOK {
				if ctx.Err() != nil || attempt > 50 {
					fail("batch %d: attempt %d: status %d, %v", k, attempt, status, err)
					return
				}
				mu.Lock()
				retries++
				mu.Unlock()
				time.Sleep(time.Duration(10+rand.IntN(40)) * time.Millisecond)
				continue
			}
			if ack.Stored+ack.Duplicates != len(b) {
				fail("batch %d: stored %d + duplicates %d, want %d", k, ack.Stored, ack.Duplicates, len(b))
			}
			// Every event up to up_to is stored now: no gap below it.
			var n int64
			if err := d.SQL().QueryRowContext(ctx, "SELECT count(*) FROM events WHERE device_id = $1 AND seq <= $2",
				dev.ID, ack.UpTo).Scan(&n); err != nil {
				fail("batch %d: %v", k, err)
			} else if n != ack.UpTo {
				fail("batch %d: up_to %d but only %d events up to it stored", k, ack.UpTo, n)
			}
			mu.Lock()
			acks = append(acks, ackRecord{sent: sent, recv: recv, upTo: ack.UpTo, min: extend(before, b),
				stored: ack.Stored, batch: k})
			mu.Unlock()
			return
		}
	}

	// The device's first batch here sets where its run starts (ackTx), so
	// it goes first and alone; then every batch to both servers at once.
	send(0, 0)
	type job struct{ k, srv int }
	var jobs []job
	for k := range batches {
		for srv := range 2 {
			if k > 0 || srv == 1 {
				jobs = append(jobs, job{k, srv})
			}
		}
	}
	rng.Shuffle(len(jobs), func(i, j int) { jobs[i], jobs[j] = jobs[j], jobs[i] })
	queue := make(chan job, len(jobs))
	for _, j := range jobs {
		queue <- j
	}
	close(queue)
	var wg sync.WaitGroup
	for range 2 * senders {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range queue {
				send(j.k, j.srv)
			}
		}()
	}
	wg.Wait()
	if len(errs) > 0 {
		t.Fatalf("%d failures, first ones:\n%s", len(errs), strings.Join(errs[:min(len(errs), 10)], "\n"))
	}
	t.Logf("%d batches of %d events, %d answers, %d retried attempts", len(batches), size, len(acks), retries)

	// Exactly once: in the database, and in the answers' stored counts.
	var rows, distinct, lo, hi, acked int64
	if err := d.SQL().QueryRowContext(ctx, "SELECT count(*), count(DISTINCT seq), min(seq), max(seq) FROM events WHERE device_id = $1",
		dev.ID).Scan(&rows, &distinct, &lo, &hi); err != nil {
		t.Fatal(err)
	}
	if rows != total || distinct != total || lo != 1 || hi != total {
		t.Fatalf("events: %d rows, %d distinct seqs in %d..%d; want %d once each (lost %d, duplicated %d)",
			rows, distinct, lo, hi, total, total-distinct, rows-distinct)
	}
	if err := d.SQL().QueryRowContext(ctx, "SELECT acked_seq FROM devices WHERE id = $1", dev.ID).Scan(&acked); err != nil {
		t.Fatal(err)
	}
	if acked != total {
		t.Errorf("devices.acked_seq = %d, want %d", acked, total)
	}
	storedSum := 0
	for _, a := range acks {
		storedSum += a.stored
	}
	if storedSum > total { // a lost answer's events may be stored: ≤, not =
		t.Errorf("the answers counted %d events as stored, more than the %d sent", storedSum, total)
	}

	// up_to: at least what was stored before the batch left plus the batch,
	// and never below an answer that came before the batch left.
	for _, a := range acks {
		if a.upTo < a.min {
			t.Errorf("batch %d: up_to %d, below the %d contiguous with it stored", a.batch, a.upTo, a.min)
		}
		for _, p := range acks {
			if p.recv.Before(a.sent) && a.upTo < p.upTo {
				t.Errorf("batch %d: up_to %d went backwards from %d (batch %d, answered before it was sent)",
					a.batch, a.upTo, p.upTo, p.batch)
			}
		}
	}
	if top := slices.MaxFunc(acks, func(a, b ackRecord) int { return int(a.upTo - b.upTo) }); top.upTo != total {
		t.Errorf("highest up_to %d, want %d", top.upTo, total)
	}

	checkNewestSnapshots(t, ctx, d.SQL(), office.ID, evs)

	// The roll-ups kept by the two processes equal a recount from the rows.
	kept := rollupSnapshot(t, ctx, d.SQL())
	if len(kept) == 0 {
		t.Fatal("no roll-up rows")
	}
	if _, _, err := d.RebuildRollups(ctx); err != nil {
		t.Fatal(err)
	}
	if again := rollupSnapshot(t, ctx, d.SQL()); !slices.Equal(kept, again) {
		for i := range max(len(kept), len(again)) {
			var k, a string
			if i < len(kept) {
				k = kept[i]
			}
			if i < len(again) {
				a = again[i]
			}
			if k != a {
				t.Errorf("roll-ups differ from a rebuild (%d rows kept, %d rebuilt); first difference:\nkept    %s\nrebuilt %s",
					len(kept), len(again), k, a)
				break
			}
		}
	}
}

// contiguous is the highest seq up to which every event of device is
// stored (at most total).
func contiguous(ctx context.Context, s *sql.DB, device string, total int) (int64, error) {
	var c int64
	err := s.QueryRowContext(ctx, `SELECT min(g) - 1 FROM generate_series(1, $2::bigint + 1) g
		WHERE NOT EXISTS (SELECT 1 FROM events WHERE device_id = $1 AND seq = g)`, device, total).Scan(&c)
	return c, err
}

// extend is cur advanced over the seqs of b that follow it without a gap.
func extend(cur int64, b []wire.Event) int64 {
	seqs := make([]int64, 0, len(b))
	for _, e := range b {
		seqs = append(seqs, e.Seq)
	}
	slices.Sort(seqs)
	for _, s := range seqs {
		if s == cur+1 {
			cur = s
		}
	}
	return cur
}

// checkNewestSnapshots checks that every ticket's stored snapshot is the
// one of its event with the highest seq.
func checkNewestSnapshots(t *testing.T, ctx context.Context, s *sql.DB, office string, evs []store.OutboxEvent) {
	t.Helper()
	newest := map[string]int64{}
	for _, e := range evs {
		var ev queue.Event
		if err := json.Unmarshal(e.Body, &ev); err != nil {
			t.Fatal(err)
		}
		if ev.Ticket != nil {
			newest[ev.Ticket.ID] = max(newest[ev.Ticket.ID], e.Seq)
		}
	}
	rows, err := s.QueryContext(ctx, "SELECT ticket_id, version_seq FROM tickets WHERE office_id = $1", office)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var id string
		var seq int64
		if err := rows.Scan(&id, &seq); err != nil {
			t.Fatal(err)
		}
		n++
		if seq != newest[id] {
			t.Errorf("ticket %s holds the snapshot of seq %d, want %d", id, seq, newest[id])
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if n != len(newest) {
		t.Errorf("%d tickets stored, want %d", n, len(newest))
	}
}

// rollupSnapshot is every non-empty roll-up row, day and month, as text,
// sorted.
func rollupSnapshot(t *testing.T, ctx context.Context, s *sql.DB) []string {
	t.Helper()
	var out []string
	for _, q := range []string{
		"SELECT * FROM rollup_days WHERE tickets <> 0 OR stars1 + stars2 + stars3 + stars4 + stars5 <> 0",
		"SELECT * FROM rollup_months WHERE tickets <> 0 OR stars1 + stars2 + stars3 + stars4 + stars5 <> 0",
		"SELECT * FROM rollup_reasons WHERE n <> 0",
		"SELECT * FROM rollup_reason_months WHERE n <> 0",
	} {
		rows, err := s.QueryContext(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			var b strings.Builder
			b.WriteString(strings.Fields(q)[3])
			for i, c := range cols {
				fmt.Fprintf(&b, " %s=%v", c, vals[i])
			}
			out = append(out, b.String())
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
	}
	slices.Sort(out)
	return out
}
