package dispenser

import (
	"context"
	"fmt"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"

	"github.com/motcua-kiosk/motcua/kiosk/dossiers"
	"github.com/motcua-kiosk/motcua/kiosk/procedures"
	"github.com/motcua-kiosk/motcua/kiosk/ui"
	dossierui "github.com/motcua-kiosk/motcua/kiosk/ui/dossier"
)

const (
	readyDossier   = "000.00.13.H12-261120-0001"
	waitingDossier = "000.00.13.H12-261120-0002"
)

// fakeDossiers knows one ready dossier and one still being handled.
var fakeDossiers = dossiers.SourceFunc(func(ctx context.Context, ref dossiers.Ref) (dossiers.Status, error) {
	st := dossiers.Status{Code: ref.Code, Procedure: "Thủ tục đăng ký khai sinh", AsOf: fixedNow,
		Received: fixedNow.AddDate(0, 0, -3), Promised: fixedNow.AddDate(0, 0, 2),
		Step: dossiers.Step{Name: "Thẩm định hồ sơ", Unit: "Công chức Tư pháp – Hộ tịch"}}
	switch ref.Code {
	case readyDossier:
		st.State, st.Ready = dossiers.StateReady, true
	case waitingDossier:
		st.State = dossiers.StateProcessing
	default:
		return dossiers.Status{}, fmt.Errorf("fake: %w", dossiers.ErrNotFound)
	}
	return st, nil
})

// withDossiers gives the rig's dispenser a dossier source, as New would.
func (r *rig) withDossiers() {
	ui.Locked(func() {
		r.d.o.Dossiers = fakeDossiers
		r.d.home.screen = nil // built again, with the key
		r.d.Home()
		r.w.SetContent(container.NewThemeOverride(r.d.Content(), ui.Theme{}))
	})
	r.settle()
}

func (r *rig) dossierPage() dossierui.Page {
	if s := r.d.Dossier(); s != nil {
		return s.Page()
	}
	return ""
}

// TestDispenser_DossierScan: with no dossier source there is no key and a
// scan on the home screen does nothing; with one, "Tra cứu hồ sơ" opens
// the look-up, a scan on the home screen opens the status at once, a
// ready dossier's "Lấy số nhận kết quả" issues a ticket in "Trả kết quả"
// (D), and a dossier still being handled issues none.
func TestDispenser_DossierScan(t *testing.T) {
	r := newRig(t, openConfig(0), portrait)
	ui.Locked(func() {
		if r.d.DossierButton() != nil {
			t.Error("a dossier key without a dossier source")
		}
		r.d.ScannedCode(readyDossier)
		if got := r.d.Screen(); got != ScreenHome {
			t.Errorf("scan without a source: screen %q, want home", got)
		}
	})
	r.withDossiers()
	ui.Locked(func() {
		if r.d.DossierButton() == nil {
			t.Fatal("no dossier key with a source")
		}
		if got, want := r.d.DossierButton().Title, "Tra cứu hồ sơ"; got != want {
			t.Errorf("key %q, want %q", got, want)
		}
	})
	tap(r.d.DossierButton())
	ui.Locked(func() {
		if r.d.Screen() != ScreenDossier || r.dossierPage() != dossierui.PageEnter {
			t.Fatalf("after the key: screen %q page %q, want the enter page", r.d.Screen(), r.dossierPage())
		}
		test.Tap(r.d.Dossier().Keyboard().Key("cancel"))
		if got := r.d.Screen(); got != ScreenHome {
			t.Fatalf("cancel: screen %q, want home", got)
		}
	})
	r.settle()

	// A queue ticket's own QR scanned on the home screen is no dossier.
	ui.Locked(func() {
		r.d.ScannedCode(r.s.TicketURL("k7Qx2") + "\r\n")
		if got := r.d.Screen(); got != ScreenHome {
			t.Errorf("a ticket's QR scanned at home: screen %q, want home", got)
		}
	})

	// A dossier still being handled: when it is due, no ticket.
	ui.Locked(func() { r.d.ScannedCode(waitingDossier) })
	waitFor(t, "the waiting dossier's status", func() bool { return r.dossierPage() == dossierui.PageResult })
	ui.Locked(func() {
		if r.d.Dossier().TicketKey() != nil {
			t.Error("a ticket key for a dossier not ready")
		}
	})
	tap(r.d.Dossier().BackKey())
	r.settle()
	if n := r.issued(t, "D"); n != 0 {
		t.Fatalf("%d tickets in D for a dossier not ready", n)
	}

	// A ready one: the ticket in Trả kết quả.
	ui.Locked(func() { r.d.ScannedCode(" ]Q1" + readyDossier + "\r") })
	waitFor(t, "the ready dossier's status", func() bool { return r.dossierPage() == dossierui.PageResult })
	r.capture(t, "dispenser-dossier-ready-portrait-vi")
	ui.Locked(func() {
		if r.d.Dossier().TicketKey() == nil {
			t.Fatal("no 'Lấy số nhận kết quả' for a ready dossier")
		}
	})
	r.settle()
	tap(r.d.Dossier().TicketKey())
	waitFor(t, "ticket screen", func() bool { return r.d.Screen() == ScreenTicket })
	ui.Locked(func() {
		if got, want := r.d.Issued().Ticket.Number, "D001"; got != want {
			t.Errorf("ticket %q, want %q (Trả kết quả)", got, want)
		}
		if r.d.Dossier() != nil {
			t.Error("the dossier look-up is still held after the ticket screen opened")
		}
	})
}

