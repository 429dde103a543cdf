package dispenser

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"

	"github.com/motcua-kiosk/motcua/devices"
	"github.com/motcua-kiosk/motcua/kiosk/dossiers"
	"github.com/motcua-kiosk/motcua/kiosk/hub"
	"github.com/motcua-kiosk/motcua/kiosk/procedures"
	"github.com/motcua-kiosk/motcua/kiosk/queue"
	"github.com/motcua-kiosk/motcua/kiosk/settings"
	"github.com/motcua-kiosk/motcua/kiosk/speech"
	"github.com/motcua-kiosk/motcua/kiosk/ui"
	"github.com/motcua-kiosk/motcua/kiosk/ui/lookup"
	"github.com/motcua-kiosk/motcua/kiosk/ui/rating"
)

// Screens of the dispenser, for tests and logs.
const (
	ScreenHome    = "home"
	ScreenTicket  = "ticket"
	ScreenClosed  = "closed"
	ScreenRating  = "rating"
	ScreenOverlay = "overlay"
)

// Options wire a dispenser to its hub, printer and settings.
type Options struct {
	API     hub.API
	Printer devices.Printer // nil: no printer; every ticket is shown only
	// Config gives the office's queue setup in force (office name,
	// services, priority kinds).
	Config func() queue.Config
	// Settings gives this machine's settings in force.
	Settings func() settings.Settings
	// OfficerName names an officer for the rating screen; nil shows the ID.
	OfficerName func(ctx context.Context, id string) string
	// Device names this kiosk in staff alerts; default "dispenser".
	Device string
	// OnAdmin is called when the hidden corner gesture is made.
	OnAdmin func()
	Now     func() time.Time
	// Procedures is the catalogue the home screen's "Tra cứu thủ tục"
	// opens; nil shows no such key.
	Procedures procedures.Catalogue
	// Dossiers answers the home screen's "Tra cứu hồ sơ" and the slips
	// scanned there (wrap it in dossiers.Cached for the offline answer);
	// nil shows no such key.
	Dossiers dossiers.Source
	// Bookings checks in the booking codes typed or scanned at the kiosk
	// (issue 14); nil, or none bookable, shows no "Tôi đã đặt lịch hẹn".
	Bookings Bookings
	// AfterFunc starts the screens' timers: the ticket screen's timeout,
	// the tap guard, the idle return home. Nil is time.AfterFunc; tests
	// pass a ui.FakeTimers'.
	AfterFunc ui.AfterFunc
	// Speech says the screens aloud (the "Nghe hướng dẫn" keys, and each
	// screen as it opens when Settings().SpeakAuto); nil shows no speak key.
	Speech speech.Speaker
	Log    *slog.Logger
}

const (
	// TapGuard is how long taps are ignored after the screen changes: a
	// finger already on its way to the last screen's key must not press
	// what now sits there (issue 12: a late tap on the ticket screen's
	// "Xong" turned the kiosk English). A second: an unsure finger's
	// second tap on a service tile up to a second later must not close
	// the ticket it has just brought up (issue 16; at 600 ms it did).
	TapGuard = time.Second
	// HomeIdle is how long the home screen waits untouched before it goes
	// back to the next citizen's start (the default language, no priority,
	// the first page). The kiosk's settings have no field for it.
	HomeIdle = 60 * time.Second
)

// Dispenser is the kiosk's screens in one window's content.
type Dispenser struct {
	o      Options
	root   *fyne.Container
	screen string
	lang   ui.Lang

	priority  string
	landscape bool
	page      int
	services  []queue.ServiceView
	counters  []queue.CounterView // with services: who is open for what
	connected bool

	issuing bool
	gen     int // bumps when the screen changes; stale timers check it
	guard   *ui.TapGuard

	printMu sync.Mutex // one job at a time on the printer

	// what the ticket screen shows, for tests
	last       hub.Issued
	printState string // "printing", "printed", "failed"
	ticketOpen int    // the open counters the ticket screen's wait was told for

	home     homeWidgets
	ticketUI ticketWidgets
	flow     *rating.Flow
	lookup   *lookup.Screen // the open procedure look-up
	dossier  dossierState   // the open dossier look-up and the home key
	booking  bookingState   // the open booking check-in and the home key
	clock    *ui.Text
	access   accessWidgets
}

