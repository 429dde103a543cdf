package dispenser

import (
	"flag"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"

	"github.com/motcua-kiosk/motcua/kiosk/ui"
)

// shots, when set, is the directory the screens below are written to as
// PNGs:
//
//	go test -tags ci ./kiosk/ui/dispenser -run Screens -screenshots $PWD/docs/screenshots
var shots = flag.String("screenshots", "", "write the dispenser's screens as PNGs into this directory (docs/screenshots)")

// TestDispenser_ScreensNoCounter draws the home screen and the ticket
// screen of an office whose counter for Hộ tịch (B) is not open yet, in
// both orientations and both languages; with -screenshots they are kept as
// dispenser-no-counter-{home,ticket}-ORIENT-LANG.png.
func TestDispenser_ScreensNoCounter(t *testing.T) {
	for _, c := range []struct {
		orient string
		size   fyne.Size
	}{{"portrait", portrait}, {"landscape", landscape}} {
		for _, lang := range []ui.Lang{ui.LangVI, ui.LangEN} {
			t.Run(c.orient+"-"+string(lang), func(t *testing.T) {
				cfg := openConfig(0)
				cfg.Office.Name = "UBND xã Hòa An — Trung tâm Phục vụ hành chính công"
				cfg.Office.NameEN = "Hoa An Commune — Public Administrative Service Centre"
				for i, icon := range []string{"land", "family", "work", "result"} {
					cfg.Services[i].Icon = icon
				}
				r := newRig(t, cfg, c.size)
				r.live(t)
				r.signIn(t, 1) // Đất đai only: B, C and D have no counter open
				ui.Locked(func() { r.w.SetContent(container.NewThemeOverride(r.d.Content(), ui.Theme{})) })
				tap(r.d.LangButton(lang))
				waitFor(t, "counter 1 on the tiles", func() bool { return r.d.open("A") == 1 })
				r.settle()
				r.capture(t, "dispenser-no-counter-home-"+c.orient+"-"+string(lang))

				tap(r.d.PriorityButton("elderly"))
				tap(r.d.ServiceButton("B"))
				waitFor(t, "printed", func() bool { return r.d.PrintState() == "printed" })
				tr := ui.Tr{Lang: lang}
				if got, want := waitText(r), tr.L("ticket.no_counter"); got != want {
					t.Errorf("ticket screen says %q, want %q", got, want)
				}
				r.settle()
				r.capture(t, "dispenser-no-counter-ticket-"+c.orient+"-"+string(lang))
			})
		}
	}
}

// capture writes the window as NAME.png into -screenshots, if given.
func (r *rig) capture(t *testing.T, name string) {
	t.Helper()
	if *shots == "" {
		return
	}
	path := filepath.Join(*shots, name+".png")
	ui.Locked(func() {
		f, err := os.Create(path)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if err := png.Encode(f, r.w.Canvas().Capture()); err != nil {
			t.Fatal(err)
		}
	})
	t.Logf("wrote %s", path)
}
