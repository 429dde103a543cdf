package store

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/motcua-kiosk/motcua/kiosk/queue"
)

var update = flag.Bool("update", false, "rewrite the data directory fixture of the current schema under testdata/")

// The fixture's contents, checked after the upgrade. A data directory of an
// older release holds exactly these, at that release's schema.
const (
	fxDay         = "2026-11-23"
	fxOfficeName  = "UBND xã Tân Châu – Trung tâm Phục vụ hành chính công"
	fxDeviceName  = "Kiosk sảnh chính"
	fxOfficerID   = "cb07"
	fxOfficerName = "Nguyễn Thị Hoa"
	fxOfficerPIN  = "482916"
	fxSyncURL     = "https://motcua.example.gov.vn"
	fxEvents      = 6 // outbox rows written; the first fxSent were acknowledged
	fxSent        = 2
)

func fxTime(h, m int) time.Time { return time.Date(2026, 11, 23, h, m, 0, 0, time.UTC) }

func fxTicket(seq int, status queue.Status) *queue.Ticket {
	n := fmt.Sprintf("A%03d", seq)
	return &queue.Ticket{ID: "20261123-" + n, Day: fxDay, Prefix: "A", Seq: seq, Number: n, Service: "A", Origin: "A",
		Ref: fmt.Sprintf("ref-%d", seq), Status: status, IssuedAt: fxTime(7, seq), ArrivedAt: fxTime(7, seq)}
}

// fxEventsList is the day as the queue engine would have committed it:
// three tickets issued, the first served and rated 4 stars, the second
// called at counter 2, the third still waiting.
func fxEventsList() [][]queue.Event {
	t1, t2, t3 := fxTicket(1, queue.StatusWaiting), fxTicket(2, queue.StatusWaiting), fxTicket(3, queue.StatusWaiting)
	done := *t1
	done.Status, done.Counter, done.Officer, done.Rated = queue.StatusDone, 1, fxOfficerID, true
	called := *t2
	called.Status, called.Counter = queue.StatusCalled, 2
	return [][]queue.Event{
		{{Kind: queue.EventIssued, At: fxTime(7, 1), Ticket: t1}},
		{{Kind: queue.EventIssued, At: fxTime(7, 2), Ticket: t2}},
		{{Kind: queue.EventIssued, At: fxTime(7, 3), Ticket: t3}},
		{{Kind: queue.EventDone, At: fxTime(8, 0), Ticket: &done, Counter: &queue.CounterState{Number: 1, Officer: fxOfficerID}}},
		{{Kind: queue.EventRated, At: fxTime(8, 1), Ticket: &done, Rating: &queue.Rating{TicketID: done.ID, Day: fxDay, Number: done.Number,
			Service: "A", Counter: 1, Officer: fxOfficerID, Stars: 4, Comment: "Cán bộ hướng dẫn tận tình", Source: "counter", At: fxTime(8, 1)}}},
		{{Kind: queue.EventCalled, At: fxTime(8, 2), Ticket: &called, Counter: &queue.CounterState{Number: 2, Current: called.ID}}},
	}
}

