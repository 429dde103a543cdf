package display

import (
	"context"
	"fmt"
	"image/color"
	"log/slog"
	"math"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"

	"github.com/motcua-kiosk/motcua/devices"
	"github.com/motcua-kiosk/motcua/kiosk/hub"
	"github.com/motcua-kiosk/motcua/kiosk/queue"
	"github.com/motcua-kiosk/motcua/kiosk/ui"
	"github.com/motcua-kiosk/motcua/kiosk/ui/desk/stafftext"
)

// Options configure the lobby display. The zero value is a full-screen
// Vietnamese board that highlights a call for 8 s and leaves the
// speaker's volume as it is.
type Options struct {
	// Lang is "vi" (default) or "en" for the board's words.
	Lang string
	// Office overrides the office name the hub gives.
	Office string
	// Notice is the scrolling line at the bottom. Empty: the notice set in
	// the hub's configuration (admin menu), if any, is shown.
	Notice string
	// Windowed shows the board in a normal window (setup, development)
	// instead of full screen.
	Windowed bool
	// Highlight is how long a new call blinks; 0 means 8 s.
	Highlight time.Duration
	// Volume, 1-100, is set on the speaker if it has SetVolume; 0 follows
	// the office's voice settings from the hub (admin menu).
	Volume int
	// Mute turns the voice off (a speaker with SetEnabled) whatever the
	// hub says; otherwise the hub's "voice off" setting decides.
	Mute bool
	// VoiceLanguages are the languages each call is said in, e.g. ["vi",
	// "en"] (a speaker with SetLanguages); empty follows the hub.
	VoiceLanguages []string
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Tick is how often the clock and the blinking are redrawn; 0 means
	// 500 ms, a negative value never (tests).
	Tick time.Duration
	// Logger receives technical causes; nil means slog.Default().
	Logger *slog.Logger
	// Lock, when set, is shared by every screen of one app so that their
	// background updates never run at once. Fyne's UI goroutine already
	// serialises them in a real app; Fyne's test driver runs fyne.Do on
	// the caller's goroutine instead, so tests with several screens share
	// one Lock. Nil means a lock of this screen's own.
	Lock sync.Locker
}

// Colours of the board: light on dark, for contrast across a lobby.
var (
	colBackground = color.NRGBA{0x0b, 0x12, 0x20, 0xff}
	colBar        = color.NRGBA{0x0d, 0x3b, 0x66, 0xff}
	colTile       = color.NRGBA{0x17, 0x22, 0x36, 0xff}
	colFlash      = color.NRGBA{0xff, 0xc4, 0x00, 0xff}
	colText       = color.NRGBA{0xff, 0xff, 0xff, 0xff}
	colDim        = color.NRGBA{0x9a, 0xa8, 0xbd, 0xff}
	colNumber     = color.NRGBA{0xff, 0xd5, 0x4f, 0xff}
	colDark       = color.NRGBA{0x10, 0x10, 0x10, 0xff}
	colNotice     = color.NRGBA{0x8b, 0x10, 0x10, 0xff}
	colAlarm      = color.NRGBA{0xd3, 0x2f, 0x2f, 0xff}
)

// Board is the lobby display: every counter with the number it serves
// now, the last calls, the waiting counts, the office name and the clock.
// It says every call on its Speaker.
//
// Widgets and the model are touched on Fyne's UI goroutine only; the
// background readers hand their changes over with fyne.Do and hold mu
// while applying them. Other goroutines (tests) use Sync.
type Board struct {
	api     hub.API
	speaker devices.Speaker
	opts    Options
	tx      stafftext.Text
	log     *slog.Logger
	win     fyne.Window
	ctx     context.Context
	cancel  context.CancelFunc

	mu sync.Locker
	m  *model
	on bool // blink phase
	// afterEvent, when set (tests), is called under mu after an event has
	// been drawn.
	afterEvent func(hub.LiveEvent)

	office, clock, date *canvas.Text
	reconnect           *fyne.Container
	grid                *fyne.Container
	tiles               map[int]*tile
	recentBox           *fyne.Container
	recentRows          []*recentRow
	waiting             *ui.Text
	noticeBar           *fyne.Container
	notice              *canvas.Text
	noticeAnim          *fyne.Animation
}

