package admin

import (
	"context"
	"flag"
	"image/png"
	"os"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/motcua-kiosk/motcua/kiosk/ui"
)

var shot = flag.String("screenshot", "", "write the printer page to this PNG (docs/screenshots)")

// TestMenu_Reprint: on the printer page the admin types a ticket number on
// the on-screen keyboard and taps "In lại phiếu".
func TestMenu_Reprint(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	(Guard{Meta: r.st, Now: time.Now}).SetPIN(ctx, "1234")
	var mu sync.Mutex
	var asked []string
	var m *Menu
	var w fyne.Window
	ui.Locked(func() {
		m = New(Options{Hub: r.h, Store: r.st, Settings: r.sf, Now: func() time.Time { return r.now },
			Reprint: func(ctx context.Context, number string) error {
				mu.Lock()
				asked = append(asked, number)
				mu.Unlock()
				return nil
			}})
		w = test.NewWindow(m.Content())
		w.Resize(fyne.NewSize(1080, 1920))
	})
	typePIN(m, "1234")
	waitFor(t, "menu", func() bool { return m.Stage() == StageMenu })
	tap(m.Section("printer"))
	tap(m.ReprintButton())
	waitFor(t, "ask for a number", func() bool { return m.StatusText() == ui.Tr{Lang: ui.LangVI}.L("admin.printer.reprint_which") })
	tap(m.Form().Field("reprint"))
	ui.Locked(func() {
		m.Keyboard().Type("a12")
		test.Tap(m.Keyboard().Key("OK"))
	})
	tap(m.ReprintButton())
	waitFor(t, "reprinted", func() bool { return m.StatusText() == "Đã in lại phiếu A12" })
	mu.Lock()
	defer mu.Unlock()
	if len(asked) != 1 || asked[0] != "A12" {
		t.Errorf("reprint asked for %v", asked)
	}
	if *shot != "" {
		ui.Locked(func() {
			f, err := os.Create(*shot)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			png.Encode(f, w.Canvas().Capture())
		})
	}
}