// TestUpgrade_GenerateFixture writes testdata/vN/office.db for the current
// schema N (run with -update). Commit the file when a release changes the
// schema: TestUpgrade_OpensOlderDataDirectory then proves that every later
// program opens it with nothing lost.
func TestUpgrade_GenerateFixture(t *testing.T) {
	if !*update {
		t.Skip("run with -update to rewrite the fixture")
	}
	dir := filepath.Join("testdata", fmt.Sprintf("v%d", LatestSchema()))
	s := openTemp(t)
	cfg := queue.DefaultConfig()
	cfg.Office.Name = fxOfficeName
	if err := s.SaveConfig(ctx, cfg); err != nil {
		t.Fatal(err)
	}
	_, token, err := s.AddDevice(ctx, fxDeviceName, RoleDispenser, 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SetOfficer(ctx, fxOfficerID, fxOfficerName, fxOfficerPIN); err != nil {
		t.Fatal(err)
	}
	if err := s.SetMeta(ctx, "sync_url", fxSyncURL); err != nil {
		t.Fatal(err)
	}
	for _, evs := range fxEventsList() {
		if err := s.Commit(ctx, evs); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.MarkSent(ctx, fxSent); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	os.Remove(filepath.Join(dir, "office.db"))
	if err := s.Backup(ctx, filepath.Join(dir, "office.db")); err != nil {
		t.Fatal(err)
	}
	// The token is a test fixture's, not a secret: the test signs in with it.
	if err := os.WriteFile(filepath.Join(dir, "device-token.txt"), []byte(token+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "device-id.txt"), []byte(s.DeviceID()+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("wrote %s at schema %d", dir, LatestSchema())
}

// TestUpgrade_OpensOlderDataDirectory opens every committed fixture (one
// per schema a release shipped) with the current code, after saving it at
// its old schema as the kiosk does, and checks that the queue, the
// ratings, the outbox, devices, officers and settings all survive.
func TestUpgrade_OpensOlderDataDirectory(t *testing.T) {
	fixtures, err := filepath.Glob(filepath.Join("testdata", "v*", "office.db"))
	if err != nil {
		t.Fatal(err)
	}
	if len(fixtures) == 0 {
		t.Fatal("no fixture under testdata/v*/office.db: run go test -run TestUpgrade_GenerateFixture -update")
	}
	for _, fx := range fixtures {
		t.Run(filepath.Base(filepath.Dir(fx)), func(t *testing.T) { checkUpgrade(t, fx) })
	}
}

func checkUpgrade(t *testing.T, fixture string) {
	// Never open the committed file in place: Open migrates and turns WAL on.
	path := filepath.Join(t.TempDir(), "office.db")
	copyFile(t, fixture, path)
	old, err := FileSchema(path)
	if err != nil {
		t.Fatal(err)
	}
	if old < 1 || old > LatestSchema() {
		t.Fatalf("fixture schema %d, program schema %d", old, LatestSchema())
	}
	saved := filepath.Join(t.TempDir(), "pre-upgrade.db")
	if err := BackupFile(ctx, path, saved); err != nil {
		t.Fatal(err)
	}
	if got, err := FileSchema(saved); err != nil || got != old {
		t.Errorf("pre-upgrade copy at schema %d (%v), want %d", got, err, old)
	}

	s, err := Open(path)
	if err != nil {
		t.Fatalf("open a schema-%d data directory: %v", old, err)
	}
	defer s.Close()
	if got, _ := s.SchemaVersion(); got != LatestSchema() {
		t.Errorf("schema after open = %d, want %d", got, LatestSchema())
	}
	if got, want := s.DeviceID(), readLine(t, filepath.Join(filepath.Dir(fixture), "device-id.txt")); got != want {
		t.Errorf("device id = %q, want %q (the server knows the office by it)", got, want)
	}

	tickets, counters, err := s.Load(ctx, fxDay)
	if err != nil {
		t.Fatal(err)
	}
	wantStatus := []queue.Status{queue.StatusDone, queue.StatusCalled, queue.StatusWaiting}
	if len(tickets) != len(wantStatus) {
		t.Fatalf("loaded %d tickets, want %d", len(tickets), len(wantStatus))
	}
	for i, tk := range tickets {
		if got, want := tk.Number, fmt.Sprintf("A%03d", i+1); got != want {
			t.Errorf("ticket %d number = %s, want %s", i, got, want)
		}
		if got, want := tk.Status, wantStatus[i]; got != want {
			t.Errorf("ticket %s status = %s, want %s", tk.Number, got, want)
		}
		if got, want := tk.ArrivedAt, fxTime(7, i+1); !got.Equal(want) {
			t.Errorf("ticket %s arrived %v, want %v (queue order)", tk.Number, got, want)
		}
	}
	if len(counters) != 2 || counters[1].Current != "20261123-A002" || counters[0].Officer != fxOfficerID {
		t.Errorf("counters = %+v", counters)
	}

	ratings, err := s.Ratings(ctx, fxDay)
	if err != nil {
		t.Fatal(err)
	}
	if len(ratings) != 1 {
		t.Fatalf("ratings = %+v", ratings)
	}
	r := ratings[0]
	if r.Stars != 4 || r.Officer != fxOfficerID || r.Counter != 1 || r.Comment != "Cán bộ hướng dẫn tận tình" {
		t.Errorf("rating = %+v", r)
	}

	if got, want := mustPending(t, s), fxEvents-fxSent; got != want {
		t.Errorf("outbox pending = %d, want %d", got, want)
	}
	evs, err := s.Outbox(ctx, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) != fxEvents-fxSent || evs[0].Seq != fxSent+1 || evs[0].ID != fmt.Sprintf("%s:%d", s.DeviceID(), fxSent+1) {
		t.Errorf("unsent outbox = %+v", evs)
	}
	if evs[len(evs)-1].Kind != string(queue.EventCalled) || !strings.Contains(string(evs[2].Body), `"stars":4`) {
		t.Errorf("outbox bodies changed: %s / %s", evs[2].Body, evs[len(evs)-1].Body)
	}

	cfg, err := s.Config(ctx)
	if err != nil || cfg.Office.Name != fxOfficeName {
		t.Errorf("config office = %q, %v", cfg.Office.Name, err)
	}
	if v, err := s.Meta(ctx, "sync_url"); err != nil || v != fxSyncURL {
		t.Errorf("sync_url = %q, %v", v, err)
	}
	dev, err := s.DeviceByToken(ctx, readLine(t, filepath.Join(filepath.Dir(fixture), "device-token.txt")))
	if err != nil || dev.Name != fxDeviceName || dev.Role != RoleDispenser {
		t.Errorf("paired kiosk after upgrade: %+v, %v", dev, err)
	}
	if o, err := s.CheckOfficer(ctx, fxOfficerID, fxOfficerPIN); err != nil || o.Name != fxOfficerName {
		t.Errorf("officer sign-in after upgrade: %+v, %v", o, err)
	}
	if _, err := s.CheckOfficer(ctx, fxOfficerID, "000000"); !errors.Is(err, ErrBadPIN) {
		t.Errorf("wrong PIN after upgrade: err = %v", err)
	}

	// The queue goes on where it stopped: the next ticket commits.
	if err := s.Commit(ctx, []queue.Event{{Kind: queue.EventIssued, At: fxTime(9, 0), Ticket: fxTicket(4, queue.StatusWaiting)}}); err != nil {
		t.Errorf("commit after upgrade: %v", err)
	}
}

func TestStore_Backup(t *testing.T) {
	s := openTemp(t)
	if err := s.Commit(ctx, []queue.Event{issued("20261123-A001", "A001")}); err != nil {
		t.Fatal(err)
	}
	dest := filepath.Join(t.TempDir(), "sub", "copy.db")
	if err := s.Backup(ctx, dest); err != nil {
		t.Fatal(err)
	}
	if err := Check(ctx, dest); err != nil {
		t.Errorf("check of a fresh backup: %v", err)
	}
	if err := s.Backup(ctx, dest); !errors.Is(err, ErrExists) {
		t.Errorf("backup over an existing file: err = %v, want ErrExists", err)
	}
	c, err := Open(dest)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if ts, _ := c.Tickets(ctx, "2026-11-23"); len(ts) != 1 || c.DeviceID() != s.DeviceID() {
		t.Errorf("backup holds %d tickets, device %s (want 1, %s)", len(ts), c.DeviceID(), s.DeviceID())
	}
}

func TestCheck(t *testing.T) {
	dir := t.TempDir()
	junk := filepath.Join(dir, "junk.db")
	os.WriteFile(junk, []byte("this is not a database, just some words that are long enough"), 0o644)
	empty := filepath.Join(dir, "empty.db")
	os.WriteFile(empty, nil, 0o644)
	for _, tc := range []struct{ name, path string }{
		{"missing", filepath.Join(dir, "nope.db")},
		{"junk", junk},
		{"empty", empty},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := Check(ctx, tc.path); err == nil {
				t.Errorf("Check(%s) = nil, want an error", tc.name)
			}
		})
	}
}

func mustPending(t *testing.T, s *Store) int {
	t.Helper()
	n, err := s.OutboxPending(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func readLine(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(string(b))
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	in, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
}
