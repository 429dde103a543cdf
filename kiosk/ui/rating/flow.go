package rating

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"

	"github.com/motcua-kiosk/motcua/kiosk/hub"
	"github.com/motcua-kiosk/motcua/kiosk/queue"
	"github.com/motcua-kiosk/motcua/kiosk/ui"
)

// Stages of a Flow, for tests and logs.
const (
	StageLookup  = "lookup"
	StageStars   = "stars"
	StageReasons = "reasons"
	StageSending = "sending"
	StageThanks  = "thanks"
	StageMessage = "message"
	StageDone    = "done"
)

// Options configure a rating flow.
type Options struct {
	API  hub.API
	Lang ui.Lang
	// Letters are the service prefixes shown on the lookup keypad.
	Letters []string
	// ServiceName gives a service's name by code; nil shows the code.
	ServiceName func(code string, lang ui.Lang) string
	// OfficerName gives an officer's name by ID; nil or "" shows the ID.
	OfficerName func(ctx context.Context, id string) string
	// Timeout closes the flow after this long without a touch; 0 means 30 s.
	Timeout time.Duration
	// ThanksFor is how long the thank-you stays; 0 means 6 s.
	ThanksFor time.Duration
	// OnDone is called once when the flow ends (rated, skipped, timed out).
	OnDone func()
	Log    *slog.Logger
}

func (o *Options) defaults() {
	if o.Timeout == 0 {
		o.Timeout = 30 * time.Second
	}
	if o.ThanksFor == 0 {
		o.ThanksFor = 6 * time.Second
	}
	if o.Log == nil {
		o.Log = slog.Default()
	}
	if o.OnDone == nil {
		o.OnDone = func() {}
	}
}

// Flow is one citizen's rating, from lookup or stars to the thank-you. Its
// Content goes into a window; everything runs on the UI goroutine and the
// hub is called in the background.
type Flow struct {
	o       Options
	tr      ui.Tr
	root    *fyne.Container
	stage   string
	ticket  queue.Ticket
	officer string
	stars   int
	reasons map[string]bool
	timer   *time.Timer
	gen     int // bumps on every touch so a stale timer does nothing

	keypad     *ui.Keypad
	starKeys   [6]*ui.BigButton
	reasonKeys map[string]*ui.BigButton
	sendKey    *ui.BigButton
	message    string
}

func newFlow(o Options) *Flow {
	o.defaults()
	f := &Flow{o: o, tr: ui.Tr{Lang: o.Lang}, root: container.NewStack(), reasons: map[string]bool{}}
	return f
}

// NewLookup starts at the keypad: the citizen types the ticket number.
func NewLookup(o Options) *Flow {
	f := newFlow(o)
	f.showLookup()
	return f
}

// NewForTicket starts at the stars for a ticket just completed (the
// counter tablet).
func NewForTicket(o Options, t queue.Ticket) *Flow {
	f := newFlow(o)
	f.ticket = t
	f.showStars()
	return f
}

// Content is the flow's screen.
func (f *Flow) Content() fyne.CanvasObject { return f.root }

// Stage returns the current stage (Stage* constants).
func (f *Flow) Stage() string { return f.stage }

// Message returns the sentence shown at StageMessage.
func (f *Flow) Message() string { return f.message }

// Keypad returns the lookup keypad (nil after the lookup).
func (f *Flow) Keypad() *ui.Keypad { return f.keypad }

// Star returns the button of n stars (1-5).
func (f *Flow) Star(n int) *ui.BigButton { return f.starKeys[n] }

// Reason returns the button of a reason code (queue.Reasons).
func (f *Flow) Reason(code string) *ui.BigButton { return f.reasonKeys[code] }

// Send returns the send button of the reasons screen.
func (f *Flow) Send() *ui.BigButton { return f.sendKey }

// Ticket returns the ticket being rated.
func (f *Flow) Ticket() queue.Ticket { return f.ticket }

// Stop cancels the flow's timer without calling OnDone.
func (f *Flow) Stop() {
	f.gen++
	if f.timer != nil {
		f.timer.Stop()
	}
}

