package syncer_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/motcua-kiosk/motcua/kiosk/bookings"
	"github.com/motcua-kiosk/motcua/kiosk/hub"
	"github.com/motcua-kiosk/motcua/kiosk/queue"
	"github.com/motcua-kiosk/motcua/kiosk/store"
	"github.com/motcua-kiosk/motcua/kiosk/syncer"
	"github.com/motcua-kiosk/motcua/server/app"
	sb "github.com/motcua-kiosk/motcua/server/bookings"
	"github.com/motcua-kiosk/motcua/server/db"
)

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) set(t time.Time) { c.mu.Lock(); c.t = t; c.mu.Unlock() }

// bookingWorld is a real central server app on SQLite behind an httptest
// server that can be cut, and an office hub (store, hub, syncer) enrolled
// with it, whose service A books Tuesdays 08:00-10:00 in 30-minute slots
// of places citizens.
type bookingWorld struct {
	d      *db.DB
	app    *app.App
	srv    *httptest.Server
	down   atomic.Bool
	office string
	st     *store.Store
	hub    *hub.Hub
	sync   *syncer.Syncer
	clock  *clock
	rules  bookings.Rules
}

var (
	bLoc  = queue.Zone("")
	bNow  = time.Date(2026, 12, 7, 14, 0, 0, 0, bLoc) // Monday
	bSlot = time.Date(2026, 12, 8, 9, 0, 0, 0, bLoc)  // Tuesday 09:00
)

func newBookingWorld(t *testing.T, places int) *bookingWorld {
	t.Helper()
	ctx := context.Background()
	w := &bookingWorld{clock: &clock{t: bNow}}
	var err error
	if w.d, err = db.Open(ctx, "sqlite:"+filepath.Join(t.TempDir(), "server.db")); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.d.Close() })
	w.app = app.New(w.d, app.Options{Bookings: sb.Options{Now: w.clock.now}})
	h := w.app.Handler()
	w.srv = httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if w.down.Load() { // the office's link is cut: the connection drops
			if hj, ok := rw.(http.Hijacker); ok {
				if c, _, err := hj.Hijack(); err == nil {
					c.Close()
					return
				}
			}
		}
		h.ServeHTTP(rw, r)
	}))
	t.Cleanup(w.srv.Close)
	off, err := w.d.CreateOffice(ctx, "Phường Tân Châu")
	if err != nil {
		t.Fatal(err)
	}
	w.office = off.ID
	code, err := w.d.CreateEnrollCode(ctx, off.ID, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if w.st, err = store.Open(filepath.Join(t.TempDir(), "office.db")); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.st.Close() })
	cfg, err := w.st.Config(ctx)
	if err != nil {
		t.Fatal(err)
	}
	w.rules = bookings.DefaultRules()
	w.rules.Services = []bookings.ServiceRules{{Service: "A", Slots: []bookings.SlotRule{
		{Days: []time.Weekday{time.Tuesday}, From: "08:00", To: "10:00", Minutes: 30, PerSlot: places}}}}
	if err := w.st.SaveBookingRules(ctx, w.rules, cfg); err != nil {
		t.Fatal(err)
	}
	if w.hub, err = hub.Open(ctx, hub.Options{Store: w.st, Now: w.clock.now, TickEvery: time.Hour}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.hub.Close() })
	opt := fastOptions()
	opt.Idle = time.Hour // only Flush syncs here
	opt.Bookings, opt.BookingConfig = w.st, w.hub.Config
	w.sync = syncer.New(w.st, opt)
	if _, err := w.sync.Enroll(ctx, w.srv.URL, code); err != nil {
		t.Fatal(err)
	}
	w.flush(t)
	return w
}

