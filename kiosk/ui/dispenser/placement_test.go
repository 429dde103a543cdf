package dispenser

import (
	"fmt"
	"testing"

	"fyne.io/fyne/v2"

	"github.com/motcua-kiosk/motcua/kiosk/ui"
)

// rect is a drawn object's place in the window.
type rect struct{ x, y, w, h float32 }

func (a rect) intersects(b rect) bool {
	return a.x < b.x+b.w && b.x < a.x+a.w && a.y < b.y+b.h && b.y < a.y+a.h
}

func (a rect) String() string { return fmt.Sprintf("(%.0f,%.0f %.0f×%.0f)", a.x, a.y, a.w, a.h) }

// placeOf is where o is drawn in w, from the rendered objects.
func placeOf(w fyne.Window, o fyne.CanvasObject) rect {
	d := fyne.CurrentApp().Driver()
	p := d.AbsolutePositionForObject(o).Subtract(d.AbsolutePositionForObject(w.Canvas().Content()))
	s := o.Size()
	return rect{p.X, p.Y, s.Width, s.Height}
}

// TestDispenser_LanguageKeyNotUnderDone: the ticket screen closes by
// itself, and a finger already on its way to "Xong — quay lại màn hình
// chính" lands on the home screen. The language keys must not be there,
// or a late tap turns the kiosk English for the next citizen. Checked on
// the rendered objects, in both orientations and both languages.
func TestDispenser_LanguageKeyNotUnderDone(t *testing.T) {
	for _, size := range []fyne.Size{portrait, landscape} {
		for _, lang := range []ui.Lang{ui.LangVI, ui.LangEN} {
			t.Run(fmt.Sprintf("%vx%v-%s", size.Width, size.Height, lang), func(t *testing.T) {
				r := newRig(t, openConfig(0), size)
				tap(r.d.LangButton(lang))
				tap(r.d.ServiceButton("A"))
				waitFor(t, "ticket screen", func() bool { return r.d.Screen() == ScreenTicket })
				var done rect
				ui.Locked(func() { done = placeOf(r.w, r.d.DoneButton()) })
				if done.w == 0 || done.h == 0 {
					t.Fatalf("done key not drawn: %v", done)
				}
				ui.Locked(func() { r.d.Home() })
				for _, l := range []ui.Lang{ui.LangVI, ui.LangEN} {
					ui.Locked(func() {
						key := placeOf(r.w, r.d.LangButton(l))
						if key.w == 0 || key.h == 0 {
							t.Fatalf("language key %s not drawn: %v", l, key)
						}
						if key.intersects(done) {
							t.Errorf("language key %q %v lies under the ticket screen's done key %v", r.d.LangButton(l).Title, key, done)
						}
					})
				}
			})
		}
	}
}