// New returns a dispenser showing its home screen.
func New(o Options) *Dispenser {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Log == nil {
		o.Log = slog.Default()
	}
	if o.Device == "" {
		o.Device = "dispenser"
	}
	if o.AfterFunc == nil {
		o.AfterFunc = ui.RealAfterFunc
	}
	d := &Dispenser{o: o, connected: true}
	d.guard = ui.NewTapGuard(TapGuard, o.AfterFunc)
	d.guard.OnSwallowed = func() { d.o.Log.Debug("tap ignored: the screen has just changed", "screen", d.screen) }
	d.root = container.New(&orientLayout{d: d})
	d.access.countdown = ui.NewCountdown(d.tr(), o.AfterFunc, d.timeUp)
	d.lang = ui.ParseLang(o.Settings().Language)
	d.Home()
	return d
}

// Content is the dispenser's window content.
func (d *Dispenser) Content() fyne.CanvasObject { return d.root }

// Screen returns the screen shown (Screen* constants).
func (d *Dispenser) Screen() string { return d.screen }

// Lang returns the language of the screen.
func (d *Dispenser) Lang() ui.Lang { return d.lang }

func (d *Dispenser) tr() ui.Tr { return ui.Tr{Lang: d.lang} }

// set shows a new screen: the last one's timers no longer apply, and taps
// are ignored for a moment (TapGuard).
func (d *Dispenser) set(screen string, obj fyne.CanvasObject) {
	d.gen++
	d.access.countdown.Stop()
	// The guard is for a change of screen, where another key now sits
	// under a late finger; the same screen built again (the hub came back,
	// the window turned, the idle reset) keeps its keys where they were,
	// and swallowing taps there only lost a citizen's first tap.
	// The first screen of all has no last one under a finger: a guard
	// there only swallowed the first taps after start-up (the Xvfb test's
	// corner taps, once the guard grew to a second).
	if screen != d.screen && d.screen != "" {
		d.guard.Raise()
	}
	if d.flow != nil && screen != ScreenRating {
		d.flow.Stop()
		d.flow = nil
	}
	if d.lookup != nil && screen != ScreenLookup {
		d.lookup.Stop() // its idle close must not fire on another screen
		d.lookup = nil
	}
	d.leaveDossier(screen)
	d.leaveCheckIn(screen)
	d.replace(screen, obj)
}

// replace redraws the screen without making it a new one (an orientation
// change): its timers and pending print result still apply.
func (d *Dispenser) replace(screen string, obj fyne.CanvasObject) {
	d.screen = screen
	if obj == nil {
		return
	}
	d.root.Objects = []fyne.CanvasObject{obj, d.access.countdown.Warning, d.guard}
	d.root.Refresh()
}

// Home shows the home screen in the default language, with no priority
// chosen: the state the next citizen should find.
func (d *Dispenser) Home() {
	d.lang = ui.ParseLang(d.o.Settings().Language)
	d.priority, d.page = "", 0
	if d.o.Speech != nil { // the next citizen starts at the machine's volume
		d.o.Speech.SetVolume(d.o.Settings().SpeechVolume)
	}
	d.showHome()
}

// ShowOverlay replaces the screen with obj (the admin menu) until Home.
func (d *Dispenser) ShowOverlay(obj fyne.CanvasObject) { d.set(ScreenOverlay, obj) }

