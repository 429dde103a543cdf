package rating

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/motcua-kiosk/motcua/kiosk/queue"
	"github.com/motcua-kiosk/motcua/kiosk/ui"
)

// TestFlow_TapGuard: taps go through the window, as a finger's do. The
// second tap of a double tap on a star, landing on the reasons screen that
// has just opened, toggles no reason; a tap there once TapGuard has passed
// does.
func TestFlow_TapGuard(t *testing.T) {
	test.NewTempApp(t)
	clock := &ui.FakeTimers{}
	var (
		f *Flow
		w fyne.Window
	)
	ui.Locked(func() {
		f = NewForTicket(Options{Lang: ui.LangVI, AfterFunc: clock.AfterFunc},
			queue.Ticket{ID: "t1", Number: "A012", Service: "A", Status: queue.StatusDone})
		w = test.NewWindow(f.Content())
		w.Resize(fyne.NewSize(1080, 1920))
	})
	centre := func(o fyne.CanvasObject) (p fyne.Position) {
		ui.Locked(func() {
			at := fyne.CurrentApp().Driver().AbsolutePositionForObject(o)
			p = at.Add(fyne.NewPos(o.Size().Width/2, o.Size().Height/2))
		})
		return p
	}
	tapAt := func(p fyne.Position) { ui.Locked(func() { test.TapCanvas(w.Canvas(), p) }) }

	star := centre(f.Star(2))
	tapAt(star)
	if got := f.Stage(); got != StageStars {
		t.Fatalf("a tap on a star as the stars opened went to %q", got)
	}
	clock.Advance(TapGuard)
	tapAt(star)
	if got := f.Stage(); got != StageReasons {
		t.Fatalf("a tap on 2 stars once the guard is down: stage %q, want reasons", got)
	}
	first := centre(f.Reason(queue.Reasons[0]))
	tapAt(first)
	tapAt(centre(f.Send()))
	if len(f.reasons) != 0 || f.Stage() != StageReasons {
		t.Fatalf("taps at once after the reasons opened: reasons %v, stage %q; want none and still the reasons", f.reasons, f.Stage())
	}
	clock.Advance(TapGuard)
	tapAt(first)
	if !f.reasons[queue.Reasons[0]] {
		t.Errorf("a tap on %q after the guard did not choose it", queue.Reasons[0])
	}
}
