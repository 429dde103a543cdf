package desk

import (
	"context"
	"fmt"
	"image/color"
	"log/slog"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/motcua-kiosk/motcua/devices"
	"github.com/motcua-kiosk/motcua/kiosk/hub"
	"github.com/motcua-kiosk/motcua/kiosk/queue"
	"github.com/motcua-kiosk/motcua/kiosk/ui/desk/stafftext"
)

// Options configure a desk window. The zero value is a Vietnamese desk
// with a one-second clock.
type Options struct {
	// Lang is "vi" (default) or "en".
	Lang string
	// Now is the clock for the elapsed time; nil means time.Now.
	Now func() time.Time
	// Tick is how often the elapsed time is redrawn; 0 means one second,
	// a negative value never (tests).
	Tick time.Duration
	// Logger receives technical causes; nil means slog.Default().
	Logger *slog.Logger
	// Lock, when set, is shared by every screen of one app so that their
	// background updates never run at once. Fyne's UI goroutine already
	// serialises them in a real app; Fyne's test driver runs fyne.Do on
	// the caller's goroutine instead, so tests with several screens share
	// one Lock. Nil means a lock of this screen's own.
	Lock sync.Locker
	// Printer is the desk machine's ticket printer (home-visit run lists,
	// booking slips); nil: the print keys say there is no printer.
	Printer devices.Printer
	// TicketURL is the address a printed QR carries for a ticket ref
	// (settings.TicketURL); used with Printer.
	TicketURL func(ref string) string
}

// Keyboard shortcuts of the desk, shown on the buttons.
const (
	KeyCallNext = fyne.KeyF2 // also Space
	KeyRecall   = fyne.KeyF3
	KeyStart    = fyne.KeyF4
	KeyComplete = fyne.KeyF5
	KeySkip     = fyne.KeyF6
	KeyTransfer = fyne.KeyF7
	KeyPause    = fyne.KeyF8
)

// Desk is an officer's desk screen for one counter.
//
// Every widget and the model are touched on Fyne's UI goroutine only:
// handlers run there, and the background readers (live events, clock,
// operations' answers) hand their changes over with fyne.Do, holding mu
// while they apply them. Code on another goroutine (tests) reads or drives
// the screen through Sync.
type Desk struct {
	api     hub.API
	counter int
	opts    Options
	tx      stafftext.Text
	log     *slog.Logger
	win     fyne.Window
	ctx     context.Context
	cancel  context.CancelFunc

	// themed holds the whole screen in the desk's theme; rows made later
	// take the theme when it is refreshed.
	themed *container.ThemeOverride

	mu          sync.Locker
	m           *model
	busy        bool
	officerName string

	// sign-in screen
	signIn    fyne.CanvasObject
	officerIn *widget.Entry
	pinIn     *widget.Entry
	signInBtn *widget.Button
	signInErr *widget.Label
	// main screen
	main                                                     fyne.CanvasObject
	banner                                                   *fyne.Container
	bannerText                                               *canvas.Text
	alertsBox                                                *fyne.Container
	header, servicesLbl                                      *widget.Label
	signOutBtn                                               *widget.Button
	statusLbl, elapsedLbl                                    *widget.Label
	number                                                   *canvas.Text
	callBtn, recallBtn, startBtn, completeBtn, skipBtn, xfer *widget.Button
	pauseBtn                                                 *widget.Button
	pausedLbl                                                *widget.Label
	msg                                                      *widget.Label
	waitingBox, statsBox, noShowBox                          *fyne.Container
	// transfer dialog, while open
	xferDlg     dialog.Dialog
	xferService *widget.Select
	xferCounter *widget.Select
	xferOK      *widget.Button
	// no-show confirmation, while open, and the undo of the last no-show
	skipDlg            dialog.Dialog
	skipOK, skipRecall *widget.Button
	skipCancel         *widget.Button
	undo               *queue.Ticket
	undoBtn            *widget.Button
	// dossiers of the current ticket (dossiers.go)
	dos *dossierPanel
	// home visits (visits.go), made on first use
	visits *visitScreen
	// bookings for citizens who phoned (bookings.go), made on first use
	booking *bookingScreen
}

