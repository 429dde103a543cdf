package checkin

import (
	"context"
	"log/slog"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"

	"github.com/motcua-kiosk/motcua/kiosk/bookings"
	"github.com/motcua-kiosk/motcua/kiosk/hub"
	"github.com/motcua-kiosk/motcua/kiosk/speech"
	"github.com/motcua-kiosk/motcua/kiosk/ui"
)

// CheckInFunc checks in the booking whose code (typed, or a scanned QR
// payload) is text: hub.Hub.CheckIn or hub.Client.CheckIn with the
// citizen's priority bound. Every outcome is an answer; an error is the
// hub not answering or failing to store, which hub.Message words.
type CheckInFunc func(ctx context.Context, text string) (hub.CheckIn, error)

// Options wires the screen to the hub and to the dispenser.
type Options struct {
	CheckIn CheckInFunc // required
	Lang    ui.Lang
	// OnBooked shows the booked ticket the check-in gave (the dispenser's
	// ticket screen, which prints it).
	OnBooked func(hub.Issued)
	// OnNormal issues a normal ticket in service, for a citizen who came
	// too late for the booking; nil offers none.
	OnNormal func(service string)
	// OnClose goes back to the home screen.
	OnClose func()
	// Timeout bounds one check-in; 0 is DefaultTimeout.
	Timeout time.Duration
	// Idle is how long a page waits untouched before the screen closes
	// (twice as long on the keyboard); 0 is DefaultIdle. AfterFunc starts
	// that timer; nil is ui.RealAfterFunc.
	Idle      time.Duration
	AfterFunc ui.AfterFunc
	// Speech says the page aloud from its "Nghe hướng dẫn" key, at the
	// top right as on every citizen screen (issue 16); nil shows none.
	Speech speech.Speaker
	Log    *slog.Logger
}

// DefaultTimeout is Options.Timeout's default.
const DefaultTimeout = 10 * time.Second

// DefaultIdle is Options.Idle's default.
const DefaultIdle = 60 * time.Second

// Page names the page shown.
type Page string

// The screen's pages. A booked check-in has no page here: the dispenser's
// ticket screen takes over.
const (
	PageEnter   Page = "enter"   // type the code; refusals beside the field
	PageLoading Page = "loading" // asking the hub
	PageEarly   Page = "early"   // come back from the window's start
	PageLate    Page = "late"    // the place is gone: a normal ticket
)

// Screen is the check-in: build it with New, show Content.
type Screen struct {
	o         Options
	tr        ui.Tr
	root      *fyne.Container
	landscape bool
	page      Page

	typed  string      // the keyboard's text, kept to mend a refused code
	answer hub.CheckIn // the last answer shown
	fail   error       // the hub's error shown beside the field; nil none
	empty  bool        // OK pressed on an empty field
	seq    int         // bumps per check-in; a late answer to an older one is dropped
	cancel func()      // the check-in under way
	// countdown is the idle close: it warns before it closes, and a tap
	// on the warning gives the time again (issue 16).
	countdown *ui.Countdown
	closed    bool         // stopped: late answers and timers do nothing
	busy      bool         // a check-in under way: OK and scans wait
	keys      *ui.Keyboard // the enter page's keyboard, nil elsewhere
	normal    *ui.BigButton
	back      *ui.BigButton
	speak     *ui.SpeakKey // the page's "Nghe hướng dẫn", nil without a speaker
	texts     []*ui.Text
}

// New returns the screen on its enter page.
func New(o Options) *Screen {
	if o.Log == nil {
		o.Log = slog.Default()
	}
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	if o.Idle <= 0 {
		o.Idle = DefaultIdle
	}
	if o.AfterFunc == nil {
		o.AfterFunc = ui.RealAfterFunc
	}
	s := &Screen{o: o, tr: ui.Tr{Lang: o.Lang}}
	s.countdown = ui.NewCountdown(s.tr, o.AfterFunc, s.idleClose)
	s.root = container.New(&orientLayout{s: s})
	s.show(PageEnter)
	return s
}

