// Package bookings is the central server's side of issue 14's bookings:
// the citizen's phone bookings (server/web's booking page calls it) and
// the booking sync with each office hub (device-authenticated routes that
// kiosk/syncer calls).
//
// It holds no booking rule of its own. Each office's hub puts its queue
// configuration and booking rules (wire.BookingRules); the server books
// with kiosk/bookings' Desk under those rules, over Store, this package's
// bookings.Store on the server database (server/db's tables bookings and
// booking_offices). Every write for one office runs in one transaction
// that first takes the office's row, so that on PostgreSQL two server
// processes never give away the last place of a slot twice, and a
// rejected request leaves nothing behind.
//
// Each write numbers the office's change (booking_offices.seq). The hub
// pulls the changes the server made (src 'server') after its cursor and
// pushes its own, and both sides reconcile a booking with
// kiosk/bookings.Merge, so any number of pulls or pushes in any order
// settle on the same booking. docs/bookings.md gives the capacity
// authority and the outage conflict.
//
// The phone number lives in its own column only while the booking is
// open; every write that ends a booking clears it (Decree 61/2018 Art.
// 27.3), on the server as in the hub's store.
package bookings