// NewWindow opens the lobby display of app a, full screen unless
// opts.Windowed, following the hub through api and saying each call on
// speaker (nil: silent).
func NewWindow(a fyne.App, api hub.API, speaker devices.Speaker, opts Options) fyne.Window {
	return New(a, api, speaker, opts).Window()
}

// New builds the board and starts following the hub; Window shows it.
func New(a fyne.App, api hub.API, speaker devices.Speaker, opts Options) *Board {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Tick == 0 {
		opts.Tick = 500 * time.Millisecond
	}
	if opts.Highlight == 0 {
		opts.Highlight = 8 * time.Second
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.Lock == nil {
		opts.Lock = &sync.Mutex{}
	}
	b := &Board{api: api, speaker: speaker, opts: opts, tx: stafftext.For(opts.Lang), log: opts.Logger,
		m: newModel(), tiles: map[int]*tile{}, mu: opts.Lock}
	b.ctx, b.cancel = context.WithCancel(context.Background())
	b.applyVoice(nil)
	b.mu.Lock()
	defer b.mu.Unlock()
	b.win = a.NewWindow(b.tx.T("display.title"))
	b.build()
	b.win.SetPadded(false)
	if opts.Windowed {
		b.win.Resize(fyne.NewSize(1280, 720))
	} else {
		b.win.SetFullScreen(true)
	}
	b.win.SetOnClosed(b.cancel)
	b.refresh()
	go b.follow()
	if opts.Tick > 0 {
		go b.ticker()
	}
	return b
}

// Window is the board's window.
func (b *Board) Window() fyne.Window { return b.win }

// WaitingText is the waiting-counts line as the board shows it, with
// plain spaces (it is drawn run by run, with no-break spaces inside each
// service's count, so it is not one string in the window's markup). Call
// it inside Sync.
func (b *Board) WaitingText() string { return strings.ReplaceAll(b.waiting.Text, "\u00a0", " ") }

// Close stops following the hub and closes the window. The speaker is the
// caller's to close.
func (b *Board) Close() {
	b.cancel()
	b.mu.Lock()
	defer b.mu.Unlock()
	b.win.Close()
}

// Sync runs f while no background update touches the screen.
func (b *Board) Sync(f func()) {
	b.mu.Lock()
	defer b.mu.Unlock()
	f()
}

// applyVoice sets volume, on/off and languages on speakers that have them
// (such as *audio.Announcer): the options where they are set, else the
// office's voice settings from the hub (nil before the hub has said).
func (b *Board) applyVoice(hubVoice *queue.Voice) {
	if b.speaker == nil {
		return
	}
	volume, enabled, langs := b.opts.Volume, !b.opts.Mute, b.opts.VoiceLanguages
	if hubVoice != nil {
		if volume <= 0 {
			volume = hubVoice.Level()
		}
		enabled = enabled && !hubVoice.Off
		if len(langs) == 0 {
			langs = hubVoice.Languages()
		}
	}
	if s, ok := b.speaker.(interface{ SetVolume(int) }); ok && volume > 0 {
		s.SetVolume(volume)
	}
	if s, ok := b.speaker.(interface{ SetEnabled(bool) }); ok {
		s.SetEnabled(enabled)
	}
	if s, ok := b.speaker.(interface{ SetLanguages(...string) }); ok && len(langs) > 0 {
		s.SetLanguages(langs...)
	}
}

func (b *Board) ui(f func()) {
	fyne.Do(func() {
		b.mu.Lock()
		defer b.mu.Unlock()
		if b.ctx.Err() != nil {
			return
		}
		f()
	})
}

func (b *Board) follow() {
	ch, err := b.api.Subscribe(b.ctx)
	if err != nil {
		b.log.Error("display: subscribe", "err", err)
		return
	}
	for ev := range ch {
		if ev.Summary != nil {
			b.applyVoice(&ev.Summary.Voice)
		}
		b.announce(ev)
		if ev.Type == "state" {
			go b.loadSnapshot()
		}
		at := b.opts.Now()
		b.ui(func() {
			b.m.apply(ev, at, b.opts.Highlight)
			b.refresh()
			if b.afterEvent != nil {
				b.afterEvent(ev)
			}
		})
	}
}

// announce says a call (or recall) aloud. Say only queues it: a call
// never cuts off the one being spoken.
func (b *Board) announce(ev hub.LiveEvent) {
	e := ev.Event
	if b.speaker == nil || e == nil || e.Ticket == nil {
		return
	}
	if e.Kind != queue.EventCalled && e.Kind != queue.EventRecalled {
		return
	}
	c := devices.Call{Number: e.Ticket.Number, Counter: e.Ticket.Counter, Recall: e.Kind == queue.EventRecalled}
	if err := b.speaker.Say(c); err != nil {
		b.log.Warn("display: say call", "number", c.Number, "counter", c.Counter, "err", err)
	}
}

// loadSnapshot reads what the live summary lacks: the office name and the
// calls made before the board started.
func (b *Board) loadSnapshot() {
	st, err := b.api.State(b.ctx)
	if err != nil {
		b.log.Warn("display: state", "err", err)
		return
	}
	b.ui(func() {
		b.m.office = st.Office.Name
		if b.tx.Lang() == "en" && st.Office.NameEN != "" {
			b.m.office = st.Office.NameEN
		}
		b.m.seedRecent(st.Recent)
		b.m.zone = st.Location()
		b.refresh()
	})
}

func (b *Board) ticker() {
	t := time.NewTicker(b.opts.Tick)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			b.ui(func() {
				b.on = !b.on
				b.refreshClock()
				b.refreshFlash()
			})
		case <-b.ctx.Done():
			return
		}
	}
}

