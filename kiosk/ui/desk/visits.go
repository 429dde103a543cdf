package desk

import (
	"context"
	"errors"
	"slices"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"github.com/motcua-kiosk/motcua/devices"
	"github.com/motcua-kiosk/motcua/kiosk/hub"
	"github.com/motcua-kiosk/motcua/kiosk/procedures"
	"github.com/motcua-kiosk/motcua/kiosk/queue"
	"github.com/motcua-kiosk/motcua/kiosk/visits"
)

// VisitAPI is what the desk needs for home visits (giải quyết thủ tục
// tận nhà); *hub.Client and *hub.Hub satisfy it. A hub.API without it
// shows no "Tận nhà" button. Contract: RecordVisit refuses a bad field
// with a *queue.FieldError naming the request's JSON key and stores
// nothing; VisitDone and CancelVisit erase the citizen's details.
type VisitAPI interface {
	Visits(ctx context.Context, from, to string) (hub.VisitList, error)
	RecordVisit(ctx context.Context, r visits.Request) (visits.Visit, error)
	VisitDone(ctx context.Context, id, officer string) (visits.Visit, error)
	CancelVisit(ctx context.Context, id string) (visits.Visit, error)
}

var (
	_ VisitAPI = (*hub.Client)(nil)
	_ VisitAPI = (*hub.Hub)(nil)
)

// visitDays is how far ahead the home-visit screen lists.
const visitDays = 62

// SetVisitPrinter gives the home-visit screen the ticket printer its run
// list goes to, and the address a visit's QR carries (settings.TicketURL);
// without one the print key says there is no printer. Call before the
// screen is opened.
func (d *Desk) SetVisitPrinter(p devices.Printer, ticketURL func(ref string) string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.vis().printer, d.vis().ticketURL = p, ticketURL
}

// SetVisitCatalogue sets the procedures the request form offers; the
// shipped catalogue when never set.
func (d *Desk) SetVisitCatalogue(c procedures.Catalogue) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.vis().cat = c
}

// visitScreen is the "Tận nhà" dialog: a request form on the left, the
// visits of a chosen day on the right with done, cancel and the day's
// run list. Touched on the UI goroutine under the desk's lock only.
type visitScreen struct {
	d         *Desk
	api       VisitAPI
	printer   devices.Printer
	ticketURL func(string) string
	cat       procedures.Catalogue

	dlg      dialog.Dialog
	proc     *widget.Select
	service  *widget.Select
	citizen  *widget.Entry
	phone    *widget.Entry
	area     *widget.Entry
	address  *widget.Entry
	reason   *widget.Select
	form     *widget.Form
	left     *fyne.Container
	urgent   *widget.Check
	note     *widget.Entry
	errs     map[string]*widget.Label
	save     *widget.Button
	msg      *widget.Label
	day      *widget.Select
	list     *fyne.Container
	print    *widget.Button
	all      []visits.Visit
	services []queue.Service
	procs    []procedures.Procedure
}

// vis is the desk's home-visit screen state, made on first use.
func (d *Desk) vis() *visitScreen {
	if d.visits == nil {
		d.visits = &visitScreen{d: d}
		d.visits.api, _ = d.api.(VisitAPI)
	}
	return d.visits
}

// pick is vi, or en on an English desk.
func pick(lang, vi, en string) string {
	if lang == "en" && en != "" {
		return en
	}
	return vi
}

// visitButton is the main screen's "Tận nhà" key; hidden for a hub
// without visits.
func (d *Desk) visitButton() *widget.Button {
	b := widget.NewButton(d.tx.T("desk.visits.open"), func() { d.vis().open() })
	if d.vis().api == nil {
		b.Hide()
	}
	return b
}

