package dossier

import (
	"context"
	"errors"
	"image/color"
	"log/slog"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"

	"github.com/motcua-kiosk/motcua/kiosk/dossiers"
	"github.com/motcua-kiosk/motcua/kiosk/speech"
	"github.com/motcua-kiosk/motcua/kiosk/ui"
)

// Options wires the screens to the one-stop system and to the kiosk.
type Options struct {
	// Source answers "where is this dossier?"; required. Wrap it in
	// dossiers.Cached for the offline answer.
	Source dossiers.Source
	// Lang is the screen language (the one the citizen chose at home).
	Lang ui.Lang
	// Location is the office's zone, in which dates are shown and lateness
	// counted; nil is Asia/Ho_Chi_Minh (UTC+7).
	Location *time.Location
	// OnTicket issues a ticket in the result-return queue for a ready
	// dossier ("Lấy số nhận kết quả"); the dispenser shows its ticket
	// screen from there. Nil (the office has no such service) offers no
	// key and sends the citizen to the counter instead.
	OnTicket func(st dossiers.Status)
	// OnClose goes back to the home screen.
	OnClose func()
	// Timeout bounds one look-up: a citizen waits about 10 s, not more;
	// 0 is DefaultTimeout.
	Timeout time.Duration
	// Idle is how long a page waits untouched before the screens close
	// for the next citizen (twice as long on the keyboard); 0 is
	// DefaultIdle. AfterFunc starts that timer; nil is ui.RealAfterFunc.
	Idle      time.Duration
	AfterFunc ui.AfterFunc
	// Now is the clock that counts a late dossier's days; nil is time.Now.
	Now func() time.Time
	// Log gets what the citizen is not shown; nil is slog.Default().
	Log *slog.Logger
	// Speech says the pages aloud: their "Nghe hướng dẫn" key, and each
	// page as it opens with SpeakAuto. Nil shows no speak key.
	Speech    speech.Speaker
	SpeakAuto bool
}

// DefaultTimeout is Options.Timeout's default.
const DefaultTimeout = 10 * time.Second

// DefaultIdle is Options.Idle's default, as the procedure look-up's.
const DefaultIdle = 2 * time.Minute

// ShortHistory is the most history lines shown on the result page
// itself; a longer history has its own paged page.
const ShortHistory = 3

// Page names which page the screen shows.
type Page string

// The screen's pages.
const (
	PageEnter   Page = "enter"   // type the code, or scan the slip
	PageLoading Page = "loading" // asking the one-stop system
	PageResult  Page = "result"  // the dossier's status
	PageHistory Page = "history" // its history, paged
	PageError   Page = "error"   // not found, wrong secret, unreachable
)

// Screen is the dossier look-up: build it with New, show Content.
type Screen struct {
	o         Options
	tr        ui.Tr
	loc       *time.Location
	root      *fyne.Container
	landscape bool
	page      Page

	typed    string // what the keyboard holds, kept to mend a refused code
	fail     error  // what the field's or the error page's sentence says; nil none
	ref      dossiers.Ref
	status   dossiers.Status
	histPage int
	seq      int // bumps per look-up; a late answer to an older one is dropped
	cancel   context.CancelFunc
	closed   bool
	// countdown is the idle close: it warns before it closes, and a tap
	// on the warning gives the time again (issue 16).
	countdown *ui.Countdown
	speak     *ui.SpeakKey
	// spoken is what the page's speak key says, in reading order: the
	// texts and keys as the page built them (see speech).
	spoken []any

	// widgets of the page shown, for tests
	keyboard   *ui.Keyboard
	ticket     *ui.BigButton
	back       *ui.BigButton
	again      *ui.BigButton
	history    *ui.BigButton
	prev, next *ui.BigButton
	texts      []*ui.Text
}

// New returns the screens on their enter page.
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
	loc := o.Location
	if loc == nil {
		loc = time.FixedZone("ICT", 7*3600)
	}
	s := &Screen{o: o, tr: ui.Tr{Lang: o.Lang}, loc: loc}
	s.root = container.New(&orientLayout{s: s})
	s.countdown = ui.NewCountdown(s.tr, o.AfterFunc, s.idleClose)
	s.show(PageEnter)
	return s
}