func (w *bookingWorld) flush(t *testing.T) {
	t.Helper()
	if err := w.sync.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// hubDesk is the officer's desk at the hub (the `kiosk bookings` CLI's).
func (w *bookingWorld) hubDesk(t *testing.T) *bookings.Desk {
	t.Helper()
	d, err := bookings.NewDesk(w.st, w.hub.Config(), w.rules, w.clock.now)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func (w *bookingWorld) hubBookings(t *testing.T) []bookings.Booking {
	t.Helper()
	bs, err := w.st.BookingsOn(context.Background(), "2026-12-08")
	if err != nil {
		t.Fatal(err)
	}
	return bs
}

func (w *bookingWorld) serverPhones(t *testing.T) int {
	t.Helper()
	var n int
	if err := w.d.SQL().QueryRow("SELECT count(*) FROM bookings WHERE phone IS NOT NULL").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// A citizen books on the central server; the hub's syncer pulls the
// booking (once, however often it pulls); the citizen scans the booking's
// QR at the kiosk and gets a booked ticket; the check-in reaches the
// server, which erases the phone number as the hub did.
func TestSyncer_PhoneBookingToCheckIn(t *testing.T) {
	ctx := context.Background()
	w := newBookingWorld(t, 2)
	if _, err := w.app.Bookings.Office(ctx, w.office); err != nil {
		t.Fatalf("the hub's rules did not reach the server: %v", err)
	}
	b, err := w.app.Bookings.Book(ctx, w.office, "A", bSlot, "0912 345 678")
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		w.flush(t)
	}
	got := w.hubBookings(t)
	if len(got) != 1 || got[0].Code != b.Code || got[0].Phone != "0912345678" || !got[0].Open() {
		t.Fatalf("the hub holds %+v, want the phone booking once, open, with its number", got)
	}
	if ch, _ := w.st.BookingChanges(ctx, 0, 10); len(ch) != 0 {
		t.Errorf("the pulled booking is queued to push back: %+v", ch)
	}

	w.clock.set(bSlot.Add(-5 * time.Minute))
	in, err := w.hub.CheckIn(ctx, bookings.QRPayload(w.srv.URL, b.Code), "")
	if err != nil {
		t.Fatal(err)
	}
	if in.Outcome != string(bookings.OutcomeBooked) || in.Ticket == nil {
		t.Fatalf("check-in at the kiosk: %+v", in)
	}
	if wf := in.Ticket.Ticket.WaitFrom; wf == nil || !wf.Equal(bSlot) {
		t.Errorf("the booked ticket waits from %v, want the slot %v", wf, bSlot)
	}
	w.flush(t)
	_, onServer, err := w.app.Bookings.Lookup(ctx, b.Code)
	if err != nil || onServer.Status != bookings.StatusCheckedIn || onServer.TicketID != in.Ticket.Ticket.ID {
		t.Errorf("the server's booking after the check-in: %+v, %v", onServer, err)
	}
	if n := w.serverPhones(t); n != 0 {
		t.Errorf("%d phone numbers left on the server after the check-in", n)
	}
	if hb := w.hubBookings(t); hb[0].Phone != "" {
		t.Errorf("the hub kept the phone number: %+v", hb[0])
	}
	// The citizen cannot cancel a place already used.
	if _, err := w.app.Bookings.Cancel(ctx, b.Code, "0912345678"); err == nil {
		t.Error("cancelled a checked-in booking")
	}
}

// A cancel on the phone reaches the hub: the kiosk then says the booking
// was cancelled, and the hub holds no phone number for it.
func TestSyncer_PhoneCancelReachesHub(t *testing.T) {
	ctx := context.Background()
	w := newBookingWorld(t, 2)
	b, err := w.app.Bookings.Book(ctx, w.office, "A", bSlot, "0912345678")
	if err != nil {
		t.Fatal(err)
	}
	w.flush(t)
	if _, err := w.app.Bookings.Cancel(ctx, b.Code, "0912345678"); err != nil {
		t.Fatal(err)
	}
	w.flush(t)
	hb := w.hubBookings(t)
	if len(hb) != 1 || hb[0].Status != bookings.StatusCancelled || hb[0].Phone != "" {
		t.Fatalf("the hub after the phone cancel: %+v", hb)
	}
	w.clock.set(bSlot)
	in, err := w.hub.CheckIn(ctx, b.Code, "")
	if err != nil || in.Outcome != string(bookings.OutcomeCancelled) || in.Ticket != nil {
		t.Errorf("check-in of a cancelled booking: %+v, %v", in, err)
	}
}

// The link is cut. The officer books the last place of the 09:00 slot at
// the hub's desk for a citizen who phoned; meanwhile a citizen books the
// same last place on the server's page. The hub keeps working on what it
// holds. When the link is back both bookings stand on both sides, the slot
// shows over by one to the officer, nothing more is booked there, and both
// citizens get a booked ticket.
func TestSyncer_OutageConflictKeepsBoth(t *testing.T) {
	ctx := context.Background()
	w := newBookingWorld(t, 1)
	w.down.Store(true)
	desk, err := w.hubDesk(t).Book(ctx, bookings.Request{Service: "A", Start: bSlot, Channel: bookings.ChannelDesk, Phone: "0987654321"})
	if err != nil {
		t.Fatal(err)
	}
	w.sync.Flush(ctx) // the booking sync fails here, logged, and is retried
	if ch, _ := w.st.BookingChanges(ctx, 0, 10); len(ch) != 1 {
		t.Fatalf("the desk booking is not waiting to be pushed: %+v", ch)
	}
	phone, err := w.app.Bookings.Book(ctx, w.office, "A", bSlot, "0912345678")
	if err != nil {
		t.Fatal(err)
	}
	w.down.Store(false)
	w.flush(t)
	w.flush(t)

	hb := w.hubBookings(t)
	if len(hb) != 2 {
		t.Fatalf("the hub holds %d bookings of the slot, want both: %+v", len(hb), hb)
	}
	for _, code := range []string{desk.Code, phone.Code} {
		if _, b, err := w.app.Bookings.Lookup(ctx, code); err != nil || !b.Open() {
			t.Errorf("server booking %s: %+v, %v", code, b, err)
		}
	}
	free, err := w.hubDesk(t).Free(ctx, "A", "2026-12-08")
	if err != nil {
		t.Fatal(err)
	}
	if free[2].Free != 0 || free[2].Over != 1 {
		t.Errorf("the officer sees the slot as %+v, want free 0, over 1", free[2])
	}
	if sf, _ := w.app.Bookings.Free(ctx, w.office, "A", "2026-12-08"); sf[2].Over != 1 {
		t.Errorf("the server sees the slot as %+v, want over 1", sf[2])
	}
	if _, err := w.app.Bookings.Book(ctx, w.office, "A", bSlot, "0911111111"); err == nil {
		t.Error("booked a third citizen into the over-full slot")
	}
	w.clock.set(bSlot)
	for _, code := range []string{desk.Code, phone.Code} {
		in, err := w.hub.CheckIn(ctx, code, "")
		if err != nil || in.Ticket == nil {
			t.Errorf("check-in of %s: %+v, %v", code, in, err)
		}
	}
	w.flush(t)
	if n := w.serverPhones(t); n != 0 {
		t.Errorf("%d phone numbers left on the server after both check-ins", n)
	}
}