// NewWindow opens a desk for counter in a normal window (about 1000×700,
// not full screen) of app a, talking to the hub through api. The desk
// follows the hub's live events until the window is closed.
func NewWindow(a fyne.App, api hub.API, counter int, opts Options) fyne.Window {
	return New(a, api, counter, opts).Window()
}

// New builds the desk and starts following the hub; Window shows it.
func New(a fyne.App, api hub.API, counter int, opts Options) *Desk {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Tick == 0 {
		opts.Tick = time.Second
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.Lock == nil {
		opts.Lock = &sync.Mutex{}
	}
	d := &Desk{api: api, counter: counter, opts: opts, tx: stafftext.For(opts.Lang), log: opts.Logger,
		m: newModel(counter), mu: opts.Lock}
	d.ctx, d.cancel = context.WithCancel(context.Background())
	d.mu.Lock()
	defer d.mu.Unlock()
	if opts.Printer != nil {
		d.vis().printer, d.vis().ticketURL = opts.Printer, opts.TicketURL
	}
	d.win = a.NewWindow(d.tx.T("desk.title", counter))
	d.build()
	d.themed = container.NewThemeOverride(
		container.NewBorder(d.banner, nil, nil, nil, container.NewStack(d.signIn, d.main)), staffTheme{})
	d.win.SetContent(d.themed)
	d.win.Resize(fyne.NewSize(1000, 700))
	d.win.Canvas().SetOnTypedKey(d.typedKey)
	d.win.Canvas().Focus(d.officerIn) // the officer types at once
	d.win.SetOnClosed(d.cancel)
	d.refresh()
	go d.follow()
	if opts.Tick > 0 {
		go d.clock()
	}
	return d
}

// Window is the desk's window.
func (d *Desk) Window() fyne.Window { return d.win }

// Close stops following the hub and closes the window.
func (d *Desk) Close() {
	d.cancel()
	d.mu.Lock()
	defer d.mu.Unlock()
	d.win.Close()
}

// Sync runs f while no background update touches the screen, for code
// that is not on Fyne's UI goroutine (tests, embedding code).
func (d *Desk) Sync(f func()) {
	d.mu.Lock()
	defer d.mu.Unlock()
	f()
}

// ui hands f to the UI goroutine and applies it under mu.
func (d *Desk) ui(f func()) {
	fyne.Do(func() {
		d.mu.Lock()
		defer d.mu.Unlock()
		if d.ctx.Err() != nil {
			return
		}
		f()
		d.refresh()
	})
}

func (d *Desk) follow() {
	ch, err := d.api.Subscribe(d.ctx)
	if err != nil {
		d.log.Error("desk: subscribe", "err", err)
		return
	}
	for ev := range ch {
		if ev.Type == "state" {
			go d.loadSnapshot()
		}
		d.ui(func() { d.m.apply(ev) })
	}
}

// loadSnapshot reads what the live summary lacks: today's no-shows of this
// counter and the return window.
func (d *Desk) loadSnapshot() {
	st, err := d.api.State(d.ctx)
	if err != nil {
		d.log.Warn("desk: state", "err", err)
		return
	}
	var window time.Duration
	if cfg, ok := configOf(d.ctx, d.api); ok {
		window = time.Duration(cfg.Policy.ReturnMinutes) * time.Minute
	}
	d.ui(func() {
		if window > 0 {
			d.m.returnWindow = window
		}
		d.m.zone = st.Location()
		d.m.addReturnable(st.Recent)
	})
}

// configOf reads the hub's configuration from either kind of hub.
func configOf(ctx context.Context, api hub.API) (queue.Config, bool) {
	switch h := api.(type) {
	case interface {
		Config(context.Context) (queue.Config, error)
	}:
		cfg, err := h.Config(ctx)
		return cfg, err == nil
	case interface{ Config() queue.Config }:
		return h.Config(), true
	}
	return queue.Config{}, false
}

func (d *Desk) clock() {
	t := time.NewTicker(d.opts.Tick)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			fyne.Do(func() {
				d.mu.Lock()
				defer d.mu.Unlock()
				if d.ctx.Err() == nil {
					d.refreshElapsed()
				}
			})
		case <-d.ctx.Done():
			return
		}
	}
}

