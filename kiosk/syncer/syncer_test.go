package syncer_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/motcua-kiosk/motcua/kiosk/store"
	"github.com/motcua-kiosk/motcua/kiosk/syncer"
	"github.com/motcua-kiosk/motcua/server/app"
	"github.com/motcua-kiosk/motcua/server/db"
)

// central is an in-process central server (the real app over a real
// SQLite file) for the fast tests; the process-level tests are in
// integration_test.go.
type central struct {
	d   *db.DB
	srv *httptest.Server
}

func newCentral(t *testing.T) *central {
	t.Helper()
	d, err := db.Open(context.Background(), "sqlite:"+filepath.Join(t.TempDir(), "server.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	srv := httptest.NewServer(app.New(d, app.Options{}).Handler())
	t.Cleanup(srv.Close)
	return &central{d: d, srv: srv}
}

func (c *central) code(t *testing.T, name string) string {
	t.Helper()
	ctx := context.Background()
	o, err := c.d.CreateOffice(ctx, name)
	if err != nil {
		t.Fatal(err)
	}
	code, err := c.d.CreateEnrollCode(ctx, o.ID, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	return code
}

func fastOptions() syncer.Options {
	return syncer.Options{MinBackoff: 20 * time.Millisecond, MaxBackoff: 200 * time.Millisecond, RejectBackoff: time.Second}
}

// waitSynced waits until the outbox is empty.
func waitSynced(t testing.TB, st *store.Store, timeout time.Duration) time.Duration {
	t.Helper()
	start := time.Now()
	for {
		n, err := st.OutboxPending(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			return time.Since(start)
		}
		if deadline := start.Add(timeout); time.Now().After(deadline) { // ends a hang
			t.Fatalf("%d events still waiting after %v", n, timeout)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// allEvents reads the hub's whole outbox (sent or not) through the store's
// own API before it is sent: the reference for the comparison.
func pendingEvents(t testing.TB, st *store.Store) []store.OutboxEvent {
	t.Helper()
	evs, err := st.Outbox(context.Background(), 0, 1<<30)
	if err != nil {
		t.Fatal(err)
	}
	return evs
}

// hubEvents reads the hub's whole outbox, sent or not, straight from its
// SQLite file: the reference the server must match event by event.
func hubEvents(t testing.TB, st *store.Store) []store.OutboxEvent {
	t.Helper()
	h, err := sql.Open("sqlite", st.Path()+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	rows, err := h.Query("SELECT seq, kind, at, body FROM outbox ORDER BY seq")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []store.OutboxEvent
	for rows.Next() {
		var e store.OutboxEvent
		var at, body string
		if err := rows.Scan(&e.Seq, &e.Kind, &at, &body); err != nil {
			t.Fatal(err)
		}
		e.ID = fmt.Sprintf("%s:%d", st.DeviceID(), e.Seq)
		e.At, _ = time.Parse(time.RFC3339Nano, at)
		e.Body = []byte(body)
		out = append(out, e)
	}
	return out
}

// compare checks that the server holds exactly the hub's events, event by
// event: same ids, sequence, kind, time and body, nothing more.
func compare(t testing.TB, d *db.DB, device string, want []store.OutboxEvent) {
	t.Helper()
	got, err := d.Events(context.Background(), device, 0, 1<<30)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Fatalf("server has %d events of %s, hub sent %d", len(got), device, len(want))
	}
	for i := range want {
		g, w := got[i], want[i]
		if g.ID != w.ID || g.Seq != w.Seq || g.Kind != w.Kind || g.At.UnixMilli() != w.At.UnixMilli() || g.Body != string(w.Body) {
			t.Fatalf("event %d differs:\nserver %+v\nhub    %+v", i, g, w)
		}
	}
}

func TestSyncer_EnrollAndSync(t *testing.T) {
	ctx := context.Background()
	c := newCentral(t)
	o := newOffice(t, t.TempDir())
	opt := fastOptions()
	opt.Idle = time.Hour // only Enroll and Notify send
	s := syncer.New(o.st, opt)
	o.commits = s.Notify
	st, _ := s.Status(ctx)
	if st.Enrolled || !strings.Contains(st.LastErrorVI, "chưa đăng ký") {
		t.Errorf("before enrollment: %+v", st)
	}
	s.Start(ctx)
	defer s.Close()
	o.serve(t, 40) // offline until enrolled: events wait
	if _, err := s.Enroll(ctx, c.srv.URL, "WRONG-CODE-0000"); !isCode(err, syncer.CodeBadCode) {
		t.Fatalf("bad code: err = %v, want CodeBadCode", err)
	}
	name, err := s.Enroll(ctx, c.srv.URL+"/", c.code(t, "Xã Chi Lăng Bắc"))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := name, "Xã Chi Lăng Bắc"; got != want {
		t.Errorf("office = %q, want %q", got, want)
	}
	want := pendingEvents(t, o.st)
	waitSynced(t, o.st, 10*time.Second)
	compare(t, c.d, o.st.DeviceID(), want)
	// Later events go on Notify: the idle check is an hour away here, so
	// only Notify can have sent them (the wait only ends a hang).
	o.serve(t, 3)
	waitSynced(t, o.st, 60*time.Second)
	// The whole outbox from the file: reading the pending events here would
	// race with the syncer sending them as soon as they were committed.
	all := hubEvents(t, o.st)
	if got, want := len(all), len(want)+1; got < want {
		t.Fatalf("hub outbox holds %d events, want at least %d", got, want)
	}
	compare(t, c.d, o.st.DeviceID(), all)
	st, err = s.Status(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Waiting != 0 || st.LastErrorVI != "" || st.LastSuccess.IsZero() || !st.Enrolled || st.Office != "Xã Chi Lăng Bắc" {
		t.Errorf("status = %+v", st)
	}
	tickets, _ := c.d.Tickets(ctx, db.Filter{})
	if got, want := len(tickets), 43; got != want {
		t.Errorf("server tickets = %d, want %d", got, want)
	}
}

func isCode(err error, c syncer.Code) bool {
	var se *syncer.Error
	return errors.As(err, &se) && se.Code == c
}

func TestSyncer_StatusWhenServerDown(t *testing.T) {
	ctx := context.Background()
	c := newCentral(t)
	dir := t.TempDir()
	o := newOffice(t, dir)
	s := syncer.New(o.st, fastOptions())
	if _, err := s.Enroll(ctx, c.srv.URL, c.code(t, "Xã Lạc Sơn")); err != nil {
		t.Fatal(err)
	}
	url := c.srv.URL
	c.srv.Close()
	o.serve(t, 5)
	err := s.Flush(ctx)
	if !isCode(err, syncer.CodeNetwork) {
		t.Fatalf("Flush with the server down: %v, want CodeNetwork", err)
	}
	st, _ := s.Status(ctx)
	if !strings.Contains(st.LastErrorVI, "Không kết nối được máy chủ") || st.LastErrorEN == "" || st.Waiting == 0 {
		t.Errorf("status = %+v", st)
	}
	// The state survives a restart: a new syncer on a reopened store.
	o.st.Close()
	st2, err := store.Open(filepath.Join(dir, "office.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st2.Close()
	s2 := syncer.New(st2, fastOptions())
	got, _ := s2.Status(ctx)
	if got.LastErrorVI != st.LastErrorVI || got.Server != url || got.Waiting != st.Waiting {
		t.Errorf("after restart status = %+v, want error, server and waiting of %+v", got, st)
	}
}

func TestSyncer_ServerMoved(t *testing.T) {
	ctx := context.Background()
	c := newCentral(t)
	o := newOffice(t, t.TempDir())
	s := syncer.New(o.st, fastOptions())
	o.commits = s.Notify
	if _, err := s.Enroll(ctx, c.srv.URL, c.code(t, "Phường Long Mỹ")); err != nil {
		t.Fatal(err)
	}
	o.serve(t, 5)
	want := pendingEvents(t, o.st)
	if err := s.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	// The same database behind a new address.
	moved := httptest.NewServer(app.New(c.d, app.Options{}).Handler())
	defer moved.Close()
	c.srv.Close()
	s.Start(ctx)
	defer s.Close()
	o.serve(t, 5)
	want = append(want, pendingEvents(t, o.st)...)
	if err := s.SetServer(ctx, moved.URL); err != nil {
		t.Fatal(err)
	}
	waitSynced(t, o.st, 5*time.Second)
	compare(t, c.d, o.st.DeviceID(), want)
}

func TestNormalizeURL(t *testing.T) {
	tests := []struct{ in, want string }{
		{"motcua.tinh.gov.vn", "https://motcua.tinh.gov.vn"},
		{"http://127.0.0.1:8443/", "http://127.0.0.1:8443"},
		{" https://a.vn/sync/ ", "https://a.vn/sync"},
		{"ftp://a.vn", ""},
		{"", ""},
		{"https://a.vn/?x=1", ""},
	}
	for _, tc := range tests {
		got, err := syncer.NormalizeURL(tc.in)
		if tc.want == "" {
			if err == nil {
				t.Errorf("NormalizeURL(%q) = %q, want an error", tc.in, got)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("NormalizeURL(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
}
