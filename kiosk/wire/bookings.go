package wire

import (
	"github.com/motcua-kiosk/motcua/kiosk/bookings"
	"github.com/motcua-kiosk/motcua/kiosk/queue"
)

// Booking sync routes, bearer credential as for events (docs/bookings.md).
const (
	// PathBookingRules: PUT BookingRules; 204. The server books phone
	// bookings under the rules last put, against the config's services,
	// counters and zone.
	PathBookingRules = "/api/v1/bookings/rules"
	// PathBookingPush: POST BookingPush; 200 BookingPushAck. The hub's desk
	// bookings and every status change it made (check-in, cancel,
	// release), merged idempotently.
	PathBookingPush = "/api/v1/bookings/push"
	// PathBookingChanges: GET ?after=N[&limit=M]; 200 BookingChanges. What
	// the server changed for the credential's office (phone bookings, their
	// cancellations) after change number N.
	PathBookingChanges = "/api/v1/bookings/changes"
)

// MaxBookingBatch is the most bookings one push or one page of changes
// holds.
const MaxBookingBatch = 500

// BookingRules is the body of PUT PathBookingRules: the hub's queue
// configuration and booking rules, which the server validates together
// (bookings.Rules.Validate) before it books under them.
type BookingRules struct {
	Config queue.Config   `json:"config"`
	Rules  bookings.Rules `json:"rules"`
}

// BookingPush is the body of POST PathBookingPush. A booking's Phone is
// set only while it is open.
type BookingPush struct {
	Bookings []bookings.Booking `json:"bookings"`
}

// BookingPushAck answers a push: every booking of it is now merged
// (Stored counts the ones that changed something on the server).
type BookingPushAck struct {
	Stored int `json:"stored"`
}

// BookingChanges is a page of the server's booking changes for one office,
// in change order. Next is the cursor to ask after next time (the last
// change's number, or the request's when there is none); More says
// another page is waiting.
type BookingChanges struct {
	Bookings []bookings.Booking `json:"bookings"`
	Next     int64              `json:"next"`
	More     bool               `json:"more,omitempty"`
}
