package admin

import (
	"context"
	"fmt"
	"log/slog"
	"math"
	"slices"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"

	"github.com/motcua-kiosk/motcua/devices"
	"github.com/motcua-kiosk/motcua/kiosk/queue"
	"github.com/motcua-kiosk/motcua/kiosk/settings"
	"github.com/motcua-kiosk/motcua/kiosk/store"
	"github.com/motcua-kiosk/motcua/kiosk/ui"
)

// Hub is what the menu needs of the hub: the queue setup.
type Hub interface {
	Config() queue.Config
	SetConfig(ctx context.Context, cfg queue.Config) error
}

// Store is what the menu needs of the store besides Meta: officers and
// pairing (implemented by *store.Store).
type Store interface {
	Meta
	Officers(ctx context.Context) ([]store.Officer, error)
	SetOfficer(ctx context.Context, id, name, pin string) error
	CreatePairingCode(ctx context.Context, role string, counter int, ttl time.Duration) (string, error)
	Devices(ctx context.Context) ([]store.Device, error)
}

// Sync is the central-server link (kiosk/syncer through an adapter).
type Sync interface {
	Enroll(ctx context.Context, serverURL, code string) (officeName string, err error)
	// StatusText is the sync state in a sentence of lang.
	StatusText(ctx context.Context, lang string) string
}

// Maintenance is what the maintenance page does with a folder, normally a
// USB stick's. Each method returns the path it wrote (or staged from) for
// the admin to see.
type Maintenance interface {
	// Backup copies the data directory into a new folder under dir.
	Backup(ctx context.Context, dir string) (string, error)
	// StageRestore verifies the newest backup under dir and stages it; it
	// is applied when the kiosk starts again.
	StageRestore(ctx context.Context, dir string) (string, error)
	// ExportLog writes the last day's log into dir.
	ExportLog(ctx context.Context, dir string) (string, error)
	// Diag writes the diagnostic bundle (no secrets) into dir.
	Diag(ctx context.Context, dir string) (string, error)
}

// Options wire the menu.
type Options struct {
	Hub      Hub
	Store    Store
	Settings *settings.File
	// PrinterStatus reads the printer's state; nil: no printer.
	PrinterStatus func(ctx context.Context) (devices.Status, error)
	// TestPrint prints the printer profile's test page ("In thử"); nil: no
	// printer. Its error is shown as printer.ErrorText.
	TestPrint func(ctx context.Context) error
	// Reprint prints today's ticket with this number again (a ticket whose
	// printing failed); nil: no printer.
	Reprint func(ctx context.Context, number string) error
	Sync    Sync // nil: sync not available on this machine
	// Maintenance backs up, restores and exports logs and diagnostics;
	// nil disables those actions.
	Maintenance Maintenance
	// ProcedureFields lists the procedure catalogue's fields for the page
	// that maps each to a queue service; nil: no catalogue, no page.
	ProcedureFields ProcedureFields
	// Sound lists the sound outputs and tests one for the citizen
	// screens' speech; nil: the page says the machine has no speech.
	Sound Sound
	// Rules keeps the booking and home-visit rules; nil: no "Đặt lịch
	// hẹn" and "Giải quyết tận nhà" pages.
	Rules RulesStore
	// Version is the program's version, shown on the maintenance page.
	Version string
	Lang    ui.Lang
	OnClose func() // back to the kiosk
	OnExit  func() // leave the program
	Now     func() time.Time
	Log     *slog.Logger
}

// Stages of the menu.
const (
	StagePIN  = "pin"
	StageMenu = "menu"
	StageForm = "form"
)