func shortcut(label string, k fyne.KeyName) string { return label + " (" + string(k) + ")" }

func (d *Desk) build() {
	tx := d.tx
	// Sign-in.
	d.officerIn = widget.NewEntry()
	d.officerIn.SetPlaceHolder(tx.T("desk.signin.officer"))
	d.pinIn = widget.NewPasswordEntry()
	d.pinIn.SetPlaceHolder(tx.T("desk.signin.pin"))
	d.pinIn.OnSubmitted = func(string) { d.submitSignIn() }
	d.officerIn.OnSubmitted = func(string) { d.win.Canvas().Focus(d.pinIn) }
	d.signInBtn = widget.NewButton(tx.T("desk.signin.submit"), d.submitSignIn)
	d.signInBtn.Importance = widget.HighImportance
	d.signInErr = widget.NewLabel("")
	d.signInErr.Importance = widget.DangerImportance
	d.signInErr.Wrapping = fyne.TextWrapWord
	heading := widget.NewLabel(tx.T("desk.signin.heading", d.counter))
	heading.SizeName = theme.SizeNameHeadingText
	heading.TextStyle.Bold = true
	form := widget.NewForm(
		widget.NewFormItem(tx.T("desk.signin.officer"), d.officerIn),
		widget.NewFormItem(tx.T("desk.signin.pin"), d.pinIn))
	d.signIn = container.NewCenter(container.NewGridWrap(fyne.NewSize(420, 260),
		container.NewVBox(heading, form, d.signInBtn, d.signInErr)))

	// Connection banner.
	d.bannerText = canvas.NewText("", color.White)
	d.bannerText.TextStyle.Bold = true
	d.bannerText.Alignment = fyne.TextAlignCenter
	d.banner = container.NewStack(canvas.NewRectangle(color.NRGBA{0xb0, 0x1c, 0x1c, 0xff}), container.NewPadded(d.bannerText))

	// Main screen.
	d.header = widget.NewLabel("")
	d.header.TextStyle.Bold = true
	d.servicesLbl = widget.NewLabel("")
	d.servicesLbl.Truncation = fyne.TextTruncateEllipsis
	d.signOutBtn = widget.NewButton(tx.T("desk.signout"), d.doSignOut)
	d.alertsBox = container.NewVBox()

	d.statusLbl = widget.NewLabel("")
	d.statusLbl.Alignment = fyne.TextAlignCenter
	d.number = canvas.NewText("", theme.Color(theme.ColorNameForeground))
	d.number.TextSize = 96
	d.number.TextStyle.Bold = true
	d.number.Alignment = fyne.TextAlignCenter
	d.elapsedLbl = widget.NewLabel("")
	d.elapsedLbl.Alignment = fyne.TextAlignCenter
	d.pausedLbl = widget.NewLabel(tx.T("desk.paused"))
	d.pausedLbl.Importance = widget.WarningImportance
	d.pausedLbl.Alignment = fyne.TextAlignCenter
	d.pausedLbl.TextStyle.Bold = true

	d.callBtn = widget.NewButton(shortcut(tx.T("desk.call_next"), KeyCallNext), d.doCallNext)
	d.callBtn.Importance = widget.HighImportance
	tall := canvas.NewRectangle(color.Transparent)
	tall.SetMinSize(fyne.NewSize(0, 88))
	d.recallBtn = widget.NewButton(shortcut(tx.T("desk.recall"), KeyRecall), d.doRecall)
	d.startBtn = widget.NewButton(shortcut(tx.T("desk.start"), KeyStart), d.doStart)
	d.completeBtn = widget.NewButton(shortcut(tx.T("desk.complete"), KeyComplete), d.doComplete)
	d.completeBtn.Importance = widget.SuccessImportance
	d.skipBtn = widget.NewButton(shortcut(tx.T("desk.skip"), KeySkip), d.doSkip)
	d.skipBtn.Importance = widget.WarningImportance
	d.xfer = widget.NewButton(shortcut(tx.T("desk.transfer"), KeyTransfer), d.openTransfer)
	d.pauseBtn = widget.NewButton("", d.doPause)
	d.msg = widget.NewLabel("")
	d.msg.Wrapping = fyne.TextWrapWord
	d.undoBtn = widget.NewButton("", d.doUndoSkip)
	d.undoBtn.Hide()

	current := container.NewVBox(d.statusLbl, d.number, d.elapsedLbl, d.pausedLbl)
	actions := container.NewVBox(
		container.NewStack(tall, d.callBtn),
		container.NewGridWithColumns(3, d.recallBtn, d.startBtn, d.completeBtn),
		container.NewGridWithColumns(3, d.skipBtn, d.xfer, d.pauseBtn),
		container.NewBorder(nil, nil, nil, d.undoBtn, d.msg))
	left := container.NewBorder(nil, actions, nil, nil, widget.NewCard("", "", current))

	d.waitingBox = container.NewVBox()
	d.statsBox = container.NewVBox()
	d.noShowBox = container.NewVBox()
	d.dos = d.buildDossiers()
	right := container.NewVScroll(container.NewVBox(d.dos.root,
		widget.NewCard(tx.T("desk.waiting.heading"), "", d.waitingBox),
		widget.NewCard(tx.T("desk.stats.heading"), "", d.statsBox),
		widget.NewCard(tx.T("desk.noshows.heading"), "", d.noShowBox)))
	split := container.NewHSplit(left, right)
	split.Offset = 0.6
	top := container.NewVBox(
		container.NewBorder(nil, nil, nil, container.NewHBox(d.bookingButton(), d.visitButton(), d.signOutBtn), container.NewVBox(d.header, d.servicesLbl)),
		d.alertsBox, widget.NewSeparator())
	d.main = container.NewBorder(top, nil, nil, nil, split)
}

