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
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"

	"github.com/motcua-kiosk/motcua/devices"
	"github.com/motcua-kiosk/motcua/kiosk/ui/desk/stafftest"
	"github.com/motcua-kiosk/motcua/kiosk/visits"
)

var visitShots = flag.String("visit-shots", "", "write the home-visit screen's screenshots into this directory (docs/screenshots)")

func shootVisit(t *testing.T, d *Desk, what, lang string) {
	t.Helper()
	if *visitShots == "" {
		return
	}
	path := filepath.Join(*visitShots, "desk-home-visit-"+what+"-"+lang+".png")
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

// TestDesk_HomeVisits: the officer opens "Tận nhà" from the main screen,
// saves an empty form (each field's sentence shows beside it, nothing is
// stored), fills it in (scheduled on the office's visit day with its
// ticket number), marks it done (the address and phone leave the screen
// and the hub) and prints the day's run list of the other visit: a cover
// and one slip whose QR is the visit ticket's page. Both languages.
func TestDesk_HomeVisits(t *testing.T) {
	for _, tc := range []struct{ lang, phoneErr, saved, erased string }{
		{"vi", "Số điện thoại", "Đã xếp lịch TN-001", "đã xóa địa chỉ"},
		{"en", "10-digit", "Scheduled TN-001", "address and phone erased"},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			o := stafftest.Start(t, stafftest.Config(2))
			d := openDeskLang(t, o, tc.lang)
			d.win.Resize(fyne.NewSize(1200, 800))
			pr := &devices.FakePrinter{}
			d.SetVisitPrinter(pr, func(ref string) string { return "https://motcua.example.vn/t/" + ref })
			var v *visitScreen
			d.Sync(func() {
				v = d.vis()
				v.open()
			})
			eventually(t, "the dialog is open", d.Sync, func() bool { return v.dlg != nil && v.day != nil })
			d.Sync(func() { test.Tap(v.save) })
			eventually(t, "the errors show", d.Sync, func() bool { return v.errs["procedure_name"].Visible() })
			// Then the phone: fill all but a bad phone.
			d.Sync(func() {
				v.proc.SetSelectedIndex(0)
				if v.service.SelectedIndex() < 0 {
					v.service.SetSelectedIndex(0)
				}
				v.citizen.SetText("Nguyễn Kim Anh")
				v.phone.SetText("09123")
				v.area.SetText("Khu vực Bình An")
				v.address.SetText("Số 12, đường Nguyễn Trãi")
				v.reason.SetSelected(visits.ReasonIll.Label(tc.lang))
				test.Tap(v.save)
			})
			eventually(t, "the phone's error shows", d.Sync, func() bool {
				return v.errs["phone"].Visible() && strings.Contains(v.errs["phone"].Text, tc.phoneErr) && !v.errs["procedure_name"].Visible()
			})
			shootVisit(t, d, "errors", tc.lang)
			if got, _ := o.Hub().Visits(t.Context(), "2026-01-01", "2030-01-01"); len(got.Visits) != 0 {
				t.Fatalf("a refused form stored %d visits", len(got.Visits))
			}
			for _, phone := range []string{"0912345678", "0987654321"} {
				d.Sync(func() {
					v.phone.SetText(phone)
					if v.citizen.Text == "" {
						v.citizen.SetText("Lê Văn Ba")
						v.address.SetText("Số 4, hẻm 12")
					}
					test.Tap(v.save)
				})
				eventually(t, "the visit is saved", d.Sync, func() bool { return v.save.Disabled() == false && strings.Contains(v.msg.Text, "TN-00") })
			}
			eventually(t, "both visits are listed", d.Sync, func() bool { return len(v.list.Objects) == 2 })
			var msg string
			d.Sync(func() { msg = v.msg.Text })
			if !strings.Contains(msg, "TN-002") {
				t.Errorf("message after the second save = %q", msg)
			}
			shootVisit(t, d, "list", tc.lang)
			list, _ := o.Hub().Visits(t.Context(), "2026-01-01", "2030-01-01")
			first := list.Visits[0]
			for _, x := range list.Visits {
				if x.Ticket.Number == "TN-001" {
					first = x
				}
			}
			if !strings.Contains(tc.saved, first.Ticket.Number) || first.Address != "Số 12, đường Nguyễn Trãi" {
				t.Fatalf("stored %+v", first)
			}
			d.Sync(func() { v.change(first.ID, true) })
			eventually(t, "the done visit shows erased", d.Sync, func() bool {
				for _, x := range v.all {
					if x.ID == first.ID {
						return x.Status == visits.StatusDone && x.Address == "" && x.Phone == ""
					}
				}
				return false
			})
			// Done before its day, the visit moves to the day it was made.
			var screen string
			d.Sync(func() {
				for _, x := range v.all {
					if x.ID == first.ID {
						v.day.SetSelected(v.dayLabel(x.Day))
					}
				}
				screen = texts(v.list)
			})
			shootVisit(t, d, "done", tc.lang)
			if strings.Contains(screen, "Nguyễn Trãi") || !strings.Contains(screen, tc.erased) {
				t.Errorf("the done visit's card: %q", screen)
			}
			d.Sync(func() {
				for _, x := range v.all {
					if x.Status == visits.StatusScheduled {
						v.day.SetSelected(v.dayLabel(x.Day))
					}
				}
				test.Tap(v.print)
			})
			eventually(t, "the run list is printed", d.Sync, func() bool { return len(pr.Printed()) == 2 })
			jobs := pr.Printed()
			if jobs[1].Number != "TN-002" || !strings.HasPrefix(jobs[1].QR, "https://motcua.example.vn/t/") || !strings.Contains(jobs[1].Lines[1], "hẻm 12") {
				t.Fatalf("slip = %+v", jobs[1])
			}
			d.Sync(func() { v.dlg.Hide(); v.dlg = nil })
		})
	}
}

// texts joins every text drawn under o.
func texts(o fyne.CanvasObject) string {
	var b strings.Builder
	for _, x := range test.LaidOutObjects(o) {
		if t, ok := x.(*canvas.Text); ok {
			b.WriteString(t.Text + "\n")
		}
	}
	return b.String()
}