// Content is the screen to put in the window.
func (s *Screen) Content() fyne.CanvasObject { return s.root }

// Page is the page shown.
func (s *Screen) Page() Page { return s.page }

// SetLang switches the screen language and redraws the page.
func (s *Screen) SetLang(l ui.Lang) {
	s.o.Lang, s.tr = l, ui.Tr{Lang: l}
	s.show(s.page)
}

// Widgets and state, for tests and the dispenser's own tests.

// Keyboard is the code keyboard on the enter page, nil elsewhere.
func (s *Screen) Keyboard() *ui.Keyboard { return s.keyboard }

// Message is the sentence beside the field (a refused code) or the error
// page's sentence; "" when none.
func (s *Screen) Message() string {
	switch {
	case s.fail == nil:
		return ""
	case errors.Is(s.fail, errEmpty):
		return s.tr.L("dossier.enter.empty")
	}
	return dossiers.ErrorText(s.fail, string(s.tr.Lang))
}

// errEmpty is OK pressed on an empty field.
var errEmpty = errors.New("no dossier code typed")

// Status is the status shown on the result page.
func (s *Screen) Status() dossiers.Status { return s.status }

// TicketKey is "Lấy số nhận kết quả"; nil unless a ready dossier is shown
// and tickets can be issued.
func (s *Screen) TicketKey() *ui.BigButton { return s.ticket }

// BackKey is "Quay lại" of the page shown.
func (s *Screen) BackKey() *ui.BigButton { return s.back }

// AgainKey is "Tra cứu hồ sơ khác" (result) or "Nhập lại mã" (error).
func (s *Screen) AgainKey() *ui.BigButton { return s.again }

// HistoryKey opens the paged history; nil when the history is short.
func (s *Screen) HistoryKey() *ui.BigButton { return s.history }

// PrevKey and NextKey turn the history's pages; nil with one page.
func (s *Screen) PrevKey() *ui.BigButton { return s.prev }

// NextKey: see PrevKey.
func (s *Screen) NextKey() *ui.BigButton { return s.next }

// Texts are the texts of the page shown, in order (tests read them).
func (s *Screen) Texts() []string {
	var out []string
	for _, t := range s.texts {
		out = append(out, t.Text)
	}
	return out
}

// Scanned takes a code from the barcode scanner: on any page it looks
// the dossier up (a refused code shows its sentence on the enter page).
func (s *Screen) Scanned(code string) {
	s.typed = ""
	s.lookup(code, true)
}

// Submit looks up a code as typed (the keyboard's OK; tests).
func (s *Screen) Submit(code string) {
	s.typed = code
	s.lookup(code, false)
}

// Stop stops the idle timer and drops a look-up under way: for a
// dispenser that leaves the screens its own way (a ticket).
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

// lookup parses text and asks the Source on a goroutine of its own; the
// answer comes back through ui.Do.
func (s *Screen) lookup(text string, scanned bool) {
	ref, err := dossiers.Parse(text)
	if err != nil {
		// The reason, not the error: its quoted input may be a slip's
		// look-up URL, secret key and all.
		reason := 0
		if pe := (*dossiers.ParseError)(nil); errors.As(err, &pe) {
			reason = int(pe.Reason)
		}
		s.o.Log.Info("dossier code refused", "reason", reason, "bytes", len(text), "scanned", scanned)
		s.fail = err
		s.show(PageEnter)
		return
	}
	s.o.Log.Info("dossier look-up", "ref", ref, "scanned", scanned)
	s.ref, s.fail = ref, nil
	s.seq++
	seq := s.seq
	if s.cancel != nil {
		s.cancel()
	}
	ctx, cancel := context.WithTimeout(context.Background(), s.o.Timeout)
	s.cancel = cancel
	s.show(PageLoading)
	go func() {
		st, err := s.o.Source.Lookup(ctx, ref)
		cancel()
		ui.Do(func() { s.answer(seq, st, err) })
	}()
}

