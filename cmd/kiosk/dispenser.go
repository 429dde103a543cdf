package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"runtime/debug"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/container"

	"github.com/motcua-kiosk/motcua/devices"
	"github.com/motcua-kiosk/motcua/devices/escpos"
	"github.com/motcua-kiosk/motcua/devices/printer"
	"github.com/motcua-kiosk/motcua/devices/serialport"
	"github.com/motcua-kiosk/motcua/kiosk/dossiers"
	"github.com/motcua-kiosk/motcua/kiosk/hub"
	"github.com/motcua-kiosk/motcua/kiosk/procedures"
	"github.com/motcua-kiosk/motcua/kiosk/queue"
	"github.com/motcua-kiosk/motcua/kiosk/settings"
	"github.com/motcua-kiosk/motcua/kiosk/store"
	"github.com/motcua-kiosk/motcua/kiosk/supervise"
	"github.com/motcua-kiosk/motcua/kiosk/syncer"
	"github.com/motcua-kiosk/motcua/kiosk/ui"
	"github.com/motcua-kiosk/motcua/kiosk/ui/admin"
	"github.com/motcua-kiosk/motcua/kiosk/ui/dispenser"
)

// processStart is when the process began, for the first-frame log line.
var processStart = time.Now()

func init() {
	register("dispenser", "the lobby ticket kiosk (default): touch screen, printer, embedded hub", runDispenser)
}

func runDispenser(ctx context.Context, args []string) error {
	fs := newFlags("dispenser")
	data := fs.String("data", defaultDataDir(), "data directory (office database, settings)")
	listen := fs.String("listen", "", "LAN API address (default: the settings', :8700)")
	spec := fs.String("printer", "", "printer SPEC for this run (default: the settings'): /dev/ttyUSB0, usb:VID:PID, file:PATH, virtual:DIR")
	windowed := fs.Bool("windowed", false, "a normal window with the cursor (setup, development) instead of full screen")
	size := fs.String("size", "1080x1920", "window size when windowed: 1080x1920 (portrait) or 1920x1080 (landscape)")
	logLevel := fs.String("log-level", "info", "debug, info, warn or error")
	scan := fs.String("scanner", "", "barcode scanner's serial port for this run (default: the settings'): /dev/ttyACM0")
	if err := parse(fs, args); err != nil {
		return err
	}
	log, closeLog := startLogging(*data, *logLevel)
	defer closeLog()
	if os.Getenv("GOMEMLIMIT") == "" {
		// A kiosk runs for months: collect harder before the heap grows
		// past this, rather than let it drift up between collections.
		debug.SetMemoryLimit(64 << 20)
	}
	if os.Getenv("GOGC") == "" {
		// The live heap is ~27 MB, most of it parsed fonts; the garbage
		// per ticket is small, so collecting at +50% instead of +100%
		// costs little CPU and keeps ~13 MB less resident
		// (docs/perf/ui.md).
		debug.SetGCPercent(50)
	}
	sf, err := settings.Open(*data)
	if err != nil {
		return err
	}
	o, err := openOffice(ctx, *data, log)
	if err != nil {
		return err
	}
	defer o.Close()
	h, st, sy := o.Hub, o.Store, o.Sync
	if pin, err := admin.EnsurePIN(ctx, st); err != nil {
		return fmt.Errorf("admin pin: %w", err)
	} else if pin != "" {
		fmt.Printf("Mã PIN quản trị ban đầu / first admin PIN: %s (đổi trong menu quản trị / change it in the admin menu)\n", pin)
	}
	addr := *listen
	if addr == "" {
		addr = sf.Get().Listen
	}
	go func() {
		if err := serveHub(ctx, h, addr, log); err != nil {
			log.Error("hub server stopped", "err", err)
		}
	}()

	pr := newSwapPrinter(log)
	defer pr.Close()
	s := sf.Get()
	if *spec != "" {
		s.Printer = *spec
	}
	pr.open(s)
	sf.OnChange(func(s settings.Settings) { pr.open(s) })

	startTrimming(ctx, log)
	a := app.NewWithID("vn.motcua.kiosk")
	cfg := h.Config()
	checkResultService(s, cfg, log)
	dossierSrc := openDossiers(s, *data, cfg.Location(), log)
	k := newKiosk(a, kioskParts{hub: h, store: st, settings: sf, printer: pr, sync: syncStatus{sy, h}, log: log, dataDir: *data, dossiers: dossierSrc})
	w := k.window("Một Cửa — Máy lấy số", !*windowed, parseSize(*size))
	if *scan != "" {
		s.Scanner = *scan
	}
	if s.Scanner != "" {
		go runScanner(ctx, s, log, k.disp.ScannedCode)
	}
	go k.disp.Run(ctx)
	go func() {
		<-ctx.Done()
		fyne.Do(a.Quit)
	}()
	// Beats from the UI goroutine: a hung UI stops it and the supervisor
	// restarts the kiosk.
	supervise.StartHeartbeat(ctx, fyne.Do)
	w.ShowAndRun()
	return nil
}

