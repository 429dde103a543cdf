package desk

import (
	"context"
	"image"
	"image/color"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	qrcode "github.com/skip2/go-qrcode"

	"github.com/motcua-kiosk/motcua/kiosk/dossiers"
	"github.com/motcua-kiosk/motcua/kiosk/hub"
	"github.com/motcua-kiosk/motcua/kiosk/wire"
)

// DossierRecorder is what the desk needs to record dossiers for an office
// whose dossiers the central server keeps (no other one-stop system):
// *hub.Client and *hub.Hub satisfy it. The hub keeps each record and its
// steps and the syncer carries them, so this works with the link down.
type DossierRecorder interface {
	RecordDossier(ctx context.Context, r hub.RecordDossierRequest) (hub.RecordedDossier, error)
	MoveDossier(ctx context.Context, code string, r hub.MoveDossierRequest) error
}

var (
	_ DossierRecorder = (*hub.Client)(nil)
	_ DossierRecorder = (*hub.Hub)(nil)
)

// recordForm is the "Tiếp nhận hồ sơ" dialog: the code on the slip, the
// procedure and the promised date; then the secret and the QR to write
// or stick on the slip. No field for the citizen (Decree 61 Art. 27.3).
type recordForm struct {
	dlg                   dialog.Dialog
	code, name, proc, due *widget.Entry
	ok                    *widget.Button
	msg                   *widget.Label
	result                *fyne.Container
	secret                *widget.Label
}

// moveForm is the "Cập nhật bước hồ sơ" dialog.
type moveForm struct {
	dlg              dialog.Dialog
	code, step, unit *widget.Entry
	state            *widget.Select
	ok               *widget.Button
	msg              *widget.Label
}

// dossierDialogOpen says whether one of the dossier dialogs is open (the
// desk's shortcuts wait then).
func (p *dossierPanel) dossierDialogOpen() bool { return p.rec != nil || p.mv != nil }

func (p *dossierPanel) openRecord() {
	if p.recorder == nil || p.dossierDialogOpen() {
		return
	}
	tx := p.d.tx
	f := &recordForm{code: widget.NewEntry(), name: widget.NewEntry(), proc: widget.NewEntry(), due: widget.NewEntry(),
		msg: widget.NewLabel(""), secret: widget.NewLabel("")}
	f.code.SetText(strings.TrimSpace(p.in.Text))
	f.code.SetPlaceHolder("000.00.13.H12-" + p.d.opts.Now().Format("060102") + "-0001")
	f.name.SetPlaceHolder(tx.T("desk.record.name.hint"))
	f.proc.SetPlaceHolder("1.001193")
	f.due.SetPlaceHolder(tx.T("desk.record.due.hint"))
	f.msg.Wrapping = fyne.TextWrapWord
	f.secret.TextStyle = fyne.TextStyle{Monospace: true}
	f.secret.SizeName = theme.SizeNameSubHeadingText
	f.result = container.NewVBox()
	f.result.Hide()
	f.ok = widget.NewButton(tx.T("desk.record.ok"), func() { p.submitRecord(f) })
	f.ok.Importance = widget.HighImportance
	closeBtn := widget.NewButton(tx.T("desk.record.close"), nil)
	form := widget.NewForm(
		widget.NewFormItem(tx.T("desk.record.code"), f.code),
		widget.NewFormItem(tx.T("desk.record.name"), f.name),
		widget.NewFormItem(tx.T("desk.record.proc"), f.proc),
		widget.NewFormItem(tx.T("desk.record.due"), f.due))
	content := container.NewVBox(form, f.msg, f.result, container.NewHBox(layout.NewSpacer(), closeBtn, f.ok))
	f.dlg = dialog.NewCustomWithoutButtons(tx.T("desk.record.title"), container.NewThemeOverride(content, staffTheme{}), p.d.win)
	f.dlg.Resize(fyne.NewSize(640, 420))
	closeBtn.OnTapped = func() { p.rec = nil; f.dlg.Hide() }
	p.rec = f
	f.dlg.Show()
	p.d.win.Canvas().Focus(f.code)
}