// newText is a text of the board, in the kiosk's font (ui.Font): named
// as its source, so Fyne does not parse its emoji and system fonts for it.
func newText(s string, size float32, c color.Color, bold bool) *canvas.Text {
	t := canvas.NewText(s, c)
	t.TextSize = size
	t.TextStyle.Bold = bold
	t.FontSource = ui.Font(bold)
	return t
}

func (b *Board) build() {
	b.office = newText("", 44, colText, true)
	b.clock = newText("", 56, colText, true)
	b.clock.Alignment = fyne.TextAlignTrailing
	b.date = newText("", 28, colDim, false)
	b.date.Alignment = fyne.TextAlignTrailing
	recon := newText(b.tx.T("display.reconnecting"), 28, colText, true)
	b.reconnect = container.NewStack(canvas.NewRectangle(colAlarm), container.NewPadded(recon))
	top := container.NewStack(canvas.NewRectangle(colBar), container.NewPadded(
		container.NewBorder(nil, nil, nil, container.NewVBox(b.clock, b.date),
			container.NewVBox(b.office, container.NewHBox(b.reconnect)))))

	b.grid = container.New(&gridLayout{})
	recentTitle := newText(b.tx.T("display.recent"), 40, colDim, true)
	b.recentBox = container.NewVBox()
	for range maxRecent {
		r := newRecentRow()
		b.recentRows = append(b.recentRows, r)
		b.recentBox.Add(r.box)
	}
	right := container.NewStack(canvas.NewRectangle(colTile), container.NewPadded(
		container.NewBorder(recentTitle, nil, nil, nil, b.recentBox)))
	center := container.New(&splitLayout{ratio: 0.68, gap: 16}, b.grid, right)

	// The waiting counts wrap onto a second line rather than widen the
	// board past the screen (four services with long names do not fit on
	// one 1920-px line); digits drawn one by one, as counts change.
	b.waiting = ui.NewText("", 36, colText, true, fyne.TextAlignLeading)
	b.waiting.SplitDigits = true
	waitBar := container.NewStack(canvas.NewRectangle(colBar), container.NewPadded(b.waiting))
	b.notice = newText(b.opts.Notice, 36, colText, true)
	b.noticeBar = container.NewStack(canvas.NewRectangle(colNotice), container.New(&marqueeLayout{}, b.notice))
	if strings.TrimSpace(b.opts.Notice) == "" {
		b.noticeBar.Hide()
	}
	bottom := container.NewVBox(waitBar, b.noticeBar)
	body := container.NewBorder(top, bottom, nil, nil, container.NewPadded(center))
	b.win.SetContent(container.NewStack(canvas.NewRectangle(colBackground), body))
	if !b.noticeBar.Hidden {
		b.startMarquee()
	}
}

