package admin

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"reflect"
	"sync"
	"testing"

	"github.com/motcua-kiosk/motcua/kiosk/bookings"
	"github.com/motcua-kiosk/motcua/kiosk/syncer"
	"github.com/motcua-kiosk/motcua/kiosk/ui"
	"github.com/motcua-kiosk/motcua/kiosk/wire"
)

// centralRules is a central server that keeps the booking rules each
// hub puts (PUT wire.PathBookingRules) and answers the rest of a sync
// with nothing to do.
type centralRules struct {
	mu   sync.Mutex
	puts []wire.BookingRules
}

func (c *centralRules) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Path {
	case wire.PathEvents:
		var b wire.Batch
		if err := json.NewDecoder(r.Body).Decode(&b); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		ack := wire.Ack{Stored: len(b.Events)}
		for _, e := range b.Events {
			ack.UpTo = max(ack.UpTo, e.Seq)
		}
		json.NewEncoder(w).Encode(ack)
	case wire.PathBookingRules:
		var br wire.BookingRules
		if err := json.NewDecoder(r.Body).Decode(&br); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		c.mu.Lock()
		c.puts = append(c.puts, br)
		c.mu.Unlock()
		w.WriteHeader(http.StatusNoContent)
	case wire.PathBookingPush:
		json.NewEncoder(w).Encode(wire.BookingPushAck{})
	case wire.PathBookingChanges:
		json.NewEncoder(w).Encode(wire.BookingChanges{})
	default:
		http.NotFound(w, r)
	}
}

func (c *centralRules) last(t *testing.T, n int) bookings.Rules {
	t.Helper()
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.puts) != n {
		t.Fatalf("%d rule puts on the server, want %d", len(c.puts), n)
	}
	return c.puts[n-1].Rules
}

// TestMenu_BookingRulesReachTheServer: rules saved on the admin page are
// the ones the syncer puts on the central server at its next flush, and
// only a change is put again.
func TestMenu_BookingRulesReachTheServer(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	central := &centralRules{}
	srv := httptest.NewServer(central)
	defer srv.Close()
	for k, v := range map[string]string{syncer.KeyURL: srv.URL, syncer.KeyToken: "device-token"} {
		if err := r.st.SetMeta(ctx, k, v); err != nil {
			t.Fatal(err)
		}
	}
	sy := syncer.New(r.st, syncer.Options{Bookings: r.st, BookingConfig: r.h.Config})
	if err := sy.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if got := central.last(t, 1); len(got.Services) != 0 {
		t.Fatalf("before any save the server got %+v", got)
	}

	s := screens[0]
	m, w := openRules(t, r, s)
	tap(m.Section("bookings"))
	tap(button(t, w, "A — Đất đai"))
	choose(t, m, "booking.on", "yes")
	enter(t, m, "booking.hours.4", "13:30-16:30")
	enter(t, m, "booking.per_slot", "5")
	tap(m.Form().SaveButton())
	if got := m.Form().Message(); got != (ui.Tr{Lang: s.lang}).L("admin.saved") {
		t.Fatalf("save: %q", got)
	}
	if err := sy.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	got := central.last(t, 2)
	if want := storedRules(t, r); !reflect.DeepEqual(got, want) {
		t.Errorf("the server got %s, the store holds %s", rulesJSON(t, got), rulesJSON(t, want))
	}
	if a, ok := got.Service("A"); !ok || len(a.Slots) != 1 || a.Slots[0].From != "13:30" || a.Slots[0].PerSlot != 5 {
		t.Errorf("A on the server: %+v", a)
	}

	// Nothing changed: nothing put; the share changed: put again.
	if err := sy.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	central.last(t, 2)
	enter(t, m, "booking.share", "40")
	enter(t, m, "booking.per_slot", "4")
	tap(m.Form().SaveButton())
	if err := sy.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if a, _ := central.last(t, 3).Service("A"); a.MaxSharePercent != 40 || a.Slots[0].PerSlot != 4 {
		t.Errorf("after the second save the server has A %+v", a)
	}
}
