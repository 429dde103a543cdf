package desk

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/motcua-kiosk/motcua/devices"
	"github.com/motcua-kiosk/motcua/kiosk/bookings"
	"github.com/motcua-kiosk/motcua/kiosk/hub"
	"github.com/motcua-kiosk/motcua/kiosk/queue"
	"github.com/motcua-kiosk/motcua/kiosk/visits"
)

// BookingAPI is what the desk needs to book for a citizen who phoned
// (đặt lịch hẹn qua điện thoại); *hub.Client and *hub.Hub satisfy it. A
// hub.API without it shows no "Đặt lịch" button. Contract: the hub holds
// every booking rule (slots, window, places, per-phone limit); Book
// refuses with one of kiosk/bookings' sentinels, naming the field in a
// *hub.Error's Field on the client side, and stores nothing then; the
// day's list masks phone numbers.
type BookingAPI interface {
	BookingDay(ctx context.Context, day string) (hub.BookingDay, error)
	BookingSlots(ctx context.Context, service, day string) (hub.BookingSlots, error)
	Book(ctx context.Context, r hub.BookRequest) (bookings.Booking, error)
	CancelBooking(ctx context.Context, code string) (bookings.Booking, error)
}

var (
	_ BookingAPI = (*hub.Client)(nil)
	_ BookingAPI = (*hub.Hub)(nil)
)

// bookingScreen is the "Đặt lịch" dialog: service, day, slot and phone on
// the left, then the code to read out and print; the chosen day's
// bookings on the right with their state and a cancel key. Touched on the
// UI goroutine under the desk's lock only.
type bookingScreen struct {
	d   *Desk
	api BookingAPI

	dlg      dialog.Dialog
	service  *widget.Select
	day      *widget.Select
	slotBox  *fyne.Container
	slotErr  *widget.Label
	phone    *widget.Entry
	phoneErr *widget.Label
	save     *widget.Button
	msg      *widget.Label
	code     *widget.Label
	spoken   *widget.Label
	print    *widget.Button
	list     *fyne.Container
	left     *fyne.Container

	info     hub.BookingDay
	codes    []string // service codes in the service select's order
	days     []string // office-local dates in the day select's order
	slots    []bookings.Availability
	chosen   int // index into slots, -1 none
	slotKeys []*widget.Button
	booked   *bookings.Booking // the last booking made, for the slip
	// cancelKeys are the list's cancel keys; confirm asks before one
	// cancels, as a mis-tap would take a citizen's place away.
	cancelKeys []*widget.Button
	confirm    *dialog.ConfirmDialog
}

// bk is the desk's booking screen state, made on first use.
func (d *Desk) bk() *bookingScreen {
	if d.booking == nil {
		d.booking = &bookingScreen{d: d, chosen: -1}
		d.booking.api, _ = d.api.(BookingAPI)
	}
	return d.booking
}

// bookingButton is the main screen's "Đặt lịch" key; hidden for a hub
// without bookings.
func (d *Desk) bookingButton() *widget.Button {
	b := widget.NewButton(d.tx.T("desk.bookings.open"), func() { d.bk().open() })
	if d.bk().api == nil {
		b.Hide()
	}
	return b
}

// bookingDialogOpen says whether the booking dialog is open (the desk's
// shortcuts wait then).
func (d *Desk) bookingDialogOpen() bool { return d.booking != nil && d.booking.dlg != nil }