// Menu is the admin menu in one window's content.
type Menu struct {
	o        Options
	tr       ui.Tr
	guard    Guard
	root     *fyne.Container
	stage    string
	pin      *ui.Keypad
	current  *form
	editor   *ui.Keypad
	keyboard *ui.Keyboard
	sections map[string]*ui.BigButton
	exitKey  *ui.BigButton
	exitArm  bool
	status   *ui.Text
	stopPoll func()
	// reprintKey is the printer page's "In lại phiếu" button.
	reprintKey *ui.BigButton
	// testKey is the printer page's "In thử" button.
	testKey *ui.BigButton
	// soundKey is the sound page's "Thử âm thanh" button.
	soundKey *ui.BigButton
	// usbFolder is the maintenance page's folder, kept while the menu is open.
	usbFolder string
	maintKeys map[string]*ui.BigButton
	checking  bool
	// stopLock ends the lock-out countdown on the PIN screen (nil: none).
	stopLock func()
	// tick is how often the countdown is redrawn (a second; tests shorten it).
	tick time.Duration
	// preview is the home-visit page's line of the next visit days.
	preview *ui.Text
}

// New returns the menu at its PIN screen.
func New(o Options) *Menu {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Log == nil {
		o.Log = slog.Default()
	}
	m := &Menu{o: o, tr: ui.Tr{Lang: o.Lang}, guard: Guard{Meta: o.Store, Now: o.Now}, root: container.NewStack(), tick: time.Second}
	m.showPIN()
	return m
}

// Content is the menu's screen.
func (m *Menu) Content() fyne.CanvasObject { return m.root }

// Stage returns StagePIN, StageMenu or StageForm.
func (m *Menu) Stage() string { return m.stage }

// PIN returns the PIN keypad.
func (m *Menu) PIN() *ui.Keypad { return m.pin }

// Section returns a section's button on the menu ("office", "services"…).
func (m *Menu) Section(name string) *ui.BigButton { return m.sections[name] }

// ReprintButton is the printer page's reprint button (nil before that page
// is shown).
func (m *Menu) ReprintButton() *ui.BigButton { return m.reprintKey }

// TestPrintButton is the printer page's "In thử" button (nil before that
// page is shown).
func (m *Menu) TestPrintButton() *ui.BigButton { return m.testKey }

// StatusText is the printer page's status line.
func (m *Menu) StatusText() string {
	if m.status == nil {
		return ""
	}
	return m.status.Text
}

// Form returns the form shown, for tests: its field rows and save button.
func (m *Menu) Form() *form { return m.current }

// Keyboard returns the on-screen keyboard being shown.
func (m *Menu) Keyboard() *ui.Keyboard { return m.keyboard }

// Editor returns the numeric keypad being shown.
func (m *Menu) Editor() *ui.Keypad { return m.editor }

// SaveButton returns the form's save button.
func (f *form) SaveButton() *ui.BigButton { return f.saveKey }

// BackButton is the form's "Quay lại" (tests).
func (f *form) BackButton() *ui.BigButton { return f.backKey }

// Message returns the form's general message.
func (f *form) Message() string { return f.general.Text }

func (m *Menu) set(obj fyne.CanvasObject) {
	// The kiosk's margin around every page; Reflow so that wrapped titles
	// get the lines they need at the width they are given.
	m.root.Objects = []fyne.CanvasObject{ui.Screen(ui.Inset(ui.Margin, ui.Reflow(obj)))}
	m.root.Refresh()
}

func (m *Menu) close() {
	m.stopLockout()
	if m.stopPoll != nil {
		m.stopPoll()
	}
	if m.o.OnClose != nil {
		m.o.OnClose()
	}
}

func (m *Menu) showPIN() {
	m.stage = StagePIN
	m.pin = ui.NewKeypad(m.tr, m.tr.L("admin.pin"), nil, true, 8)
	m.pin.OnCancel = m.close
	m.pin.OnSubmit = m.checkPIN
	m.set(ui.Box(760, m.pin))
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if d := m.guard.LockedFor(ctx); d > 0 {
		m.lockOut(d)
	}
}

