package dispenser

import (
	"testing"

	"fyne.io/fyne/v2"

	"github.com/motcua-kiosk/motcua/kiosk/ui"
)

// oneLine is the height of one line of the office name.
func oneLine() float32 {
	return fyne.MeasureText("Ấy", ui.TextTitle, fyne.TextStyle{Bold: true}).Height
}

// TestDispenser_HeaderLines: in portrait the office name takes one line when
// it fits on one and two when it is long, and the clock follows right under
// it (no empty line reserved, no overlap), whatever size the window had
// before.
func TestDispenser_HeaderLines(t *testing.T) {
	cases := []struct {
		name, office string
		first        fyne.Size // the window's size before portrait
		lines        int
	}{
		{"short", "UBND xã Hòa An", portrait, 1},
		{"fits one line", "Trung tâm Phục vụ hành chính công xã", portrait, 1},
		{"fits one line, was narrow", "Trung tâm Phục vụ hành chính công xã", fyne.NewSize(600, 1000), 1},
		{"long", "UBND xã Hòa An — Trung tâm Phục vụ hành chính công", portrait, 2},
		{"long, was landscape", "UBND xã Hòa An — Trung tâm Phục vụ hành chính công", landscape, 2},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cfg := openConfig(0)
			cfg.Office.Name = c.office
			r := newRig(t, cfg, c.first)
			ui.Locked(func() {
				r.w.Resize(portrait)
				name, clock := r.d.home.name, r.d.clock
				h := oneLine()
				if got, want := name.Size().Height, float32(c.lines)*h; got != want {
					t.Errorf("name %q is %.1f high, want %.1f (%d line(s))", c.office, got, want, c.lines)
				}
				if got, want := clock.Position().Y, name.Position().Y+float32(c.lines)*h; got < want || got > want+ui.TextBody {
					t.Errorf("clock at y=%.1f, want right under the name's %d line(s) at y=%.1f", got, c.lines, want)
				}
			})
		})
	}
}