// refresh draws the model. Called on the UI goroutine.
func (d *Desk) refresh() {
	tx, m := d.tx, d.m
	now := d.opts.Now()
	signedIn := m.officer != ""
	if signedIn {
		d.signIn.Hide()
		d.main.Show()
	} else {
		d.main.Hide()
		d.signIn.Show()
	}

	if m.connected {
		d.banner.Hide()
	} else {
		key := "desk.reconnecting"
		if m.sum.Day == "" {
			key = "desk.connecting"
		}
		d.bannerText.Text = tx.T(key)
		d.banner.Show()
		d.bannerText.Refresh()
	}
	setEnabled(d.signInBtn, m.connected && !d.busy)

	d.header.SetText(tx.T("desk.counter", d.counter) + " · " + tx.T("desk.officer", d.officerName+" ("+m.officer+")"))
	var names []string
	svcs := m.services()
	for _, s := range svcs {
		names = append(names, s.Code+" "+svcName(s, tx.Lang()))
	}
	if len(names) == 0 {
		names = append(names, tx.T("service.none"))
	}
	d.servicesLbl.SetText(tx.T("desk.services", strings.Join(names, ", ")))
	d.refreshAlerts()

	cur := m.current
	switch {
	case cur == nil:
		d.statusLbl.SetText(tx.T("desk.current.none"))
		d.number.Text = "—"
	case cur.Status == queue.StatusServing:
		d.statusLbl.SetText(tx.T("desk.current.serving"))
		d.number.Text = cur.Number
	default:
		d.statusLbl.SetText(tx.T("desk.current.called"))
		d.number.Text = cur.Number
	}
	d.refreshElapsed()
	d.number.Refresh()
	d.pausedLbl.Hidden = !m.view.Paused
	d.pausedLbl.Refresh()

	ok := m.connected && !d.busy && signedIn
	called := cur != nil && cur.Status == queue.StatusCalled
	setEnabled(d.callBtn, ok && cur == nil && !m.view.Paused)
	setEnabled(d.recallBtn, ok && called)
	setEnabled(d.startBtn, ok && called)
	setEnabled(d.completeBtn, ok && cur != nil)
	setEnabled(d.skipBtn, ok && called)
	setEnabled(d.xfer, ok && cur != nil)
	setEnabled(d.pauseBtn, ok)
	setEnabled(d.signOutBtn, ok && cur == nil)
	pauseText := shortcut(tx.T("desk.pause"), KeyPause)
	if m.view.Paused {
		pauseText = shortcut(tx.T("desk.resume"), KeyPause)
	}
	if d.pauseBtn.Text != pauseText {
		d.pauseBtn.SetText(pauseText)
	}

	d.refreshUndo(ok)
	d.dos.refresh(ok)
	d.refreshSide(svcs, now, ok)
	if d.themed != nil {
		d.themed.Refresh() // the rows just made, in the desk's theme
	}
}