// setNotice shows the notice of the options, else the hub's, and hides
// the bar when there is none. Called on the UI goroutine.
func (b *Board) setNotice() {
	text := strings.TrimSpace(b.opts.Notice)
	if text == "" {
		text = strings.TrimSpace(b.m.notice)
	}
	if text == b.notice.Text && (text == "") == b.noticeBar.Hidden {
		return
	}
	b.notice.Text = text
	b.notice.Refresh()
	if b.noticeAnim != nil {
		b.noticeAnim.Stop()
		b.noticeAnim = nil
	}
	if text == "" {
		b.noticeBar.Hide()
		return
	}
	b.noticeBar.Show()
	b.startMarquee()
}

// startMarquee scrolls the notice from right to left at a steady speed
// (about 120 px a second), forever, on Fyne's animation clock.
func (b *Board) startMarquee() {
	width := b.notice.MinSize().Width
	span := float32(1920) + width
	b.noticeAnim = fyne.NewAnimation(time.Duration(float64(span)/120*float64(time.Second)), func(f float32) {
		bar := b.noticeBar.Size().Width
		if bar <= 0 {
			bar = 1920
		}
		b.notice.Move(fyne.NewPos(bar-f*(bar+width), b.notice.Position().Y))
	})
	b.noticeAnim.Curve = fyne.AnimationLinear
	b.noticeAnim.RepeatCount = fyne.AnimationRepeatForever
	b.noticeAnim.Start()
}

// refresh draws the whole model. Called on the UI goroutine under mu.
func (b *Board) refresh() {
	m, tx := b.m, b.tx
	office := m.office
	if tx.Lang() == "en" && m.officeEN != "" {
		office = m.officeEN
	}
	if b.opts.Office != "" {
		office = b.opts.Office
	}
	b.office.Text = office
	b.office.Refresh()
	b.setNotice()
	if m.connected {
		b.reconnect.Hide()
	} else {
		b.reconnect.Show()
	}
	// Tiles: one per counter, in the hub's order.
	if len(b.grid.Objects) != len(m.counters) || !b.sameCounters() {
		b.grid.Objects = nil
		b.tiles = map[int]*tile{}
		for _, c := range m.counters {
			t := newTile()
			b.tiles[c.CounterState.Number] = t
			b.grid.Add(t.box)
		}
		b.grid.Refresh()
	}
	for _, c := range m.counters {
		t := b.tiles[c.CounterState.Number]
		label := tx.T("display.counter", c.CounterState.Number)
		if c.Name != "" {
			label += " · " + c.Name
		}
		num, dim := c.Number, false
		switch {
		case c.Paused && c.Number == "":
			num, dim = tx.T("display.paused"), true
		case c.Officer == "" && c.Number == "":
			num, dim = tx.T("display.closed"), true
		case c.Number == "":
			num, dim = tx.T("display.idle"), true
		}
		t.set(label, num, dim)
	}
	b.refreshFlash()
	// The last calls.
	for i, r := range b.recentRows {
		if i < len(m.recent) {
			c := m.recent[i]
			r.set(c.Number, tx.T("display.counter", c.Counter), i == 0 && m.flashing(c.Counter, b.opts.Now()))
		} else {
			r.set("", "", false)
		}
	}
	// Waiting per service.
	var parts []string
	for _, s := range m.services {
		name := s.Name
		if tx.Lang() == "en" && s.NameEN != "" {
			name = s.NameEN
		}
		// No-break spaces inside a service's count: the line wraps
		// between services, never inside "C Lao động – Thương binh…: 3".
		parts = append(parts, strings.ReplaceAll(tx.T("display.waiting.row", s.Code, name, s.Waiting), " ", "\u00a0"))
	}
	if text := tx.T("display.waiting") + ":   " + strings.Join(parts, "     ·     "); text != b.waiting.Text {
		b.waiting.SetText(text)
	}
	b.refreshClock()
}

