package bookings_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	kb "github.com/motcua-kiosk/motcua/kiosk/bookings"
	"github.com/motcua-kiosk/motcua/kiosk/queue"
	"github.com/motcua-kiosk/motcua/server/bookings"
	"github.com/motcua-kiosk/motcua/server/db"
)

var ctx = context.Background()

func openSQLite(t *testing.T) *db.DB {
	t.Helper()
	d, err := db.Open(ctx, "sqlite:"+filepath.Join(t.TempDir(), "server.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}

func TestService_SQLite(t *testing.T) { runSuite(t, openSQLite) }

// The office's rules: service A books Monday and Tuesday 08:00-10:00 in
// 30-minute slots of places each (the default config has counters enough
// for 2).
func rules(places int) kb.Rules {
	r := kb.DefaultRules()
	r.Services = []kb.ServiceRules{{Service: "A", Slots: []kb.SlotRule{
		{Days: []time.Weekday{time.Monday, time.Tuesday}, From: "08:00", To: "10:00", Minutes: 30, PerSlot: places}}}}
	return r
}

var (
	loc  = queue.Zone("")
	now  = time.Date(2026, 12, 7, 14, 0, 0, 0, loc) // Monday afternoon in Hà Nội
	slot = time.Date(2026, 12, 8, 9, 0, 0, 0, loc)  // Tuesday 09:00
)

type fixture struct {
	d      *db.DB
	s      *bookings.Service
	office string
	clock  *time.Time
}

func newFixture(t *testing.T, d *db.DB, places int) *fixture {
	t.Helper()
	o, err := d.CreateOffice(ctx, "UBND phường Test")
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{d: d, office: o.ID, clock: new(time.Time)}
	*f.clock = now
	f.s = bookings.New(d, bookings.Options{Now: func() time.Time { return *f.clock }})
	cfg := queue.DefaultConfig()
	cfg.Office.Name = "Trung tâm Phục vụ hành chính công phường Test"
	if err := f.s.PutRules(ctx, o.ID, cfg, rules(places)); err != nil {
		t.Fatal(err)
	}
	return f
}

// phonesLeft counts the phone numbers in the bookings table itself.
func (f *fixture) phonesLeft(t *testing.T) int {
	t.Helper()
	var n int
	if err := f.d.SQL().QueryRowContext(ctx, "SELECT count(*) FROM bookings WHERE phone IS NOT NULL").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func (f *fixture) rows(t *testing.T) int {
	t.Helper()
	var n int
	if err := f.d.SQL().QueryRowContext(ctx, "SELECT count(*) FROM bookings").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func runSuite(t *testing.T, open func(*testing.T) *db.DB) {
	t.Run("BookLimitsCancel", func(t *testing.T) { testBook(t, open(t)) })
	t.Run("PushMerge", func(t *testing.T) { testPush(t, open(t)) })
	t.Run("OutageConflict", func(t *testing.T) { testConflict(t, open(t)) })
	t.Run("Release", func(t *testing.T) { testRelease(t, open(t)) })
	t.Run("RulesRefused", func(t *testing.T) { testBadRules(t, open(t)) })
}

func testBook(t *testing.T, d *db.DB) {
	f := newFixture(t, d, 1)
	free, err := f.s.Free(ctx, f.office, "A", "2026-12-08")
	if err != nil || len(free) != 4 || free[2].Free != 1 || !free[2].Start.Equal(slot) {
		t.Fatalf("free %+v, %v; want 4 slots with a place each", free, err)
	}
	// Every bad request: its field, and nothing written.
	for _, c := range []struct {
		service, phone string
		start          time.Time
		want           error
	}{
		{"A", "0912 345", slot, kb.ErrPhone},
		{"B", "0912345678", slot, kb.ErrNotBookable},
		{"A", "0912345678", slot.Add(10 * time.Minute), kb.ErrNoSlot},
		{"A", "0912345678", time.Date(2026, 12, 7, 15, 0, 0, 0, loc), kb.ErrNoSlot}, // Monday after the hours
		{"A", "0912345678", time.Date(2027, 2, 2, 9, 0, 0, 0, loc), kb.ErrTooFar},
	} {
		if _, err := f.s.Book(ctx, f.office, c.service, c.start, c.phone); !errors.Is(err, c.want) {
			t.Errorf("book %s %s %s: %v, want %v", c.service, c.start, c.phone, err, c.want)
		}
	}
	if n := f.rows(t); n != 0 {
		t.Fatalf("%d rows after refused requests", n)
	}
	b, err := f.s.Book(ctx, f.office, "A", slot, "+84 912 345 678")
	if err != nil {
		t.Fatal(err)
	}
	if b.Phone != "0912345678" || b.Channel != kb.ChannelPhone || b.Day != "2026-12-08" {
		t.Errorf("booking %+v", b)
	}
	if _, err := f.s.Book(ctx, f.office, "A", slot, "0987654321"); !errors.Is(err, kb.ErrFull) {
		t.Errorf("second booking of a 1-place slot: %v, want ErrFull", err)
	}
	if _, err := f.s.Book(ctx, f.office, "A", slot.Add(30*time.Minute), "0912345678"); !errors.Is(err, kb.ErrPhoneLimit) {
		t.Errorf("same phone, same day: %v, want ErrPhoneLimit", err)
	}
	office, got, err := f.s.Lookup(ctx, b.Code)
	if err != nil || office != f.office || got.Phone != "0912345678" {
		t.Fatalf("lookup: %s %+v %v", office, got, err)
	}
	ch, err := f.s.Changes(ctx, f.office, 0, 0)
	if err != nil || len(ch.Bookings) != 1 || ch.Bookings[0].Code != b.Code || ch.Bookings[0].Phone != "0912345678" {
		t.Fatalf("changes %+v, %v", ch, err)
	}
	if _, err := f.s.Cancel(ctx, b.Code, "0987654321"); !errors.Is(err, bookings.ErrPhoneMismatch) {
		t.Errorf("cancel with another number: %v", err)
	}
	if _, err := f.s.Cancel(ctx, kb.FormatCode(b.Code), "0912 345 678"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.s.Cancel(ctx, b.Code, "0912345678"); !errors.Is(err, kb.ErrNotOpen) {
		t.Errorf("cancel twice: %v", err)
	}
	if n := f.phonesLeft(t); n != 0 {
		t.Errorf("%d phone numbers left after the cancel", n)
	}
	next, err := f.s.Changes(ctx, f.office, ch.Next, 0)
	if err != nil || len(next.Bookings) != 1 || next.Bookings[0].Status != kb.StatusCancelled || next.Bookings[0].Phone != "" {
		t.Fatalf("changes after the cancel %+v, %v", next, err)
	}
	if again, _ := f.s.Changes(ctx, f.office, next.Next, 0); len(again.Bookings) != 0 || again.Next != next.Next {
		t.Errorf("changes after the last: %+v", again)
	}
	// The place came back.
	if _, err := f.s.Book(ctx, f.office, "A", slot, "0987654321"); err != nil {
		t.Errorf("book the cancelled place: %v", err)
	}
}

func deskBooking(code string, start time.Time) kb.Booking {
	return kb.Booking{Code: code, Service: "A", Day: start.In(loc).Format(time.DateOnly), Start: start, End: start.Add(30 * time.Minute),
		Channel: kb.ChannelDesk, Status: kb.StatusBooked, CreatedAt: now}
}

// codeN is a valid booking code, different for each n.
func codeN(t *testing.T, n int) string {
	t.Helper()
	c, err := kb.NewCode(bytes.NewReader(bytes.Repeat([]byte{byte(n), byte(n + 1), byte(n + 2)}, 4)))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func testPush(t *testing.T, d *db.DB) {
	f := newFixture(t, d, 2)
	phone, err := f.s.Book(ctx, f.office, "A", slot, "0912345678")
	if err != nil {
		t.Fatal(err)
	}
	desk := deskBooking(codeN(t, 1), slot.Add(30*time.Minute))
	for i, want := range []int{1, 0} {
		n, err := f.s.Push(ctx, f.office, []kb.Booking{desk})
		if err != nil || n != want {
			t.Fatalf("push %d: %d, %v; want %d", i, n, err, want)
		}
	}
	// The hub checks the phone booking in: the server learns it, erases
	// the number, and does not hand the hub's own change back to it.
	ch, _ := f.s.Changes(ctx, f.office, 0, 0)
	in := phone
	in.Close(kb.StatusCheckedIn, slot)
	in.TicketID = "t-1"
	stale := phone // an older copy arriving after
	if n, err := f.s.Push(ctx, f.office, []kb.Booking{in, stale}); err != nil || n != 1 {
		t.Fatalf("push the check-in: %d, %v", n, err)
	}
	_, got, _ := f.s.Lookup(ctx, phone.Code)
	if got.Status != kb.StatusCheckedIn || got.TicketID != "t-1" || got.Phone != "" {
		t.Errorf("after the pushed check-in: %+v", got)
	}
	if n := f.phonesLeft(t); n != 0 {
		t.Errorf("%d phone numbers left", n)
	}
	if after, _ := f.s.Changes(ctx, f.office, ch.Next, 0); len(after.Bookings) != 0 {
		t.Errorf("the hub's own changes are offered back to it: %+v", after.Bookings)
	}
	// A cancel on the phone after the check-in is refused: checked in wins.
	if _, err := f.s.Cancel(ctx, phone.Code, "0912345678"); !errors.Is(err, kb.ErrNotOpen) {
		t.Errorf("cancel a checked-in booking: %v", err)
	}
	bad := deskBooking("NOTACODE", slot)
	if _, err := f.s.Push(ctx, f.office, []kb.Booking{desk, bad}); !errors.Is(err, bookings.ErrBadPush) {
		t.Errorf("push with a bad code: %v", err)
	}
}

// During an outage the hub gives the last place of a slot to a desk
// booking while the server gives it to a phone booking: both stand, and
// the slot shows over by one; nothing more can be booked there.
func testConflict(t *testing.T, d *db.DB) {
	f := newFixture(t, d, 1)
	phone, err := f.s.Book(ctx, f.office, "A", slot, "0912345678")
	if err != nil {
		t.Fatal(err)
	}
	desk := deskBooking(codeN(t, 2), slot)
	if n, err := f.s.Push(ctx, f.office, []kb.Booking{desk}); err != nil || n != 1 {
		t.Fatalf("push the desk booking: %d, %v", n, err)
	}
	free, _ := f.s.Free(ctx, f.office, "A", "2026-12-08")
	if free[2].Free != 0 || free[2].Over != 1 {
		t.Errorf("the slot after the conflict: %+v, want free 0, over 1", free[2])
	}
	for _, code := range []string{phone.Code, desk.Code} {
		if _, b, err := f.s.Lookup(ctx, code); err != nil || !b.Open() {
			t.Errorf("booking %s after the conflict: %+v, %v", code, b, err)
		}
	}
	if _, err := f.s.Book(ctx, f.office, "A", slot, "0987654321"); !errors.Is(err, kb.ErrFull) {
		t.Errorf("book the over-full slot: %v", err)
	}
}

func testRelease(t *testing.T, d *db.DB) {
	f := newFixture(t, d, 2)
	if _, err := f.s.Book(ctx, f.office, "A", slot, "0912345678"); err != nil {
		t.Fatal(err)
	}
	// The window ends at 09:10; the server waits ReleaseGrace for the hub.
	*f.clock = slot.Add(10*time.Minute + bookings.ReleaseGrace)
	if n, err := f.s.Release(ctx); err != nil || n != 0 {
		t.Fatalf("release at the grace's end: %d, %v", n, err)
	}
	*f.clock = f.clock.Add(time.Minute)
	if n, err := f.s.Release(ctx); err != nil || n != 1 {
		t.Fatalf("release after the grace: %d, %v", n, err)
	}
	if n := f.phonesLeft(t); n != 0 {
		t.Errorf("%d phone numbers left after the release", n)
	}
}

func testBadRules(t *testing.T, d *db.DB) {
	f := newFixture(t, d, 1)
	var fe *queue.FieldError
	if err := f.s.PutRules(ctx, f.office, queue.DefaultConfig(), rules(50)); !errors.As(err, &fe) {
		t.Fatalf("rules with 50 places a slot: %v", err)
	}
	// The rules in force are still the first ones.
	if free, _ := f.s.Free(ctx, f.office, "A", "2026-12-08"); len(free) != 4 || free[0].Places != 1 {
		t.Errorf("free after refused rules: %+v", free)
	}
	if _, err := f.s.Office(ctx, "of-none"); !errors.Is(err, bookings.ErrNoOffice) {
		t.Errorf("office with no rules: %v", err)
	}
}

// bookConcurrently has n citizens ask for the same slot at once through
// the given services (two server processes on one database): exactly the
// slot's places are given.
func bookConcurrently(t *testing.T, f *fixture, services []*bookings.Service, n int) {
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = services[i%len(services)].Book(ctx, f.office, "A", slot, fmt.Sprintf("09123456%02d", i))
		}()
	}
	wg.Wait()
	ok := 0
	for _, err := range errs {
		switch {
		case err == nil:
			ok++
		case !errors.Is(err, kb.ErrFull):
			t.Errorf("concurrent booking: %v", err)
		}
	}
	if ok != 2 || f.rows(t) != 2 {
		t.Errorf("%d bookings given (%d rows) for a 2-place slot", ok, f.rows(t))
	}
}

func TestService_SQLiteConcurrent(t *testing.T) {
	f := newFixture(t, openSQLite(t), 2)
	bookConcurrently(t, f, []*bookings.Service{f.s}, 12)
}