// lockOut keeps the PIN keys off for d and says so, counting the time
// left down once a second; at zero the keys come back and the message
// goes.
func (m *Menu) lockOut(d time.Duration) {
	m.stopLockout()
	until, pin := m.o.Now().Add(d), m.pin
	show := func() bool {
		left := until.Sub(m.o.Now())
		if left <= 0 {
			pin.SetMessage("")
			m.pinKeys(true)
			return false
		}
		pin.SetMessage(fmtMinSec(m.tr, int(math.Ceil(left.Seconds()))))
		return true
	}
	m.pinKeys(false)
	if !show() {
		return
	}
	ticker, done := time.NewTicker(m.tick), make(chan struct{})
	var once sync.Once
	m.stopLock = func() { once.Do(func() { ticker.Stop(); close(done) }) }
	stop := m.stopLock
	go func() {
		for {
			select {
			case <-done:
				return
			case <-ticker.C:
				ui.Do(func() {
					if m.pin != pin || m.stage != StagePIN || !show() {
						stop()
					}
				})
			}
		}
	}()
}

// stopLockout ends the countdown, if any.
func (m *Menu) stopLockout() {
	if m.stopLock != nil {
		m.stopLock()
		m.stopLock = nil
	}
}

// pinKeys turns the PIN keypad's keys (all but cancel) on or off, greyed
// while off.
func (m *Menu) pinKeys(on bool) {
	for _, name := range []string{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "⌫", "OK"} {
		b := m.pin.Key(name)
		if b == nil {
			continue
		}
		if b.Disabled == !on {
			continue
		}
		b.Disabled = !on
		switch {
		case !on:
			b.Fill, b.TextColor = ui.ColorClosed, ui.ColorMuted
		case name == "⌫":
			b.Fill, b.TextColor = ui.ColorMuted, ui.ColorOnPrimary
		case name == "OK":
			b.Fill, b.TextColor = ui.ColorSelected, ui.ColorOnPrimary
		default:
			b.Fill, b.TextColor = ui.ColorSecondary, ui.ColorText
		}
		b.Refresh()
	}
}

func (m *Menu) checkPIN(pin string) {
	if m.checking {
		return // one check at a time: mashing OK does not spend tries
	}
	m.checking = true
	m.pin.SetMessage(m.tr.L("admin.pin.checking"))
	go func() { // PBKDF2 takes tens of milliseconds: off the UI goroutine
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		res, err := m.guard.Check(ctx, pin)
		ui.Do(func() {
			m.checking = false
			if m.stage != StagePIN {
				return
			}
			m.pin.Clear()
			switch {
			case err != nil:
				m.o.Log.Error("admin pin check", "err", err)
				m.pin.SetMessage(m.tr.L("error.generic"))
			case res.OK:
				m.o.Log.Info("admin menu opened")
				m.showMenu()
			case res.LockedFor > 0:
				m.o.Log.Warn("admin menu locked", "for", res.LockedFor)
				m.lockOut(res.LockedFor)
			default:
				m.o.Log.Warn("wrong admin pin", "left", res.Left)
				m.pin.SetMessage(m.tr.L("admin.pin.wrong", map[string]any{"N": res.Left}))
			}
		})
	}()
}

