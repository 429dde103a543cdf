//go:build integration

package syncer_test

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/motcua-kiosk/motcua/kiosk/hub"
	"github.com/motcua-kiosk/motcua/kiosk/queue"
	"github.com/motcua-kiosk/motcua/kiosk/store"
	"github.com/motcua-kiosk/motcua/kiosk/syncer"
	"github.com/motcua-kiosk/motcua/server/db"
)

var (
	kioskOnce sync.Once
	kioskPath string
	kioskErr  error
)

// kioskBinary builds the real cmd/kiosk (Fyne through cgo) once per test
// binary.
func kioskBinary(t testing.TB) string {
	t.Helper()
	if bin := os.Getenv("KIOSK_BIN"); bin != "" { // make test builds it once
		return bin
	}
	kioskOnce.Do(func() {
		kioskPath = filepath.Join(binDir, "kiosk")
		out, err := exec.Command("go", "build", "-o", kioskPath, "github.com/motcua-kiosk/motcua/cmd/kiosk").CombinedOutput()
		if err != nil {
			kioskErr = fmt.Errorf("go build cmd/kiosk: %v: %s", err, out)
		}
	})
	if kioskErr != nil {
		t.Fatal(kioskErr)
	}
	return kioskPath
}

// hubProc is a running `kiosk hub` process: the office hub with its own
// syncer, as in an office.
type hubProc struct {
	cmd  *exec.Cmd
	addr string
	log  *bytes.Buffer
}

