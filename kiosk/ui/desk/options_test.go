//go:build ci

package desk

import (
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/motcua-kiosk/motcua/devices"
	"github.com/motcua-kiosk/motcua/kiosk/store"
	"github.com/motcua-kiosk/motcua/kiosk/ui/desk/stafftest"
)

// TestNew_OptionsPrinter: the printer and ticket address in Options are
// the ones the home-visit screen prints on (cmd/kiosk's desk passes the
// desk machine's printer this way).
func TestNew_OptionsPrinter(t *testing.T) {
	o := stafftest.Start(t, stafftest.Config(2))
	pr := &devices.FakePrinter{}
	d := New(test.NewTempApp(t), o.Client(store.RoleDesk, 1), 1, Options{Tick: -1, Lock: uiLock, Printer: pr,
		TicketURL: func(ref string) string { return "https://x.vn/t/" + ref }})
	t.Cleanup(d.Close)
	d.Sync(func() {
		v := d.vis()
		if v.printer != pr || v.ticketURL == nil || v.ticketURL("r1") != "https://x.vn/t/r1" {
			t.Errorf("the visit screen's printer = %v, ticket URL set %v", v.printer, v.ticketURL != nil)
		}
	})
}
