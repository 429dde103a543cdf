package hub

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/motcua-kiosk/motcua/kiosk/bookings"
	"github.com/motcua-kiosk/motcua/kiosk/queue"
	"github.com/motcua-kiosk/motcua/kiosk/store"
)

// The desk books over the hub API under the stored rules: a full slot and
// a second booking of one phone are refused with bookings' own sentinels
// and fields (bookings.Message words them on the client side), the day's
// list masks phone numbers, a cancel gives the place back once, a slot
// over-booked during an outage shows Over, and a dispenser may not book.
func TestHub_DeskBookings(t *testing.T) {
	f, _ := bookingFixture(t, "09:00", "09:00")
	f.setClock("06:00")
	desk := NewClient(f.srv.URL, f.tokens[store.RoleDesk])
	loc := queue.Zone("")
	at := func(hm string) time.Time {
		s, _ := time.ParseInLocation("2006-01-02 15:04", "2026-11-23 "+hm, loc)
		return s
	}
	slots, err := desk.BookingSlots(ctx, "A", "2026-11-23")
	if err != nil {
		t.Fatal(err)
	}
	free := map[string]int{}
	for _, s := range slots.Slots {
		free[s.Start.In(loc).Format("15:04")] = s.Free
	}
	if free["08:00"] != 2 || free["09:00"] != 0 || len(slots.Slots) != 6 {
		t.Fatalf("slots %+v", slots.Slots)
	}
	_, err = desk.Book(ctx, BookRequest{Service: "A", Start: at("09:00")})
	var he *Error
	if !errors.Is(err, bookings.ErrFull) || !errors.As(err, &he) || he.Field != "start" || !strings.Contains(bookings.Message(err, "vi"), "đủ người hẹn") {
		t.Fatalf("booking a full slot: %v", err)
	}
	b, err := desk.Book(ctx, BookRequest{Service: "a", Start: at("08:00"), Phone: "0912 345 000"})
	if err != nil {
		t.Fatal(err)
	}
	if b.Channel != bookings.ChannelDesk || b.Status != bookings.StatusBooked || b.Phone != "0912345000" {
		t.Fatalf("booked %+v", b)
	}
	if _, err := desk.Book(ctx, BookRequest{Service: "A", Start: at("08:30"), Phone: "0912345000"}); !errors.Is(err, bookings.ErrPhoneLimit) || !errors.As(err, &he) || he.Field != "phone" {
		t.Fatalf("a second booking of one phone: %v", err)
	}
	if _, err := desk.Book(ctx, BookRequest{Service: "B", Start: at("08:00")}); !errors.Is(err, bookings.ErrNotBookable) {
		t.Fatalf("a service without bookings: %v", err)
	}
	day, err := desk.BookingDay(ctx, "2026-11-23")
	if err != nil {
		t.Fatal(err)
	}
	if len(day.Bookings) != 3 || strings.Join(day.Services, ",") != "A" || day.WindowDays != bookings.DefaultWindowDays || day.EarlyMinutes != bookings.DefaultEarlyMinutes {
		t.Fatalf("day %+v", day)
	}
	for _, x := range day.Bookings {
		if x.Phone != "" && !strings.Contains(x.Phone, "****") {
			t.Errorf("the day's list shows the phone %q unmasked", x.Phone)
		}
	}
	got, err := desk.CancelBooking(ctx, bookings.FormatCode(b.Code))
	if err != nil || got.Status != bookings.StatusCancelled || got.Phone != "" {
		t.Fatalf("cancel: %+v, %v", got, err)
	}
	if _, err := desk.CancelBooking(ctx, b.Code); !errors.Is(err, bookings.ErrNotOpen) {
		t.Fatalf("a second cancel: %v", err)
	}
	// The outage conflict: the central server gave 09:00's last place too.
	over := bookings.Booking{Code: "ZZZZZZ", Service: "A", Day: "2026-11-23", Start: at("09:00"), End: at("09:30"),
		Channel: bookings.ChannelPhone, Status: bookings.StatusBooked, CreatedAt: at("06:00")}
	over.Code, _ = bookings.NewCode(nil)
	if err := f.st.AddBooking(ctx, over); err != nil {
		t.Fatal(err)
	}
	slots, _ = desk.BookingSlots(ctx, "A", "2026-11-23")
	for _, s := range slots.Slots {
		if s.Start.Equal(at("09:00")) && (s.Over != 1 || s.Free != 0) {
			t.Errorf("09:00 after the outage: %+v, want Over 1", s)
		}
		if s.Start.Equal(at("08:00")) && s.Free != 2 {
			t.Errorf("08:00 after the cancel: %+v, want its place back", s)
		}
	}
	if _, err := desk.BookingDay(ctx, "23/11/2026"); !errors.Is(err, ErrBadRequest) {
		t.Errorf("a bad day: %v", err)
	}
	kiosk := NewClient(f.srv.URL, f.tokens[store.RoleDispenser])
	if _, err := kiosk.Book(ctx, BookRequest{Service: "A", Start: at("08:00")}); !errors.Is(err, ErrForbidden) {
		t.Errorf("a dispenser booking: %v", err)
	}
}

// saveDeskRules lets service A take bookings every day 13:00-15:00 in
// slots of 30 minutes for two citizens each.
func saveDeskRules(t *testing.T, st *store.Store) {
	t.Helper()
	r := bookings.DefaultRules()
	r.Services = []bookings.ServiceRules{{Service: "A", Slots: []bookings.SlotRule{{Days: []time.Weekday{0, 1, 2, 3, 4, 5, 6}, From: "13:00", To: "15:00", Minutes: 30, PerSlot: 2}}}}
	if err := st.SaveBookingRules(ctx, r, testConfig()); err != nil {
		t.Fatal(err)
	}
}