// Content is the screen to put in the window.
func (s *Screen) Content() fyne.CanvasObject { return s.root }

// Page is the page shown.
func (s *Screen) Page() Page { return s.page }

// Keyboard is the enter page's keyboard, nil elsewhere (tests).
func (s *Screen) Keyboard() *ui.Keyboard { return s.keys }

// NormalKey is the late page's "Lấy số thường", nil elsewhere.
func (s *Screen) NormalKey() *ui.BigButton { return s.normal }

// BackKey is the page's "Quay lại".
func (s *Screen) BackKey() *ui.BigButton { return s.back }

// SpeakKey is the page's "Nghe hướng dẫn", nil without a speaker.
func (s *Screen) SpeakKey() *ui.SpeakKey { return s.speak }

// Speech is what the page's speak key says: the page's texts, then the
// sentence about the code, then the keys (the keyboard's letters are not
// read out).
func (s *Screen) Speech() speech.Utterance {
	lines := s.Texts()
	if s.page == PageEnter {
		lines = append(lines, s.tr.L("checkin.prompt"), s.Message())
	}
	for _, b := range []*ui.BigButton{s.normal, s.back} {
		if b != nil {
			lines = append(lines, b.Title)
		}
	}
	return speech.Lines(string(s.tr.Lang), lines...)
}

// Answer is the last answer of the hub.
func (s *Screen) Answer() hub.CheckIn { return s.answer }

// Message is the sentence the page says about the code: beside the field
// on the enter page, the page's own sentence on the early and late pages.
func (s *Screen) Message() string {
	switch {
	case s.empty:
		return s.tr.L("checkin.empty")
	case s.fail != nil:
		return hub.Message(s.fail, string(s.tr.Lang))
	case s.answer.Outcome == "":
		return ""
	}
	return s.tr.Pick(s.answer.Message, s.answer.MessageEN)
}

// Texts are the texts of the page shown, in order (tests).
func (s *Screen) Texts() []string {
	var out []string
	for _, t := range s.texts {
		out = append(out, t.Text)
	}
	return out
}

// Scanned takes a booking QR or code from the scanner, on any page.
func (s *Screen) Scanned(code string) {
	s.typed = ""
	s.submit(code, true)
}

// Submit checks in a code as typed (the keyboard's OK; tests).
func (s *Screen) Submit(code string) {
	s.typed = code
	s.submit(code, false)
}

// Stop stops the idle timer and drops a check-in under way (its answer,
// if any, still stands in the hub: a retry gets the same ticket).
func (s *Screen) Stop() {
	s.stopIdle()
	s.closed = true
	s.seq++
	if s.cancel != nil {
		s.cancel()
		s.cancel = nil
	}
}

func (s *Screen) close() {
	s.Stop()
	if s.o.OnClose != nil {
		s.o.OnClose()
	}
}

func (s *Screen) submit(text string, scanned bool) {
	if s.busy {
		return // one check-in at a time: a double OK gives one answer
	}
	s.empty, s.fail, s.answer = false, nil, hub.CheckIn{}
	if _, err := bookings.ParseCode(text); err != nil {
		// Said beside the field at once; the hub would say the same.
		s.o.Log.Info("booking code refused", "bytes", len(text), "scanned", scanned, "err", err)
		s.answer = hub.CheckIn{Outcome: hub.OutcomeInvalid, Message: bookings.Message(err, "vi"), MessageEN: bookings.Message(err, "en")}
		s.show(PageEnter)
		return
	}
	s.seq++
	seq := s.seq
	ctx, cancel := context.WithTimeout(context.Background(), s.o.Timeout)
	s.cancel, s.busy = cancel, true
	s.show(PageLoading)
	go func() {
		ans, err := s.o.CheckIn(ctx, text)
		cancel()
		ui.Do(func() { s.answered(seq, ans, err) })
	}()
}