func startHub(t testing.TB, dir, addr string) *hubProc {
	t.Helper()
	cmd := exec.Command(kioskBinary(t), "hub", "--data", dir, "--listen", addr, "--log-level", "warn")
	h := &hubProc{cmd: cmd, addr: addr, log: &bytes.Buffer{}}
	cmd.Stdout = &lockedWriter{w: h.log}
	cmd.Stderr = cmd.Stdout
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(h.kill)
	deadline := time.Now().Add(20 * time.Second)
	for {
		resp, err := http.Get("http://" + addr + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return h
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("hub did not become healthy: %v\n%s", err, h.log)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func (h *hubProc) url() string { return "http://" + h.addr }

// sigkill kills the hub as a power cut would.
func (h *hubProc) sigkill() {
	h.cmd.Process.Signal(syscall.SIGKILL)
	h.cmd.Wait()
}

func (h *hubProc) stop(t testing.TB) {
	t.Helper()
	h.cmd.Process.Signal(syscall.SIGTERM)
	if err := h.cmd.Wait(); err != nil {
		t.Errorf("hub exit: %v\n%s", err, h.log)
	}
}

func (h *hubProc) kill() {
	if h.cmd.ProcessState == nil {
		h.sigkill()
	}
}

// desk is the office's devices as the hub knows them: tokens made with
// store.AddDevice before the hub starts.
type desk struct {
	kiosk   *hub.Client
	desks   map[int]*hub.Client // by counter
	tablets map[int]*hub.Client // rating tablets, by counter

	mu     sync.Mutex
	issued map[string]bool // tickets the hub acknowledged
	rated  map[string]int  // stars of the ratings the hub acknowledged
	n      int
}

var officers = map[int]string{1: "cb01", 2: "cb02", 3: "cb03"}

// setUpOffice writes the office store the hub process will open: config
// open all day every day, officers, devices, and the central server's
// credential (Enroll with a code from `server enroll`).
func setUpOffice(t *testing.T, dir string, p *proc, dsn string) (tokens map[string]string, device string) {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(filepath.Join(dir, "office.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	cfg := queue.DefaultConfig()
	for i := range cfg.Services {
		cfg.Services[i].Windows, cfg.Services[i].Days, cfg.Services[i].DailyCap = nil, []time.Weekday{0, 1, 2, 3, 4, 5, 6}, 0
	}
	if err := st.SaveConfig(ctx, cfg); err != nil {
		t.Fatal(err)
	}
	names := map[string]string{"cb01": "Nguyễn Văn An", "cb02": "Trần Thị Bình", "cb03": "Lê Hoàng Cường"}
	for id, name := range names {
		if err := st.SetOfficer(ctx, id, name, "2468"); err != nil {
			t.Fatal(err)
		}
	}
	tokens = map[string]string{}
	add := func(key, role string, counter int) {
		if _, tok, err := st.AddDevice(ctx, key, role, counter); err != nil {
			t.Fatal(err)
		} else {
			tokens[key] = tok
		}
	}
	add("kiosk", store.RoleDispenser, 0)
	for c := range officers {
		add(fmt.Sprint("desk", c), store.RoleDesk, c)
		add(fmt.Sprint("tablet", c), store.RoleRating, c)
	}
	if _, err := syncer.New(st, syncer.Options{}).Enroll(ctx, p.url(), enrollCode(t, dsn, "UBND xã Lạc Sơn")); err != nil {
		t.Fatal(err)
	}
	return tokens, st.DeviceID()
}

func newDesk(base string, tokens map[string]string) *desk {
	d := &desk{kiosk: hub.NewClient(base, tokens["kiosk"]), desks: map[int]*hub.Client{}, tablets: map[int]*hub.Client{},
		issued: map[string]bool{}, rated: map[string]int{}}
	for c := range officers {
		d.desks[c] = hub.NewClient(base, tokens[fmt.Sprint("desk", c)])
		d.tablets[c] = hub.NewClient(base, tokens[fmt.Sprint("tablet", c)])
	}
	return d
}

// signIn signs every officer in at their counter.
func (d *desk) signIn(ctx context.Context) error {
	for c, id := range officers {
		if _, err := d.desks[c].SignIn(ctx, c, id, "2468"); err != nil {
			return fmt.Errorf("sign in %s at %d: %w", id, c, err)
		}
	}
	return nil
}

// issue gives n tickets from the kiosk.
func (d *desk) issue(ctx context.Context, n int) error {
	for range n {
		d.mu.Lock()
		d.n++
		svc := []string{"A", "B", "C", "D"}[d.n%4]
		d.mu.Unlock()
		out, err := d.kiosk.Issue(ctx, svc, "")
		if err != nil {
			return fmt.Errorf("issue %s: %w", svc, err)
		}
		d.mu.Lock()
		d.issued[out.Ticket.ID] = true
		d.mu.Unlock()
	}
	return nil
}

// serve calls every waiting ticket at each counter: one in seven is a
// no-show, the others are served and four in five of them rated at the
// counter's tablet. A ticket left current by a killed hub is finished.
func (d *desk) serve(ctx context.Context) error {
	for c := range officers {
		for {
			tk, err := d.desks[c].CallNext(ctx, c)
			switch {
			case errors.Is(err, queue.ErrNoneWaiting):
			case errors.Is(err, queue.ErrCounterBusy):
				if err := d.finish(ctx, c, rand.IntN(7)); err != nil {
					return err
				}
				continue
			case err != nil:
				return fmt.Errorf("call next at %d: %w", c, err)
			default:
				if err := d.finish(ctx, c, tk.Seq); err != nil {
					return err
				}
				continue
			}
			break
		}
	}
	return nil
}

func (d *desk) finish(ctx context.Context, c, k int) error {
	if k%7 == 0 {
		if _, err := d.desks[c].Skip(ctx, c); err != nil && !errors.Is(err, queue.ErrBadTransition) {
			return fmt.Errorf("skip at %d: %w", c, err)
		} else if err == nil {
			return nil
		}
	}
	if _, err := d.desks[c].Start(ctx, c); err != nil && !errors.Is(err, queue.ErrBadTransition) {
		return fmt.Errorf("start at %d: %w", c, err)
	}
	tk, err := d.desks[c].Complete(ctx, c)
	if err != nil {
		return fmt.Errorf("complete at %d: %w", c, err)
	}
	if k%5 == 0 {
		return nil
	}
	stars := 1 + k%5
	var reasons []string
	if stars <= 3 {
		reasons = []string{queue.ReasonLongWait, queue.ReasonUnclear}
	}
	r, err := d.tablets[c].Rate(ctx, hub.RateRequest{Ticket: tk.ID, Stars: stars, Reasons: reasons, Comment: "Cán bộ hướng dẫn tận tình"})
	if err != nil {
		return fmt.Errorf("rate %s: %w", tk.ID, err)
	}
	d.mu.Lock()
	d.rated[r.TicketID] = r.Stars
	d.mu.Unlock()
	return nil
}

// work issues n tickets and serves them.
func (d *desk) work(t *testing.T, n int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if err := d.issue(ctx, n); err != nil {
		t.Fatal(err)
	}
	if err := d.serve(ctx); err != nil {
		t.Fatal(err)
	}
}

// outboxPending counts the hub's unsent events from its database file
// while the hub process runs.
func outboxPending(t testing.TB, path string) int {
	t.Helper()
	h, err := sql.Open("sqlite", path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	var n int
	if err := h.QueryRow("SELECT count(*) FROM outbox WHERE sent_at IS NULL").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func waitOutboxEmpty(t testing.TB, path string, timeout time.Duration) time.Duration {
	t.Helper()
	start := time.Now()
	for {
		n := outboxPending(t, path)
		if n == 0 {
			return time.Since(start)
		}
		if deadline := start.Add(timeout); time.Now().After(deadline) { // ends a hang
			t.Fatalf("%d events still waiting in the hub after %v", n, timeout)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestSync_RealHubProcess runs the real `kiosk hub` process (which syncs
// by itself) against the real `server` process: work online, cut the link
// (stop the server), work offline and SIGKILL the hub in the middle of it,
// bring the server back and SIGKILL the hub again while it catches up.
// Then both sides must match event by event, ticket by ticket and rating by
// rating, and every ticket and rating the hub acknowledged must be there.
func TestSync_RealHubProcess(t *testing.T) {
	dsn := "sqlite:" + filepath.Join(t.TempDir(), "server.db")
	kioskBinary(t) // build before the clocks start
	p := startServer(t, dsn, "")
	dir := t.TempDir()
	path := filepath.Join(dir, "office.db")
	tokens, device := setUpOffice(t, dir, p, dsn)

	h := startHub(t, dir, freeAddr(t))
	d := newDesk(h.url(), tokens)
	if err := d.signIn(context.Background()); err != nil {
		t.Fatal(err)
	}
	d.work(t, 20)
	waitOutboxEmpty(t, path, 20*time.Second)

	p.stop(t) // the link is cut
	d.work(t, 40)
	if n := outboxPending(t, path); n == 0 {
		t.Fatal("no events waiting with the server stopped")
	}
	killMidWork(t, h, d)
	h = startHub(t, dir, h.addr)
	if err := d.signIn(context.Background()); err != nil {
		t.Fatal(err)
	}
	d.work(t, 40)
	offline := outboxPending(t, path)

	p = startServer(t, dsn, p.addr) // the link is back
	deadline := time.Now().Add(10 * time.Second)
	for outboxPending(t, path) == offline && time.Now().Before(deadline) {
		time.Sleep(2 * time.Millisecond)
	}
	left := outboxPending(t, path)
	h.sigkill() // while it catches up: the batch in flight may be stored but not marked sent
	t.Logf("%d events waited offline; hub killed with %d left to send", offline, left)
	for kills := 1; kills < 6 && left > 0; kills++ {
		h = startHub(t, dir, h.addr)
		time.Sleep(time.Duration(rand.IntN(40)) * time.Millisecond)
		h.sigkill()
		left = outboxPending(t, path)
		t.Logf("restarted and killed again: %d left to send", left)
	}
	h = startHub(t, dir, h.addr)
	took := waitOutboxEmpty(t, path, 30*time.Second)
	t.Logf("caught up %v after the restarted hub answered", took)

	d.work(t, 5) // and online again
	waitOutboxEmpty(t, path, 20*time.Second)
	h.stop(t)
	t.Logf("server since it came back: %s", ingestCounts(t, p))

	st, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if got, want := st.DeviceID(), device; got != want {
		t.Fatalf("hub device = %q, want %q", got, want)
	}
	sdb := openServerDB(t, dsn)
	all := hubEvents(t, st)
	compare(t, sdb, device, all)
	compareTickets(t, sdb, st)
	compareRatings(t, sdb, st)
	checkAcknowledged(t, sdb, d)
	t.Logf("%d events, %d tickets, %d ratings acknowledged by the hub, all at the server exactly once",
		len(all), len(d.issued), len(d.rated))
}

// killMidWork SIGKILLs the hub while the kiosk issues and the desks serve.
func killMidWork(t *testing.T, h *hubProc, d *desk) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Go(func() {
		for ctx.Err() == nil && d.issue(ctx, 1) == nil {
		}
	})
	wg.Go(func() {
		for ctx.Err() == nil && d.serve(ctx) == nil {
		}
	})
	time.Sleep(time.Duration(150+rand.IntN(250)) * time.Millisecond)
	h.sigkill()
	cancel()
	wg.Wait()
}

// ingestCounts reads the server's stored and duplicate event counters
// (a duplicate is a batch resent after the hub died before marking it).
func ingestCounts(t testing.TB, p *proc) string {
	t.Helper()
	resp, err := http.Get(p.url() + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	var out []string
	for _, line := range strings.Split(string(body), "\n") {
		if strings.HasPrefix(line, "motcua_ingest_events_total{") {
			out = append(out, line)
		}
	}
	return strings.Join(out, ", ")
}

// compareRatings checks the server's ratings against the hub's, one by one.
func compareRatings(t testing.TB, d *db.DB, st *store.Store) {
	t.Helper()
	ctx := context.Background()
	rows, err := d.Ratings(ctx, db.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	server := map[string]db.RatingRow{}
	dayset := map[string]bool{}
	for _, r := range rows {
		server[r.TicketID] = r
		dayset[r.Day] = true
	}
	n := 0
	for day := range dayset {
		hub, err := st.Ratings(ctx, day)
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range hub {
			n++
			s, ok := server[h.TicketID]
			if !ok {
				t.Fatalf("rating of %s missing at the server", h.TicketID)
			}
			if s.Stars != h.Stars || s.Source != h.Source || s.Officer != h.Officer || s.Counter != h.Counter ||
				!slices.Equal(s.Reasons, h.Reasons) || s.Comment != h.Comment || s.At.UnixMilli() != h.At.UnixMilli() {
				t.Fatalf("rating of %s: server %+v, hub %+v", h.TicketID, s.Rating, h)
			}
		}
	}
	if n != len(rows) {
		t.Fatalf("hub has %d ratings, server %d", n, len(rows))
	}
}

// checkAcknowledged checks that every ticket and rating a device got an
// answer for reached the server.
func checkAcknowledged(t testing.TB, d *db.DB, dk *desk) {
	t.Helper()
	ctx := context.Background()
	tickets, err := d.Tickets(ctx, db.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	have := map[string]bool{}
	for _, tk := range tickets {
		have[tk.ID] = true
	}
	for id := range dk.issued {
		if !have[id] {
			t.Errorf("acknowledged ticket %s is not at the server", id)
		}
	}
	ratings, err := d.Ratings(ctx, db.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	stars := map[string]int{}
	for _, r := range ratings {
		stars[r.TicketID] = r.Stars
	}
	for id, s := range dk.rated {
		if got, ok := stars[id]; !ok || got != s {
			t.Errorf("acknowledged rating of %s (%d stars) is at the server as %d (present %v)", id, s, got, ok)
		}
	}
	if len(dk.issued) < 100 || len(dk.rated) < 30 {
		t.Fatalf("only %d tickets and %d ratings acknowledged: the test did not exercise the office", len(dk.issued), len(dk.rated))
	}
}