func (f *Flow) set(stage string, content fyne.CanvasObject) {
	f.stage = stage
	// The kiosk's margin on every side; Reflow so that wrapped labels get
	// the lines they need at the width they are given.
	f.root.Objects = []fyne.CanvasObject{ui.Screen(ui.Inset(ui.Margin, ui.Reflow(content)))}
	f.root.Refresh()
}

// touch restarts the inactivity timer for d.
func (f *Flow) touch(d time.Duration) {
	f.Stop()
	gen := f.gen
	f.timer = time.AfterFunc(d, func() {
		ui.Do(func() {
			if f.gen == gen && f.stage != StageDone && f.stage != StageSending {
				f.o.Log.Info("rating closed without a rating", "stage", f.stage, "ticket", f.ticket.Number)
				f.finish()
			}
		})
	})
}

func (f *Flow) finish() {
	if f.stage == StageDone {
		return
	}
	f.Stop()
	f.stage = StageDone
	f.o.OnDone()
}

func (f *Flow) skipButton() *ui.BigButton {
	b := ui.NewBigButton(f.tr.L("rate.cancel"), f.finish)
	b.Fill, b.TextColor, b.TitleSize = ui.ColorSecondary, ui.ColorText, ui.TextBody
	return b
}

func (f *Flow) showLookup() {
	f.keypad = ui.NewKeypad(f.tr, f.tr.L("rate.enter"), f.o.Letters, false, 6)
	f.keypad.OnSubmit = f.lookup
	f.keypad.OnCancel = f.finish
	hint := ui.NewText(f.tr.L("rate.scan"), ui.TextBody, ui.ColorMuted, false, fyne.TextAlignCenter)
	f.set(StageLookup, container.NewBorder(nil, hint, nil, nil, ui.Box(760, f.keypad)))
	f.touch(f.o.Timeout * 2)
}

// Scanned takes a code read by the barcode scanner at the lookup: a ticket
// number ("A012") or the ticket's URL (".../t/REF").
func (f *Flow) Scanned(code string) {
	if f.stage != StageLookup {
		return
	}
	code = strings.TrimSpace(code)
	if i := strings.LastIndex(code, "/t/"); i >= 0 {
		f.find(code[i+3:])
		return
	}
	f.keypad.SetValue(code)
	f.lookup(code)
}

func (f *Flow) lookup(typed string) {
	f.touch(f.o.Timeout * 2)
	num, ok := queue.NormalizeNumber(typed)
	if !ok {
		f.keypad.SetMessage(f.tr.L("rate.bad_number"))
		return
	}
	f.find(num)
}

func (f *Flow) find(idOrNumber string) {
	f.keypad.SetMessage(f.tr.L("rate.sending"))
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		info, err := f.o.API.Ticket(ctx, idOrNumber)
		if err == nil {
			switch {
			case info.Ticket.Rated:
				err = queue.ErrAlreadyRated
			case info.Ticket.Status != queue.StatusDone:
				err = queue.ErrNotRateable
			}
		}
		officer := ""
		if err == nil {
			officer = f.officerName(ctx, info.Ticket.Officer)
		}
		ui.Do(func() {
			if f.stage != StageLookup {
				return
			}
			if err != nil {
				f.o.Log.Info("rating lookup refused", "ticket", idOrNumber, "err", err)
				f.keypad.SetMessage(hub.Message(err, string(f.o.Lang)))
				return
			}
			f.ticket, f.officer = info.Ticket, officer
			f.showStars()
		})
	}()
}

func (f *Flow) officerName(ctx context.Context, id string) string {
	if id == "" {
		return ""
	}
	if f.o.OfficerName != nil {
		if n := f.o.OfficerName(ctx, id); n != "" {
			return n
		}
	}
	return id
}

// SetOfficer sets the officer's name shown (the tablet looks it up).
func (f *Flow) SetOfficer(name string) { f.officer = name }