func (m *Menu) showMenu() {
	m.stopLockout()
	if m.stopPoll != nil {
		m.stopPoll()
		m.stopPoll = nil
	}
	m.stage = StageMenu
	m.current, m.editor, m.keyboard = nil, nil, nil
	tr := m.tr
	m.sections = map[string]*ui.BigButton{}
	type sec struct {
		name string
		open func()
	}
	secs := []sec{
		{"office", m.office}, {"services", m.services}, {"counters", m.counters}, {"policy", m.policy},
		{"printer", m.printer}, {"scanner", m.scanner}, {"dossiers", m.dossiers}, {"device", m.device}, {"sync", m.sync},
		{"general", m.general}, {"sound", m.sound}, {"pin", m.changePIN}, {"officers", m.officers}, {"maintenance", m.maintenance},
	}
	if m.o.ProcedureFields != nil {
		secs = append(secs[:2], append([]sec{{"procedures", m.procedures}}, secs[2:]...)...)
	}
	if m.o.Rules != nil { // after "dossiers"
		i := slices.IndexFunc(secs, func(s sec) bool { return s.name == "dossiers" }) + 1
		secs = slices.Insert(secs, i, sec{"bookings", m.bookings}, sec{"visits", m.visits})
	}
	var bs []fyne.CanvasObject
	for _, s := range secs {
		b := ui.NewBigButton(tr.L("admin.section."+s.name), s.open)
		b.TitleSize = ui.TextBody
		m.sections[s.name] = b
		bs = append(bs, b)
	}
	m.exitArm = false
	m.exitKey = ui.NewBigButton(tr.L("admin.exit"), m.exit)
	m.exitKey.Fill, m.exitKey.TitleSize = ui.ColorAccent, ui.TextBody
	closeKey := ui.NewBigButton(tr.L("admin.close"), m.close)
	closeKey.Fill, closeKey.TitleSize = ui.ColorSelected, ui.TextBody
	m.sections["close"], m.sections["exit"] = closeKey, m.exitKey
	title := ui.NewText(tr.L("admin.title"), ui.TextTitle, ui.ColorPrimary, true, fyne.TextAlignCenter)
	top := container.NewVBox(title)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if v, _ := getMeta(ctx, m.o.Store, "admin_pin_default"); v == "1" {
		top.Add(ui.NewText(tr.L("admin.pin.default"), ui.TextBody, ui.ColorAccent, true, fyne.TextAlignCenter))
	}
	m.set(container.NewBorder(top, container.NewGridWithColumns(2, closeKey, m.exitKey), nil, nil,
		container.NewGridWithColumns(2, bs...)))
}

// exit leaves the program after a second, confirming tap.
func (m *Menu) exit() {
	if !m.exitArm {
		m.exitArm = true
		m.exitKey.Title = m.tr.L("admin.exit.confirm")
		m.exitKey.Refresh()
		return
	}
	m.o.Log.Warn("kiosk exit from the admin menu")
	if m.o.OnExit != nil {
		m.o.OnExit()
	}
}

// englishNameNote is the word after a save that renamed something in
// Vietnamese but left its English name as it was: citizens who choose
// English would still read the old name. "" when there is nothing to say
// (no English name, or it was changed too).
func englishNameNote(tr ui.Tr, fieldEN, oldVI, oldEN, newVI, newEN string) string {
	if oldVI == newVI || newEN == "" || newEN != oldEN {
		return ""
	}
	return tr.L("admin.saved.english_name", map[string]any{"Field": fieldEN, "Name": newEN})
}

// saveConfig applies a changed queue setup through the hub.
func (m *Menu) saveConfig(cfg *queue.Config) func() error {
	return func() error {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		return m.o.Hub.SetConfig(ctx, *cfg)
	}
}

func (m *Menu) saveSettings(s *settings.Settings) func() error {
	return func() error { return m.o.Settings.Set(*s) }
}

func (m *Menu) office() {
	cfg := m.o.Hub.Config()
	tr := m.tr
	was := cfg.Office
	fm := m.newForm(tr.L("admin.section.office"), []*field{
		{key: "office.name", label: tr.L("admin.field.office_name"), kind: kindText, get: func() string { return cfg.Office.Name }, set: strField(&cfg.Office.Name)},
		{key: "office.name_en", label: tr.L("admin.field.office_name_en"), kind: kindPlain, get: func() string { return cfg.Office.NameEN }, set: strField(&cfg.Office.NameEN)},
		{key: "office.address", label: tr.L("admin.field.address"), kind: kindText, get: func() string { return cfg.Office.Address }, set: strField(&cfg.Office.Address)},
		{key: "office.notice", label: tr.L("admin.field.notice"), kind: kindText, get: func() string { return cfg.Office.Notice }, set: strField(&cfg.Office.Notice)},
	}, m.saveConfig(&cfg))
	fm.note = func() string {
		n := englishNameNote(tr, tr.L("admin.field.office_name_en"), was.Name, was.NameEN, cfg.Office.Name, cfg.Office.NameEN)
		was = cfg.Office
		return n
	}
	fm.show()
	m.stage = StageForm
}

