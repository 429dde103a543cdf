//go:build ci

package desk

import (
	"flag"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/motcua-kiosk/motcua/kiosk/store"
	"github.com/motcua-kiosk/motcua/kiosk/ui/desk/stafftest"
)

var dossierShots = flag.String("dossier-shots", "", "write the dossier panel's screenshots into this directory (docs/screenshots)")

// shoot writes the desk's window as desk-dossiers-WHAT-LANG.png when
// -dossier-shots is given.
func shoot(t *testing.T, d *Desk, what, lang string) {
	t.Helper()
	if *dossierShots == "" {
		return
	}
	path := filepath.Join(*dossierShots, "desk-dossiers-"+what+"-"+lang+".png")
	d.Sync(func() {
		f, err := os.Create(path)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if err := png.Encode(f, d.win.Canvas().Capture()); err != nil {
			t.Fatal(err)
		}
	})
	t.Logf("wrote %s", path)
}

func openDeskLang(t *testing.T, o *stafftest.Office, lang string) *Desk {
	t.Helper()
	a := test.NewTempApp(t)
	d := New(a, o.Client(store.RoleDesk, 1), 1, Options{Tick: -1, Lock: uiLock, Lang: lang})
	t.Cleanup(d.Close)
	eventually(t, "the desk is connected", d.Sync, func() bool { return d.m.connected && !d.signInBtn.Disabled() })
	d.Sync(func() {
		d.officerIn.SetText(stafftest.Officer(1))
		d.pinIn.SetText(stafftest.OfficerPIN)
		test.Tap(d.signInBtn)
	})
	eventually(t, "the officer is signed in", d.Sync, func() bool { return d.m.officer != "" })
	return d
}

// TestDesk_AttachDossiers: with a ticket called, the officer scans two
// slips (one a QR look-up URL, one a code with scanner noise) and types a
// wrong code, which gets the parser's sentence and reaches no hub; a code
// is removed; the hub holds exactly the codes the panel shows; once the
// ticket is finished the panel goes away. Both languages.
func TestDesk_AttachDossiers(t *testing.T) {
	for _, tc := range []struct {
		lang, bad, added, none, heading string
	}{
		{"vi", "ngày tiếp nhận không có thật", "Đã gắn hồ sơ", "Chưa gắn hồ sơ nào", "Hồ sơ của phiếu"},
		{"en", "received date that does not exist", "attached", "No dossier attached yet", "Dossiers of ticket"},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			o := stafftest.Start(t, stafftest.Config(2))
			d := openDeskLang(t, o, tc.lang)
			var hidden bool
			d.Sync(func() { hidden = !d.dos.attachRow.Visible() })
			if !hidden {
				t.Error("the attach field shows with no ticket at the counter")
			}
			o.Issue("A", 1)
			d.Sync(func() { test.Tap(d.callBtn) })
			eventually(t, "a ticket is called", d.Sync, func() bool { return d.m.current != nil && d.dos.attachRow.Visible() })
			var title, none string
			d.Sync(func() {
				title = d.dos.title.Text
				if l, ok := d.dos.list.Objects[0].(*widget.Label); ok {
					none = l.Text
				}
			})
			if !strings.HasPrefix(title, tc.heading) || !strings.HasPrefix(none, tc.none) {
				t.Errorf("title %q, empty list %q", title, none)
			}
			shoot(t, d, "empty", tc.lang)
			scan := func(s string) {
				d.Sync(func() {
					d.dos.in.SetText(s)
					d.dos.in.OnSubmitted(s) // the scanner's Enter
				})
			}
			scan("https://motcua.example.gov.vn/hs/000.00.13.H12-261207-0001?secretKey=ABCDEFGHIJKLMNOP")
			eventually(t, "the first code shows", d.Sync, func() bool { return len(d.dos.codes) == 1 && !d.dos.busy })
			scan("]Q1H12.22-261207-0002\r")
			eventually(t, "the second code shows", d.Sync, func() bool { return len(d.dos.codes) == 2 && !d.dos.busy })
			var status string
			d.Sync(func() { status = d.dos.status.Text })
			if !strings.Contains(status, tc.added) {
				t.Errorf("after attaching: %q", status)
			}
			shoot(t, d, "attached", tc.lang)
			d.Sync(func() {
				d.dos.in.SetText("000.00.13.H12-260231-0003")
				test.Tap(d.dos.add)
				status = d.dos.status.Text
			})
			if !strings.Contains(status, tc.bad) || !strings.Contains(status, "31/02/2026") {
				t.Errorf("a wrong code says %q", status)
			}
			shoot(t, d, "bad-code", tc.lang)
			api := o.Client(store.RoleDesk, 1)
			var ticket string
			d.Sync(func() { ticket = d.m.current.ID })
			got, err := api.TicketDossiers(t.Context(), ticket)
			if err != nil || strings.Join(got.Dossiers, " ") != "000.00.13.H12-261207-0001 H12.22-261207-0002" {
				t.Fatalf("the hub holds %v (%v)", got.Dossiers, err)
			}
			// Remove the first one with its row's button.
			d.Sync(func() { test.Tap(rowButton(d, 0)) })
			eventually(t, "the code is removed", d.Sync, func() bool { return len(d.dos.codes) == 1 && !d.dos.busy })
			if got, _ := api.TicketDossiers(t.Context(), ticket); len(got.Dossiers) != 1 || got.Dossiers[0] != "H12.22-261207-0002" {
				t.Errorf("after removing, the hub holds %v", got.Dossiers)
			}
			d.Sync(func() { test.Tap(d.completeBtn) })
			eventually(t, "the finished ticket's attach field goes", d.Sync, func() bool { return d.m.current == nil && !d.dos.attachRow.Visible() })
		})
	}
}

// rowButton is the "Bỏ" button of the i-th code's row.
func rowButton(d *Desk, i int) *widget.Button {
	for _, o := range d.dos.list.Objects[i].(*fyne.Container).Objects {
		if b, ok := o.(*widget.Button); ok {
			return b
		}
	}
	return nil
}
