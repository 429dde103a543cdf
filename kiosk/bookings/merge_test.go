package bookings

import (
	"testing"
	"time"
)

// Merge settles two copies of a booking on the one further in its life,
// whatever order they come in and however often: a check-in outranks a
// cancel or release decided elsewhere, and a closed booking keeps no
// phone number.
func TestMerge(t *testing.T) {
	at := time.Date(2026, 12, 8, 9, 0, 0, 0, time.UTC)
	open := Booking{Code: "K7MQ2PT", Status: StatusBooked, Phone: "0912345678"}
	closed := func(s Status) Booking { b := open; b.Close(s, at); return b }
	in := closed(StatusCheckedIn)
	in.TicketID = "t-1"
	all := []Booking{open, closed(StatusCancelled), closed(StatusReleased), in}
	for _, a := range all {
		for _, b := range all {
			ab, _ := Merge(a, b)
			ba, _ := Merge(b, a)
			if rank(ab.Status) != rank(ba.Status) {
				t.Errorf("Merge(%s, %s) = %s but Merge(%s, %s) = %s", a.Status, b.Status, ab.Status, b.Status, a.Status, ba.Status)
			}
			if again, changed := Merge(ab, b); changed || again.Status != ab.Status {
				t.Errorf("merging %s into %s again changed it", b.Status, ab.Status)
			}
			if !ab.Open() && ab.Phone != "" {
				t.Errorf("Merge(%s, %s) keeps the phone number on a closed booking", a.Status, b.Status)
			}
		}
	}
	got, changed := Merge(closed(StatusCancelled), in)
	if !changed || got.Status != StatusCheckedIn || got.TicketID != "t-1" {
		t.Errorf("a check-in after a remote cancel: %+v, %v", got, changed)
	}
	if got, changed := Merge(in, closed(StatusCancelled)); changed || got.Status != StatusCheckedIn {
		t.Errorf("a remote cancel after a check-in: %+v, %v", got, changed)
	}
}