func (f *Flow) header() fyne.CanvasObject {
	t := f.ticket
	svc := t.Service
	if f.o.ServiceName != nil {
		svc = f.o.ServiceName(t.Service, f.o.Lang)
	}
	who := f.officer
	if who == "" {
		who = t.Officer
	}
	// A neutral silhouette stands for the officer's photo (none is kept).
	photo := canvas.NewImageFromResource(ui.ServiceIcon("officer"))
	photo.FillMode = canvas.ImageFillContain
	lines := []fyne.CanvasObject{
		ui.NewText(f.tr.L("rate.ticket", map[string]any{"Number": t.Number, "Service": svc}), ui.TextLarge, ui.ColorText, true, fyne.TextAlignLeading),
	}
	if who != "" {
		lines = append(lines, ui.NewText(f.tr.L("rate.officer", map[string]any{"Name": who}), ui.TextBody, ui.ColorText, false, fyne.TextAlignLeading))
	}
	if t.Counter > 0 {
		lines = append(lines, ui.NewText(f.tr.L("rate.counter", map[string]any{"N": t.Counter}), ui.TextBody, ui.ColorText, false, fyne.TextAlignLeading))
	}
	return container.NewBorder(nil, nil, container.NewGridWrap(fyne.NewSize(120, 120), photo), nil, container.NewVBox(lines...))
}

func (f *Flow) showStars() {
	f.keypad = nil
	var keys []fyne.CanvasObject
	stars := &starsLayout{}
	for n := 1; n <= 5; n++ {
		b := ui.NewBigButton(f.tr.L(fmt.Sprintf("rate.star%d", n)), func() { f.tapStar(n) })
		b.Icon, b.IconSize = ui.Stars(n), starHeight
		b.Fill, b.TextColor = ui.ColorSecondary, ui.ColorText
		f.starKeys[n] = b
		stars.keys = append(stars.keys, b)
		keys = append(keys, b)
	}
	stars.style(false)
	title := ui.NewText(f.tr.L("rate.title"), ui.TextTitle, ui.ColorPrimary, true, fyne.TextAlignCenter)
	body := container.NewVBox(f.header(), title, container.New(stars, keys...))
	f.set(StageStars, container.NewBorder(nil, f.skipButton(), nil, nil, ui.Box(1800, body)))
	f.touch(f.o.Timeout)
}

func (f *Flow) tapStar(n int) {
	if f.stage != StageStars {
		return // a second tap while sending or after
	}
	f.stars = n
	if n <= 3 {
		f.showReasons()
		return
	}
	f.send()
}

func (f *Flow) showReasons() {
	f.reasonKeys = map[string]*ui.BigButton{}
	var keys []fyne.CanvasObject
	for _, code := range queue.Reasons {
		b := ui.NewBigButton(f.tr.L("rate.reason."+code), func() { f.toggle(code) })
		b.Align, b.MinHeight = fyne.TextAlignLeading, 120
		f.reasonKeys[code] = b
		f.paintReason(code)
		keys = append(keys, b)
	}
	f.sendKey = ui.NewBigButton(f.tr.L("rate.send"), f.send)
	f.sendKey.Fill, f.sendKey.MinHeight = ui.ColorSelected, 120
	title := ui.NewText(f.tr.L("rate.reasons"), ui.TextLarge, ui.ColorPrimary, true, fyne.TextAlignCenter)
	body := container.NewVBox(title, container.NewGridWithColumns(1, keys...), f.sendKey)
	f.set(StageReasons, container.NewBorder(nil, f.skipButton(), nil, nil, ui.Box(1100, body)))
	f.touch(f.o.Timeout)
}

func (f *Flow) paintReason(code string) {
	b := f.reasonKeys[code]
	if f.reasons[code] {
		b.Fill, b.TextColor, b.Icon = ui.ColorSelected, ui.ColorOnPrimary, ui.CheckIcon()
	} else {
		b.Fill, b.TextColor, b.Icon = ui.ColorSecondary, ui.ColorText, ui.EmptyBox()
	}
	b.Refresh()
}

func (f *Flow) toggle(code string) {
	if f.stage != StageReasons {
		return
	}
	f.reasons[code] = !f.reasons[code]
	f.paintReason(code)
	f.touch(f.o.Timeout)
}

