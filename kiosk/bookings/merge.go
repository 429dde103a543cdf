package bookings

// rank orders statuses for Merge: a booking only moves forward, and a
// check-in, which only the hub sees happen, outranks the ends the other
// side may have decided meanwhile (a cancel on the phone, the server's
// release sweep).
func rank(s Status) int {
	switch s {
	case StatusBooked:
		return 0
	case StatusCancelled, StatusReleased:
		return 1
	case StatusCheckedIn:
		return 2
	}
	return -1
}

// Merge is how the hub and the central server reconcile two copies of one
// booking (the same code): the one further in its life wins (booked <
// cancelled = released < checked in); between two ends of equal rank the
// copy already held stays. It returns the booking to keep and whether it
// differs from have. Merge is idempotent and commutative in outcome, so a
// change pulled or pushed any number of times, in any order, settles both
// sides on the same booking. A closed result never holds a phone number.
func Merge(have, got Booking) (Booking, bool) {
	if rank(got.Status) <= rank(have.Status) {
		return have, false
	}
	out := have
	out.Status, out.EndedAt, out.TicketID = got.Status, got.EndedAt, got.TicketID
	if !out.Open() {
		out.Phone = ""
	}
	return out, true
}