// TestDispenser_DossierResultServiceSetting: the result-return service is
// the settings' when set; one that names no service offers no ticket.
func TestDispenser_DossierResultServiceSetting(t *testing.T) {
	r := newRig(t, openConfig(0), portrait)
	r.s.ResultService = "A"
	r.withDossiers()
	ui.Locked(func() { r.d.ScannedCode(readyDossier) })
	waitFor(t, "status", func() bool { return r.dossierPage() == dossierui.PageResult })
	r.settle()
	tap(r.d.Dossier().TicketKey())
	waitFor(t, "ticket screen", func() bool { return r.d.Screen() == ScreenTicket })
	ui.Locked(func() {
		if got := r.d.Issued().Ticket.Service; got != "A" {
			t.Errorf("ticket in %q, want A (the setting)", got)
		}
		r.d.Home()
	})
	r.settle()
	r.s.ResultService = "ZZ"
	ui.Locked(func() { r.d.ScannedCode(readyDossier) })
	waitFor(t, "status", func() bool { return r.dossierPage() == dossierui.PageResult })
	ui.Locked(func() {
		if r.d.Dossier().TicketKey() != nil {
			t.Error("a ticket key though the setting names no service")
		}
	})
}

// TestDispenser_HomeWithDossierKey: the home screen with both look-up
// keys fits both orientations, in both languages, every key inside the
// window and as high as its text needs.
func TestDispenser_HomeWithDossierKey(t *testing.T) {
	for _, size := range []fyne.Size{portrait, landscape} {
		for _, lang := range []ui.Lang{ui.LangVI, ui.LangEN} {
			t.Run(fmt.Sprintf("%.0fx%.0f-%s", size.Width, size.Height, lang), func(t *testing.T) {
				r := newRig(t, openConfig(0), size)
				cat, err := procedures.Shipped()
				if err != nil {
					t.Fatal(err)
				}
				r.d.o.Procedures = cat // both look-up keys side by side
				r.withDossiers()
				if lang == ui.LangEN {
					tap(r.d.LangButton(ui.LangEN))
					r.settle()
				}
				ui.Locked(func() {
					if r.d.DossierButton() == nil {
						t.Fatal("no dossier key")
					}
					var check func(o fyne.CanvasObject, at fyne.Position)
					check = func(o fyne.CanvasObject, at fyne.Position) {
						p := at.Add(o.Position())
						if b, ok := o.(*ui.BigButton); ok && b.Visible() {
							s := b.Size()
							if p.X < 0 || p.Y < 0 || p.X+s.Width > size.Width+0.5 || p.Y+s.Height > size.Height+0.5 {
								t.Errorf("key %q at %v size %v is outside the window", b.Title, p, s)
							}
							if m := b.MinSize(); m.Height > s.Height+0.5 {
								t.Errorf("key %q is %.0f high, its text needs %.0f", b.Title, s.Height, m.Height)
							}
						}
						switch c := o.(type) {
						case *fyne.Container:
							for _, k := range c.Objects {
								check(k, p)
							}
						case fyne.Widget:
							if _, ok := c.(*ui.BigButton); !ok {
								for _, k := range test.WidgetRenderer(c).Objects() {
									check(k, p)
								}
							}
						}
					}
					check(r.w.Canvas().Content(), fyne.Position{})
				})
				r.capture(t, fmt.Sprintf("dispenser-home-dossier-key-%s-%s", map[bool]string{true: "landscape", false: "portrait"}[size.Width > size.Height], lang))
			})
		}
	}
}

// TestDispenser_DossierIdleGoesHome: a status left on the screen closes
// by itself for the next citizen, back to the home screen in the default
// language.
func TestDispenser_DossierIdleGoesHome(t *testing.T) {
	r := newRig(t, openConfig(0), portrait)
	r.withDossiers()
	tap(r.d.LangButton(ui.LangEN))
	r.settle()
	ui.Locked(func() { r.d.ScannedCode(waitingDossier) })
	waitFor(t, "status", func() bool { return r.dossierPage() == dossierui.PageResult })
	r.clock.Advance(dossierui.DefaultIdle + time.Second)
	ui.Locked(func() {
		if got := r.d.Screen(); got != ScreenHome {
			t.Fatalf("screen %q after the idle time, want home", got)
		}
		if got := r.d.Lang(); got != ui.LangVI {
			t.Errorf("language %q after the idle close, want vi", got)
		}
	})
}