func (b *Board) sameCounters() bool {
	for _, c := range b.m.counters {
		if b.tiles[c.CounterState.Number] == nil {
			return false
		}
	}
	return true
}

// refreshFlash blinks the tiles of recent calls: amber and dark in turn
// until the highlight time is over.
func (b *Board) refreshFlash() {
	now := b.opts.Now()
	for n, t := range b.tiles {
		f := b.m.flashing(n, now)
		t.flash(f, f && (b.on || b.opts.Tick < 0))
	}
	if len(b.m.recent) > 0 {
		c := b.m.recent[0]
		b.recentRows[0].highlight(b.m.flashing(c.Counter, now) && (b.on || b.opts.Tick < 0))
	}
}

var weekdays = [...]string{"Chủ nhật", "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy"}

func (b *Board) refreshClock() {
	now := b.opts.Now().In(b.m.zone)
	b.clock.Text = now.Format("15:04:05")
	if b.tx.Lang() == "en" {
		b.date.Text = now.Format("Monday, 2 January 2006")
	} else {
		b.date.Text = fmt.Sprintf("%s, %s", weekdays[now.Weekday()], now.Format("02/01/2006"))
	}
	b.clock.Refresh()
	b.date.Refresh()
}

// tile is one counter on the board: its name above, the number big.
type tile struct {
	box    *fyne.Container
	bg     *canvas.Rectangle
	label  *canvas.Text
	number *canvas.Text
	dim    bool
}

func newTile() *tile {
	t := &tile{bg: canvas.NewRectangle(colTile)}
	t.bg.CornerRadius = 12
	t.label = newText("", 36, colDim, true)
	t.label.Alignment = fyne.TextAlignCenter
	t.number = newText("", 120, colNumber, true)
	t.number.Alignment = fyne.TextAlignCenter
	t.box = container.New(&tileLayout{t: t}, t.bg, t.label, t.number)
	return t
}

func (t *tile) set(label, number string, dim bool) {
	if t.label.Text == label && t.number.Text == number && t.dim == dim {
		return
	}
	t.label.Text, t.number.Text, t.dim = label, number, dim
	t.box.Refresh() // relayout: the number's size depends on its length
	t.label.Refresh()
	t.number.Refresh()
}

// flash paints the tile for a new call: on is the highlight, lit the
// current blink phase.
func (t *tile) flash(on, lit bool) {
	bg, num, lbl := color.Color(colTile), color.Color(colNumber), color.Color(colDim)
	switch {
	case t.dim:
		num = colDim
	case lit:
		bg, num, lbl = colFlash, colDark, colDark
	case on:
		num = colText
	}
	if t.bg.FillColor == bg && t.number.Color == num && t.label.Color == lbl {
		return
	}
	t.bg.FillColor, t.number.Color, t.label.Color = bg, num, lbl
	t.bg.Refresh()
	t.number.Refresh()
	t.label.Refresh()
}

// tileLayout sizes a tile's texts to the tile: the label a fifth of its
// height, the number as large as fits.
type tileLayout struct{ t *tile }

func (l *tileLayout) Layout(_ []fyne.CanvasObject, size fyne.Size) {
	t := l.t
	t.bg.Resize(size)
	t.bg.Move(fyne.NewPos(0, 0))
	// The label fits the width too: "Quầy 3 · Trả kết quả" on a narrow tile.
	chars := float64(max(8, len([]rune(t.label.Text))))
	t.label.TextSize = float32(math.Max(16, math.Min(math.Min(48, float64(size.Height)*0.16), float64(size.Width)*0.9/(0.58*chars))))
	lh := t.label.MinSize().Height
	t.label.Move(fyne.NewPos(0, size.Height*0.05))
	t.label.Resize(fyne.NewSize(size.Width, lh))
	rest := size.Height - lh - size.Height*0.05
	n := max(4, len([]rune(t.number.Text)))
	fit := float64(size.Width) * 0.92 / (0.62 * float64(n))
	if t.dim {
		fit = math.Min(fit, float64(rest)*0.35)
	}
	t.number.TextSize = float32(math.Max(18, math.Min(float64(rest)*0.72, fit)))
	nh := t.number.MinSize().Height
	t.number.Move(fyne.NewPos(0, lh+size.Height*0.05+(rest-nh)/2))
	t.number.Resize(fyne.NewSize(size.Width, nh))
}