// answer shows a look-up's result, unless another look-up or a close came since.
func (s *Screen) answer(seq int, st dossiers.Status, err error) {
	if seq != s.seq || s.closed {
		return
	}
	s.cancel = nil
	if err != nil {
		level := slog.LevelInfo
		if errors.Is(err, dossiers.ErrUnreachable) {
			level = slog.LevelWarn
		}
		s.o.Log.Log(context.Background(), level, "dossier look-up failed", "ref", s.ref, "err", err)
		s.fail = err
		s.show(PageError)
		return
	}
	s.o.Log.Info("dossier shown", "ref", s.ref, "state", int(st.State), "ready", st.Ready, "stale", st.Stale)
	s.status, s.histPage = st, 0
	s.show(PageResult)
}

func (s *Screen) resetWidgets() {
	s.keyboard, s.ticket, s.back, s.again, s.history, s.prev, s.next = nil, nil, nil, nil, nil, nil, nil
	s.texts, s.spoken, s.speak = nil, nil, nil
}

func (s *Screen) show(p Page) {
	s.page = p
	s.closed = false
	s.touched()
	s.resetWidgets()
	var c fyne.CanvasObject
	switch p {
	case PageLoading:
		c = s.loadingPage()
	case PageResult:
		c = s.resultPage()
	case PageHistory:
		c = s.historyPage()
	case PageError:
		c = s.errorPage()
	default:
		c = s.enterPage()
	}
	s.root.Objects = []fyne.CanvasObject{c, s.countdown.Warning}
	s.root.Refresh()
	if s.o.Speech != nil && s.o.SpeakAuto {
		s.o.Speech.Say(s.speech())
	}
}

// touched restarts the idle time: a citizen is using the screen.
func (s *Screen) touched() {
	s.stopIdle()
	d := s.o.Idle
	if s.page == PageEnter {
		d *= 2 // the keyboard: typing a 25-character code takes a while
	}
	s.countdown.Warning.Tr = s.tr
	s.countdown.Start(d)
}

// idleClose closes the screens after their warned idle time.
func (s *Screen) idleClose() {
	if s.closed {
		return
	}
	s.o.Log.Info("dossier look-up idle: closed", "page", s.page)
	s.typed, s.fail, s.status = "", nil, dossiers.Status{}
	s.close()
}

func (s *Screen) stopIdle() { s.countdown.Stop() }

// ---- building blocks ----

// text makes a Text and keeps it for tests and the overflow checks.
func (s *Screen) text(str string, size float32, bold bool, align fyne.TextAlign) *ui.Text {
	t := ui.NewText(str, size, ui.ColorText, bold, align)
	s.texts = append(s.texts, t)
	s.spoken = append(s.spoken, t)
	return t
}

// key keeps b to be spoken in its place among the page's texts.
func (s *Screen) key(b *ui.BigButton) *ui.BigButton {
	s.spoken = append(s.spoken, b)
	return b
}

// header is the blue band at the top: a title and a smaller line.
func (s *Screen) header(title, sub string) fyne.CanvasObject {
	t := ui.NewText(title, ui.TextTitle, ui.ColorOnPrimary, true, fyne.TextAlignCenter)
	s.texts = append(s.texts, t)
	s.spoken = append(s.spoken, t)
	box := container.NewVBox(t)
	if sub != "" {
		st := ui.NewText(sub, ui.TextBody, ui.ColorOnPrimary, false, fyne.TextAlignCenter)
		s.texts = append(s.texts, st)
		s.spoken = append(s.spoken, st)
		box.Add(st)
	}
	return container.NewStack(canvas.NewRectangle(ui.ColorPrimary), container.NewPadded(box))
}

// band is a text on a coloured box: the offline notice, the state.
func band(fill color.Color, t *ui.Text) fyne.CanvasObject {
	r := canvas.NewRectangle(fill)
	r.CornerRadius = 10
	return container.NewStack(r, container.NewPadded(t))
}

func secondary(b *ui.BigButton) *ui.BigButton {
	b.Fill, b.TextColor, b.TitleSize = ui.ColorSecondary, ui.ColorText, ui.TextBody
	return b
}

func (s *Screen) screen(top, bottom, middle fyne.CanvasObject) fyne.CanvasObject {
	body := container.NewBorder(s.withSpeech(top), bottom, nil, nil, container.NewPadded(middle))
	return ui.Screen(ui.Inset(ui.Margin/2, ui.Reflow(body)))
}