// Run follows the hub's live events (waiting counts, closures) and ticks
// the clock until ctx is done.
func (d *Dispenser) Run(ctx context.Context) error {
	go d.tickClock(ctx)
	for {
		ch, err := d.o.API.Subscribe(ctx)
		if err == nil {
			ui.Do(func() { d.setConnected(true) })
			for ev := range ch {
				if ev.Summary != nil {
					sum := *ev.Summary
					ui.Do(func() { d.applySummary(sum.Services, sum.Counters) })
				}
			}
		} else {
			d.o.Log.Warn("dispenser: subscribe", "err", err)
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		ui.Do(func() { d.setConnected(false) })
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(2 * time.Second):
		}
	}
}

func (d *Dispenser) tickClock(ctx context.Context) {
	t := time.NewTicker(5 * time.Second)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			ui.Do(func() {
				if d.clock != nil {
					d.clock.SetText(d.dateTime())
				}
			})
		}
	}
}

func (d *Dispenser) setConnected(ok bool) {
	if d.connected == ok {
		return
	}
	d.connected = ok
	if d.screen == ScreenHome {
		d.showHome()
	}
}

// applySummary takes the services' and counters' live views and redraws
// what is shown: the home screen's buttons, the ticket screen's wait.
func (d *Dispenser) applySummary(services []queue.ServiceView, counters []queue.CounterView) {
	d.services, d.counters = services, counters
	switch d.screen {
	case ScreenHome:
		d.refreshServices()
	case ScreenTicket:
		d.refreshTicketWait()
	}
}

// open counts the counters open now that serve service.
func (d *Dispenser) open(service string) int { return queue.OpenCounters(d.counters, service) }

// Refresh reads the state from the hub now (start-up, tests).
func (d *Dispenser) Refresh(ctx context.Context) error {
	st, err := d.o.API.State(ctx)
	if err != nil {
		return err
	}
	d.applySummary(st.Services, st.Counters)
	return nil
}

// dateTime is the header's clock, on the office's clock whatever the
// machine's zone (issue 12: every time a person reads).
func (d *Dispenser) dateTime() string {
	cfg := d.o.Config()
	now := d.o.Now().In(cfg.Location())
	tr := d.tr()
	return fmt.Sprintf("%s, %s — %s", tr.L(fmt.Sprintf("weekday.%d", now.Weekday())), now.Format("02/01/2006"), now.Format("15:04"))
}

// minutes rounds a wait up to whole minutes, at least 1 when non-zero.
func minutes(d time.Duration) int {
	if d <= 0 {
		return 0
	}
	return int((d + time.Minute - 1) / time.Minute)
}

// issue is the tap on a service: one ticket, whatever the number of taps.
func (d *Dispenser) issue(code string) { d.issueFrom(ScreenHome, code) }

// issueFrom issues a ticket for code when the screen is still from (home,
// or the look-up's "Lấy số cho thủ tục này").
func (d *Dispenser) issueFrom(from, code string) {
	if d.issuing || d.screen != from {
		return
	}
	d.issuing = true
	prio := d.priority
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		is, err := d.o.API.Issue(ctx, code, prio)
		ui.Do(func() {
			d.issuing = false
			var u *queue.Unavailable
			switch {
			case err == nil:
				d.showTicket(is)
			case errors.As(err, &u):
				d.o.Log.Info("service unavailable", "service", code, "reason", u.Reason)
				d.showClosed(hub.Message(err, string(d.lang)))
			default:
				d.o.Log.Error("issue ticket", "service", code, "err", err)
				d.showClosed(hub.Message(err, string(d.lang)))
			}
		})
	}()
}