// answered shows the hub's answer, unless another check-in or a close
// came since.
func (s *Screen) answered(seq int, ans hub.CheckIn, err error) {
	s.busy = false
	if seq != s.seq || s.closed {
		return
	}
	s.cancel = nil
	if err != nil {
		s.o.Log.Warn("booking check-in failed", "err", err)
		s.fail = err
		s.show(PageEnter)
		return
	}
	s.o.Log.Info("booking check-in", "outcome", ans.Outcome, "service", ans.Service)
	s.answer = ans
	switch ans.Outcome {
	case string(bookings.OutcomeBooked):
		if ans.Ticket == nil {
			s.o.Log.Error("booking check-in: booked without a ticket")
			s.fail = hub.ErrStorage
			s.show(PageEnter)
			return
		}
		s.typed = ""
		s.Stop()
		if s.o.OnBooked != nil {
			s.o.OnBooked(*ans.Ticket)
		}
	case string(bookings.OutcomeEarly):
		s.show(PageEarly)
	case string(bookings.OutcomeLate), string(bookings.OutcomeReleased):
		s.show(PageLate)
	default: // unknown, used, cancelled, invalid: beside the field
		s.show(PageEnter)
	}
}

func (s *Screen) show(p Page) {
	s.page, s.closed = p, false
	s.touched()
	s.keys, s.normal, s.back, s.texts, s.speak = nil, nil, nil, nil, nil
	var c fyne.CanvasObject
	switch p {
	case PageLoading:
		c = s.loadingPage()
	case PageEarly:
		c = s.earlyPage()
	case PageLate:
		c = s.latePage()
	default:
		c = s.enterPage()
	}
	s.root.Objects = []fyne.CanvasObject{c, s.countdown.Warning}
	s.root.Refresh()
}

// touched restarts the idle time: a citizen is using the screen.
func (s *Screen) touched() {
	s.stopIdle()
	d := s.o.Idle
	if s.page == PageEnter {
		d *= 2 // typing a code off a phone takes a while
	}
	s.countdown.Warning.Tr = s.tr
	s.countdown.Start(d)
}

// idleClose closes the screen after its warned idle time.
func (s *Screen) idleClose() {
	if s.closed {
		return
	}
	s.o.Log.Info("booking check-in idle: closed", "page", s.page)
	s.typed, s.fail, s.answer = "", nil, hub.CheckIn{}
	s.close()
}

func (s *Screen) stopIdle() { s.countdown.Stop() }

// Countdown is the idle close (tests and the accessibility audit).
func (s *Screen) Countdown() *ui.Countdown { return s.countdown }

// ---- pages ----

func (s *Screen) text(str string, size float32, bold bool, align fyne.TextAlign) *ui.Text {
	t := ui.NewText(str, size, ui.ColorText, bold, align)
	s.texts = append(s.texts, t)
	return t
}

func (s *Screen) header() fyne.CanvasObject {
	t := ui.NewText(s.tr.L("checkin.title"), ui.TextTitle, ui.ColorOnPrimary, true, fyne.TextAlignCenter)
	s.texts = append(s.texts, t)
	band := container.NewStack(canvas.NewRectangle(ui.ColorPrimary), container.NewPadded(t))
	k, row := ui.SpeechRow(s.tr, s.o.Speech, s.Speech)
	if row == nil {
		return band
	}
	s.speak = k
	return container.NewVBox(row, band)
}

func (s *Screen) backKey() *ui.BigButton {
	s.back = ui.NewBigButton(s.tr.L("checkin.back"), s.close)
	s.back.Fill, s.back.TextColor, s.back.TitleSize = ui.ColorSecondary, ui.ColorText, ui.TextBody
	return s.back
}

func (s *Screen) page3(mid fyne.CanvasObject, bottom fyne.CanvasObject) fyne.CanvasObject {
	body := container.NewBorder(s.header(), bottom, nil, nil, container.NewPadded(mid))
	return ui.Screen(ui.Inset(ui.Margin/2, ui.Reflow(body)))
}