// withSpeech puts the speak and volume keys above top, at the right,
// where every citizen screen has them; top as it is without a speaker.
func (s *Screen) withSpeech(top fyne.CanvasObject) fyne.CanvasObject {
	var row fyne.CanvasObject
	if s.speak, row = ui.SpeechRow(s.tr, s.o.Speech, s.speech); row != nil {
		return container.NewVBox(row, top)
	}
	return top
}

// backKey is "Quay lại": home.
func (s *Screen) backKey() *ui.BigButton {
	s.back = s.key(secondary(ui.NewBigButton(s.tr.L("dossier.back"), s.close)))
	return s.back
}

// ---- enter ----

func (s *Screen) enterPage() fyne.CanvasObject {
	k := ui.NewKeyboard(s.tr, s.tr.L("dossier.enter.prompt"), s.typed, false)
	k.MaxLen = 64
	k.OnCancel = s.close
	k.OnSubmit = func(v string) {
		if v == "" {
			s.fail = errEmpty
			k.SetMessage(s.Message())
			return
		}
		s.Submit(v)
	}
	if m := s.Message(); m != "" {
		k.SetMessage(m)
	}
	s.keyboard = k
	top := s.header(s.tr.L("dossier.title"), "")

	pic := canvas.NewImageFromImage(slipPicture())
	pic.FillMode = canvas.ImageFillContain
	pic.SetMinSize(fyne.NewSize(216, 276))
	scan := s.text(s.tr.L("dossier.enter.scan"), ui.TextLarge, true, fyne.TextAlignLeading)
	scanSub := s.text(s.tr.L("dossier.enter.scan.sub"), ui.TextBody, false, fyne.TextAlignLeading)
	or := s.text(s.tr.L("dossier.enter.or"), ui.TextLarge, true, fyne.TextAlignCenter)
	words := container.NewVBox(layout.NewSpacer(), scan, scanSub, layout.NewSpacer())
	s.spoken = append(s.spoken, k) // the prompt, and a refused code's sentence
	top = s.withSpeech(top)
	if s.landscape {
		// The keyboard needs its whole width (eleven keys a row); the
		// guidance takes the column beside it.
		guide := container.NewVBox(container.NewCenter(pic), scan, scanSub, or)
		body := container.NewBorder(nil, nil, container.New(fixedWidth{w: 620}, guide), nil, k)
		return ui.Screen(ui.Inset(ui.Margin/2, ui.Reflow(container.NewBorder(top, nil, nil, nil, body))))
	}
	// Portrait has height to spare: a larger picture, in the middle.
	pic.SetMinSize(fyne.NewSize(300, 383))
	guide := container.NewBorder(nil, nil, pic, nil, words)
	mid := container.NewVBox(layout.NewSpacer(), container.NewPadded(guide), layout.NewSpacer(), or)
	return ui.Screen(ui.Inset(ui.Margin/2, ui.Reflow(container.NewBorder(top, k, nil, nil, mid))))
}

// ---- loading ----

func (s *Screen) loadingPage() fyne.CanvasObject {
	top := s.header(s.tr.L("dossier.title"), s.ref.Code)
	mid := container.NewVBox(layout.NewSpacer(),
		s.text(s.tr.L("dossier.loading"), ui.TextTitle, true, fyne.TextAlignCenter),
		s.text(s.tr.L("dossier.loading.sub"), ui.TextLarge, false, fyne.TextAlignCenter),
		layout.NewSpacer())
	return s.screen(top, container.NewGridWithColumns(2, s.backKey(), layout.NewSpacer()), mid)
}

// ---- error ----

func (s *Screen) errorPage() fyne.CanvasObject {
	top := s.header(s.tr.L("dossier.title"), s.ref.Code)
	msg := s.text(s.Message(), ui.TextLarge, true, fyne.TextAlignCenter)
	s.again = s.key(ui.NewBigButton(s.tr.L("dossier.again.enter"), func() { s.show(PageEnter) }))
	s.again.Fill, s.again.MinHeight = ui.ColorSelected, 130
	mid := container.NewVBox(layout.NewSpacer(), msg, container.NewPadded(s.again), layout.NewSpacer())
	return s.screen(top, container.NewGridWithColumns(2, s.backKey(), layout.NewSpacer()), mid)
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