func (v *visitScreen) open() {
	if v.api == nil || v.dlg != nil {
		return
	}
	tx := v.d.tx
	if v.cat == nil {
		if c, err := procedures.Shipped(); err == nil {
			v.cat = c
		}
	}
	v.errs = map[string]*widget.Label{}
	v.procs = nil
	var names []string
	if v.cat != nil {
		for _, f := range v.cat.Fields() {
			for _, p := range v.cat.ByField(f.ID) {
				v.procs = append(v.procs, p)
				names = append(names, p.Name)
			}
		}
	}
	cfg, _ := configOf(v.d.ctx, v.d.api)
	v.services = cfg.Services
	var svcNames []string
	for _, s := range cfg.Services {
		svcNames = append(svcNames, s.Code+" — "+pick(tx.Lang(), s.Name, s.NameEN))
	}
	v.service = widget.NewSelect(svcNames, nil)
	v.proc = widget.NewSelect(names, func(name string) {
		i := slices.IndexFunc(v.procs, func(p procedures.Procedure) bool { return p.Name == name })
		if i < 0 {
			return
		}
		if code := procedures.ServiceFor(v.cat, v.procs[i], cfg.ProcedureServices); code != "" {
			if j := slices.IndexFunc(v.services, func(s queue.Service) bool { return s.Code == code }); j >= 0 {
				v.service.SetSelectedIndex(j)
			}
		}
	})
	v.citizen, v.phone, v.area, v.address, v.note = widget.NewEntry(), widget.NewEntry(), widget.NewEntry(), widget.NewEntry(), widget.NewEntry()
	v.phone.SetPlaceHolder("0912345678")
	v.area.SetPlaceHolder(tx.T("desk.visits.area.hint"))
	var reasons []string
	for _, r := range visits.Reasons {
		reasons = append(reasons, r.Label(tx.Lang()))
	}
	v.reason = widget.NewSelect(reasons, nil)
	for _, sel := range []*widget.Select{v.proc, v.service, v.reason} {
		sel.PlaceHolder = tx.T("desk.visits.choose")
	}
	v.urgent = widget.NewCheck(tx.T("desk.visits.urgent"), nil)
	field := func(key string, w fyne.CanvasObject) fyne.CanvasObject {
		l := widget.NewLabel("")
		l.Importance = widget.DangerImportance
		l.Wrapping = fyne.TextWrapWord
		l.Hide()
		v.errs[key] = l
		return container.NewVBox(w, l)
	}
	v.form = widget.NewForm(
		widget.NewFormItem(tx.T("desk.visits.procedure"), field("procedure_name", v.proc)),
		widget.NewFormItem(tx.T("desk.visits.service"), field("service", v.service)),
		widget.NewFormItem(tx.T("desk.visits.citizen"), field("citizen", v.citizen)),
		widget.NewFormItem(tx.T("desk.visits.phone"), field("phone", v.phone)),
		widget.NewFormItem(tx.T("desk.visits.area"), field("area", v.area)),
		widget.NewFormItem(tx.T("desk.visits.address"), field("address", v.address)),
		widget.NewFormItem(tx.T("desk.visits.reason"), field("reason", v.reason)),
		widget.NewFormItem("", v.urgent),
		widget.NewFormItem(tx.T("desk.visits.note"), field("note", v.note)))
	v.save = widget.NewButton(tx.T("desk.visits.save"), v.submit)
	v.save.Importance = widget.HighImportance
	v.msg = widget.NewLabel("")
	v.msg.Wrapping = fyne.TextWrapWord
	v.left = container.NewVBox(widget.NewLabelWithStyle(tx.T("desk.visits.new"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		v.form, v.save, v.msg)

	v.day = widget.NewSelect(nil, func(string) { v.showDay() })
	v.day.PlaceHolder = tx.T("desk.visits.choose.day")
	v.list = container.NewVBox()
	v.print = widget.NewButton(tx.T("desk.visits.print"), v.printDay)
	closeBtn := widget.NewButton(tx.T("desk.visits.close"), nil)
	right := container.NewBorder(
		container.NewVBox(widget.NewLabelWithStyle(tx.T("desk.visits.list"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), v.day),
		container.NewHBox(v.print, layout.NewSpacer(), closeBtn), nil, nil, container.NewVScroll(v.list))
	split := container.NewHSplit(container.NewVScroll(v.left), right)
	split.Offset = 0.55
	v.dlg = dialog.NewCustomWithoutButtons(tx.T("desk.visits.title"), container.NewThemeOverride(split, staffTheme{}), v.d.win)
	v.dlg.Resize(fyne.NewSize(1100, 720))
	closeBtn.OnTapped = func() { v.dlg.Hide(); v.dlg = nil }
	v.dlg.Show()
	v.load("")
}

// load reads the coming days' visits and shows day (the first with a
// visit when "").
func (v *visitScreen) load(day string) {
	zone := v.d.m.zone
	from := v.d.opts.Now().In(zone)
	to := from.AddDate(0, 0, visitDays)
	go func() {
		ctx, cancel := context.WithTimeout(v.d.ctx, 15*time.Second)
		list, err := v.api.Visits(ctx, from.Format(time.DateOnly), to.Format(time.DateOnly))
		cancel()
		v.d.ui(func() {
			if v.dlg == nil {
				return
			}
			if err != nil {
				v.say(hub.Message(err, v.d.tx.Lang()), false)
				return
			}
			v.all = list.Visits
			var days []string
			for _, x := range v.all {
				if x.Day != "" && !slices.Contains(days, x.Day) {
					days = append(days, x.Day)
				}
			}
			slices.Sort(days)
			var opts []string
			for _, d := range days {
				opts = append(opts, v.dayLabel(d))
			}
			v.day.Options = opts
			i := slices.Index(days, day)
			if i < 0 && len(days) > 0 {
				i = 0
			}
			if i >= 0 {
				v.day.SetSelectedIndex(i)
			}
			v.day.Refresh()
			v.showDay()
		})
	}()
}

func (v *visitScreen) dayLabel(day string) string {
	n := 0
	for _, x := range v.all {
		if x.Day == day && x.Status == visits.StatusScheduled {
			n++
		}
	}
	return v.d.tx.T("desk.visits.day", visits.DayText(day, v.d.m.zone), n)
}

// chosenDay is the office-local date the day list shows.
func (v *visitScreen) chosenDay() string {
	for _, x := range v.all {
		if x.Day != "" && v.dayLabel(x.Day) == v.day.Selected {
			return x.Day
		}
	}
	return ""
}

func (v *visitScreen) showDay() {
	tx := v.d.tx
	day := v.chosenDay()
	var rows []fyne.CanvasObject
	for _, x := range v.all {
		if x.Day != day || day == "" {
			continue
		}
		x := x
		head := x.Area + " · " + x.Reason.Label(tx.Lang())
		if x.Ticket != nil {
			head = x.Ticket.Number + " · " + head
		}
		if x.Urgent {
			head += " · " + tx.T("desk.visits.urgent.tag")
		}
		title := widget.NewLabelWithStyle(head, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		body := widget.NewLabel(x.ProcedureName)
		body.Wrapping = fyne.TextWrapWord
		var who fyne.CanvasObject
		var acts fyne.CanvasObject = layout.NewSpacer()
		if x.Status.Open() {
			l := widget.NewLabel(x.Citizen + " · " + x.Phone + "\n" + x.Address)
			l.Wrapping = fyne.TextWrapWord
			who = l
			done := widget.NewButton(tx.T("desk.visits.done"), func() { v.change(x.ID, true) })
			done.Importance = widget.SuccessImportance
			cancel := widget.NewButton(tx.T("desk.visits.cancel"), func() { v.change(x.ID, false) })
			acts = container.NewHBox(done, cancel)
		} else {
			l := widget.NewLabel(tx.T("desk.visits.status." + string(x.Status)))
			l.Importance = widget.LowImportance
			who = l
		}
		rows = append(rows, widget.NewCard("", "", container.NewVBox(title, body, who, acts)))
	}
	if len(rows) == 0 {
		rows = append(rows, widget.NewLabel(tx.T("desk.visits.none")))
	}
	v.list.Objects = rows
	v.list.Refresh()
	setEnabled(v.print, day != "")
}

// request reads the form.
func (v *visitScreen) request() visits.Request {
	r := visits.Request{ProcedureName: v.proc.Selected, Citizen: v.citizen.Text, Phone: v.phone.Text, Area: v.area.Text,
		Address: v.address.Text, Urgent: v.urgent.Checked, Note: v.note.Text, Officer: v.d.m.officer}
	if i := slices.IndexFunc(v.procs, func(p procedures.Procedure) bool { return p.Name == r.ProcedureName }); i >= 0 {
		r.ProcedureCode = v.procs[i].ID
		if v.procs[i].Code != "" {
			r.ProcedureCode = v.procs[i].Code
		}
	}
	if i := v.service.SelectedIndex(); i >= 0 && i < len(v.services) {
		r.Service = v.services[i].Code
	}
	for i, x := range visits.Reasons {
		if v.reason.Selected == x.Label(v.d.tx.Lang()) {
			r.Reason = visits.Reasons[i]
		}
	}
	return r
}

func (v *visitScreen) clearErrors() {
	for _, l := range v.errs {
		l.SetText("")
		l.Hide()
	}
	v.form.Refresh()
	v.left.Refresh()
}

func (v *visitScreen) submit() {
	r := v.request()
	v.clearErrors()
	v.save.Disable()
	go func() {
		ctx, cancel := context.WithTimeout(v.d.ctx, 15*time.Second)
		got, err := v.api.RecordVisit(ctx, r)
		cancel()
		v.d.ui(func() {
			if v.dlg == nil {
				return
			}
			v.save.Enable()
			tx := v.d.tx
			var fe *queue.FieldError
			if errors.As(err, &fe) {
				if l, ok := v.errs[fe.Field]; ok {
					l.SetText(pick(tx.Lang(), fe.Msg, fe.MsgEN))
					l.Show()
					v.form.Refresh()
					v.left.Refresh()
					v.say(tx.T("desk.visits.fix"), false)
					return
				}
			}
			if err != nil {
				v.d.log.Warn("desk: record visit", "err", err)
				v.say(hub.Message(err, tx.Lang()), false)
				return
			}
			if got.Status == visits.StatusScheduled {
				v.say(tx.T("desk.visits.saved", got.Ticket.Number, visits.DayText(got.Day, v.d.m.zone)), true)
			} else {
				v.say(tx.T("desk.visits.saved.noday"), false)
			}
			for _, e := range []*widget.Entry{v.citizen, v.phone, v.address, v.note} {
				e.SetText("")
			}
			v.urgent.SetChecked(false)
			v.load(got.Day)
		})
	}()
}

func (v *visitScreen) say(s string, ok bool) {
	v.msg.Importance = widget.DangerImportance
	if ok {
		v.msg.Importance = widget.SuccessImportance
	}
	v.msg.SetText(s)
}

// change marks visit id done (or cancels it) and reloads the day.
func (v *visitScreen) change(id string, done bool) {
	day := v.chosenDay()
	officer := v.d.m.officer
	go func() {
		ctx, cancel := context.WithTimeout(v.d.ctx, 15*time.Second)
		var got visits.Visit
		var err error
		if done {
			got, err = v.api.VisitDone(ctx, id, officer)
		} else {
			got, err = v.api.CancelVisit(ctx, id)
		}
		cancel()
		v.d.ui(func() {
			if v.dlg == nil {
				return
			}
			if err != nil {
				v.say(hub.Message(err, v.d.tx.Lang()), false)
				return
			}
			num := ""
			if got.Ticket != nil {
				num = got.Ticket.Number
			}
			v.say(v.d.tx.T("desk.visits.changed."+string(got.Status), num), true)
			v.load(day)
		})
	}()
}

// printDay prints the chosen day's run list on the ticket printer.
func (v *visitScreen) printDay() {
	tx := v.d.tx
	if v.printer == nil {
		v.say(tx.T("desk.visits.noprinter"), false)
		return
	}
	day := v.chosenDay()
	cfg, _ := configOf(v.d.ctx, v.d.api)
	jobs := visits.RunList(cfg, day, v.all, v.ticketURL, v.d.opts.Now())
	p := v.printer
	v.print.Disable()
	go func() {
		var err error
		for _, j := range jobs {
			ctx, cancel := context.WithTimeout(v.d.ctx, 60*time.Second)
			err = p.Print(ctx, j)
			cancel()
			if err != nil {
				break
			}
		}
		v.d.ui(func() {
			if v.dlg == nil {
				return
			}
			v.print.Enable()
			if err != nil {
				v.d.log.Warn("desk: print run list", "day", day, "err", err)
				v.say(tx.T("desk.visits.print.failed"), false)
				return
			}
			v.say(tx.T("desk.visits.printed", len(jobs)-1), true)
		})
	}()
}

// visitDialogOpen says whether the home-visit dialog is open (the desk's
// shortcuts wait then).
func (d *Desk) visitDialogOpen() bool { return d.visits != nil && d.visits.dlg != nil }
