package desk

import (
	"context"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/motcua-kiosk/motcua/kiosk/dossiers"
	"github.com/motcua-kiosk/motcua/kiosk/hub"
)

// DossierAPI is what the desk needs to attach dossiers to the ticket it
// serves; *hub.Client and *hub.Hub satisfy it. A hub.API without it shows
// no dossier panel. Contract: Attach of a code the ticket carries and
// Detach of one it does not are no-ops; both fail with queue.ErrNoCurrent
// once the ticket is finished; every answer lists the ticket's codes in
// the order attached.
type DossierAPI interface {
	AttachDossier(ctx context.Context, ticket, code string) (hub.TicketDossiers, error)
	DetachDossier(ctx context.Context, ticket, code string) (hub.TicketDossiers, error)
	TicketDossiers(ctx context.Context, ticket string) (hub.TicketDossiers, error)
}

var (
	_ DossierAPI = (*hub.Client)(nil)
	_ DossierAPI = (*hub.Hub)(nil)
)

// dossierPanel is the part of the desk where the officer attaches the
// dossier codes of the ticket being served: a barcode scanner (a keyboard
// wedge) or the keyboard types into the field, Enter attaches. The code
// is read with dossiers.Parse, as the kiosk reads it, and a refusal is the
// parser's own Vietnamese sentence. Every touch happens on the UI
// goroutine under the desk's lock.
type dossierPanel struct {
	d                  *Desk
	api                DossierAPI
	root               *fyne.Container
	title              *widget.Label
	in                 *widget.Entry
	add                *widget.Button
	status             *widget.Label
	list               *fyne.Container
	attachRow          *fyne.Container
	recordBtn, moveBtn *widget.Button

	// recorder records dossiers (nil: a hub without them); rec and mv are
	// its dialogs while open (record.go).
	recorder DossierRecorder
	rec      *recordForm
	mv       *moveForm

	ticket string   // the ticket whose codes are shown
	number string   // its number, for the title
	codes  []string // as the hub last answered
	busy   bool
}

func (d *Desk) buildDossiers() *dossierPanel {
	p := &dossierPanel{d: d}
	p.api, _ = d.api.(DossierAPI)
	p.recorder, _ = d.api.(DossierRecorder)
	p.title = widget.NewLabel("")
	p.title.TextStyle.Bold = true
	p.in = widget.NewEntry()
	p.in.SetPlaceHolder(d.tx.T("desk.dossiers.input"))
	p.in.OnSubmitted = func(string) { p.attach() }
	p.add = widget.NewButton(d.tx.T("desk.dossiers.add"), p.attach)
	p.add.Importance = widget.HighImportance
	p.status = widget.NewLabel("")
	p.status.Wrapping = fyne.TextWrapWord
	p.list = container.NewVBox()
	p.recordBtn = widget.NewButton(d.tx.T("desk.record.open"), p.openRecord)
	p.moveBtn = widget.NewButton(d.tx.T("desk.move.open"), p.openMove)
	p.attachRow = container.NewBorder(nil, nil, nil, p.add, p.in)
	p.root = container.NewVBox(widget.NewCard("", "", container.NewVBox(p.title,
		p.attachRow, p.list, p.status, container.NewGridWithColumns(2, p.recordBtn, p.moveBtn))))
	p.root.Hide()
	return p
}