// refreshElapsed redraws the current ticket's running time.
func (d *Desk) refreshElapsed() {
	if d.m.current == nil {
		d.elapsedLbl.SetText("")
		return
	}
	d.elapsedLbl.SetText(d.tx.T("desk.current.elapsed", clockText(d.m.elapsed(d.opts.Now()))))
}

func (d *Desk) refreshAlerts() {
	var objs []fyne.CanvasObject
	for _, a := range d.m.alerts {
		text := a.Message
		if text == "" {
			text = a.Kind + ": " + a.State
		}
		l := widget.NewLabel(d.tx.T("desk.alert", a.Device, text))
		l.Importance = widget.DangerImportance
		l.Wrapping = fyne.TextWrapWord
		objs = append(objs, l)
	}
	d.alertsBox.Objects = objs
	d.alertsBox.Refresh()
}

func (d *Desk) refreshSide(svcs []queue.ServiceView, now time.Time, ok bool) {
	tx, m := d.tx, d.m
	var rows []fyne.CanvasObject
	for _, s := range svcs {
		l := widget.NewLabel(tx.T("desk.waiting.row", s.Code, svcName(s, tx.Lang()), s.Waiting))
		l.Wrapping = fyne.TextWrapWord
		rows = append(rows, l)
	}
	d.waitingBox.Objects = rows
	d.waitingBox.Refresh()

	rating := tx.T("desk.stats.rating_none")
	if m.ratings > 0 {
		avg := strings.Replace(fmt.Sprintf("%.1f", m.average()), ".", decimalSep(tx.Lang()), 1)
		rating = tx.T("desk.stats.rating", avg, m.ratings)
	}
	d.statsBox.Objects = []fyne.CanvasObject{
		widget.NewLabel(tx.T("desk.stats.served", m.served)),
		widget.NewLabel(tx.T("desk.stats.noshow", m.noShows)),
		widget.NewLabel(rating)}
	d.statsBox.Refresh()

	var ns []fyne.CanvasObject
	for _, t := range m.returnList(now) {
		b := widget.NewButton(tx.T("desk.noshows.return"), func() { d.doReturn(t) })
		setEnabled(b, ok)
		ns = append(ns, container.NewBorder(nil, nil, nil, b,
			widget.NewLabel(t.Number+" · "+t.NoShowAt.In(d.m.zone).Format("15:04"))))
	}
	if len(ns) == 0 {
		ns = append(ns, widget.NewLabel(tx.T("desk.noshows.none")))
	}
	d.noShowBox.Objects = ns
	d.noShowBox.Refresh()
}

func decimalSep(lang string) string {
	if lang == "en" {
		return "."
	}
	return ","
}

func svcName(s queue.ServiceView, lang string) string {
	if lang == "en" && s.NameEN != "" {
		return s.NameEN
	}
	return s.Name
}

