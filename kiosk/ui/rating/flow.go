package rating

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"

	"github.com/motcua-kiosk/motcua/kiosk/hub"
	"github.com/motcua-kiosk/motcua/kiosk/queue"
	"github.com/motcua-kiosk/motcua/kiosk/speech"
	"github.com/motcua-kiosk/motcua/kiosk/ui"
)

// Stages of a Flow, for tests and logs.
const (
	StageLookup  = "lookup"
	StageStars   = "stars"
	StageReasons = "reasons"
	StageRemark  = "remark"
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
	// AfterFunc starts the flow's timeout; nil is ui.RealAfterFunc (tests
	// pass a ui.FakeTimers').
	AfterFunc ui.AfterFunc
	// Speech says the screens aloud: their "Nghe hướng dẫn" key, and each
	// stage as it opens with SpeakAuto. Nil shows no speak key.
	Speech    speech.Speaker
	SpeakAuto bool
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
	if o.AfterFunc == nil {
		o.AfterFunc = ui.RealAfterFunc
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
	remark  string // the free remark ("Ý kiến khác"), sent as the rating's comment
	// countdown is the inactivity timeout: it warns before the flow
	// closes and a tap on the warning gives the time again (issue 16).
	countdown *ui.Countdown
	content   fyne.CanvasObject // the stage shown, what its speak key says
	speak     *ui.SpeakKey
	// guard swallows taps for TapGuard after each stage opens: the second
	// tap of a double tap on a star must not land on the reason now under
	// the finger, nor one on "Gửi" on the next screen's key.
	guard *ui.TapGuard

	keypad     *ui.Keypad
	starKeys   [6]*ui.BigButton
	reasonKeys map[string]*ui.BigButton
	remarkKey  *ui.BigButton
	sendKey    *ui.BigButton
	keyboard   *ui.Keyboard
	typed      string // the remark keyboard's value when the timer last looked
	message    string
}

// MaxRemark is the longest remark the screen takes, in characters. The
// hub and the central server keep up to 500 (the phone page takes that
// much); here the keyboard and what it has typed must stay on one screen
// of 1080 lines, and 300 characters of Vietnamese fill five lines of the
// field on a landscape screen. Under 500, a remark typed here is never
// refused further on.
const MaxRemark = 300

// TapGuard is how long taps are ignored after a stage opens, as on the
// dispenser's screens (issue 16: a second tap within 1 s does nothing).
const TapGuard = time.Second

func newFlow(o Options) *Flow {
	o.defaults()
	f := &Flow{o: o, tr: ui.Tr{Lang: o.Lang}, root: container.NewStack(), reasons: map[string]bool{}}
	f.countdown = ui.NewCountdown(f.tr, o.AfterFunc, f.timeUp)
	f.guard = ui.NewTapGuard(TapGuard, o.AfterFunc)
	f.guard.OnSwallowed = func() { f.o.Log.Debug("tap ignored: the rating stage has just opened", "stage", f.stage) }
	// Typing touches the keyboard's keys, not the flow: a value that moved
	// since the last look is a citizen still writing, not one to warn.
	f.countdown.Busy = func() bool {
		if f.stage != StageRemark || f.keyboard == nil || f.keyboard.Value() == f.typed {
			return false
		}
		f.typed = f.keyboard.Value()
		return true
	}
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

// Remark returns the "Ý kiến khác" button of the reasons screen.
func (f *Flow) Remark() *ui.BigButton { return f.remarkKey }

// Keyboard returns the remark's keyboard (nil outside StageRemark).
func (f *Flow) Keyboard() *ui.Keyboard { return f.keyboard }

// Send returns the send button of the reasons screen.
func (f *Flow) Send() *ui.BigButton { return f.sendKey }

// Ticket returns the ticket being rated.
func (f *Flow) Ticket() queue.Ticket { return f.ticket }

// Stop cancels the flow's timer without calling OnDone.
func (f *Flow) Stop() { f.countdown.Stop() }

// Countdown is the flow's warned inactivity timeout, for tests.
func (f *Flow) Countdown() *ui.Countdown { return f.countdown }

// SpeakKey is the stage's "Nghe hướng dẫn" key (nil without a speaker).
func (f *Flow) SpeakKey() *ui.SpeakKey { return f.speak }

// speech is what the stage says: what it shows.
func (f *Flow) speech() speech.Utterance {
	return speech.Lines(string(f.o.Lang), ui.Shown(f.content)...)
}

func (f *Flow) set(stage string, content fyne.CanvasObject) {
	f.stage, f.content = stage, content
	var row fyne.CanvasObject
	if f.speak, row = ui.SpeechRow(f.tr, f.o.Speech, f.speech); row != nil {
		content = container.NewBorder(row, nil, nil, nil, content)
	}
	// The kiosk's margin on every side; Reflow so that wrapped labels get
	// the lines they need at the width they are given.
	f.root.Objects = []fyne.CanvasObject{ui.Screen(ui.Inset(ui.Margin, ui.Reflow(content))), f.countdown.Warning, f.guard}
	f.guard.Raise()
	f.root.Refresh()
	if f.o.Speech != nil && f.o.SpeakAuto {
		f.o.Speech.Say(f.speech())
	}
}

// touch restarts the inactivity timeout for d; it warns before it acts.
func (f *Flow) touch(d time.Duration) { f.countdown.Start(d) }

// timeUp closes the flow after its warned timeout.
func (f *Flow) timeUp() {
	if f.stage == StageDone || f.stage == StageSending {
		return
	}
	f.o.Log.Info("rating closed without a rating", "stage", f.stage, "ticket", f.ticket.Number)
	f.finish()
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

// showStars lists the stars best first, "Rất hài lòng" (5) to "Rất không
// hài lòng" (1), as the phone page does and as Vietnamese rating forms
// (OpenCPS's kiosk: Rất hài lòng, Hài lòng, Không hài lòng) read.
func (f *Flow) showStars() {
	f.keypad = nil
	var keys []fyne.CanvasObject
	stars := &starsLayout{}
	for n := 5; n >= 1; n-- {
		b := ui.NewBigButton(f.tr.L(fmt.Sprintf("rate.star%d", n)), func() { f.tapStar(n) })
		b.Icon, b.IconSize = ui.Stars(n), starHeight
		b.Fill, b.TextColor = ui.ColorSecondary, ui.ColorText
		f.starKeys[n] = b
		stars.keys = append(stars.keys, b)
		keys = append(keys, b)
	}
	stars.style(false)
	title := ui.NewText(f.tr.L("rate.title"), ui.TextTitle, ui.ColorPrimary, true, fyne.TextAlignCenter)
	// The stars take the height left between the heading and "Bỏ qua",
	// so the screen's least height is the stars' least, never the
	// window's: the window cannot grow past the screen and push "Bỏ qua"
	// off it.
	body := container.NewBorder(container.NewVBox(f.header(), title), nil, nil, nil, container.New(stars, keys...))
	f.set(StageStars, container.NewBorder(nil, f.skipButton(), nil, nil, widthCap(1800, body)))
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

// reasonHeight is a reason button's least height; the reasons and the
// remark stand in two columns in either orientation so that the screen
// fits 1080 lines of height with all of them.
const reasonHeight float32 = 110

func (f *Flow) showReasons() {
	f.keyboard = nil
	f.reasonKeys = map[string]*ui.BigButton{}
	var keys []fyne.CanvasObject
	for _, code := range queue.Reasons {
		b := ui.NewBigButton(f.tr.L("rate.reason."+code), func() { f.toggle(code) })
		b.Align, b.MinHeight, b.TitleSize = fyne.TextAlignLeading, reasonHeight, ui.TextBody
		f.reasonKeys[code] = b
		f.paintReason(code)
		keys = append(keys, b)
	}
	f.remarkKey = ui.NewBigButton(f.remarkTitle(), f.showRemark)
	f.remarkKey.Align, f.remarkKey.MinHeight, f.remarkKey.TitleSize = fyne.TextAlignLeading, reasonHeight, ui.TextBody
	f.remarkKey.Fill, f.remarkKey.TextColor = ui.ColorSecondary, ui.ColorText
	if f.remark != "" {
		f.remarkKey.Fill, f.remarkKey.TextColor = ui.ColorSelected, ui.ColorOnPrimary
	}
	keys = append(keys, f.remarkKey)
	f.sendKey = ui.NewBigButton(f.tr.L("rate.send"), f.send)
	f.sendKey.Fill, f.sendKey.MinHeight = ui.ColorSelected, reasonHeight
	title := ui.NewText(f.tr.L("rate.reasons"), ui.TextLarge, ui.ColorPrimary, true, fyne.TextAlignCenter)
	body := container.NewVBox(title, container.NewGridWithColumns(2, keys...), f.sendKey)
	f.set(StageReasons, container.NewBorder(nil, f.skipButton(), nil, nil, ui.Box(1800, body)))
	f.touch(f.o.Timeout)
}

// remarkTitle is the remark button's title: an invitation, or the start
// of the remark written.
func (f *Flow) remarkTitle() string {
	if f.remark == "" {
		return f.tr.L("rate.remark.add")
	}
	text := []rune(f.remark)
	if len(text) > 40 {
		text = append(text[:40], '…')
	}
	return f.tr.L("rate.remark.given", map[string]any{"Text": string(text)})
}

// showRemark opens the kiosk's keyboard (the admin menu's, composing
// Vietnamese by Telex) for the free remark; OK keeps it, cancel leaves the
// remark as it was, and either goes back to the reasons as they were.
func (f *Flow) showRemark() {
	if f.stage != StageReasons {
		return
	}
	k := ui.NewKeyboard(f.tr, f.tr.L("rate.remark.prompt", map[string]any{"N": MaxRemark}), f.remark, true)
	k.MaxLen = MaxRemark
	k.OnSubmit = func(v string) {
		if msg := f.checkRemark(v); msg != "" {
			k.SetMessage(msg)
			return
		}
		f.remark = v
		f.showReasons()
	}
	k.OnCancel = f.showReasons
	f.keyboard, f.typed = k, k.Value()
	f.set(StageRemark, ui.Box(1800, fitWidth(k)))
	f.touch(f.o.Timeout)
}

// checkRemark returns why the hub would refuse remark v, in the screen's
// language, or "".
func (f *Flow) checkRemark(v string) string {
	if !utf8.ValidString(v) || utf8.RuneCountInString(v) > MaxRemark {
		return f.tr.L("rate.remark.too_long", map[string]any{"N": MaxRemark})
	}
	return ""
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
	if f.stars <= 3 {
		req.Comment = f.remark // asked, like the reasons, at three stars or fewer
	}
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_, err := f.o.API.Rate(ctx, req)
		remarkLost := false
		if errors.Is(err, queue.ErrBadRating) && req.Comment != "" {
			// The stars and reasons were fine: keep them without the
			// remark the hub refused, and say the remark did not go.
			f.o.Log.Warn("rating refused with its remark; sending it without", "ticket", f.ticket.Number, "err", err)
			req.Comment, remarkLost = "", true
			_, err = f.o.API.Rate(ctx, req)
		}
		ui.Do(func() {
			switch {
			case err == nil && remarkLost:
				f.showThanks(f.tr.L("rate.thanks"), f.tr.L("rate.remark.not_sent"))
			case err == nil:
				f.o.Log.Info("rating given", "ticket", f.ticket.Number, "stars", f.stars, "reasons", len(reasons), "remark", req.Comment != "")
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
// starGap the space between two of them. A button is at least
// starColumnMin (stacked) or starRowMin (side by side) high and grows
// with the room there is up to starColumnMax or starRowMax: five stacked
// at their least, with the heading and "Bỏ qua", stay within 1080 lines,
// so no window width can make the screen taller than a landscape screen.
const (
	starHeight       float32 = 56
	starsColumnBelow float32 = 1400
	starGap          float32 = 10
	starColumnMin    float32 = 96
	starColumnMax    float32 = 170
	starRowMin       float32 = 200
	starRowMax       float32 = 260
)

// starsLayout shows the five star buttons side by side where the width
// allows (landscape) and one under another otherwise (portrait). Side by
// side, each strip of stars sits above its label at the same height in
// every button; stacked, each strip sits at the left in a slot of its own
// width, so the strips form one column and no label, long or wrapped,
// moves them. Every button gets the same size, and the buttons together
// stand in the middle of the height they are given.
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
			b.IconTop, b.IconWidth, b.Align, b.TitleSize, b.MinHeight = false, 5*starHeight, fyne.TextAlignLeading, ui.TextLarge, starColumnMin
		} else {
			b.IconTop, b.IconWidth, b.Align, b.TitleSize, b.MinHeight = true, 0, fyne.TextAlignCenter, ui.TextBody, starRowMin
		}
		b.Refresh()
	}
}

// Layout is part of fyne.Layout.
func (l *starsLayout) Layout(objs []fyne.CanvasObject, s fyne.Size) {
	l.style(s.Width < starsColumnBelow)
	gap, n := starGap, float32(len(objs))
	least := l.MinSize(objs)
	for i, o := range objs {
		if l.column {
			h := max(least.Height-gap*(n-1), min(s.Height-gap*(n-1), n*starColumnMax)) / n
			top := max(0, (s.Height-(n*h+gap*(n-1)))/2)
			o.Move(fyne.NewPos(0, top+float32(i)*(h+gap)))
			o.Resize(fyne.NewSize(s.Width, h))
		} else {
			w := (s.Width - gap*(n-1)) / n
			h := max(least.Height, min(s.Height, starRowMax))
			o.Move(fyne.NewPos(float32(i)*(w+gap), max(0, (s.Height-h)/2)))
			o.Resize(fyne.NewSize(w, h))
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

// widthCap lays obj out at most w wide, centred, at the full height: the
// star screen's body, whose stars take the height left over (ui.Box
// would give it only its least height).
func widthCap(w float32, obj fyne.CanvasObject) fyne.CanvasObject {
	return container.New(widthCapLayout{w}, obj)
}

type widthCapLayout struct{ w float32 }

func (l widthCapLayout) Layout(objs []fyne.CanvasObject, s fyne.Size) {
	w := min(l.w, s.Width)
	for _, o := range objs {
		w := max(w, min(s.Width, o.MinSize().Width))
		o.Move(fyne.NewPos((s.Width-w)/2, 0))
		o.Resize(fyne.NewSize(w, s.Height))
	}
}

func (l widthCapLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		s = s.Max(o.MinSize())
	}
	return s
}

// fitWidth lays obj out at the width it is given and claims no more than
// a portrait screen's width for it. The keyboard asks every key for the
// widest key's width, 10 to 11 of them in a row (1136 px in Vietnamese,
// 1290 in English, more than 1080 less the margins), while its keys fit
// at 1040 with their labels; claimed whole, that width would make a
// portrait window wider than its screen.
func fitWidth(obj fyne.CanvasObject) fyne.CanvasObject {
	return container.New(fitWidthLayout{}, obj)
}

// portraitWidth is the width fitWidth claims at most: a 1080-px portrait
// screen less the kiosk's margins.
const portraitWidth = 1080 - 2*ui.Margin

type fitWidthLayout struct{}

func (fitWidthLayout) Layout(objs []fyne.CanvasObject, s fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(s)
	}
}

func (fitWidthLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		s = s.Max(o.MinSize())
	}
	return fyne.NewSize(min(s.Width, portraitWidth), s.Height)
}
