package dispenser

import (
	"context"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"

	"github.com/motcua-kiosk/motcua/kiosk/bookings"
	"github.com/motcua-kiosk/motcua/kiosk/hub"
	"github.com/motcua-kiosk/motcua/kiosk/queue"
	"github.com/motcua-kiosk/motcua/kiosk/ui"
	"github.com/motcua-kiosk/motcua/kiosk/ui/checkin"
)

// ScreenCheckIn is the booking check-in (issue 14).
const ScreenCheckIn = "checkin"

// Bookings is the office's appointments as the kiosk sees them.
type Bookings interface {
	// Bookable reports whether some service takes bookings: without, the
	// home screen shows no "Tôi đã đặt lịch hẹn". It is asked whenever the
	// home screen is shown, so it must answer quickly.
	Bookable() bool
	// CheckIn checks in the booking whose code is text with the citizen's
	// priority (""), as hub.Hub.CheckIn: every outcome is an answer.
	CheckIn(ctx context.Context, text, priority string) (hub.CheckIn, error)
}

// bookingState is the dispenser's part of the check-in.
type bookingState struct {
	screen *checkin.Screen // the open check-in, nil elsewhere
	key    *ui.BigButton   // the home key, nil without bookings
}

// CheckInButton is the home screen's "Tôi đã đặt lịch hẹn", nil when no
// service takes bookings (tests).
func (d *Dispenser) CheckInButton() *ui.BigButton { return d.booking.key }

// CheckIn is the open check-in, nil elsewhere (tests).
func (d *Dispenser) CheckIn() *checkin.Screen { return d.booking.screen }

// bookable reports whether the home screen offers the check-in.
func (d *Dispenser) bookable() bool { return d.o.Bookings != nil && d.o.Bookings.Bookable() }

// withBookingKey puts "Tôi đã đặt lịch hẹn" across the screen above the
// bottom bar when some service takes bookings: a citizen who booked looks
// for it before the services, and it must not be mistaken for one.
func (d *Dispenser) withBookingKey(bottom *fyne.Container) *fyne.Container {
	d.booking.key = nil
	if !d.bookable() {
		return bottom
	}
	tr := d.tr()
	k := ui.NewBigButton(tr.L("home.checkin"), func() { d.showCheckIn("") })
	k.Lines = []string{tr.L("home.checkin.sub")}
	k.Fill, k.TitleSize, k.LineSize = ui.ColorSelected, ui.TextLarge, ui.TextBody
	d.booking.key = k
	return container.NewVBox(k, bottom)
}

// isBookingCode reports whether a scanned code is a booking's: its QR
// (the booking's page on the central server, "/b/CODE") or a bare code
// whose check symbol holds. A dossier code never passes ParseCode (dots,
// its length), nor a ticket's QR ("/t/").
func (d *Dispenser) isBookingCode(code string) bool {
	if !d.bookable() {
		return false
	}
	if base := strings.TrimRight(d.o.Settings().CentralURL, "/"); base != "" && strings.HasPrefix(strings.TrimSpace(code), base+"/b/") {
		return true
	}
	_, err := bookings.ParseCode(code)
	return err == nil
}

// showCheckIn opens the check-in in the citizen's language, on its
// keyboard, or with code ("" none) already being checked in.
func (d *Dispenser) showCheckIn(code string) {
	if d.screen != ScreenHome || d.o.Bookings == nil {
		return
	}
	prio := d.priority
	s := checkin.New(checkin.Options{
		CheckIn: func(ctx context.Context, text string) (hub.CheckIn, error) {
			return d.o.Bookings.CheckIn(ctx, text, prio)
		},
		Lang:      d.lang,
		OnBooked:  d.showTicket,
		OnNormal:  func(service string) { d.issueFrom(ScreenCheckIn, service) },
		OnClose:   d.Home,
		AfterFunc: d.o.AfterFunc,
		Speech:    d.o.Speech,
		Log:       d.o.Log,
	})
	d.set(ScreenCheckIn, s.Content())
	d.booking.screen = s
	if code != "" {
		s.Scanned(code)
	}
}

// leaveCheckIn stops the check-in's timers when the dispenser shows
// another screen.
func (d *Dispenser) leaveCheckIn(screen string) {
	if d.booking.screen != nil && screen != ScreenCheckIn {
		d.booking.screen.Stop()
		d.booking.screen = nil
	}
}

// ticketHeading is the ticket's heading on screen or on paper: a booked
// ticket says so, for the citizen and for the officer who reads it.
func ticketHeading(tr ui.Tr, t queue.Ticket, key string) string {
	if t.Booked() {
		return tr.L("ticket.booked")
	}
	return tr.L(key)
}
