// Package bookings is the office's appointments (đặt lịch hẹn): the
// booking rules of each service (slots per weekday, the booking window,
// blackout days, the share of capacity bookings may take), bookings with
// a short code and a QR payload, the check-in rule at the kiosk, the
// release of bookings nobody came for, and the effective wait time that
// blends a checked-in booking fairly with walk-ins in the queue engine.
//
// Like kiosk/queue it is plain Go with an injected clock and no I/O: the
// bookings live behind the small Store interface (kiosk/store implements
// it in SQLite, MemStore here in memory), and every time a person reads is
// in the office's zone (queue.Config.Location), never the machine's.
//
// A booking keeps the citizen's phone number only while the booking is
// open; checking in, cancelling or releasing erases it in the same write,
// before any ticket (and so any rating) exists, so that no rating can be
// joined to a phone number (Decree 61/2018 Art. 27.3).
package bookings