// kioskParts are what the dispenser window is wired to.
type kioskParts struct {
	hub      *hub.Hub
	store    *store.Store
	settings *settings.File
	printer  *swapPrinter
	sync     admin.Sync
	log      *slog.Logger
	dataDir  string
	dossiers dossiers.Source // "Tra cứu hồ sơ"; nil: no such key
}

// kiosk is the dispenser window with its admin menu.
type kiosk struct {
	a    fyne.App
	p    kioskParts
	w    fyne.Window
	disp *dispenser.Dispenser
	cat  procedures.Catalogue // nil: no look-up, no procedures page in the admin menu
	// sound is the admin menu's sound page (the citizen speech's output).
	sound admin.Sound
}

func newKiosk(a fyne.App, p kioskParts) *kiosk {
	if err := ui.LoadTranslations(); err != nil {
		p.log.Warn("translations", "err", err)
	}
	k := &kiosk{a: a, p: p}
	// The procedure catalogue (issue 13): the one imported with `kiosk
	// procedures import`, else the shipped one; without any, no key.
	var cat procedures.Catalogue
	if x, imported, err := procedures.Open(p.dataDir); x != nil {
		cat = x
		if err != nil {
			p.log.Warn("procedure catalogue: the imported one does not read, showing the shipped one", "err", err)
		}
		p.log.Info("procedure catalogue", "procedures", len(x.File().Procedures), "imported", imported, "updated", x.Info().Updated)
	} else {
		p.log.Error("procedure catalogue: none, the look-up key is hidden", "err", err)
	}
	k.cat = cat
	voice, sound := newCitizenVoice(p.log, p.settings)
	k.sound = sound
	k.disp = dispenser.New(dispenser.Options{
		API: p.hub, Printer: p.printer, Config: p.hub.Config, Settings: p.settings.Get, Log: p.log, Procedures: cat, Dossiers: p.dossiers,
		Bookings: kioskBookings{hub: p.hub, store: p.store},
		OfficerName: func(ctx context.Context, id string) string {
			o, err := p.store.Officer(ctx, id)
			if err != nil {
				return ""
			}
			return o.Name
		},
		OnAdmin: k.showAdmin,
		Speech:  voice,
	})
	return k
}

func (k *kiosk) window(title string, full bool, size fyne.Size) fyne.Window {
	w := k.a.NewWindow(title)
	k.w = w
	w.SetPadded(false)
	w.SetContent(container.NewThemeOverride(k.disp.Content(), ui.Theme{}))
	if full {
		ui.HideCursor.Store(true)
		w.SetFullScreen(true)
	} else {
		w.Resize(size)
	}
	// Closing the window needs the admin PIN: the menu's "exit" quits.
	w.SetCloseIntercept(k.showAdmin)
	k.a.Lifecycle().SetOnStarted(func() {
		k.p.log.Info("first frame", "since_start_ms", time.Since(processStart).Milliseconds())
	})
	return w
}

func (k *kiosk) showAdmin() {
	if k.disp.Screen() == dispenser.ScreenOverlay {
		return
	}
	m := admin.New(admin.Options{
		Hub: k.p.hub, Store: k.p.store, Settings: k.p.settings, Sync: k.p.sync, Log: k.p.log,
		Lang:          k.disp.Lang(),
		PrinterStatus: k.p.printer.Status,
		TestPrint:     adminTestPrint(k.p.printer, k.p.hub.Config, time.Now),
		Maintenance: maintenance{dataDir: k.p.dataDir, store: k.p.store, printer: k.p.printer, role: "dispenser",
			spec: func() string { s := k.p.settings.Get(); return s.Printer + " " + s.PrinterProfile }},
		Version:         Version,
		ProcedureFields: procedureFields(k.cat),
		Reprint: func(ctx context.Context, number string) error {
			_, err := k.disp.Reprint(ctx, number)
			return err
		},
		Sound:   k.sound,
		Rules:   k.p.store, // booking and home-visit rules, read by the hub in this process
		OnClose: k.disp.Home,
		OnExit:  k.a.Quit,
	})
	k.disp.ShowOverlay(m.Content())
}

// adminTestPrint is the admin menu's "In thử": the profile's test page
// (escpos.EncodeTestPage) on the kiosk's printer, headed with the
// office's name and the time in the office's zone, so staff see tickets
// as this printer will print them.
func adminTestPrint(pr *swapPrinter, config func() queue.Config, now func() time.Time) func(context.Context) error {
	return func(ctx context.Context) error {
		cfg := config()
		return pr.PrintTestPage(ctx, escpos.TestPage{Office: cfg.Office.Name,
			Time: now().In(cfg.Location()).Format("15:04 02/01/2006"), QR: "https://motcua.example.gov.vn/t/test"})
	}
}