func clockText(d time.Duration) string {
	s := int(d / time.Second)
	return fmt.Sprintf("%02d:%02d:%02d", s/3600, s/60%60, s%60)
}

func setEnabled(b *widget.Button, on bool) {
	if on == b.Disabled() {
		if on {
			b.Enable()
		} else {
			b.Disable()
		}
	}
}

// typedKey maps the shortcuts to the buttons: a disabled button's key does
// nothing.
func (d *Desk) typedKey(ev *fyne.KeyEvent) {
	if d.m.officer == "" {
		return
	}
	var b *widget.Button
	switch ev.Name {
	case KeyCallNext, fyne.KeySpace:
		b = d.callBtn
	case KeyRecall:
		b = d.recallBtn
	case KeyStart:
		b = d.startBtn
	case KeyComplete:
		b = d.completeBtn
	case KeySkip:
		b = d.skipBtn
	case KeyTransfer:
		b = d.xfer
	case KeyPause:
		b = d.pauseBtn
	}
	if b != nil && !b.Disabled() && d.xferDlg == nil && d.skipDlg == nil && !d.dos.dossierDialogOpen() && !d.visitDialogOpen() && !d.bookingDialogOpen() {
		b.OnTapped()
	}
}

// op runs call on the hub off the UI goroutine with the buttons disabled,
// then shows done(ticket) or the hub's sentence for the error.
func (d *Desk) op(call func(ctx context.Context) (queue.Ticket, error), done func(queue.Ticket) string) {
	d.busy = true
	d.msg.SetText("")
	d.undo = nil
	d.refresh()
	go func() {
		ctx, cancel := context.WithTimeout(d.ctx, 15*time.Second)
		t, err := call(ctx)
		cancel()
		d.ui(func() {
			d.busy = false
			if err != nil {
				d.log.Info("desk operation refused", "counter", d.counter, "err", err)
				d.msg.Importance = widget.DangerImportance
				d.msg.SetText(hub.Message(err, d.tx.Lang()))
				return
			}
			d.m.takeResult(t)
			d.msg.Importance = widget.MediumImportance
			d.msg.SetText(done(t))
		})
	}()
}

func (d *Desk) say(key string) func(queue.Ticket) string {
	return func(t queue.Ticket) string { return d.tx.T(key, t.Number) }
}

func (d *Desk) counterOp(f func(context.Context, int) (queue.Ticket, error), key string) {
	d.op(func(ctx context.Context) (queue.Ticket, error) { return f(ctx, d.counter) }, d.say(key))
}

func (d *Desk) doCallNext() { d.counterOp(d.api.CallNext, "desk.done.called") }
func (d *Desk) doRecall()   { d.counterOp(d.api.Recall, "desk.done.recalled") }
func (d *Desk) doStart()    { d.counterOp(d.api.Start, "desk.done.started") }
func (d *Desk) doComplete() { d.counterOp(d.api.Complete, "desk.done.completed") }

func (d *Desk) doReturn(t queue.Ticket) {
	d.op(func(ctx context.Context) (queue.Ticket, error) { return d.api.Return(ctx, t.ID) }, d.say("desk.done.returned"))
}

func (d *Desk) doPause() {
	paused := !d.m.view.Paused
	d.op(func(ctx context.Context) (queue.Ticket, error) {
		if err := d.api.Pause(ctx, d.counter, paused); err != nil {
			return queue.Ticket{}, err
		}
		if paused {
			d.ui(func() { d.m.view.Paused = true })
		} else {
			d.ui(func() { d.m.view.Paused = false })
		}
		return queue.Ticket{}, nil
	}, func(queue.Ticket) string { return "" })
}

