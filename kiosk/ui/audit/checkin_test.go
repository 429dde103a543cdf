package audit

import (
	"bytes"
	"context"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"

	"github.com/motcua-kiosk/motcua/kiosk/bookings"
	"github.com/motcua-kiosk/motcua/kiosk/hub"
	"github.com/motcua-kiosk/motcua/kiosk/ui"
	"github.com/motcua-kiosk/motcua/kiosk/ui/checkin"
	"github.com/motcua-kiosk/motcua/kiosk/ui/dispenser"
)

// auditBookings answers check-ins by code: one too early, one too late;
// hold keeps an answer back (the loading page stays up).
type auditBookings struct {
	early, late string

	mu   sync.Mutex
	hold chan struct{}
}

func (b *auditBookings) Bookable() bool { return true }

func (b *auditBookings) CheckIn(ctx context.Context, text, _ string) (hub.CheckIn, error) {
	b.mu.Lock()
	hold := b.hold
	b.mu.Unlock()
	if hold != nil {
		select {
		case <-hold:
		case <-ctx.Done():
			return hub.CheckIn{}, ctx.Err()
		}
	}
	code, err := bookings.ParseCode(text)
	if err != nil {
		return hub.CheckIn{Outcome: hub.OutcomeInvalid, Message: bookings.Message(err, "vi"), MessageEN: bookings.Message(err, "en")}, nil
	}
	slot := fixedNow.Add(time.Hour)
	switch code {
	case b.early:
		return hub.CheckIn{Outcome: string(bookings.OutcomeEarly), Service: "A", Slot: &slot,
			Message: "Ông/bà đến sớm. Mời quay lại xác nhận từ 10:15.", MessageEN: "You are early. Please come back to check in from 10:15."}, nil
	case b.late:
		return hub.CheckIn{Outcome: string(bookings.OutcomeLate), Service: "A",
			Message: "Ông/bà đến muộn: lịch hẹn đã quá giờ. Mời lấy số thường.", MessageEN: "You are late: the booked time has passed. Please take a normal ticket."}, nil
	}
	return hub.CheckIn{Outcome: string(bookings.OutcomeUnknown), Message: "Không tìm thấy lịch hẹn với mã này.", MessageEN: "No booking has this code."}, nil
}

func (b *auditBookings) holdOn() (release func()) {
	ch := make(chan struct{})
	b.mu.Lock()
	b.hold = ch
	b.mu.Unlock()
	return func() {
		b.mu.Lock()
		b.hold = nil
		b.mu.Unlock()
		close(ch)
	}
}

func bookingCode(t *testing.T, seed byte) string {
	t.Helper()
	c, err := bookings.NewCode(bytes.NewReader(bytes.Repeat([]byte{seed}, 64)))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// checkinRows walks the booking check-in (issue 14), opened from the home
// screen's "Tôi đã đặt lịch hẹn": the enter page with its keyboard, the
// loading page (the hub slow to answer), an unknown code said beside the
// field, too early, and too late with its "Lấy số thường".
func checkinRows(t *testing.T, lang ui.Lang, size fyne.Size) []row {
	b := &auditBookings{early: bookingCode(t, 1), late: bookingCode(t, 2)}
	e := newEnv(t, lang, size, func(o *dispenser.Options) { o.Bookings = b })
	var rows []row
	rows = append(rows, e.row("dispenser home, with \"Tôi đã đặt lịch hẹn\"", e.lookAs("dispenser home with check-in key"), "as dispenser home", ""))
	e.tapf(func() fyne.Tappable { return e.d.CheckInButton() })
	e.waitScreen(dispenser.ScreenCheckIn)
	var s *checkin.Screen
	ui.Locked(func() { s = e.d.CheckIn() })
	page := func(name string, want checkin.Page) {
		e.t.Helper()
		for end := time.Now().Add(30 * time.Second); ; time.Sleep(time.Millisecond) {
			var got checkin.Page
			answered := true // a refusal on the enter page: once it is said
			ui.Locked(func() {
				got = s.Page()
				if want == checkin.PageEnter && name != "check-in: enter code" {
					answered = s.Message() != ""
				}
			})
			if got == want && answered {
				break
			}
			if time.Now().After(end) {
				e.t.Fatalf("%s: check-in page %s, want %s", name, got, want)
			}
		}
		e.settle()
		d := e.lookAs(name)
		tm, p := e.warned(s.Countdown, func() (ok bool) { ui.Locked(func() { ok = s.Page() == want }); return ok })
		rows = append(rows, e.row(name, d, tm, p))
		ui.Locked(func() { s.Countdown().Extend() })
	}
	submit := func(code string) { ui.Locked(func() { s.Submit(code) }) }
	page("check-in: enter code", checkin.PageEnter)
	release := b.holdOn()
	submit(b.early)
	page("check-in: loading", checkin.PageLoading)
	release()
	page("check-in: too early", checkin.PageEarly)
	ui.Locked(func() { e.d.ScannedCode(bookingCode(t, 3)) })
	page("check-in: unknown code", checkin.PageEnter)
	submit(b.late)
	page("check-in: too late", checkin.PageLate)
	e.home()
	return rows
}