func (f *Flow) send() {
	if f.stage != StageStars && f.stage != StageReasons {
		return
	}
	f.Stop()
	f.stage = StageSending
	if f.sendKey != nil {
		f.sendKey.Disabled = true
		f.sendKey.Title = f.tr.L("rate.sending")
		f.sendKey.Refresh()
	}
	var reasons []string
	for _, code := range queue.Reasons {
		if f.reasons[code] {
			reasons = append(reasons, code)
		}
	}
	req := hub.RateRequest{Ticket: f.ticket.ID, Stars: f.stars, Reasons: reasons}
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_, err := f.o.API.Rate(ctx, req)
		ui.Do(func() {
			switch {
			case err == nil:
				f.o.Log.Info("rating given", "ticket", f.ticket.Number, "stars", f.stars)
				f.showThanks(f.tr.L("rate.thanks"), f.tr.L("rate.thanks.sub"))
			case errors.Is(err, queue.ErrAlreadyRated):
				f.showThanks(hub.Message(err, string(f.o.Lang)), "")
			default:
				f.o.Log.Warn("rating failed", "ticket", f.ticket.Number, "err", err)
				f.message = hub.Message(err, string(f.o.Lang))
				f.showMessage(f.message)
			}
		})
	}()
}

func (f *Flow) showThanks(title, sub string) {
	t := ui.NewText(title, ui.TextTitle, ui.ColorSelected, true, fyne.TextAlignCenter)
	s := ui.NewText(sub, ui.TextLarge, ui.ColorText, false, fyne.TextAlignCenter)
	tap := ui.NewTapArea(f.finish)
	f.set(StageThanks, container.NewStack(tap, ui.Box(1000, container.NewVBox(t, s))))
	f.touch(f.o.ThanksFor)
}

func (f *Flow) showMessage(m string) {
	t := ui.NewText(m, ui.TextLarge, ui.ColorAccent, true, fyne.TextAlignCenter)
	back := ui.NewBigButton(f.tr.L("error.back"), f.finish)
	f.set(StageMessage, ui.Box(1000, container.NewVBox(t, back)))
	f.touch(f.o.ThanksFor)
}

// starHeight is the height of a star strip; starsColumnBelow the width
// under which the five star buttons stack in one column (portrait);
// starGap the space between two of them.
const (
	starHeight       float32 = 56
	starsColumnBelow float32 = 1400
	starGap          float32 = 10
)

// starsLayout shows the five star buttons side by side where the width
// allows (landscape) and one under another otherwise (portrait). Side by
// side, each strip of stars sits above its label at the same height in
// every button; stacked, each strip sits at the left in a slot of its own
// width, so the strips form one column and no label, long or wrapped,
// moves them. Every button gets the same size.
type starsLayout struct {
	keys   []*ui.BigButton
	column bool
	styled bool
}

// style dresses the buttons for a column or a row, redrawing them when
// that changes.
func (l *starsLayout) style(column bool) {
	if l.styled && l.column == column {
		return
	}
	l.styled, l.column = true, column
	for _, b := range l.keys {
		if column {
			b.IconTop, b.IconWidth, b.Align, b.TitleSize, b.MinHeight = false, 5*starHeight, fyne.TextAlignLeading, ui.TextLarge, 140
		} else {
			b.IconTop, b.IconWidth, b.Align, b.TitleSize, b.MinHeight = true, 0, fyne.TextAlignCenter, ui.TextBody, 200
		}
		b.Refresh()
	}
}

// Layout is part of fyne.Layout.
func (l *starsLayout) Layout(objs []fyne.CanvasObject, s fyne.Size) {
	l.style(s.Width < starsColumnBelow)
	gap, n := starGap, float32(len(objs))
	for i, o := range objs {
		if l.column {
			h := (s.Height - gap*(n-1)) / n
			o.Move(fyne.NewPos(0, float32(i)*(h+gap)))
			o.Resize(fyne.NewSize(s.Width, h))
		} else {
			w := (s.Width - gap*(n-1)) / n
			o.Move(fyne.NewPos(float32(i)*(w+gap), 0))
			o.Resize(fyne.NewSize(w, s.Height))
		}
	}
}

// MinSize is part of fyne.Layout: every button as big as the biggest.
func (l *starsLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var cell fyne.Size
	for _, o := range objs {
		cell = cell.Max(o.MinSize())
	}
	gap, n := starGap, float32(len(objs))
	if l.column {
		return fyne.NewSize(cell.Width, n*cell.Height+(n-1)*gap)
	}
	return fyne.NewSize(n*cell.Width+(n-1)*gap, cell.Height)
}
