package hub

import (
	"database/sql"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/motcua-kiosk/motcua/kiosk/bookings"
	"github.com/motcua-kiosk/motcua/kiosk/hub/hubtest"
	"github.com/motcua-kiosk/motcua/kiosk/queue"
	"github.com/motcua-kiosk/motcua/kiosk/store"
)

// bookingFixture is a hub whose service A takes bookings of 30 minutes
// 08:00-11:00, with bookings made the day before (Sunday 2026-11-22)
// for Monday 2026-11-23 at each of slots.
func bookingFixture(t *testing.T, slots ...string) (*fixture, []bookings.Booking) {
	t.Helper()
	f := newFixture(t)
	r := bookings.DefaultRules()
	all := []time.Weekday{0, 1, 2, 3, 4, 5, 6}
	r.Services = []bookings.ServiceRules{{Service: "A", Slots: []bookings.SlotRule{{Days: all, From: "08:00", To: "11:00", Minutes: 30, PerSlot: 2}}}}
	if err := f.st.SaveBookingRules(ctx, r, testConfig()); err != nil {
		t.Fatal(err)
	}
	loc := queue.Zone("")
	before := func() time.Time { return time.Date(2026, 11, 22, 9, 0, 0, 0, loc) }
	d, err := bookings.NewDesk(f.st, testConfig(), r, before)
	if err != nil {
		t.Fatal(err)
	}
	var bs []bookings.Booking
	for i, hm := range slots {
		start, _ := time.ParseInLocation("2006-01-02 15:04", "2026-11-23 "+hm, loc)
		b, err := d.Book(ctx, bookings.Request{Service: "A", Start: start, Channel: bookings.ChannelPhone, Phone: "091234567" + string(rune('0'+i))})
		if err != nil {
			t.Fatal(err)
		}
		bs = append(bs, b)
	}
	return f, bs
}

func (f *fixture) setClock(hm string) {
	t, _ := time.ParseInLocation("2006-01-02 15:04", "2026-11-23 "+hm, queue.Zone(""))
	f.clock.mu.Lock()
	f.clock.t = t
	f.clock.mu.Unlock()
}

// A check-in through a connection cut after the hub did it: the client's
// retry with the same Idempotency-Key gets the same booked ticket, one
// ticket is stored, the booking is used and its phone number gone; a
// second scan says it was used.
func TestHub_CheckInOverCutConnection(t *testing.T) {
	f, bs := bookingFixture(t, "09:00")
	f.setClock("08:50")
	p := hubtest.NewCuttingProxy(t, f.srv.URL, IdempotencyHeader)
	kiosk := NewClient(p.URL(), f.tokens[store.RoleDispenser])
	got, err := kiosk.CheckIn(ctx, bookings.QRPayload("https://motcua.example.gov.vn", bs[0].Code), "")
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Cut()) != 1 {
		t.Fatalf("cut %v: want the check-in cut once", p.Cut())
	}
	if got.Outcome != string(bookings.OutcomeBooked) || got.Ticket == nil || got.Ticket.Ticket.Number != "A001" || !strings.Contains(got.Message, "09:00") {
		t.Fatalf("check-in answered %+v", got)
	}
	slot := bs[0].Start
	if w := got.Ticket.Ticket.WaitFrom; w == nil || !w.Equal(slot) {
		t.Errorf("ticket waits from %v, want the slot %v", w, slot)
	}
	if kinds := outboxKinds(t, f.st); strings.Join(kinds, ",") != "ticket.issued" {
		t.Errorf("outbox %v: want one ticket issued", kinds)
	}
	b, err := f.st.Booking(ctx, bs[0].Code)
	if err != nil || b.Status != bookings.StatusCheckedIn || b.Phone != "" || b.TicketID != got.Ticket.Ticket.ID {
		t.Errorf("booking %+v, %v", b, err)
	}
	again, err := f.client(store.RoleDispenser).CheckIn(ctx, bs[0].Code, "")
	if err != nil || again.Outcome != string(bookings.OutcomeUsed) || again.Ticket != nil {
		t.Errorf("second scan: %+v, %v", again, err)
	}
	if st, _ := f.hub.State(ctx); len(st.Waiting) != 1 {
		t.Errorf("%d tickets waiting, want the one booked ticket", len(st.Waiting))
	}
}

