package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/motcua-kiosk/motcua/kiosk/queue"
	"github.com/motcua-kiosk/motcua/server/app"
	"github.com/motcua-kiosk/motcua/server/db"
	"github.com/motcua-kiosk/motcua/server/web"
)

// line is one office's queue of today as its hub syncs it: n walk-in
// tickets of service A waiting, issued a minute apart, sent to the server
// through the same ingest path the hub's syncer reaches.
type line struct {
	d       *db.DB
	dev     db.Device
	clock   *clock
	srv     *httptest.Server
	seq     int64
	tickets []queue.Ticket
}

func newLine(t *testing.T, n int) *line {
	t.Helper()
	ctx := context.Background()
	d := openSQLite(t)
	clk := &clock{t: lastDay.Add(8 * time.Hour)}
	d.SetClock(clk.Now)
	o, err := d.CreateOffice(ctx, "Trung tâm Phục vụ hành chính công xã Tân Hòa")
	if err != nil {
		t.Fatal(err)
	}
	code, err := d.CreateEnrollCode(ctx, o.ID, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	dev, _, err := d.Enroll(ctx, code, "hub-live", "Hub")
	if err != nil {
		t.Fatal(err)
	}
	if err := d.SetNames(ctx, o.ID, db.ServiceNames, map[string]string{"A": "Chứng thực"}); err != nil {
		t.Fatal(err)
	}
	quiet := slog.New(slog.DiscardHandler)
	w, err := web.New(d, web.Options{Now: clk.Now, Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	a := app.New(d, app.Options{Logger: quiet})
	w.Register(a)
	srv := httptest.NewServer(a.Handler())
	t.Cleanup(srv.Close)
	l := &line{d: d, dev: dev, clock: clk, srv: srv}
	start := clk.Now().Add(-time.Duration(n) * time.Minute)
	for i := range n {
		at := start.Add(time.Duration(i) * time.Minute)
		tk := queue.Ticket{ID: fmt.Sprintf("20261123-A%03d", i+1), Day: "2026-11-23", Prefix: "A", Seq: i + 1,
			Number: fmt.Sprintf("A%03d", i+1), Service: "A", Origin: "A", Ref: fmt.Sprintf("liveref%09d", i+1),
			Status: queue.StatusWaiting, IssuedAt: at, ArrivedAt: at}
		l.tickets = append(l.tickets, tk)
		l.emit(t, queue.EventIssued, i, at)
	}
	return l
}

// emit sends ticket i's snapshot as an event of kind at time at.
func (l *line) emit(t *testing.T, kind queue.EventKind, i int, at time.Time) {
	t.Helper()
	l.seq++
	snap := l.tickets[i]
	body, _ := json.Marshal(queue.Event{Kind: kind, At: at, Ticket: &snap})
	ev := db.Event{ID: fmt.Sprintf("%s:%d", l.dev.ID, l.seq), Device: l.dev.ID, Seq: l.seq, Kind: string(kind), At: at, Body: body, Ticket: &snap}
	if _, err := l.d.IngestBatch(context.Background(), l.dev, []db.Event{ev}); err != nil {
		t.Fatal(err)
	}
}

// call calls ticket i to counter 2, a minute later on the clock.
func (l *line) call(t *testing.T, i int) {
	t.Helper()
	l.clock.Add(time.Minute)
	now := l.clock.Now()
	tk := &l.tickets[i]
	tk.Status, tk.Counter, tk.CalledAt = queue.StatusCalled, 2, &now
	l.emit(t, queue.EventCalled, i, now)
}

type live struct {
	Status     string `json:"status"`
	StatusText string `json:"status_text"`
	Active     bool   `json:"active"`
	Waiting    bool   `json:"waiting"`
	Ahead      int    `json:"ahead"`
	AheadText  string `json:"ahead_text"`
	Near       bool   `json:"near"`
	AsOf       string `json:"as_of"`
	Stale      bool   `json:"stale"`
}

func (l *line) live(t *testing.T, i int, query string) live {
	t.Helper()
	r := do(t, l.srv.Client(), "GET", l.srv.URL+"/t/"+l.tickets[i].Ref+"/live"+query, nil)
	if r.code != 200 {
		t.Fatalf("GET live = %d: %s", r.code, r.body)
	}
	var v live
	if err := json.Unmarshal([]byte(r.body), &v); err != nil {
		t.Fatalf("live JSON %s: %v", r.body, err)
	}
	return v
}

func TestTicketLive_Position(t *testing.T) {
	l := newLine(t, 6)
	last := 5 // A006: five ahead
	v := l.live(t, last, "")
	if v.Ahead != 5 || v.AheadText != "Trước ông/bà còn 5 người" || v.Near || !v.Waiting || v.Stale {
		t.Errorf("with 5 ahead: %+v", v)
	}
	if !strings.HasPrefix(v.AsOf, "Theo lần đồng bộ gần nhất lúc 08:00 23/11/2026") {
		t.Errorf("as of %q, want the office's last sync in its own time", v.AsOf)
	}
	l.call(t, 0)
	l.call(t, 1)
	if v = l.live(t, last, ""); v.Ahead != 3 || !v.Near {
		t.Errorf("after two calls: %+v, want 3 ahead and near", v)
	}
	if v = l.live(t, last, "?lang=en"); v.AheadText != "3 people ahead of you" {
		t.Errorf("English: %q", v.AheadText)
	}
	for i := 2; i < 4; i++ {
		l.call(t, i)
	}
	if v = l.live(t, last, ""); v.AheadText != "Trước ông/bà còn 1 người" {
		t.Errorf("one ahead: %q", v.AheadText)
	}
	l.call(t, 4)
	if v = l.live(t, last, ""); v.Ahead != 0 || v.AheadText != "Ông/bà là người kế tiếp" {
		t.Errorf("next: %+v", v)
	}
	l.call(t, last)
	if v = l.live(t, last, ""); v.Waiting || v.StatusText != "Mời đến quầy số 2" || !v.Near {
		t.Errorf("called: %+v", v)
	}
	// The office goes quiet: after staleAfter the page says so.
	l.clock.Add(5 * time.Minute)
	if v = l.live(t, last, ""); !v.Stale {
		t.Errorf("5 minutes without news: %+v, want stale", v)
	}
}

// A booked ticket waits from its slot, not its check-in: one checked in
// early for a later slot is behind the walk-ins who arrived before the slot.
func TestTicketLive_BookedOrder(t *testing.T) {
	l := newLine(t, 4)                                   // A001..A004 issued at 07:56..07:59
	slot := l.tickets[3].IssuedAt.Add(-90 * time.Second) // between A002 and A003
	l.tickets[3].WaitFrom = &slot
	l.emit(t, queue.EventIssued, 3, l.clock.Now())
	if v := l.live(t, 3, ""); v.Ahead != 2 {
		t.Errorf("booked ticket has %d ahead, want 2 (A001, A002)", v.Ahead)
	}
	if v := l.live(t, 2, ""); v.Ahead != 3 {
		t.Errorf("A003 has %d ahead, want 3 (A001, A002 and the booking)", v.Ahead)
	}
}

func TestTicketLive_Page(t *testing.T) {
	l := newLine(t, 6)
	r := do(t, l.srv.Client(), "GET", l.srv.URL+"/t/"+l.tickets[5].Ref, nil)
	for _, want := range []string{`<script src="/static/ticket-live.js" defer></script>`, `<noscript><meta http-equiv="refresh"`,
		`id="ahead"`, "Trước ông/bà còn 5 người", "Báo khi sắp đến lượt", `data-ref="liveref000000006"`} {
		if !strings.Contains(r.body, want) {
			t.Errorf("ticket page lacks %q", want)
		}
	}
	if csp := r.header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") || !strings.Contains(csp, "connect-src 'self'") ||
		strings.Contains(csp, "unsafe-eval") || strings.Contains(csp, "script-src 'unsafe-inline'") {
		t.Errorf("CSP %q", csp)
	}
	js := do(t, l.srv.Client(), "GET", l.srv.URL+"/static/ticket-live.js", nil)
	if js.code != 200 || !strings.Contains(js.body, "navigator.vibrate") || !strings.HasPrefix(js.header.Get("Content-Type"), "text/javascript") {
		t.Errorf("script: %d %q", js.code, js.header.Get("Content-Type"))
	}
	// Other pages keep the no-script policy.
	if csp := do(t, l.srv.Client(), "GET", l.srv.URL+"/login", nil).header.Get("Content-Security-Policy"); strings.Contains(csp, "script-src") {
		t.Errorf("login page CSP allows script: %q", csp)
	}
}
