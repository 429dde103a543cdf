package dispenser

import (
	"context"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/motcua-kiosk/motcua/devices"
	"github.com/motcua-kiosk/motcua/kiosk/hub"
	"github.com/motcua-kiosk/motcua/kiosk/hub/hubtest"
	"github.com/motcua-kiosk/motcua/kiosk/settings"
	"github.com/motcua-kiosk/motcua/kiosk/store"
	"github.com/motcua-kiosk/motcua/kiosk/ui"
)

// TestDispenser_IssueRetriedAfterCutConnection: a dispenser on the LAN
// (not the one embedding the hub) taps a service; the connection is cut
// after the hub has issued the ticket. The client's retry with the same
// Idempotency-Key gets that ticket, the dispenser shows and prints it
// once, and the hub holds one ticket, not two.
func TestDispenser_IssueRetriedAfterCutConnection(t *testing.T) {
	test.NewTempApp(t)
	ctx := context.Background()
	st, err := store.Open(filepath.Join(t.TempDir(), "office.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if err := st.SaveConfig(ctx, openConfig(0)); err != nil {
		t.Fatal(err)
	}
	h, err := hub.Open(ctx, hub.Options{Store: st, Now: func() time.Time { return fixedNow }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { h.Close() })
	srv := httptest.NewServer(hub.Handler(h))
	t.Cleanup(srv.Close)
	_, token, err := st.AddDevice(ctx, "Máy lấy số 2", store.RoleDispenser, 0)
	if err != nil {
		t.Fatal(err)
	}
	p := hubtest.NewCuttingProxy(t, srv.URL, hub.IdempotencyHeader)
	client := hub.NewClient(p.URL(), token)
	printer := &devices.FakePrinter{}
	var d *Dispenser
	ui.Locked(func() {
		d = New(Options{API: client, Printer: printer, Config: h.Config, Settings: settings.Defaults,
			Now: func() time.Time { return fixedNow }})
		d.Refresh(ctx)
		w := test.NewWindow(d.Content())
		w.SetPadded(false)
		w.Resize(portrait)
	})
	tap(d.ServiceButton("A"))
	waitFor(t, "printed", func() bool { return d.PrintState() == "printed" })
	var is hub.Issued
	ui.Locked(func() { is = d.Issued() })
	if is.Ticket.Number != "A001" {
		t.Errorf("shown %q, want A001", is.Ticket.Number)
	}
	if got := printer.Printed(); len(got) != 1 || got[0].Number != "A001" {
		t.Errorf("printed %+v, want A001 once", got)
	}
	if got := p.Cut(); len(got) != 1 || got[0] != "POST /api/v1/tickets" {
		t.Errorf("cut %v, want the one issue", got)
	}
	state, err := h.State(ctx)
	if err != nil {
		t.Fatal(err)
	}
	ts, err := st.Tickets(ctx, state.Day)
	if err != nil {
		t.Fatal(err)
	}
	if len(ts) != 1 {
		t.Errorf("the hub holds %d tickets after one tap, want 1", len(ts))
	}
}