func (m *Menu) services() {
	tr := m.tr
	cfg := m.o.Hub.Config()
	var bs []fyne.CanvasObject
	for i := range cfg.Services {
		s := cfg.Services[i]
		b := ui.NewBigButton(s.Code+" — "+s.Name, func() { m.service(i) })
		b.TitleSize = ui.TextBody
		bs = append(bs, b)
	}
	add := ui.NewBigButton(tr.L("admin.service.add"), func() { m.service(-1) })
	add.Fill, add.TitleSize = ui.ColorSelected, ui.TextBody
	m.list(tr.L("admin.section.services"), bs, add)
}

func (m *Menu) list(title string, items []fyne.CanvasObject, add *ui.BigButton) {
	m.stage = StageForm
	back := ui.NewBigButton(m.tr.L("admin.back"), m.showMenu)
	back.Fill, back.TextColor, back.TitleSize = ui.ColorSecondary, ui.ColorText, ui.TextBody
	nav := []fyne.CanvasObject{back}
	if add != nil {
		nav = append(nav, add)
	}
	if len(items) > 10 {
		items = items[:10] // the form pages are where long lists live; ten fit any screen
	}
	t := ui.NewText(title, ui.TextLarge, ui.ColorPrimary, true, fyne.TextAlignCenter)
	m.set(container.NewBorder(t, container.NewGridWithColumns(len(nav), nav...), nil, nil,
		ui.Centered(1200, container.NewGridWithColumns(2, items...))))
}

func (m *Menu) service(i int) {
	tr := m.tr
	cfg := m.o.Hub.Config()
	if i < 0 {
		cfg.Services = append(cfg.Services, queue.Service{Code: nextCode(cfg), Name: "", DailyCap: 200,
			Windows: []queue.Window{{From: "07:00", To: "11:15"}, {From: "13:15", To: "16:30"}}})
		i = len(cfg.Services) - 1
	}
	s := &cfg.Services[i]
	was := *s
	f := fmt.Sprintf("services[%d]", i)
	var icons []choice
	for _, n := range ui.IconNames() {
		icons = append(icons, choice{n, tr.L("admin.icon." + n)})
	}
	yesNo := []choice{{"no", tr.L("admin.no")}, {"yes", tr.L("admin.yes")}}
	fm := m.newForm(tr.L("admin.section.services")+" "+s.Code, []*field{
		{key: f + ".code", label: tr.L("admin.field.code"), kind: kindPlain, get: func() string { return s.Code }, set: func(v string) error { s.Code = strings.ToUpper(v); return nil }},
		{key: f + ".name", label: tr.L("admin.field.name"), kind: kindText, get: func() string { return s.Name }, set: strField(&s.Name)},
		{key: f + ".name_en", label: tr.L("admin.field.name_en"), kind: kindPlain, get: func() string { return s.NameEN }, set: strField(&s.NameEN)},
		{key: f + ".daily_cap", label: tr.L("admin.field.cap"), kind: kindNumber, get: func() string { return itoa(s.DailyCap) }, set: intField(tr, &s.DailyCap, 0, 9999)},
		{key: f + ".windows", label: tr.L("admin.field.hours"), kind: kindPlain, empty: tr.L("admin.hours.all_day"), get: func() string { return windowsText(s.Windows) }, set: func(v string) error {
			w, err := parseWindows(tr, v)
			if err == nil {
				s.Windows = w
			}
			return err
		}},
		{key: f + ".icon", label: tr.L("admin.field.icon"), kind: kindChoice, choices: icons, icon: ui.ServiceIcon, empty: tr.L("admin.icon.document"), get: func() string { return s.Icon }, set: strField(&s.Icon)},
		{key: f + ".disabled", label: tr.L("admin.field.disabled"), kind: kindChoice, choices: yesNo, get: func() string {
			if s.Disabled {
				return "yes"
			}
			return "no"
		}, set: func(v string) error { s.Disabled = v == "yes"; return nil }},
	}, m.saveConfig(&cfg))
	fm.note = func() string {
		n := englishNameNote(tr, tr.L("admin.field.name_en"), was.Name, was.NameEN, s.Name, s.NameEN)
		was = *s
		return n
	}
	fm.after = m.services
	fm.show()
	m.stage = StageForm
}