// refresh follows the desk's current ticket: a new ticket starts with its
// codes read from the hub; no ticket (or a hub without dossiers) hides it.
func (p *dossierPanel) refresh(ok bool) {
	cur := p.d.m.current
	if p.api == nil {
		p.root.Hide()
		return
	}
	p.root.Show()
	if p.recorder == nil {
		p.recordBtn.Hide()
		p.moveBtn.Hide()
	}
	setEnabled(p.recordBtn, ok)
	setEnabled(p.moveBtn, ok)
	if cur == nil {
		// No one at the counter: the officer may still record a dossier
		// or move one (back-office work); attaching needs a ticket.
		if p.ticket != "" {
			p.status.SetText("") // the last ticket's message
		}
		p.ticket, p.codes = "", nil
		p.title.SetText(p.d.tx.T("desk.dossiers.heading.none"))
		p.attachRow.Hide()
		p.list.Hide()
		return
	}
	p.attachRow.Show()
	p.list.Show()
	if cur.ID != p.ticket {
		p.ticket, p.number, p.codes = cur.ID, cur.Number, nil
		p.in.SetText("")
		p.status.SetText("")
		p.load(cur.ID)
	}
	p.title.SetText(p.d.tx.T("desk.dossiers.heading", p.number))
	setEnabled(p.add, ok && !p.busy)
	if ok && !p.busy {
		p.in.Enable()
	} else {
		p.in.Disable()
	}
	var rows []fyne.CanvasObject
	for _, code := range p.codes {
		rm := widget.NewButton(p.d.tx.T("desk.dossiers.remove"), func() { p.detach(code) })
		setEnabled(rm, ok && !p.busy)
		l := widget.NewLabel(code)
		l.TextStyle.Monospace = true
		rows = append(rows, container.NewBorder(nil, nil, nil, rm, l))
	}
	if len(rows) == 0 {
		none := widget.NewLabel(p.d.tx.T("desk.dossiers.none"))
		none.Wrapping = fyne.TextWrapWord
		rows = append(rows, none)
	}
	p.list.Objects = rows
	p.list.Refresh()
}

// load reads the ticket's codes (a desk restarted mid-visit shows them).
func (p *dossierPanel) load(ticket string) {
	go func() {
		ctx, cancel := context.WithTimeout(p.d.ctx, 15*time.Second)
		got, err := p.api.TicketDossiers(ctx, ticket)
		cancel()
		p.d.ui(func() {
			if err != nil {
				p.d.log.Warn("desk: ticket dossiers", "ticket", ticket, "err", err)
				return
			}
			if p.ticket == ticket && p.codes == nil {
				p.codes = got.Dossiers
			}
		})
	}()
}

// attach reads the field; a code the parser refuses never leaves the desk.
func (p *dossierPanel) attach() {
	if p.busy || p.ticket == "" {
		return
	}
	text := p.in.Text
	ref, err := dossiers.Parse(text)
	if err != nil {
		p.fail(err)
		return
	}
	p.run(ref.Code, "desk.dossiers.added", func(ctx context.Context) (hub.TicketDossiers, error) {
		return p.api.AttachDossier(ctx, p.ticket, ref.Code)
	})
}

func (p *dossierPanel) detach(code string) {
	if p.busy || p.ticket == "" {
		return
	}
	p.run(code, "desk.dossiers.removed", func(ctx context.Context) (hub.TicketDossiers, error) {
		return p.api.DetachDossier(ctx, p.ticket, code)
	})
}

// run does one hub call off the UI goroutine and shows its answer.
func (p *dossierPanel) run(code, done string, call func(ctx context.Context) (hub.TicketDossiers, error)) {
	p.busy = true
	ticket := p.ticket
	p.d.refresh()
	go func() {
		ctx, cancel := context.WithTimeout(p.d.ctx, 15*time.Second)
		got, err := call(ctx)
		cancel()
		p.d.ui(func() {
			p.busy = false
			if p.ticket != ticket {
				return // the counter moved on meanwhile
			}
			if err != nil {
				p.fail(err)
				return
			}
			p.codes = got.Dossiers
			p.in.SetText("")
			p.status.Importance = widget.SuccessImportance
			p.status.SetText(p.d.tx.T(done, code))
			// Back to the desk's keyboard shortcuts (Space, F2…) after a scan.
			p.d.win.Canvas().Unfocus()
		})
	}()
}

func (p *dossierPanel) fail(err error) {
	p.d.log.Info("desk: dossier refused", "counter", p.d.counter, "err", err)
	p.status.Importance = widget.DangerImportance
	if _, ok := err.(*dossiers.ParseError); ok {
		p.status.SetText(dossiers.ErrorText(err, p.d.tx.Lang()))
	} else {
		p.status.SetText(hub.Message(err, p.d.tx.Lang()))
	}
	p.d.refresh() // the sentence wraps: lay the column out again
}
