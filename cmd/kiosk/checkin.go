package main

import (
	"context"
	"time"

	"github.com/motcua-kiosk/motcua/kiosk/hub"
	"github.com/motcua-kiosk/motcua/kiosk/store"
	"github.com/motcua-kiosk/motcua/kiosk/ui/dispenser"
)

// kioskBookings is the dispenser's booking check-in over the embedded hub
// (issue 14). The rules are read from the store each time the home screen
// is drawn, so that `kiosk bookings rules` (another process) or the admin
// menu turning bookings on shows "Tôi đã đặt lịch hẹn" without a restart.
type kioskBookings struct {
	hub   *hub.Hub
	store *store.Store
}

var _ dispenser.Bookings = kioskBookings{}

// Bookable implements dispenser.Bookings: some service takes bookings.
func (b kioskBookings) Bookable() bool {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	r, err := b.store.BookingRules(ctx)
	return err == nil && len(r.Services) > 0
}

// CheckIn implements dispenser.Bookings.
func (b kioskBookings) CheckIn(ctx context.Context, text, priority string) (hub.CheckIn, error) {
	return b.hub.CheckIn(ctx, text, priority)
}