func nextCode(cfg queue.Config) string {
	for c := 'A'; c <= 'Z'; c++ {
		if _, ok := cfg.Service(string(c)); !ok {
			return string(c)
		}
	}
	return ""
}

func (m *Menu) counters() {
	tr := m.tr
	cfg := m.o.Hub.Config()
	var bs []fyne.CanvasObject
	for i := range cfg.Counters {
		c := cfg.Counters[i]
		b := ui.NewBigButton(tr.L("rate.counter", map[string]any{"N": c.Number})+" — "+strings.Join(c.Services, ", "), func() { m.counter(i) })
		b.TitleSize = ui.TextBody
		bs = append(bs, b)
	}
	add := ui.NewBigButton(tr.L("admin.counter.add"), func() { m.counter(-1) })
	add.Fill, add.TitleSize = ui.ColorSelected, ui.TextBody
	m.list(tr.L("admin.section.counters"), bs, add)
}

func (m *Menu) counter(i int) {
	tr := m.tr
	cfg := m.o.Hub.Config()
	if i < 0 {
		n := 1
		for _, c := range cfg.Counters {
			n = max(n, c.Number+1)
		}
		cfg.Counters = append(cfg.Counters, queue.Counter{Number: n})
		i = len(cfg.Counters) - 1
	}
	c := &cfg.Counters[i]
	f := fmt.Sprintf("counters[%d]", i)
	fm := m.newForm(tr.L("admin.section.counters"), []*field{
		{key: f + ".number", label: tr.L("admin.field.counter_number"), kind: kindNumber, get: func() string { return itoa(c.Number) }, set: intField(tr, &c.Number, 1, 999)},
		{key: f + ".name", label: tr.L("admin.field.counter_name"), kind: kindText, get: func() string { return c.Name }, set: strField(&c.Name)},
		{key: f + ".services", label: tr.L("admin.field.counter_services"), kind: kindPlain, get: func() string { return strings.Join(c.Services, ",") }, set: func(v string) error {
			c.Services = nil
			for _, p := range strings.Split(strings.ToUpper(v), ",") {
				if p = strings.TrimSpace(p); p != "" {
					c.Services = append(c.Services, p)
				}
			}
			return nil
		}},
	}, m.saveConfig(&cfg))
	fm.after = m.counters
	fm.show()
	m.stage = StageForm
}

func (m *Menu) policy() {
	tr := m.tr
	cfg := m.o.Hub.Config()
	p := &cfg.Policy
	m.newForm(tr.L("admin.section.policy"), []*field{
		{key: "policy.mode", label: tr.L("admin.field.policy_mode"), kind: kindChoice,
			choices: []choice{{queue.PolicyStrict, tr.L("admin.policy.strict")}, {queue.PolicyInterleave, tr.L("admin.policy.interleave")}},
			get:     func() string { return p.Mode }, set: strField(&p.Mode)},
		{key: "policy.interleave_n", label: tr.L("admin.field.interleave_n"), kind: kindNumber, get: func() string { return itoa(p.InterleaveN) }, set: intField(tr, &p.InterleaveN, 0, 1000)},
		{key: "policy.max_wait_minutes", label: tr.L("admin.field.max_wait"), kind: kindNumber, get: func() string { return itoa(p.MaxWaitMinutes) }, set: intField(tr, &p.MaxWaitMinutes, 0, 10000)},
	}, m.saveConfig(&cfg)).show()
	m.stage = StageForm
}