func (v *bookingScreen) open() {
	if v.api == nil || v.dlg != nil {
		return
	}
	tx := v.d.tx
	v.service = widget.NewSelect(nil, func(string) { v.loadSlots() })
	v.service.PlaceHolder = tx.T("desk.visits.choose")
	v.day = widget.NewSelect(nil, func(string) { v.loadSlots(); v.loadDay() })
	v.day.PlaceHolder = tx.T("desk.visits.choose.day")
	v.slotBox = container.NewGridWithColumns(3)
	v.slotErr = errLabel()
	v.phone = widget.NewEntry()
	v.phone.SetPlaceHolder("0912 345 678")
	v.phoneErr = errLabel()
	form := widget.NewForm(
		widget.NewFormItem(tx.T("desk.bookings.service"), v.service),
		widget.NewFormItem(tx.T("desk.bookings.day"), v.day))
	// The slots take the pane's whole width: three keys a row.
	slots := container.NewVBox(widget.NewLabelWithStyle(tx.T("desk.bookings.slot"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		v.slotBox, v.slotErr)
	phone := widget.NewForm(widget.NewFormItem(tx.T("desk.bookings.phone"), v.phone))
	v.save = widget.NewButton(tx.T("desk.bookings.save"), v.submit)
	v.save.Importance = widget.HighImportance
	v.msg = widget.NewLabel("")
	v.msg.Wrapping = fyne.TextWrapWord
	v.code = widget.NewLabel("")
	v.code.SizeName = theme.SizeNameHeadingText
	v.code.TextStyle = fyne.TextStyle{Bold: true}
	v.spoken = widget.NewLabel("")
	v.spoken.Wrapping = fyne.TextWrapWord
	v.print = widget.NewButton(tx.T("desk.bookings.print"), v.printSlip)
	v.print.Hide()
	v.left = container.NewVBox(widget.NewLabelWithStyle(tx.T("desk.bookings.new"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		form, slots, phone, v.phoneErr, v.save, v.msg, v.code, v.spoken, v.print)

	v.list = container.NewVBox()
	closeBtn := widget.NewButton(tx.T("desk.visits.close"), nil)
	right := container.NewBorder(widget.NewLabelWithStyle(tx.T("desk.bookings.list"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		container.NewHBox(layout.NewSpacer(), closeBtn), nil, nil, container.NewVScroll(v.list))
	split := container.NewHSplit(container.NewVScroll(v.left), right)
	split.Offset = 0.55
	v.dlg = dialog.NewCustomWithoutButtons(tx.T("desk.bookings.title"), container.NewThemeOverride(split, staffTheme{}), v.d.win)
	v.dlg.Resize(fyne.NewSize(1100, 720))
	closeBtn.OnTapped = func() { v.dlg.Hide(); v.dlg = nil }
	v.dlg.Show()
	v.loadInfo()
}

func errLabel() *widget.Label {
	l := widget.NewLabel("")
	l.Importance = widget.DangerImportance
	l.Wrapping = fyne.TextWrapWord
	l.Hide()
	return l
}

// today is the office-local date now.
func (v *bookingScreen) today() time.Time {
	zone := v.d.m.zone
	now := v.d.opts.Now().In(zone)
	t, _ := time.ParseInLocation(time.DateOnly, now.Format(time.DateOnly), zone)
	return t
}

// loadInfo reads which services take bookings and the window, then fills
// the service and day choices.
func (v *bookingScreen) loadInfo() {
	today := v.today().Format(time.DateOnly)
	go func() {
		ctx, cancel := context.WithTimeout(v.d.ctx, 15*time.Second)
		info, err := v.api.BookingDay(ctx, today)
		cfg, _ := configOf(ctx, v.d.api)
		cancel()
		v.d.ui(func() {
			if v.dlg == nil {
				return
			}
			if err != nil {
				v.say(hub.Message(err, v.d.tx.Lang()), false)
				return
			}
			v.info = info
			lang := v.d.tx.Lang()
			v.codes = nil
			var names []string
			for _, code := range info.Services {
				name := code
				if i := slices.IndexFunc(cfg.Services, func(s queue.Service) bool { return s.Code == code }); i >= 0 {
					name = code + " — " + pick(lang, cfg.Services[i].Name, cfg.Services[i].NameEN)
				}
				v.codes = append(v.codes, code)
				names = append(names, name)
			}
			if len(names) == 0 {
				v.say(v.d.tx.T("desk.bookings.noservice"), false)
			}
			v.days = nil
			var labels []string
			for i := 0; i <= info.WindowDays; i++ {
				day := v.today().AddDate(0, 0, i).Format(time.DateOnly)
				v.days = append(v.days, day)
				labels = append(labels, v.dayText(day))
			}
			v.service.SetOptions(names)
			v.day.SetOptions(labels)
			if len(names) > 0 {
				v.service.SetSelectedIndex(0)
			}
			if len(labels) > 0 {
				v.day.SetSelectedIndex(0)
			}
		})
	}()
}

// dayText is a day as the officer reads it: "Thứ Ba 08/12/2026".
func (v *bookingScreen) dayText(day string) string {
	if v.d.tx.Lang() == "en" {
		if t, err := time.Parse(time.DateOnly, day); err == nil {
			return t.Format("Mon 02/01/2006")
		}
	}
	return visits.DayText(day, v.d.m.zone)
}

func (v *bookingScreen) chosenService() string {
	if i := v.service.SelectedIndex(); i >= 0 && i < len(v.codes) {
		return v.codes[i]
	}
	return ""
}

func (v *bookingScreen) chosenDay() string {
	if i := v.day.SelectedIndex(); i >= 0 && i < len(v.days) {
		return v.days[i]
	}
	return ""
}

// loadSlots reads the chosen service's slots on the chosen day.
func (v *bookingScreen) loadSlots() {
	svc, day := v.chosenService(), v.chosenDay()
	v.slots, v.chosen = nil, -1
	v.showSlots()
	if svc == "" || day == "" {
		return
	}
	go func() {
		ctx, cancel := context.WithTimeout(v.d.ctx, 15*time.Second)
		got, err := v.api.BookingSlots(ctx, svc, day)
		cancel()
		v.d.ui(func() {
			if v.dlg == nil || v.chosenService() != svc || v.chosenDay() != day {
				return
			}
			if err != nil {
				v.say(hub.Message(err, v.d.tx.Lang()), false)
				return
			}
			v.slots = got.Slots
			v.showSlots()
		})
	}()
}

// slotText is a slot's key: its time and its free places, or how far an
// outage over-booked it.
func (v *bookingScreen) slotText(s bookings.Availability) string {
	tx := v.d.tx
	hm := s.Start.In(v.d.m.zone).Format("15:04")
	switch {
	case s.Over > 0:
		return hm + " · " + tx.T("desk.bookings.over", s.Over)
	case s.Free == 0:
		return hm + " · " + tx.T("desk.bookings.full")
	}
	return hm + " · " + tx.T("desk.bookings.free", s.Free)
}

func (v *bookingScreen) showSlots() {
	v.slotKeys = nil
	var objs []fyne.CanvasObject
	for i, s := range v.slots {
		b := widget.NewButton(v.slotText(s), func() { v.chosen = i; v.showSlots() })
		if s.Free == 0 {
			b.Disable()
		}
		if i == v.chosen {
			b.Importance = widget.HighImportance
		}
		v.slotKeys = append(v.slotKeys, b)
		objs = append(objs, b)
	}
	if len(objs) == 0 && v.chosenService() != "" && v.chosenDay() != "" {
		objs = append(objs, widget.NewLabel(v.d.tx.T("desk.bookings.noslot")))
	}
	v.slotBox.Objects = objs
	v.slotBox.Refresh()
	v.left.Refresh()
}

// loadDay reads the chosen day's bookings into the list.
func (v *bookingScreen) loadDay() {
	day := v.chosenDay()
	if day == "" {
		return
	}
	go func() {
		ctx, cancel := context.WithTimeout(v.d.ctx, 15*time.Second)
		got, err := v.api.BookingDay(ctx, day)
		cancel()
		v.d.ui(func() {
			if v.dlg == nil || v.chosenDay() != day {
				return
			}
			if err != nil {
				v.say(hub.Message(err, v.d.tx.Lang()), false)
				return
			}
			v.showList(got.Bookings)
		})
	}()
}

func (v *bookingScreen) showList(bs []bookings.Booking) {
	tx := v.d.tx
	v.cancelKeys = nil
	var rows []fyne.CanvasObject
	for _, b := range bs {
		head := b.Start.In(v.d.m.zone).Format("15:04") + " · " + b.Service + " · " + bookings.FormatCode(b.Code)
		title := widget.NewLabelWithStyle(head, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		line := tx.T("desk.bookings.status."+string(b.Status)) + " · " + tx.T("desk.bookings.channel."+b.Channel)
		if b.Phone != "" {
			line += " · " + b.Phone
		}
		state := widget.NewLabel(line)
		if !b.Open() {
			state.Importance = widget.LowImportance
		}
		var acts fyne.CanvasObject = layout.NewSpacer()
		if b.Open() {
			b := b
			key := widget.NewButton(tx.T("desk.bookings.cancel"), func() { v.confirmCancel(b) })
			v.cancelKeys = append(v.cancelKeys, key)
			acts = key
		}
		rows = append(rows, container.NewBorder(nil, nil, nil, acts, container.NewVBox(title, state)))
	}
	if len(rows) == 0 {
		rows = append(rows, widget.NewLabel(tx.T("desk.bookings.none")))
	}
	v.list.Objects = rows
	v.list.Refresh()
}

func (v *bookingScreen) clearErrors() {
	for _, l := range []*widget.Label{v.slotErr, v.phoneErr} {
		l.SetText("")
		l.Hide()
	}
}

func (v *bookingScreen) submit() {
	tx := v.d.tx
	v.clearErrors()
	if v.chosen < 0 || v.chosen >= len(v.slots) {
		v.slotErr.SetText(tx.T("desk.bookings.pick"))
		v.slotErr.Show()
		v.left.Refresh()
		return
	}
	r := hub.BookRequest{Service: v.chosenService(), Start: v.slots[v.chosen].Start, Phone: v.phone.Text}
	v.save.Disable()
	go func() {
		ctx, cancel := context.WithTimeout(v.d.ctx, 15*time.Second)
		b, err := v.api.Book(ctx, r)
		cancel()
		v.d.ui(func() {
			if v.dlg == nil {
				return
			}
			v.save.Enable()
			if err != nil {
				v.refused(err)
				return
			}
			v.booked = &b
			v.phone.SetText("")
			v.say(tx.T("desk.bookings.saved", b.Service, b.Start.In(v.d.m.zone).Format("15:04"), v.dayText(b.Day)), true)
			v.code.SetText(bookings.FormatCode(b.Code))
			v.spoken.SetText(tx.T("desk.bookings.read", SpokenCode(b.Code), v.checkInText(b)))
			if v.d.vis().printer != nil {
				v.print.Show()
			}
			v.left.Refresh()
			v.loadSlots()
			v.loadDay()
		})
	}()
}

// checkInText is the check-in window of b, as the officer tells it.
func (v *bookingScreen) checkInText(b bookings.Booking) string {
	zone := v.d.m.zone
	from := b.Start.Add(-time.Duration(v.info.EarlyMinutes) * time.Minute).In(zone).Format("15:04")
	until := b.Start.Add(time.Duration(v.info.LateMinutes) * time.Minute).In(zone).Format("15:04")
	return v.d.tx.T("desk.bookings.window", from, until)
}

// refused shows a refused booking beside the field it concerns, in
// kiosk/bookings' words (the hub sends bookings.Message's sentence).
func (v *bookingScreen) refused(err error) {
	text := hub.Message(err, v.d.tx.Lang())
	field := ""
	var he *hub.Error
	var re *bookings.RequestError
	switch {
	case errors.As(err, &he):
		field = he.Field
	case errors.As(err, &re):
		field = re.Field
	}
	switch field {
	case "phone":
		v.phoneErr.SetText(text)
		v.phoneErr.Show()
	case "start":
		v.slotErr.SetText(text)
		v.slotErr.Show()
		v.loadSlots() // the places changed under the officer
		v.loadDay()
	default:
		v.d.log.Warn("desk: book", "err", err)
		v.say(text, false)
		v.left.Refresh()
		return
	}
	v.say(v.d.tx.T("desk.visits.fix"), false)
	v.left.Refresh()
}

func (v *bookingScreen) say(s string, ok bool) {
	v.msg.Importance = widget.DangerImportance
	if ok {
		v.msg.Importance = widget.SuccessImportance
	}
	v.msg.SetText(s)
	if !ok {
		v.code.SetText("")
		v.spoken.SetText("")
		v.print.Hide()
	}
}

// confirmCancel asks the officer before b is cancelled.
func (v *bookingScreen) confirmCancel(b bookings.Booking) {
	tx := v.d.tx
	code := b.Code
	v.confirm = dialog.NewConfirm(tx.T("desk.bookings.cancel"),
		tx.T("desk.bookings.cancel.ask", bookings.FormatCode(code), b.Start.In(v.d.m.zone).Format("15:04"), v.dayText(b.Day)),
		func(ok bool) {
			v.confirm = nil
			if ok {
				v.cancel(code)
			}
		}, v.d.win)
	v.confirm.SetConfirmText(tx.T("desk.bookings.cancel"))
	v.confirm.SetDismissText(tx.T("desk.bookings.keep"))
	v.confirm.SetConfirmImportance(widget.DangerImportance)
	v.confirm.Show()
}

func (v *bookingScreen) cancel(code string) {
	go func() {
		ctx, cancel := context.WithTimeout(v.d.ctx, 15*time.Second)
		b, err := v.api.CancelBooking(ctx, code)
		cancel()
		v.d.ui(func() {
			if v.dlg == nil {
				return
			}
			if err != nil {
				v.say(hub.Message(err, v.d.tx.Lang()), false)
				return
			}
			v.clearErrors()
			v.say(v.d.tx.T("desk.bookings.cancelled", bookings.FormatCode(b.Code)), true)
			v.loadSlots()
			v.loadDay()
		})
	}()
}

// printSlip prints the last booking's slip on the desk's printer: its
// code large, the slot, the check-in window and the QR the kiosk's
// scanner reads.
func (v *bookingScreen) printSlip() {
	tx, p, b := v.d.tx, v.d.vis().printer, v.booked
	if p == nil || b == nil {
		return
	}
	cfg, _ := configOf(v.d.ctx, v.d.api)
	job := BookingSlip(cfg, *b, v.d.vis().ticketURL, v.info.EarlyMinutes, v.info.LateMinutes)
	v.print.Disable()
	go func() {
		ctx, cancel := context.WithTimeout(v.d.ctx, 60*time.Second)
		err := p.Print(ctx, job)
		cancel()
		v.d.ui(func() {
			if v.dlg == nil {
				return
			}
			v.print.Enable()
			if err != nil {
				v.d.log.Warn("desk: print booking slip", "code", b.Code, "err", err)
				v.msg.Importance = widget.DangerImportance
				v.msg.SetText(tx.T("desk.visits.print.failed"))
				return
			}
			v.msg.Importance = widget.SuccessImportance
			v.msg.SetText(tx.T("desk.bookings.printed", bookings.FormatCode(b.Code)))
		})
	}()
}

// SpokenCode spells a booking code for reading out over the phone, one
// symbol at a time: "K 7 M – Q 2 P T".
func SpokenCode(code string) string {
	f := bookings.FormatCode(code)
	var parts []string
	for _, r := range f {
		if r == '-' {
			parts = append(parts, "–")
			continue
		}
		parts = append(parts, string(r))
	}
	return strings.Join(parts, " ")
}

// BookingSlip is the printed appointment slip of b (Vietnamese: the
// citizen's paper): the code as the big number, the service, the day and
// time, the check-in window, and a QR of the booking's address on the
// central server, which the kiosk's scanner reads as the code. ticketURL
// is settings.TicketURL, from which the central server's address comes;
// nil or "" gives a QR of the bare code.
func BookingSlip(cfg queue.Config, b bookings.Booking, ticketURL func(string) string, early, late int) devices.Ticket {
	loc := cfg.Location()
	service := b.Service
	if s, ok := findService(cfg, b.Service); ok {
		service = s.Name
	}
	base := ""
	if ticketURL != nil {
		base = strings.TrimSuffix(ticketURL("-"), "/t/-")
	}
	start := b.Start.In(loc)
	return devices.Ticket{
		Office:  cfg.Office.Name,
		Heading: "Phiếu hẹn — Mã hẹn",
		Number:  bookings.FormatCode(b.Code),
		Service: service,
		Lines: []string{
			"Ngày hẹn: " + visits.DayText(b.Day, loc),
			"Giờ hẹn: " + start.Format("15:04") + " – " + b.End.In(loc).Format("15:04"),
			"Xác nhận tại máy lấy số từ " + start.Add(-time.Duration(early)*time.Minute).Format("15:04") +
				" đến " + start.Add(time.Duration(late)*time.Minute).Format("15:04"),
		},
		QR:     bookings.QRPayload(base, b.Code),
		QRNote: "Quét mã tại máy lấy số, hoặc nhập mã hẹn",
		Footer: "Đến muộn quá giờ trên, xin lấy số thường",
	}
}

func findService(cfg queue.Config, code string) (queue.Service, bool) {
	for _, s := range cfg.Services {
		if s.Code == code {
			return s, true
		}
	}
	return queue.Service{}, false
}