// Every other outcome is an answer the kiosk shows, not an error.
func TestHub_CheckInOutcomes(t *testing.T) {
	f, bs := bookingFixture(t, "09:00", "09:30", "10:00")
	kiosk := f.client(store.RoleDispenser)
	tests := []struct {
		at, code, want, say string
	}{
		{"08:00", bs[0].Code, "early", "từ 08:45"},
		{"09:41", bs[1].Code, "late", "lấy số thường"},
		{"09:42", bs[1].Code, "released", "hết hiệu lực"},
		{"09:42", "hello", OutcomeInvalid, "không phải là mã hẹn"},
		{"09:42", "ZZZ-ZZZZ", OutcomeInvalid, "sai"},
		{"09:42", "ZZZ-ZZZ" + string(bookings.Alphabet[(1+2+3+4+5+6)*strings.IndexByte(bookings.Alphabet, 'Z')%len(bookings.Alphabet)]), "unknown", "Không tìm thấy"},
	}
	for _, tt := range tests {
		f.setClock(tt.at)
		got, err := kiosk.CheckIn(ctx, tt.code, "")
		if err != nil || got.Outcome != tt.want || !strings.Contains(got.Message, tt.say) || got.MessageEN == "" || got.Ticket != nil {
			t.Errorf("%s at %s: %+v, %v; want %s saying %q", tt.code, tt.at, got, err, tt.want, tt.say)
		}
	}
	if b, _ := f.st.Booking(ctx, bs[1].Code); b.Status != bookings.StatusReleased || b.Phone != "" {
		t.Errorf("late booking %+v: want released, phone erased", b)
	}
	// The hub's ticker releases a booking nobody came for.
	f.setClock("10:11")
	f.hub.releaseBookings()
	if b, _ := f.st.Booking(ctx, bs[2].Code); b.Status != bookings.StatusReleased || b.Phone != "" {
		t.Errorf("10:00 booking at 10:11: %+v, want released", b)
	}
	if b, _ := f.st.Booking(ctx, bs[0].Code); b.Status != bookings.StatusReleased {
		t.Errorf("09:00 booking at 10:11: %s, want released", b.Status)
	}
	if n := f.outbox(t); n != 0 {
		t.Errorf("outbox %d: no outcome here issues a ticket", n)
	}
	if _, err := f.client(store.RoleDisplay).CheckIn(ctx, bs[0].Code, ""); err == nil {
		t.Error("a display may check in a booking")
	}
}

// A check-in whose commit fails (here a trigger refuses the check-in row,
// as a full disk would) leaves nothing behind: no ticket in the queue or
// the outbox, the booking still open with its phone, so the citizen can
// scan again; once the store takes writes the same code gives the ticket.
func TestHub_CheckInFailedCommitLeavesTheBookingOpen(t *testing.T) {
	f, bs := bookingFixture(t, "09:00")
	f.setClock("08:55")
	db, err := sql.Open("sqlite", filepath.Join(filepath.Dir(f.st.Path()), "office.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec("CREATE TRIGGER full_disk BEFORE INSERT ON booking_checkins BEGIN SELECT RAISE(ABORT, 'disk full'); END"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.hub.CheckIn(ctx, bs[0].Code, ""); !errors.Is(err, ErrStorage) {
		t.Fatalf("check-in on a failing store: %v, want ErrStorage", err)
	}
	if st, _ := f.hub.State(ctx); len(st.Waiting) != 0 {
		t.Errorf("%d waiting after the failed check-in, want none", len(st.Waiting))
	}
	if n := f.outbox(t); n != 0 {
		t.Errorf("outbox %d after the failed check-in", n)
	}
	if b, _ := f.st.Booking(ctx, bs[0].Code); b.Status != bookings.StatusBooked || b.Phone == "" {
		t.Errorf("booking after the failed check-in %+v: want still open with its phone", b)
	}
	if _, err := db.Exec("DROP TRIGGER full_disk"); err != nil {
		t.Fatal(err)
	}
	got, err := f.hub.CheckIn(ctx, bs[0].Code, "")
	if err != nil || got.Ticket == nil || got.Ticket.Ticket.Number != "A001" {
		t.Fatalf("check-in again: %+v, %v", got, err)
	}
}
