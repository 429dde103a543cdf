package bookings

import (
	"fmt"
	"time"
)

// Outcome is what a check-in at the kiosk comes to.
type Outcome string

// Check-in outcomes. Only OutcomeBooked gives a booked ticket; OutcomeLate
// and OutcomeReleased offer a normal ticket instead and say why; the
// others give nothing.
const (
	OutcomeBooked    Outcome = "booked"    // within the window: a booked ticket
	OutcomeEarly     Outcome = "early"     // before the window: come back at Decision.From
	OutcomeLate      Outcome = "late"      // after the window: a normal ticket
	OutcomeReleased  Outcome = "released"  // the place was already released: a normal ticket
	OutcomeUsed      Outcome = "used"      // already checked in
	OutcomeCancelled Outcome = "cancelled" // the booking was cancelled
	OutcomeUnknown   Outcome = "unknown"   // no booking has this code
)

// Decision is the check-in rule's answer, with the sentence the kiosk
// shows in both languages.
type Decision struct {
	Outcome Outcome
	// WaitFrom is when a booked ticket's wait counts from (OutcomeBooked).
	WaitFrom time.Time
	// From and Until bound the check-in window of the booking.
	From, Until time.Time
	Vi, En      string
}

// Normal reports whether the kiosk should offer a normal ticket instead.
func (d Decision) Normal() bool { return d.Outcome == OutcomeLate || d.Outcome == OutcomeReleased }

// Window is the check-in window of a slot starting at start: from early
// before to late after.
func (r Rules) Window(start time.Time) (from, until time.Time) {
	return start.Add(-time.Duration(r.EarlyMinutes) * time.Minute), start.Add(time.Duration(r.LateMinutes) * time.Minute)
}

// Decide is the check-in rule, a pure function of the booking found for
// the code (nil for none), the moment and the rules; times it words are
// in loc, the office's zone. From EarlyMinutes before the slot to
// LateMinutes after (both ends included) the citizen gets a booked ticket
// whose wait counts from the later of now and the slot's start (less
// HeadStartMinutes, 0 by default).
func Decide(b *Booking, now time.Time, r Rules, loc *time.Location) Decision {
	if b == nil {
		return Decision{Outcome: OutcomeUnknown,
			Vi: "Không tìm thấy lịch hẹn với mã này. Xin kiểm tra lại mã, hoặc lấy số thường.",
			En: "No booking has this code. Please check the code, or take a normal ticket."}
	}
	from, until := r.Window(b.Start)
	d := Decision{From: from, Until: until}
	slot := b.Start.In(loc).Format("15:04")
	switch b.Status {
	case StatusCheckedIn:
		d.Outcome = OutcomeUsed
		at := ""
		if b.EndedAt != nil {
			at = b.EndedAt.In(loc).Format("15:04")
		}
		d.Vi = fmt.Sprintf("Mã hẹn này đã được dùng để lấy số lúc %s.", at)
		d.En = fmt.Sprintf("This booking was already checked in at %s.", at)
		return d
	case StatusCancelled:
		d.Outcome = OutcomeCancelled
		d.Vi, d.En = "Lịch hẹn này đã được huỷ. Ông/bà có thể lấy số thường.", "This booking was cancelled. You may take a normal ticket."
		return d
	case StatusReleased:
		d.Outcome = OutcomeReleased
		d.Vi = fmt.Sprintf("Lịch hẹn lúc %s đã hết hiệu lực vì đã quá giờ xác nhận. Mời ông/bà lấy số thường.", slot)
		d.En = fmt.Sprintf("The booking at %s has lapsed: its check-in time has passed. Please take a normal ticket.", slot)
		return d
	}
	switch {
	case now.Before(from):
		d.Outcome = OutcomeEarly
		day := ""
		if b.Start.In(loc).Format(time.DateOnly) != now.In(loc).Format(time.DateOnly) {
			day = " ngày " + b.Start.In(loc).Format("02/01/2006")
		}
		dayEN := ""
		if day != "" {
			dayEN = " on " + b.Start.In(loc).Format("02/01/2006")
		}
		d.Vi = fmt.Sprintf("Lịch hẹn của ông/bà là lúc %s%s. Mời ông/bà quay lại xác nhận từ %s.", slot, day, from.In(loc).Format("15:04"))
		d.En = fmt.Sprintf("Your booking is at %s%s. Please check in from %s.", slot, dayEN, from.In(loc).Format("15:04"))
	case now.After(until):
		d.Outcome = OutcomeLate
		d.Vi = fmt.Sprintf("Ông/bà đến muộn hơn %d phút so với giờ hẹn %s nên lịch hẹn không còn được giữ chỗ. Mời ông/bà lấy số thường.", r.LateMinutes, slot)
		d.En = fmt.Sprintf("You are more than %d minutes past your %s booking, so its place is no longer held. Please take a normal ticket.", r.LateMinutes, slot)
	default:
		d.Outcome = OutcomeBooked
		d.WaitFrom = WaitFrom(b.Start, now).Add(-time.Duration(r.HeadStartMinutes) * time.Minute)
		d.Vi = fmt.Sprintf("Đã xác nhận lịch hẹn lúc %s. Mời ông/bà nhận số.", slot)
		d.En = fmt.Sprintf("Your %s booking is confirmed. Here is your ticket.", slot)
	}
	return d
}

// WaitFrom is when a booked ticket's wait counts from: the later of its
// check-in and its slot's start. A citizen who comes early waits as if
// they had come at the slot; one who comes late, from their arrival. The
// queue engine orders every ticket by this time (queue.Ticket.WaitFrom),
// walk-ins by their arrival.
func WaitFrom(slotStart, checkIn time.Time) time.Time {
	if checkIn.After(slotStart) {
		return checkIn
	}
	return slotStart
}

// Due reports whether an open booking's place should be released at now:
// its check-in window has ended.
func Due(b Booking, now time.Time, r Rules) bool {
	_, until := r.Window(b.Start)
	return b.Open() && now.After(until)
}
