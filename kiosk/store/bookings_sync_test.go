package store

import (
	"testing"
	"time"

	"github.com/motcua-kiosk/motcua/kiosk/bookings"
	"github.com/motcua-kiosk/motcua/kiosk/queue"
)

// The hub's own writes get increasing revs and are listed after a cursor;
// a booking pulled from the server is merged once (merging it again, or an
// older copy of it, changes nothing) and takes no rev, so it is not pushed
// back; a pulled cancellation erases the phone number.
func TestStore_BookingSync(t *testing.T) {
	s := openTemp(t)
	loc := queue.Zone("")
	now := time.Date(2026, 12, 7, 14, 0, 0, 0, loc) // Monday
	d, err := bookings.NewDesk(s, queue.DefaultConfig(), bookingRules(), func() time.Time { return now })
	if err != nil {
		t.Fatal(err)
	}
	desk, err := d.Book(ctx, bookings.Request{Service: "A", Start: time.Date(2026, 12, 8, 9, 0, 0, 0, loc), Channel: bookings.ChannelDesk})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.Cancel(ctx, desk.Code); err != nil {
		t.Fatal(err)
	}
	ch, err := s.BookingChanges(ctx, 0, 10)
	if err != nil || len(ch) != 1 || ch[0].Rev != 2 || ch[0].Booking.Status != bookings.StatusCancelled {
		t.Fatalf("changes %+v, %v; want the desk booking once, cancelled, at rev 2", ch, err)
	}
	if ch, _ := s.BookingChanges(ctx, 2, 10); len(ch) != 0 {
		t.Errorf("changes after rev 2: %+v", ch)
	}

	phone := bookings.Booking{Code: "K7MQ2PT", Service: "A", Day: "2026-12-08", Start: time.Date(2026, 12, 8, 9, 30, 0, 0, loc),
		End: time.Date(2026, 12, 8, 10, 0, 0, 0, loc), Channel: bookings.ChannelPhone, Phone: "0912345678", Status: bookings.StatusBooked, CreatedAt: now}
	for i := range 3 {
		n, err := s.MergeBookings(ctx, []bookings.Booking{phone})
		if err != nil {
			t.Fatal(err)
		}
		if want := map[bool]int{true: 1, false: 0}[i == 0]; n != want {
			t.Errorf("merge %d changed %d bookings, want %d", i, n, want)
		}
	}
	got, err := s.Booking(ctx, phone.Code)
	if err != nil || got.Phone != phone.Phone || !got.Open() {
		t.Fatalf("pulled booking %+v, %v", got, err)
	}
	if ch, _ := s.BookingChanges(ctx, 2, 10); len(ch) != 0 {
		t.Errorf("a pulled booking is listed to push back: %+v", ch)
	}
	cancelled := phone
	cancelled.Close(bookings.StatusCancelled, now)
	if n, err := s.MergeBookings(ctx, []bookings.Booking{cancelled, phone}); err != nil || n != 1 {
		t.Fatalf("merge cancel then the stale open copy: %d, %v", n, err)
	}
	got, _ = s.Booking(ctx, phone.Code)
	if got.Status != bookings.StatusCancelled || got.Phone != "" {
		t.Errorf("after the pulled cancel: %+v", got)
	}
	var left int
	if err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM bookings WHERE phone IS NOT NULL").Scan(&left); err != nil || left != 0 {
		t.Errorf("%d phone numbers left in the file, %v", left, err)
	}
}