func (s *Screen) enterPage() fyne.CanvasObject {
	k := ui.NewKeyboard(s.tr, s.tr.L("checkin.prompt"), s.typed, false)
	k.MaxLen = 12 // "K7M-Q2PT" with room for spaces
	k.OnCancel = s.close
	k.OnSubmit = func(v string) {
		if v == "" {
			s.empty, s.fail, s.answer = true, nil, hub.CheckIn{}
			k.SetMessage(s.Message())
			return
		}
		s.Submit(v)
	}
	k.SetMessage(s.Message())
	s.keys = k
	scan := s.text(s.tr.L("checkin.scan"), ui.TextLarge, true, fyne.TextAlignCenter)
	scanSub := s.text(s.tr.L("checkin.scan.sub"), ui.TextBody, false, fyne.TextAlignCenter)
	or := s.text(s.tr.L("checkin.or"), ui.TextLarge, true, fyne.TextAlignCenter)
	if s.landscape {
		guide := container.NewVBox(layout.NewSpacer(), scan, scanSub, or, layout.NewSpacer())
		body := container.NewBorder(nil, nil, container.New(fixedWidth{w: 560}, guide), nil, k)
		return ui.Screen(ui.Inset(ui.Margin/2, ui.Reflow(container.NewBorder(s.header(), nil, nil, nil, body))))
	}
	mid := container.NewVBox(layout.NewSpacer(), scan, scanSub, layout.NewSpacer(), or)
	return ui.Screen(ui.Inset(ui.Margin/2, ui.Reflow(container.NewBorder(s.header(), k, nil, nil, mid))))
}

func (s *Screen) loadingPage() fyne.CanvasObject {
	mid := container.NewVBox(layout.NewSpacer(),
		s.text(s.tr.L("checkin.loading"), ui.TextTitle, true, fyne.TextAlignCenter),
		layout.NewSpacer())
	return s.page3(mid, container.NewGridWithColumns(2, s.backKey(), layout.NewSpacer()))
}

func (s *Screen) earlyPage() fyne.CanvasObject {
	msg := s.text(s.Message(), ui.TextTitle, true, fyne.TextAlignCenter)
	sub := s.text(s.tr.L("checkin.early.sub"), ui.TextLarge, false, fyne.TextAlignCenter)
	mid := container.NewVBox(layout.NewSpacer(), msg, sub, layout.NewSpacer())
	home := ui.NewBigButton(s.tr.L("checkin.home"), s.close)
	home.Fill, home.MinHeight = ui.ColorSelected, 130
	s.back = home
	return s.page3(mid, home)
}

func (s *Screen) latePage() fyne.CanvasObject {
	msg := s.text(s.Message(), ui.TextTitle, true, fyne.TextAlignCenter)
	mid := container.NewVBox(layout.NewSpacer(), msg)
	if s.o.OnNormal != nil && s.answer.Service != "" {
		service := s.answer.Service
		s.normal = ui.NewBigButton(s.tr.L("checkin.normal"), func() {
			s.Stop()
			s.o.OnNormal(service)
		})
		s.normal.Lines = []string{s.tr.L("checkin.normal.sub")}
		s.normal.Fill, s.normal.MinHeight = ui.ColorSelected, 150
		mid.Add(container.NewPadded(s.normal))
	} else {
		mid.Add(s.text(s.tr.L("checkin.ask_staff"), ui.TextLarge, false, fyne.TextAlignCenter))
	}
	mid.Add(layout.NewSpacer())
	return s.page3(mid, container.NewGridWithColumns(2, s.backKey(), layout.NewSpacer()))
}

// ---- orientation ----

// orientLayout fills the window with the page and redraws it when the
// window turns between portrait and landscape.
type orientLayout struct{ s *Screen }

func (l *orientLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	if land := size.Width > size.Height; size.Width > 0 && land != l.s.landscape {
		l.s.landscape = land
		l.s.show(l.s.page)
		objs = l.s.root.Objects
	}
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

func (l *orientLayout) MinSize([]fyne.CanvasObject) fyne.Size { return fyne.NewSize(480, 480) }

// fixedWidth gives its objects w, whatever their own least width.
type fixedWidth struct{ w float32 }

func (f fixedWidth) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

func (f fixedWidth) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var h float32
	for _, o := range objs {
		h = max(h, o.MinSize().Height)
	}
	return fyne.NewSize(f.w, h)
}
