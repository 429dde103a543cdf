package dispenser

import (
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"

	"github.com/motcua-kiosk/motcua/kiosk/ui"
)

// drawn walks the visible tree under o and calls f on every canvas
// object the GL painter would give a texture (images and text).
func drawn(o fyne.CanvasObject, f func(fyne.CanvasObject)) {
	if !o.Visible() {
		return
	}
	switch v := o.(type) {
	case *fyne.Container:
		for _, c := range v.Objects {
			drawn(c, f)
		}
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(v).Objects() {
			drawn(c, f)
		}
	case *canvas.Image, *canvas.Text:
		f(o)
	}
}

// TestDispenser_NoNewTexturesPerTicket issues a dozen tickets and checks
// what the GL driver would upload for each: the images (icons, QR) must
// stay the same objects, since the driver keys an image's texture by its
// object and keeps it a minute after the object is gone; and no drawn
// string may carry a whole ticket number or count, since text textures are
// keyed by string: "A001" … "A999" must be drawn from ten digits. Every
// string must name its font (ui.Text does), or Fyne parses its whole
// fallback chain of fonts for it (docs/perf/ui.md).
func TestDispenser_NoNewTexturesPerTicket(t *testing.T) {
	for _, size := range []fyne.Size{portrait, landscape} {
		t.Run(fmt.Sprint(size), func(t *testing.T) {
			r := newRig(t, openConfig(0), size)
			images := map[*canvas.Image]bool{}
			texts := map[string]bool{}
			themed := map[string]bool{} // drawn in the theme's font chain
			snapshot := func() (fresh int) {
				ui.Locked(func() {
					drawn(r.w.Canvas().Content(), func(o fyne.CanvasObject) {
						switch v := o.(type) {
						case *canvas.Image:
							if !images[v] {
								fresh++
								images[v] = true
							}
						case *canvas.Text:
							texts[v.Text] = true
							if v.FontSource == nil {
								themed[v.Text] = true
							}
						}
					})
				})
				return fresh
			}
			const tickets = 12
			for i := range tickets {
				snapshot()
				tap(r.d.ServiceButton("A"))
				waitFor(t, "ticket screen", func() bool { return r.d.Screen() == ScreenTicket })
				waitFor(t, "printed", func() bool { return r.d.PrintState() == "printed" })
				if fresh := snapshot(); i >= 2 && fresh > 0 {
					t.Errorf("ticket %d: %d new images on the ticket screen, want 0", i+1, fresh)
				}
				tap(r.d.DoneButton())
				if fresh := snapshot(); i >= 2 && fresh > 0 {
					t.Errorf("after ticket %d: %d new images on the home screen, want 0", i+1, fresh)
				}
			}
			for s := range themed {
				t.Errorf("%q is drawn without a font source: Fyne loads its emoji and system fonts for it", s)
			}
			for s := range texts {
				if strings.ContainsAny(s, "0123456789") && len(s) > 1 {
					t.Errorf("%q is drawn whole: a texture per distinct number", s)
				}
			}
			if got, want := r.d.Issued().Ticket.Number, fmt.Sprintf("A%03d", tickets); got != want {
				t.Errorf("last ticket %q, want %q", got, want)
			}
		})
	}
}