func (l *tileLayout) MinSize([]fyne.CanvasObject) fyne.Size { return fyne.NewSize(160, 120) }

// gridLayout places the tiles in as square a grid as their number allows.
type gridLayout struct{}

func gridShape(n int) (cols, rows int) {
	switch {
	case n <= 1:
		return 1, 1
	case n <= 2:
		return 2, 1
	case n <= 4:
		return 2, 2
	case n <= 6:
		return 3, 2
	case n <= 9:
		return 3, 3
	case n <= 12:
		return 4, 3
	case n <= 16:
		return 4, 4
	}
	cols = 5
	return cols, (n + cols - 1) / cols
}

func (g *gridLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	cols, rows := gridShape(len(objs))
	const gap = 16
	w := (size.Width - gap*float32(cols-1)) / float32(cols)
	h := (size.Height - gap*float32(rows-1)) / float32(rows)
	for i, o := range objs {
		c, r := i%cols, i/cols
		o.Move(fyne.NewPos(float32(c)*(w+gap), float32(r)*(h+gap)))
		o.Resize(fyne.NewSize(w, h))
	}
}

func (g *gridLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	cols, rows := gridShape(len(objs))
	return fyne.NewSize(float32(cols)*160, float32(rows)*120)
}

// splitLayout puts two objects side by side, the first taking ratio of
// the width.
type splitLayout struct {
	ratio float32
	gap   float32
}

func (s *splitLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	w := (size.Width - s.gap) * s.ratio
	objs[0].Move(fyne.NewPos(0, 0))
	objs[0].Resize(fyne.NewSize(w, size.Height))
	objs[1].Move(fyne.NewPos(w+s.gap, 0))
	objs[1].Resize(fyne.NewSize(size.Width-w-s.gap, size.Height))
}

func (s *splitLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	a, b := objs[0].MinSize(), objs[1].MinSize()
	return fyne.NewSize(a.Width+b.Width+s.gap, max(a.Height, b.Height))
}

// marqueeLayout keeps the notice's height and vertical place; the
// animation moves it across.
type marqueeLayout struct{}

func (marqueeLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		m := o.MinSize()
		o.Resize(m)
		o.Move(fyne.NewPos(o.Position().X, (size.Height-m.Height)/2))
	}
}

func (marqueeLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var h float32
	for _, o := range objs {
		h = max(h, o.MinSize().Height)
	}
	return fyne.NewSize(0, h+16)
}

// recentRow is one line of the "Vừa gọi" column: the number and its
// counter.
type recentRow struct {
	box             *fyne.Container
	bg              *canvas.Rectangle
	number, counter *canvas.Text
}

func newRecentRow() *recentRow {
	r := &recentRow{bg: canvas.NewRectangle(color.Transparent)}
	r.bg.CornerRadius = 8
	r.number = newText("", 56, colNumber, true)
	r.counter = newText("", 44, colText, false)
	r.counter.Alignment = fyne.TextAlignTrailing
	r.box = container.NewStack(r.bg, container.NewPadded(container.NewBorder(nil, nil, r.number, nil, r.counter)))
	return r
}

func (r *recentRow) set(number, counter string, lit bool) {
	if r.number.Text != number || r.counter.Text != counter {
		r.number.Text, r.counter.Text = number, counter
		r.number.Refresh()
		r.counter.Refresh()
	}
	r.highlight(lit)
}

func (r *recentRow) highlight(lit bool) {
	bg, num, ctr := color.Color(color.Transparent), color.Color(colNumber), color.Color(colText)
	if lit {
		bg, num, ctr = colFlash, colDark, colDark
	}
	if r.bg.FillColor == bg && r.number.Color == num {
		return
	}
	r.bg.FillColor, r.number.Color, r.counter.Color = bg, num, ctr
	r.bg.Refresh()
	r.number.Refresh()
	r.counter.Refresh()
}