func parseSize(s string) fyne.Size {
	var w, h float32
	if _, err := fmt.Sscanf(s, "%fx%f", &w, &h); err != nil || w < 100 || h < 100 {
		return fyne.NewSize(1080, 1920)
	}
	return fyne.NewSize(w, h)
}

// syncStatus adapts the syncer to the admin menu; the hub gives the
// office's time zone, in which the last sync's time is shown.
type syncStatus struct {
	s   *syncer.Syncer
	hub *hub.Hub
}

func (a syncStatus) Enroll(ctx context.Context, url, code string) (string, error) {
	return a.s.Enroll(ctx, url, code)
}

func (a syncStatus) StatusText(ctx context.Context, lang string) string {
	st, err := a.s.Status(ctx)
	if err != nil {
		return hub.Message(err, lang)
	}
	tr := ui.Tr{Lang: ui.ParseLang(lang)}
	last := tr.L("admin.sync.never")
	if !st.LastSuccess.IsZero() {
		zone := queue.Zone("")
		if a.hub != nil {
			cfg := a.hub.Config()
			zone = cfg.Location()
		}
		last = st.LastSuccess.In(zone).Format("15:04 02/01/2006")
	}
	text := tr.L("admin.sync.status", map[string]any{"Last": last, "N": st.Waiting})
	if e := tr.Pick(st.LastErrorVI, st.LastErrorEN); e != "" {
		text += "\n" + e
	}
	return text
}

// swapPrinter is the kiosk's printer, reopened when its settings change so
// that a new port applies without a restart. It serialises jobs.
type swapPrinter struct {
	log  *slog.Logger
	mu   sync.Mutex
	p    *printer.Printer
	spec string
	err  error // why the last open failed, for the admin's test print
}

var _ devices.Printer = (*swapPrinter)(nil)

func newSwapPrinter(log *slog.Logger) *swapPrinter { return &swapPrinter{log: log} }

func (s *swapPrinter) open(st settings.Settings) {
	key := fmt.Sprintf("%s|%s|%d", st.Printer, st.PrinterProfile, st.PrinterBaud)
	s.mu.Lock()
	defer s.mu.Unlock()
	if key == s.spec {
		return
	}
	if s.p != nil {
		s.p.Close()
		s.p = nil
	}
	s.spec = key
	s.err = nil
	if st.Printer == "" {
		s.log.Warn("no printer configured")
		return
	}
	cfg := printer.Config{Profile: st.PrinterProfile, Options: printer.Options{Logger: s.log}}
	cfg.Serial = serialport.Config{Baud: st.PrinterBaud}
	p, err := printer.Open(st.Printer, cfg)
	if err != nil {
		s.log.Error("open printer", "spec", st.Printer, "err", err)
		s.err = err
		return
	}
	s.log.Info("printer opened", "spec", st.Printer, "profile", st.PrinterProfile)
	s.p = p
}

func (s *swapPrinter) current() *printer.Printer {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.p
}

func (s *swapPrinter) Print(ctx context.Context, t devices.Ticket) error {
	p := s.current()
	if p == nil {
		return &devices.StatusError{Status: devices.Status{Disconnected: true, At: time.Now()}, Op: "print"}
	}
	return p.Print(ctx, t)
}

// PrintTestPage prints the profile's test page. With no printer open it
// fails like Print, or with the reason the printer could not be opened
// (an unknown profile, a strategy it cannot run), which is what the
// admin testing it needs to read.
func (s *swapPrinter) PrintTestPage(ctx context.Context, tp escpos.TestPage) error {
	s.mu.Lock()
	p, openErr := s.p, s.err
	s.mu.Unlock()
	switch {
	case p == nil && openErr != nil:
		return fmt.Errorf("print test page: %w", openErr)
	case p == nil:
		return &devices.StatusError{Status: devices.Status{Disconnected: true, At: time.Now()}, Op: "print"}
	}
	return p.PrintTestPage(ctx, tp)
}

func (s *swapPrinter) Status(ctx context.Context) (devices.Status, error) {
	p := s.current()
	if p == nil {
		return devices.Status{Disconnected: true, At: time.Now()}, devices.ErrDisconnected
	}
	return p.Status(ctx)
}

func (s *swapPrinter) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.p != nil {
		return s.p.Close()
	}
	return nil
}

// procedureFields lists cat's fields for the admin menu's procedures page;
// nil without a catalogue (no page).
func procedureFields(cat procedures.Catalogue) admin.ProcedureFields {
	if cat == nil {
		return nil
	}
	return cat.Fields
}
