package store

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/motcua-kiosk/motcua/kiosk/bookings"
	"github.com/motcua-kiosk/motcua/kiosk/queue"
)

func bookingRules() bookings.Rules {
	r := bookings.DefaultRules()
	r.Services = []bookings.ServiceRules{{Service: "A", Slots: []bookings.SlotRule{
		{Days: []time.Weekday{time.Monday, time.Tuesday}, From: "08:00", To: "10:00", Minutes: 30, PerSlot: 2}}}}
	return r
}

func TestStore_BookingRules(t *testing.T) {
	s := openTemp(t)
	got, err := s.BookingRules(ctx)
	if err != nil || len(got.Services) != 0 || got.WindowDays != bookings.DefaultWindowDays {
		t.Fatalf("default rules %+v, %v", got, err)
	}
	bad := bookingRules()
	bad.Services[0].Slots[0].PerSlot = 50
	if err := s.SaveBookingRules(ctx, bad, queue.DefaultConfig()); !errors.Is(err, queue.ErrInvalidConfig) {
		t.Fatalf("save invalid rules: %v", err)
	}
	if err := s.SaveBookingRules(ctx, bookingRules(), queue.DefaultConfig()); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.BookingRules(ctx); len(got.Services) != 1 || got.Services[0].Slots[0].PerSlot != 2 {
		t.Errorf("stored rules %+v", got)
	}
}

// A booking made, checked in through the real engine and the store: the
// ticket and the booking's end land together, and the phone number is
// gone from the database file itself, not only from the rows read back.
func TestStore_BookingCheckIn(t *testing.T) {
	path := filepath.Join(t.TempDir(), "office.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	loc := queue.Zone("")
	now := time.Date(2026, 12, 7, 14, 0, 0, 0, loc) // Monday
	clock := func() time.Time { return now }
	cfg := queue.DefaultConfig()
	d, err := bookings.NewDesk(s, cfg, bookingRules(), clock)
	if err != nil {
		t.Fatal(err)
	}
	const phone = "0912345678"
	b, err := d.Book(ctx, bookings.Request{Service: "A", Start: time.Date(2026, 12, 8, 9, 0, 0, 0, loc), Phone: phone, Channel: bookings.ChannelPhone})
	if err != nil {
		t.Fatal(err)
	}
	if got, err := s.Booking(ctx, b.Code); err != nil || got.Phone != phone || got.Status != bookings.StatusBooked || !got.Start.Equal(b.Start) {
		t.Fatalf("stored %+v, %v", got, err)
	}
	if _, err := d.Book(ctx, bookings.Request{Service: "A", Start: b.Start, Phone: phone, Channel: bookings.ChannelPhone}); !errors.Is(err, bookings.ErrPhoneLimit) {
		t.Fatalf("second booking of the phone: %v", err)
	}

	now = time.Date(2026, 12, 8, 8, 50, 0, 0, loc)
	e, err := queue.New(cfg, clock)
	if err != nil {
		t.Fatal(err)
	}
	issue := func(service string, from time.Time) (queue.Ticket, []queue.Event, error) {
		return e.IssueBooked(service, "", from)
	}
	dec, tk, err := d.CheckIn(ctx, b.Code, issue)
	if err != nil || dec.Outcome != bookings.OutcomeBooked {
		t.Fatalf("check in: %+v, %v", dec, err)
	}
	tickets, _, err := s.Load(ctx, "2026-12-08")
	if err != nil || len(tickets) != 1 || tickets[0].ID != tk.ID || tickets[0].WaitFrom == nil || !tickets[0].WaitFrom.Equal(b.Start) {
		t.Fatalf("stored tickets %+v, %v: want the booked ticket waiting from 09:00", tickets, err)
	}
	if n, _ := s.OutboxPending(ctx); n != 1 {
		t.Errorf("outbox %d, want the ticket's event", n)
	}
	got, _ := s.Booking(ctx, b.Code)
	if got.Status != bookings.StatusCheckedIn || got.Phone != "" || got.TicketID != tk.ID {
		t.Errorf("booking after check-in %+v", got)
	}
	// A second write of the check-in (a replayed request) fails whole.
	if err := s.UpdateBooking(ctx, got, []queue.Event{{Kind: queue.EventIssued, At: now, Ticket: &tk}}); err == nil {
		t.Error("a second check-in of one booking was stored")
	}
	if n, _ := s.OutboxPending(ctx); n != 1 {
		t.Errorf("outbox %d after the refused replay, want 1", n)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{path, path + "-wal"} {
		raw, err := os.ReadFile(f)
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(raw, []byte(phone)) {
			t.Errorf("%s still holds the phone number after the check-in", filepath.Base(f))
		}
	}
}

// A check-in whose queue events cannot be written leaves the booking open:
// the citizen can try again, and no ticket exists without its booking.
func TestStore_BookingCheckInAllOrNothing(t *testing.T) {
	s := openTemp(t)
	start := time.Date(2026, 12, 8, 2, 0, 0, 0, time.UTC)
	b := bookings.Booking{Code: "K7MQ2PA", Service: "A", Day: "2026-12-08", Start: start, End: start.Add(30 * time.Minute),
		Channel: bookings.ChannelDesk, Phone: "0912345678", Status: bookings.StatusBooked, CreatedAt: start.Add(-time.Hour)}
	if err := s.AddBooking(ctx, b); err != nil {
		t.Fatal(err)
	}
	if err := s.AddBooking(ctx, b); !errors.Is(err, bookings.ErrDuplicate) {
		t.Fatalf("same code twice: %v", err)
	}
	r := &queue.Rating{TicketID: "20261208-A001", Day: "2026-12-08", Stars: 5}
	if err := s.Commit(ctx, []queue.Event{{Kind: queue.EventRated, At: start, Rating: r}}); err != nil {
		t.Fatal(err)
	}
	used := b
	used.Close(bookings.StatusCheckedIn, start)
	used.TicketID = "20261208-A001"
	bad := []queue.Event{{Kind: queue.EventRated, At: start, Rating: r}} // a second rating: refused
	if err := s.UpdateBooking(ctx, used, bad); err == nil {
		t.Fatal("update with a failing event succeeded")
	}
	if got, _ := s.Booking(ctx, b.Code); got.Status != bookings.StatusBooked || got.Phone != "0912345678" {
		t.Errorf("booking after the failed check-in %+v: want still open", got)
	}
	if _, err := s.Booking(ctx, "ZZZZZZZ"); !errors.Is(err, bookings.ErrNotFound) {
		t.Errorf("unknown code: %v", err)
	}
	if err := s.UpdateBooking(ctx, bookings.Booking{Code: "ZZZZZZZ"}, nil); !errors.Is(err, bookings.ErrNotFound) {
		t.Errorf("update unknown: %v", err)
	}
	open, err := s.OpenBookings(ctx, start.Add(time.Minute))
	if err != nil || len(open) != 1 {
		t.Errorf("open bookings %+v, %v", open, err)
	}
}