// parseDue reads dd/mm/yyyy in the office's zone; "" is no promise.
func parseDue(s string, loc *time.Location) (*time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, nil
	}
	t, err := time.ParseInLocation("2/1/2006", s, loc)
	if err != nil {
		return nil, err
	}
	return &t, nil
}

func (p *dossierPanel) submitRecord(f *recordForm) {
	tx := p.d.tx
	ref, err := dossiers.Parse(f.code.Text)
	if err != nil {
		p.formError(f.msg, dossiers.ErrorText(err, tx.Lang()))
		return
	}
	if strings.TrimSpace(f.name.Text) == "" {
		p.formError(f.msg, tx.T("desk.record.name.missing"))
		return
	}
	due, err := parseDue(f.due.Text, p.d.m.zone)
	if err != nil {
		p.formError(f.msg, tx.T("desk.record.due.bad", f.due.Text))
		return
	}
	req := hub.RecordDossierRequest{Code: ref.Code, ProcedureName: strings.TrimSpace(f.name.Text),
		ProcedureCode: strings.TrimSpace(f.proc.Text), DueAt: due, Officer: p.d.m.officer}
	f.ok.Disable()
	ticket := p.ticket
	go func() {
		ctx, cancel := context.WithTimeout(p.d.ctx, 15*time.Second)
		rec, err := p.recorder.RecordDossier(ctx, req)
		var attached *hub.TicketDossiers
		if err == nil && ticket != "" && p.api != nil {
			if td, aerr := p.api.AttachDossier(ctx, ticket, rec.Code); aerr == nil {
				attached = &td
			}
		}
		cancel()
		p.d.ui(func() {
			f.ok.Enable()
			if err != nil {
				p.formError(f.msg, hub.Message(err, tx.Lang()))
				return
			}
			if attached != nil && p.ticket == ticket {
				p.codes = attached.Dossiers
			}
			p.showRecorded(f, rec, attached != nil)
		})
	}()
}

// showRecorded shows what the slip needs: the secret, and the QR of the
// status page when the hub knows the central server.
func (p *dossierPanel) showRecorded(f *recordForm, rec hub.RecordedDossier, attached bool) {
	tx := p.d.tx
	f.msg.Importance = widget.SuccessImportance
	key := "desk.record.done"
	if !rec.Created {
		key = "desk.record.again"
	}
	text := tx.T(key, rec.Code)
	if attached {
		text += " " + tx.T("desk.record.attached", p.number)
	}
	f.msg.SetText(text)
	f.secret.SetText(rec.Secret)
	objs := []fyne.CanvasObject{widget.NewLabel(tx.T("desk.record.secret")), f.secret}
	if img := qrImage(rec.URL); img != nil {
		objs = append(objs, container.NewCenter(img), widget.NewLabel(tx.T("desk.record.qr")))
	} else {
		l := widget.NewLabel(tx.T("desk.record.noqr"))
		l.Wrapping = fyne.TextWrapWord
		objs = append(objs, l)
	}
	f.result.Objects = objs
	f.result.Show()
	f.result.Refresh()
	f.ok.Hide()
	f.dlg.Resize(fyne.NewSize(640, 640))
}

func qrImage(u string) fyne.CanvasObject {
	if u == "" {
		return nil
	}
	q, err := qrcode.New(u, qrcode.Medium)
	if err != nil {
		return nil
	}
	bits := q.Bitmap()
	n := len(bits)
	img := image.NewGray(image.Rect(0, 0, n, n))
	for y, row := range bits {
		for x, on := range row {
			c := uint8(0xff)
			if on {
				c = 0
			}
			img.SetGray(x, y, color.Gray{Y: c})
		}
	}
	ci := canvas.NewImageFromImage(img)
	ci.ScaleMode = canvas.ImageScalePixels
	ci.FillMode = canvas.ImageFillContain
	ci.SetMinSize(fyne.NewSize(180, 180))
	return ci
}

