package syncer_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/motcua-kiosk/motcua/kiosk/queue"
	"github.com/motcua-kiosk/motcua/kiosk/store"
	"github.com/motcua-kiosk/motcua/kiosk/syncer"
	"github.com/motcua-kiosk/motcua/kiosk/visits"
	"github.com/motcua-kiosk/motcua/server/app"
	"github.com/motcua-kiosk/motcua/server/db"
	"github.com/motcua-kiosk/motcua/server/web"
)

// TestSyncer_HomeVisitTicketIsRateable: a home visit recorded and done at
// the office reaches the real central server (app over SQLite) as the
// normal ticket events, done, with the officer, under the ref its slip's
// QR carries; the server's ticket page /t/<ref> then offers the rating
// form, so the citizen rates the visit like any served ticket. Before it is
// done the server knows nothing of it.
func TestSyncer_HomeVisitTicketIsRateable(t *testing.T) {
	ctx := context.Background()
	c := newCentral(t)
	// The central server with its public pages, as cmd/server serves it.
	a := app.New(c.d, app.Options{})
	w, err := web.New(c.d, web.Options{})
	if err != nil {
		t.Fatal(err)
	}
	w.Register(a)
	pages := httptest.NewServer(a.Handler())
	defer pages.Close()
	var st *store.Store
	st, err = store.Open(filepath.Join(t.TempDir(), "office.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	cfg := queue.DefaultConfig()
	o := &visits.Office{Store: st, Config: func() queue.Config { return cfg },
		Rules: func() (visits.Rules, error) { return st.VisitRules(ctx) }}
	v, err := o.Record(ctx, visits.Request{ProcedureName: "Chứng thực bản sao từ bản chính", Service: "B",
		Citizen: "Lê Văn Ba", Phone: "0987654321", Area: "Ấp Bình An", Address: "Số 4, hẻm 12", Reason: visits.ReasonElderly})
	if err != nil {
		t.Fatal(err)
	}
	s := syncer.New(st, fastOptions())
	s.Start(ctx)
	defer s.Close()
	if _, err := s.Enroll(ctx, c.srv.URL, c.code(t, "Phường Bình Thạnh")); err != nil {
		t.Fatal(err)
	}
	if n, _ := st.OutboxPending(ctx); n != 0 {
		t.Fatalf("recording a visit put %d events in the outbox; its ticket must wait until it is done", n)
	}
	if _, err := c.d.TicketByRef(ctx, v.Ticket.Ref); !errors.Is(err, db.ErrNotFound) {
		t.Fatalf("the server knows the visit before it is done: %v", err)
	}
	if _, err := o.Done(ctx, v.ID, "cb02"); err != nil {
		t.Fatal(err)
	}
	s.Notify()
	waitSynced(t, st, 30*time.Second)
	row, err := c.d.TicketByRef(ctx, v.Ticket.Ref)
	if err != nil {
		t.Fatal(err)
	}
	if row.Status != queue.StatusDone || row.Officer != "cb02" || row.Number != "TN-001" || row.Service != "B" {
		t.Fatalf("server ticket = %+v", row)
	}
	res, err := http.Get(pages.URL + "/t/" + v.Ticket.Ref)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || !strings.Contains(string(body), `name="stars"`) {
		t.Fatalf("ticket page %d without the rating form:\n%.2000s", res.StatusCode, body)
	}
}