func (d *Desk) submitSignIn() {
	officer, pin := strings.TrimSpace(d.officerIn.Text), strings.TrimSpace(d.pinIn.Text)
	if officer == "" || pin == "" {
		d.signInErr.SetText(d.tx.T("desk.signin.empty"))
		return
	}
	if d.busy || !d.m.connected {
		return
	}
	d.busy = true
	d.signInErr.SetText("")
	d.refresh()
	go func() {
		ctx, cancel := context.WithTimeout(d.ctx, 15*time.Second)
		o, err := d.api.SignIn(ctx, d.counter, officer, pin)
		cancel()
		d.ui(func() {
			d.busy = false
			d.pinIn.SetText("")
			if err != nil {
				d.log.Info("desk sign-in refused", "counter", d.counter, "officer", officer, "err", err)
				d.signInErr.SetText(hub.Message(err, d.tx.Lang()))
				return
			}
			d.m.officer = o.ID
			name := o.Name
			if name == "" {
				name = o.ID
			}
			d.officerName = name
			d.win.Canvas().Unfocus()
		})
	}()
}

func (d *Desk) doSignOut() {
	d.op(func(ctx context.Context) (queue.Ticket, error) {
		if err := d.api.SignOut(ctx, d.counter); err != nil {
			return queue.Ticket{}, err
		}
		d.ui(func() {
			d.m.officer = ""
			d.officerName = ""
			d.officerIn.SetText("")
		})
		return queue.Ticket{}, nil
	}, func(queue.Ticket) string { return "" })
}

// openTransfer shows the transfer dialog for the current ticket: the
// service to send it to and, optionally, the counter.
func (d *Desk) openTransfer() {
	cur := d.m.current
	if cur == nil || d.xferDlg != nil {
		return
	}
	tx := d.tx
	var labels []string
	codes := map[string]string{}
	for _, s := range d.m.sum.Services {
		l := s.Code + " — " + svcName(s, tx.Lang())
		labels = append(labels, l)
		codes[l] = s.Code
	}
	counters := map[string]int{}
	d.xferCounter = widget.NewSelect(nil, nil)
	d.xferService = widget.NewSelect(labels, func(l string) {
		opts := []string{tx.T("desk.transfer.any")}
		counters[opts[0]] = 0
		for _, c := range d.m.sum.Counters {
			if c.CounterState.Number != d.counter && contains(c.Services, codes[l]) {
				o := tx.T("desk.counter", c.CounterState.Number)
				opts = append(opts, o)
				counters[o] = c.CounterState.Number
			}
		}
		d.xferCounter.SetOptions(opts)
		d.xferCounter.SetSelectedIndex(0)
		d.xferOK.Enable()
	})
	d.xferOK = widget.NewButton(tx.T("desk.transfer.ok"), nil)
	d.xferOK.Importance = widget.HighImportance
	d.xferOK.Disable()
	cancel := widget.NewButton(tx.T("desk.transfer.cancel"), nil)
	form := widget.NewForm(
		widget.NewFormItem(tx.T("desk.transfer.service"), d.xferService),
		widget.NewFormItem(tx.T("desk.transfer.counter"), d.xferCounter))
	content := container.NewVBox(form, container.NewHBox(layout.NewSpacer(), cancel, d.xferOK))
	dlg := dialog.NewCustomWithoutButtons(tx.T("desk.transfer.title", cur.Number), container.NewThemeOverride(content, staffTheme{}), d.win)
	dlg.Resize(fyne.NewSize(480, 240))
	d.xferDlg = dlg
	closeDlg := func() {
		d.xferDlg = nil
		dlg.Hide()
	}
	cancel.OnTapped = closeDlg
	d.xferOK.OnTapped = func() {
		svc, ctr, id := codes[d.xferService.Selected], counters[d.xferCounter.Selected], cur.ID
		closeDlg()
		d.op(func(ctx context.Context) (queue.Ticket, error) { return d.api.Transfer(ctx, id, svc, ctr) },
			func(t queue.Ticket) string {
				to := svc
				if ctr != 0 {
					to += " · " + tx.T("desk.counter", ctr)
				}
				return tx.T("desk.done.transferred", t.Number, to)
			})
	}
	dlg.Show()
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}