// print sends the ticket to the printer in the background and reports to
// the screen when done. Jobs are serialised.
func (d *Dispenser) print(is hub.Issued, lang ui.Lang) {
	t := d.paperTicket(is, lang)
	gen := d.gen
	go func() {
		var err error
		if d.o.Printer == nil {
			err = fmt.Errorf("print %s: no printer configured: %w", t.Number, devices.ErrDisconnected)
		} else {
			d.printMu.Lock()
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			err = d.o.Printer.Print(ctx, t)
			cancel()
			d.printMu.Unlock()
		}
		if err != nil {
			d.o.Log.Error("print ticket", "ticket", t.Number, "err", err)
			d.alertPrinter(err)
		}
		ui.Do(func() {
			if d.gen == gen && d.screen == ScreenTicket {
				d.printed(err)
			}
		})
	}()
}

func (d *Dispenser) alertPrinter(err error) {
	state := devices.StateDisconnected
	var se *devices.StatusError
	if errors.As(err, &se) {
		state = se.Status.State()
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	a := hub.Alert{Device: d.o.Device, Kind: "printer", State: state.String(), Message: devices.StateText(state, "vi")}
	if aerr := d.o.API.Alert(ctx, a); aerr != nil {
		d.o.Log.Error("alert staff about the printer", "err", aerr)
	}
}

// paperTicket is what goes on paper, in the citizen's language.
func (d *Dispenser) paperTicket(is hub.Issued, lang ui.Lang) devices.Ticket {
	tr := ui.Tr{Lang: lang}
	cfg := d.o.Config()
	t := is.Ticket
	out := devices.Ticket{
		Office:  tr.Pick(cfg.Office.Name, cfg.Office.NameEN),
		Address: ui.NFC(cfg.Office.Address),
		Heading: ticketHeading(tr, t, "ticket.heading_paper"),
		Number:  t.Number,
		Service: tr.Pick(is.Service.Name, is.Service.NameEN),
		QR:      d.o.Settings().TicketURL(t.Ref),
		QRNote:  tr.L("ticket.qr"),
		Footer:  tr.L("ticket.wait_call"),
	}
	// Where to go: the counters the office set up for this service, open
	// or not (the paper outlives the moment it was printed).
	var nums []string
	for _, c := range cfg.Counters {
		if slices.Contains(c.Services, is.Service.Code) {
			nums = append(nums, strconv.Itoa(c.Number))
		}
	}
	switch len(nums) {
	case 0:
	case 1:
		out.Counters = tr.L("ticket.counter_one", map[string]any{"N": nums[0]})
	default:
		out.Counters = tr.L("ticket.counters", map[string]any{"List": strings.Join(nums, ", ")})
	}
	if p, ok := cfg.Priority(t.Priority); ok {
		out.Priority = tr.L("ticket.priority", map[string]any{"Name": tr.Pick(p.Name, p.NameEN)})
	}
	out.Lines = append(out.Lines,
		tr.L("ticket.issued_at", map[string]any{"Time": t.IssuedAt.In(cfg.Location()).Format("15:04 02/01/2006")}),
		tr.L("ticket.ahead", map[string]any{"N": is.Estimate.Ahead}))
	// Paper stays in a hand all morning: it promises minutes only when a
	// counter is open for them, and never "called right away".
	if d.open(t.Service) == 0 {
		out.Lines = append(out.Lines, tr.L("ticket.no_counter"))
	} else if m := minutes(is.Estimate.Wait); m > 0 {
		out.Lines = append(out.Lines, tr.L("ticket.wait", map[string]any{"Min": m}))
	}
	return out
}

// orientLayout fills the window with the screen and redraws the home
// screen when the window turns between portrait and landscape.
type orientLayout struct{ d *Dispenser }

func (l *orientLayout) Layout(objs []fyne.CanvasObject, s fyne.Size) {
	if land := s.Width > s.Height; land != l.d.landscape && s.Width > 0 {
		l.d.landscape = land
		if l.d.screen == ScreenHome {
			l.d.showHome()
		} else if l.d.screen == ScreenTicket {
			l.d.renderTicket()
		}
		objs = l.d.root.Objects
	}
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(s)
	}
}

func (l *orientLayout) MinSize([]fyne.CanvasObject) fyne.Size { return fyne.NewSize(480, 480) }
