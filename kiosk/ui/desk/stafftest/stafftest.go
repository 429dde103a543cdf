// Package stafftest starts a real office hub on loopback for the tests of
// the staff screens (desk, lobby display) and the kiosk command: a SQLite
// store in a temporary folder, hub.Open on it and hub.NewServer served over
// HTTP on 127.0.0.1, with paired devices and officers. Restart closes the
// hub and its server and opens them again on the same store and address,
// as a power cut of the hub PC would.
package stafftest

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/motcua-kiosk/motcua/kiosk/hub"
	"github.com/motcua-kiosk/motcua/kiosk/queue"
	"github.com/motcua-kiosk/motcua/kiosk/store"
)

// OfficerPIN is the PIN of every officer Start creates.
const OfficerPIN = "2468"

// Office is a running hub with its store and devices.
type Office struct {
	URL   string
	Store *store.Store

	tb   testing.TB
	addr string

	mu  sync.Mutex
	hub *hub.Hub
	srv *http.Server
}

// Config is the office Start sets up: services A (Đất đai) and B (Hộ
// tịch – Chứng thực) open every day at all hours, and counters 1..n, odd
// counters serving A, even ones B, counter 1 and 2 serving both.
func Config(counters int) queue.Config {
	cfg := queue.DefaultConfig()
	cfg.Office.Name = "UBND phường Bến Nghé — Bộ phận Một cửa"
	every := []time.Weekday{time.Sunday, time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday}
	cfg.Services = []queue.Service{
		{Code: "A", Name: "Đất đai", NameEN: "Land", Days: every},
		{Code: "B", Name: "Hộ tịch – Chứng thực", NameEN: "Civil status", Days: every},
	}
	cfg.Counters = nil
	for n := 1; n <= counters; n++ {
		svc := []string{"A"}
		switch {
		case n <= 2:
			svc = []string{"A", "B"}
		case n%2 == 0:
			svc = []string{"B"}
		}
		cfg.Counters = append(cfg.Counters, queue.Counter{Number: n, Services: svc})
	}
	cfg.Policy.MaxRecalls = 5
	return cfg
}

// Officer returns the ID of the officer created for counter n: "cb01".
func Officer(n int) string { return fmt.Sprintf("cb%02d", n) }

// Start opens a store in a temporary folder with cfg, an officer per
// counter (Officer(n), PIN OfficerPIN, a Vietnamese name) and serves a hub
// on 127.0.0.1. Everything is closed at the end of the test.
func Start(tb testing.TB, cfg queue.Config) *Office {
	tb.Helper()
	ctx := context.Background()
	st, err := store.Open(filepath.Join(tb.TempDir(), "office.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	if err := st.SaveConfig(ctx, cfg); err != nil {
		tb.Fatal(err)
	}
	names := []string{"Nguyễn Văn An", "Trần Thị Bích", "Lê Hoàng Cường", "Phạm Thu Dung", "Võ Minh Đức"}
	for _, c := range cfg.Counters {
		if err := st.SetOfficer(ctx, Officer(c.Number), names[(c.Number-1)%len(names)], OfficerPIN); err != nil {
			tb.Fatal(err)
		}
	}
	o := &Office{Store: st, tb: tb, addr: "127.0.0.1:0"}
	o.open()
	o.URL = "http://" + o.addr
	tb.Cleanup(o.Close)
	return o
}

func (o *Office) open() {
	o.tb.Helper()
	h, err := hub.Open(context.Background(), hub.Options{Store: o.Store, TickEvery: time.Hour})
	if err != nil {
		o.tb.Fatal(err)
	}
	var ln net.Listener
	for i := 0; ; i++ { // the old socket may linger a moment after a restart
		ln, err = net.Listen("tcp", o.addr)
		if err == nil || i == 50 {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil {
		h.Close()
		o.tb.Fatal(err)
	}
	o.addr = ln.Addr().String()
	srv := hub.NewServer(h, nil)
	go srv.Serve(ln)
	o.mu.Lock()
	o.hub, o.srv = h, srv
	o.mu.Unlock()
}

// Hub returns the hub now running.
func (o *Office) Hub() *hub.Hub {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.hub
}

// Stop closes the HTTP server (cutting every live stream) and the hub.
func (o *Office) Stop() {
	o.mu.Lock()
	h, srv := o.hub, o.srv
	o.hub, o.srv = nil, nil
	o.mu.Unlock()
	if srv != nil {
		srv.Close()
	}
	if h != nil {
		h.Close()
	}
}

// Restart stops the hub and opens it again on the same store and address.
func (o *Office) Restart() {
	o.tb.Helper()
	o.Stop()
	o.open()
}

// Close stops the hub for good.
func (o *Office) Close() { o.Stop() }

// Device pairs a device of role (for counter, 0 for none) and returns its
// token.
func (o *Office) Device(role string, counter int) string {
	o.tb.Helper()
	_, token, err := o.Store.AddDevice(context.Background(), fmt.Sprintf("%s-%d", role, counter), role, counter)
	if err != nil {
		o.tb.Fatal(err)
	}
	return token
}

// Client returns a hub client for a new device of role at counter.
func (o *Office) Client(role string, counter int) *hub.Client {
	return hub.NewClient(o.URL, o.Device(role, counter))
}

// Issue gives n tickets of service through the hub.
func (o *Office) Issue(service string, n int) []queue.Ticket {
	o.tb.Helper()
	var out []queue.Ticket
	for range n {
		is, err := o.Hub().Issue(context.Background(), service, "")
		if err != nil {
			o.tb.Fatal(err)
		}
		out = append(out, is.Ticket)
	}
	return out
}

// SignIn signs the counter's officer in directly on the hub.
func (o *Office) SignIn(counter int) {
	o.tb.Helper()
	if _, err := o.Hub().SignIn(context.Background(), counter, Officer(counter), OfficerPIN); err != nil {
		o.tb.Fatal(err)
	}
}

// WaitEvent reads ch until an event satisfies ok or timeout passes.
func WaitEvent(ch <-chan hub.LiveEvent, timeout time.Duration, ok func(hub.LiveEvent) bool) (hub.LiveEvent, error) {
	t := time.NewTimer(timeout)
	defer t.Stop()
	for {
		select {
		case ev, open := <-ch:
			if !open {
				return hub.LiveEvent{}, errors.New("event stream closed")
			}
			if ok(ev) {
				return ev, nil
			}
		case <-t.C:
			return hub.LiveEvent{}, errors.New("timed out waiting for the event")
		}
	}
}

// Golden compares got with testdata/NAME, the markup golden of a staff
// screen; with update set (the tests' -update flag) it rewrites the file
// first.
func Golden(t *testing.T, update bool, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from the golden; run with -update and review the diff", name)
	}
}