// wireStateLabels are the states an officer moves a dossier to, in the
// desk's language, with their wire words.
func (p *dossierPanel) wireStateLabels() ([]string, map[string]string) {
	var labels []string
	words := map[string]string{}
	for _, s := range wire.DossierStates {
		l := dossiers.WireState(s).Text(p.d.tx.Lang())
		labels = append(labels, l)
		words[l] = s
	}
	return labels, words
}

func (p *dossierPanel) openMove() {
	if p.recorder == nil || p.dossierDialogOpen() {
		return
	}
	tx := p.d.tx
	labels, words := p.wireStateLabels()
	f := &moveForm{code: widget.NewEntry(), step: widget.NewEntry(), unit: widget.NewEntry(), msg: widget.NewLabel("")}
	f.state = widget.NewSelect(labels, nil)
	f.state.SetSelectedIndex(1) // processing
	f.step.SetPlaceHolder(tx.T("desk.move.step.hint"))
	f.unit.SetPlaceHolder(tx.T("desk.move.unit.hint"))
	f.msg.Wrapping = fyne.TextWrapWord
	if len(p.codes) > 0 {
		f.code.SetText(p.codes[len(p.codes)-1])
	}
	f.ok = widget.NewButton(tx.T("desk.move.ok"), nil)
	f.ok.Importance = widget.HighImportance
	closeBtn := widget.NewButton(tx.T("desk.record.close"), nil)
	form := widget.NewForm(
		widget.NewFormItem(tx.T("desk.record.code"), f.code),
		widget.NewFormItem(tx.T("desk.move.state"), f.state),
		widget.NewFormItem(tx.T("desk.move.step"), f.step),
		widget.NewFormItem(tx.T("desk.move.unit"), f.unit))
	content := container.NewVBox(form, f.msg, container.NewHBox(layout.NewSpacer(), closeBtn, f.ok))
	f.dlg = dialog.NewCustomWithoutButtons(tx.T("desk.move.title"), container.NewThemeOverride(content, staffTheme{}), p.d.win)
	f.dlg.Resize(fyne.NewSize(640, 360))
	closeBtn.OnTapped = func() { p.mv = nil; f.dlg.Hide() }
	f.ok.OnTapped = func() {
		ref, err := dossiers.Parse(f.code.Text)
		if err != nil {
			p.formError(f.msg, dossiers.ErrorText(err, tx.Lang()))
			return
		}
		if strings.TrimSpace(f.step.Text) == "" || strings.TrimSpace(f.unit.Text) == "" {
			p.formError(f.msg, tx.T("desk.move.missing"))
			return
		}
		req := hub.MoveDossierRequest{State: words[f.state.Selected], Step: strings.TrimSpace(f.step.Text),
			Unit: strings.TrimSpace(f.unit.Text), Officer: p.d.m.officer}
		f.ok.Disable()
		go func() {
			ctx, cancel := context.WithTimeout(p.d.ctx, 15*time.Second)
			err := p.recorder.MoveDossier(ctx, ref.Code, req)
			cancel()
			p.d.ui(func() {
				f.ok.Enable()
				if err != nil {
					p.formError(f.msg, hub.Message(err, tx.Lang()))
					return
				}
				f.msg.Importance = widget.SuccessImportance
				f.msg.SetText(tx.T("desk.move.done", ref.Code, f.state.Selected))
			})
		}()
	}
	p.mv = f
	f.dlg.Show()
	p.d.win.Canvas().Focus(f.code)
}

func (p *dossierPanel) formError(l *widget.Label, text string) {
	l.Importance = widget.DangerImportance
	l.SetText(text)
}
