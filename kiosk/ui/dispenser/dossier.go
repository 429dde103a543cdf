package dispenser

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"

	"github.com/motcua-kiosk/motcua/kiosk/dossiers"
	"github.com/motcua-kiosk/motcua/kiosk/ui"
	dossierui "github.com/motcua-kiosk/motcua/kiosk/ui/dossier"
)

// ScreenDossier is the dossier look-up (tra cứu hồ sơ, issue 13).
const ScreenDossier = "dossier"

// dossierState is the dispenser's part of the dossier look-up.
type dossierState struct {
	screen *dossierui.Screen // the open look-up, nil elsewhere
	key    *ui.BigButton     // the home key, nil without a source
}

// DossierButton is the home screen's "Tra cứu hồ sơ" key, nil without a
// dossier source (tests).
func (d *Dispenser) DossierButton() *ui.BigButton { return d.dossier.key }

// Dossier is the open dossier look-up, nil elsewhere (tests).
func (d *Dispenser) Dossier() *dossierui.Screen { return d.dossier.screen }

// withDossierKey puts "Tra cứu hồ sơ" into the home screen's bottom bar,
// beside "Tra cứu thủ tục", when a dossier source is configured; the bar
// is returned as it was otherwise.
func (d *Dispenser) withDossierKey(bottom *fyne.Container) *fyne.Container {
	d.dossier.key = nil
	if d.o.Dossiers == nil {
		return bottom
	}
	tr := d.tr()
	k := ui.NewBigButton(tr.L("home.dossier"), func() { d.showDossier("") })
	k.Lines = []string{tr.L("home.dossier.sub")}
	k.TitleSize, k.LineSize = ui.TextBody, ui.TextSmall
	d.dossier.key = k
	if _, empty := bottom.Objects[0].(*layout.Spacer); empty {
		// No "Tra cứu thủ tục": the key takes its place.
		bottom.Objects[0] = k
		return bottom
	}
	objs := append([]fyne.CanvasObject{bottom.Objects[0], k}, bottom.Objects[1:]...)
	return container.NewGridWithColumns(len(objs), objs...)
}

// ScannedCode takes every code from the barcode scanner. On the home
// screen a dossier code opens its status at once (the citizen need not
// find the key first); on the dossier screen it is the next dossier;
// anywhere else it goes where it did before (the rating look-up's
// ticket). With no dossier source the home screen ignores it, as before.
func (d *Dispenser) ScannedCode(code string) {
	switch {
	case d.isTicketQR(code):
		d.Scanned(code) // a queue ticket's own QR is no dossier
	case d.screen == ScreenCheckIn && d.booking.screen != nil:
		d.booking.screen.Scanned(code)
	case d.screen == ScreenHome && d.isBookingCode(code):
		d.showCheckIn(code) // a booking's QR, checked in at once
	case d.screen == ScreenDossier && d.dossier.screen != nil:
		d.dossier.screen.Scanned(code)
	case d.screen == ScreenHome && d.o.Dossiers != nil:
		d.showDossier(code)
	default:
		d.Scanned(code)
	}
}

// isTicketQR reports whether code is the QR of one of this office's
// paper tickets (its page on the central server): scanned on the home
// screen it must not be looked up as a dossier and answered "not found".
func (d *Dispenser) isTicketQR(code string) bool {
	base := strings.TrimRight(d.o.Settings().CentralURL, "/")
	return base != "" && strings.HasPrefix(strings.TrimSpace(code), base+"/t/")
}

// showDossier opens the dossier look-up in the citizen's language, on
// its enter page, or with code ("" none) already being looked up. Its
// "Lấy số nhận kết quả" issues a ticket in the result-return service
// the settings name; with no such service it offers none.
func (d *Dispenser) showDossier(code string) {
	if d.screen != ScreenHome || d.o.Dossiers == nil {
		return
	}
	cfg := d.o.Config()
	o := dossierui.Options{
		Source:    d.o.Dossiers,
		Lang:      d.lang,
		Location:  cfg.Location(),
		Now:       d.o.Now,
		Log:       d.o.Log,
		AfterFunc: d.o.AfterFunc,
		OnClose:   d.Home,
		Speech:    d.o.Speech, SpeakAuto: d.o.Settings().SpeakAuto,
	}
	if service, err := d.o.Settings().ResultServiceIn(cfg); err != nil {
		d.o.Log.Warn("dossier look-up: no result-return service, no ticket offered", "err", err)
	} else {
		o.OnTicket = func(dossiers.Status) { d.issueFrom(ScreenDossier, service) }
	}
	s := dossierui.New(o)
	d.set(ScreenDossier, s.Content())
	d.dossier.screen = s
	if code != "" {
		s.Scanned(code)
	}
}

// leaveDossier stops the dossier screens' timers and drops a look-up
// under way when the dispenser shows another screen.
func (d *Dispenser) leaveDossier(screen string) {
	if d.dossier.screen != nil && screen != ScreenDossier {
		d.dossier.screen.Stop()
		d.dossier.screen = nil
	}
}
