package audit

import (
	"context"
	"flag"
	"fmt"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/motcua-kiosk/motcua/devices"
	"github.com/motcua-kiosk/motcua/kiosk/hub"
	"github.com/motcua-kiosk/motcua/kiosk/procedures"
	"github.com/motcua-kiosk/motcua/kiosk/queue"
	"github.com/motcua-kiosk/motcua/kiosk/settings"
	"github.com/motcua-kiosk/motcua/kiosk/speech"
	"github.com/motcua-kiosk/motcua/kiosk/store"
	"github.com/motcua-kiosk/motcua/kiosk/ui"
	"github.com/motcua-kiosk/motcua/kiosk/ui/dispenser"
	"github.com/motcua-kiosk/motcua/kiosk/ui/lookup"
	"github.com/motcua-kiosk/motcua/kiosk/ui/rating"
)

var update = flag.Bool("update", false, "write the audit's table to docs/accessibility.md")

// shots, when set, is where the audited screens are written as PNGs:
//
//	go test -tags ci ./kiosk/ui/audit -run TestAudit -screenshots $PWD/docs/screenshots
var shots = flag.String("screenshots", "", "write the audited screens as a11y-SCREEN-ORIENT-LANG.png into this directory")

// shot keeps w's screen as a PNG when -screenshots is set.
func shot(t *testing.T, w fyne.Window, screen string, lang ui.Lang) {
	if *shots == "" {
		return
	}
	name := strings.NewReplacer(" ", "-", ":", "", ",", "", "(", "", ")", "").Replace(strings.ToLower(screen))
	name = fmt.Sprintf("a11y-%s-%s-%s.png", name, orient(w.Canvas().Size()), lang)
	f, err := os.Create(filepath.Join(*shots, name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var err2 error
	ui.Locked(func() { err2 = png.Encode(f, w.Canvas().Capture()) })
	if err2 != nil {
		t.Fatal(err2)
	}
}

// row is one screen in one language and orientation, as measured.
type row struct {
	screen, variant string
	targetMM        float64 // the smallest touch target's smaller side
	target          string  // which one
	contrast        float64 // the lowest text contrast
	contrastText    string
	number          float64 // the ticket number's contrast, 0 where none
	textMM          float64 // the smallest text's size (em) on the panel
	speak           bool
	timeout         string // "none", or how it warns
	problems        []string
}

// drawn is what a walk of the canvas saw, in painting order.
type drawn struct {
	rects   []rectAt
	texts   []textAt
	targets []targetAt
	speak   bool
}

type rectAt struct {
	pos, size fyne.Size
	fill      color.Color
}

// textAt and targetAt hold what measure needs, read during the walk
// under the UI lock: a screen's goroutines (the printer's answer) may
// change a text while the row is measured.
type textAt struct {
	text     string
	size     float32
	pos      fyne.Position
	bg       color.Color
	contrast float64
}

type targetAt struct {
	name      string // describe(the target)
	pos, size fyne.Size
}

// name says which target or text an entry is, for the table and errors.
func describe(o fyne.CanvasObject) string {
	switch w := o.(type) {
	case *ui.SpeakKey:
		return "speak key"
	case *ui.VolumeKey:
		return "volume key"
	case *ui.BigButton:
		return fmt.Sprintf("%q", short(w.Title))
	}
	return fmt.Sprintf("%T", o)
}

func short(s string) string {
	if r := []rune(s); len(r) > 28 {
		return string(r[:27]) + "…"
	}
	return s
}

// notTargets are the tappables that are no citizen's key: the cursor
// background, the hidden admin corner, the tap guard, the timeout veil
// (its key is measured), and the ticket screen's "touch anywhere".
func notTarget(o fyne.CanvasObject) bool {
	switch o.(type) {
	case *ui.TapArea, *ui.CornerGesture, *ui.TapGuard, *ui.TimeoutWarning:
		return true
	}
	return false
}

// walk visits o and everything drawn inside it, at window positions,
// in the order they are painted.
func walk(o fyne.CanvasObject, at fyne.Position, visit func(fyne.CanvasObject, fyne.Position)) {
	if o == nil || !o.Visible() {
		return
	}
	visit(o, at)
	switch x := o.(type) {
	case *fyne.Container:
		for _, c := range x.Objects {
			walk(c, at.Add(c.Position()), visit)
		}
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(x).Objects() {
			walk(c, at.Add(c.Position()), visit)
		}
	}
}

func opaque(c color.Color) bool {
	if c == nil {
		return false
	}
	return color.NRGBAModel.Convert(c).(color.NRGBA).A == 0xff
}

func inside(p fyne.Position, pos, size fyne.Size) bool {
	return p.X >= pos.Width && p.Y >= pos.Height && p.X <= pos.Width+size.Width && p.Y <= pos.Height+size.Height
}

// look walks root in window w: the colour behind each text is the last
// opaque rectangle painted under its middle, else the theme background.
func look(w fyne.Window, root fyne.CanvasObject) drawn {
	var d drawn
	win := w.Canvas().Size()
	walk(root, root.Position(), func(o fyne.CanvasObject, at fyne.Position) {
		pos, size := fyne.NewSize(at.X, at.Y), o.Size()
		if size.Width <= 0 || size.Height <= 0 || at.X >= win.Width || at.Y >= win.Height {
			return
		}
		switch x := o.(type) {
		case *canvas.Rectangle:
			if opaque(x.FillColor) {
				d.rects = append(d.rects, rectAt{pos, size, x.FillColor})
			}
		case *canvas.Text:
			if strings.TrimSpace(x.Text) == "" {
				return
			}
			mid := fyne.NewPos(at.X+size.Width/2, at.Y+size.Height/2)
			var bg color.Color = ui.ColorBackground
			for i := len(d.rects) - 1; i >= 0; i-- {
				if r := d.rects[i]; inside(mid, r.pos, r.size) {
					bg = r.fill
					break
				}
			}
			fg := x.Color
			if fg == nil {
				fg = theme.Color(theme.ColorNameForeground)
			}
			d.texts = append(d.texts, textAt{x.Text, x.TextSize, at, bg, Contrast(fg, bg)})
		}
		if _, ok := o.(*ui.SpeakKey); ok {
			d.speak = true
		}
		if _, ok := o.(fyne.Tappable); ok && !notTarget(o) {
			d.targets = append(d.targets, targetAt{describe(o), pos, size})
		}
	})
	return d
}

// measure turns a walk into a row and its violations.
func measure(screen, variant string, d drawn, mmpp float64, wantSpeak bool) row {
	r := row{screen: screen, variant: variant, targetMM: 1e9, contrast: 1e9, textMM: 1e9, speak: d.speak}
	for _, t := range d.targets {
		mm := float64(min(t.size.Width, t.size.Height)) * mmpp
		if mm < r.targetMM {
			r.targetMM, r.target = mm, t.name
		}
		if mm < MinTargetMM {
			r.problems = append(r.problems, fmt.Sprintf("target %s is %.1f mm (%.0fx%.0f px), under %.0f mm", t.name, mm, t.size.Width, t.size.Height, MinTargetMM))
		}
	}
	for _, t := range d.texts {
		need := MinContrast
		if t.size >= ui.TextHuge {
			need = MinNumberContrast // the ticket number
			if r.number == 0 || t.contrast < r.number {
				r.number = t.contrast
			}
		}
		if t.contrast < r.contrast {
			r.contrast, r.contrastText = t.contrast, short(t.text)
		}
		if t.contrast < need {
			r.problems = append(r.problems, fmt.Sprintf("text %q contrast %.2f:1, under %.1f:1", short(t.text), t.contrast, need))
		}
		r.textMM = min(r.textMM, float64(t.size)*mmpp)
	}
	if wantSpeak && !d.speak {
		r.problems = append(r.problems, "no \"Nghe hướng dẫn\" key")
	}
	if len(d.targets) == 0 {
		r.targetMM = 0
	}
	return r
}

// env is one language and orientation: a dispenser on a real hub and
// store, a recording speaker and fake timers.
type env struct {
	t     *testing.T
	lang  ui.Lang
	size  fyne.Size
	h     *hub.Hub
	d     *dispenser.Dispenser
	w     fyne.Window
	clock *ui.FakeTimers
	rec   *speech.Recorder
	s     settings.Settings
}

var fixedNow = time.Date(2026, 11, 23, 9, 30, 0, 0, time.Local)

func newEnv(t *testing.T, lang ui.Lang, size fyne.Size, opts ...func(*dispenser.Options)) *env {
	t.Helper()
	test.NewTempApp(t)
	st, err := store.Open(filepath.Join(t.TempDir(), "office.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	cfg := queue.DefaultConfig()
	for i := range cfg.Services {
		cfg.Services[i].Windows, cfg.Services[i].Days = nil, []time.Weekday{0, 1, 2, 3, 4, 5, 6}
	}
	cfg.Services[len(cfg.Services)-1].DailyCap = 1 // its second ticket shows the closed screen
	ctx := context.Background()
	if err := st.SaveConfig(ctx, cfg); err != nil {
		t.Fatal(err)
	}
	h, err := hub.Open(ctx, hub.Options{Store: st, Now: func() time.Time { return fixedNow }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { h.Close() })
	cat, err := procedures.Shipped()
	if err != nil {
		t.Fatal(err)
	}
	e := &env{t: t, lang: lang, size: size, h: h, clock: &ui.FakeTimers{}, rec: &speech.Recorder{}, s: settings.Defaults()}
	o := dispenser.Options{API: h, Printer: &devices.FakePrinter{}, Config: h.Config,
		Settings: func() settings.Settings { return e.s }, Now: func() time.Time { return fixedNow },
		AfterFunc: e.clock.AfterFunc, Speech: e.rec, Procedures: cat}
	for _, f := range opts {
		f(&o)
	}
	ui.Locked(func() {
		e.d = dispenser.New(o)
		e.d.Refresh(ctx)
		e.w = test.NewWindow(container.NewThemeOverride(e.d.Content(), ui.Theme{}))
		e.w.SetPadded(false)
		e.w.Resize(size)
	})
	e.settle()
	e.home()
	return e
}

// home goes back to the home screen in the env's language.
func (e *env) home() {
	ui.Locked(func() { e.d.Home() })
	e.settle()
	if e.lang != ui.LangVI {
		e.tapf(func() fyne.Tappable { return e.d.LangButton(e.lang) })
		e.settle()
	}
}

// tapf taps what get returns, both under the UI lock: the screens'
// widgets are only read on the UI goroutine.
func (e *env) tapf(get func() fyne.Tappable) { ui.Locked(func() { test.Tap(get()) }) }

func (e *env) settle()            { e.clock.Advance(dispenser.TapGuard) }
func (e *env) look() (d drawn)    { ui.Locked(func() { d = look(e.w, e.w.Content()) }); return d }
func (e *env) screen() (s string) { ui.Locked(func() { s = e.d.Screen() }); return s }
func (e *env) variant() string    { return fmt.Sprintf("%s %s", orient(e.size), e.lang) }
func orient(s fyne.Size) string {
	if s.Width > s.Height {
		return "landscape"
	}
	return "portrait"
}

func (e *env) waitScreen(want string) {
	e.t.Helper()
	for end := time.Now().Add(30 * time.Second); time.Now().Before(end); time.Sleep(time.Millisecond) {
		if e.screen() == want {
			return
		}
	}
	e.t.Fatalf("no %s screen (on %s)", want, e.screen())
}

// warned checks a countdown: just before total-WarnFor(total) no warning,
// at it the warning over a screen still up (still reports whether the
// screen is the same); it returns the table's words or a violation.
func (e *env) warned(c func() *ui.Countdown, still func() bool) (string, string) {
	var total time.Duration
	var running bool
	ui.Locked(func() {
		if total, running = c().Total(), c().Running(); running {
			c().Extend() // from now: the screen has been up a moment already
		}
	})
	if !running {
		return "none", ""
	}
	warn := ui.WarnFor(total)
	e.clock.Advance(total - warn - time.Millisecond)
	var early, shown bool
	ui.Locked(func() { early = c().Warning.Visible() })
	e.clock.Advance(time.Millisecond)
	ui.Locked(func() { shown = c().Warning.Visible() })
	switch {
	case early:
		return "early", "warning shown before its time"
	case !shown || !still():
		return "NOT warned", fmt.Sprintf("its %v timeout acts without a warning", total)
	}
	return fmt.Sprintf("warned %v before %v", warn, total), ""
}

func (e *env) row(screen string, d drawn, timeout, problem string) row {
	r := measure(screen, e.variant(), d, e.s.MMPerPixel(), true)
	r.timeout = timeout
	if problem != "" {
		r.problems = append(r.problems, problem)
	}
	return r
}

// dispenserRows walks the dispenser's own screens.
func dispenserRows(e *env) []row {
	var rows []row
	// Home: a priority chosen (its tick), so that the idle reset has
	// something to undo and must warn.
	cfg := e.h.Config()
	if len(cfg.Priorities) == 0 {
		e.t.Fatal("the default configuration has no priority kinds to choose")
	}
	e.tapf(func() fyne.Tappable { return e.d.PriorityButton(cfg.Priorities[0].Code) })
	d := e.lookAs("dispenser home")
	tm, p := e.warned(e.d.Countdown, func() bool { return e.screen() == dispenser.ScreenHome })
	home := e.row("dispenser home", d, tm, p)
	// Not by colour alone: the chosen priority has a tick, the others an
	// empty circle.
	for i, pk := range cfg.Priorities {
		want := ui.EmptyBox()
		if i == 0 {
			want = ui.CheckIcon()
		}
		var got fyne.Resource
		ui.Locked(func() { got = e.d.PriorityButton(pk.Code).Icon })
		if got != want {
			home.problems = append(home.problems, fmt.Sprintf("priority %s shows icon %v, want %s", pk.Code, got, want.Name()))
		}
	}
	rows = append(rows, home)
	e.home()

	e.tapf(func() fyne.Tappable { return e.d.ServiceButton(cfg.Services[0].Code) })
	e.waitScreen(dispenser.ScreenTicket)
	e.settle()
	d = e.lookAs("dispenser ticket")
	tm, p = e.warned(e.d.Countdown, func() bool { return e.screen() == dispenser.ScreenTicket })
	rows = append(rows, e.row("dispenser ticket", d, tm, p))
	d = e.lookAs("dispenser ticket warning") // the warning up
	w := measure("dispenser ticket, time warning", e.variant(), d, e.s.MMPerPixel(), true)
	w.timeout = "(the warning)"
	rows = append(rows, w)
	e.home()

	last := cfg.Services[len(cfg.Services)-1].Code
	for i := 0; i < 2 && e.screen() != dispenser.ScreenClosed; i++ {
		e.tapf(func() fyne.Tappable { return e.d.ServiceButton(last) })
		for end := time.Now().Add(10 * time.Second); time.Now().Before(end) && e.screen() == dispenser.ScreenHome; time.Sleep(time.Millisecond) {
		}
		if e.screen() == dispenser.ScreenTicket {
			e.home()
		}
	}
	e.waitScreen(dispenser.ScreenClosed)
	e.settle()
	d = e.lookAs("dispenser closed")
	tm, p = e.warned(e.d.Countdown, func() bool { return e.screen() == dispenser.ScreenClosed })
	rows = append(rows, e.row("dispenser closed (đã hết số)", d, tm, p))
	e.home()
	return rows
}

// ratingRows walks the rating flow from the dispenser ("Đánh giá") and
// the counter tablet's stages.
func ratingRows(e *env) []row {
	var rows []row
	e.tapf(func() fyne.Tappable { return e.d.RateButton() })
	e.waitScreen(dispenser.ScreenRating)
	e.settle()
	d := e.lookAs("rating lookup")
	var f *rating.Flow
	ui.Locked(func() { f = e.d.Flow() })
	tm, p := e.warned(f.Countdown, func() (ok bool) { ui.Locked(func() { ok = f.Stage() == rating.StageLookup }); return ok })
	rows = append(rows, e.row("rating: ticket number (dispenser)", d, tm, p))
	e.home()

	tk := queue.Ticket{ID: "t1", Number: "A012", Service: "A", Counter: 3, Officer: "Nguyễn Thị Hòa", Status: queue.StatusDone}
	stage := func(name string, open func(f *rating.Flow), stage string) {
		var f *rating.Flow
		var w fyne.Window
		ui.Locked(func() {
			f = rating.NewForTicket(rating.Options{Lang: e.lang, AfterFunc: e.clock.AfterFunc, Speech: e.rec}, tk)
			w = test.NewWindow(container.NewThemeOverride(f.Content(), ui.Theme{}))
			w.SetPadded(false)
			w.Resize(e.size)
			open(f)
		})
		shot(e.t, w, name, e.lang)
		var d drawn
		ui.Locked(func() { d = look(w, w.Content()) })
		tm, p := e.warned(f.Countdown, func() (ok bool) { ui.Locked(func() { ok = f.Stage() == stage }); return ok })
		rows = append(rows, e.row(name, d, tm, p))
		ui.Locked(func() { f.Stop(); w.Close() })
	}
	stage("rating: stars", func(*rating.Flow) {}, rating.StageStars)
	stage("rating: reasons", func(f *rating.Flow) { test.Tap(f.Star(2)) }, rating.StageReasons)
	stage("rating: remark keyboard", func(f *rating.Flow) { test.Tap(f.Star(2)); test.Tap(f.Remark()) }, rating.StageRemark)

	var tab *rating.Tablet
	var w fyne.Window
	ui.Locked(func() {
		tab = rating.NewTablet(rating.Options{Lang: e.lang, AfterFunc: e.clock.AfterFunc, Speech: e.rec}, 3)
		w = test.NewWindow(container.NewThemeOverride(tab.Content(), ui.Theme{}))
		w.SetPadded(false)
		w.Resize(e.size)
	})
	shot(e.t, w, "rating tablet waiting", e.lang)
	var dt drawn
	ui.Locked(func() { dt = look(w, w.Content()) })
	rows = append(rows, e.row("rating tablet: waiting", dt, "none", ""))
	ui.Locked(func() { w.Close() })
	return rows
}

// lookupRows walks the procedure look-up's pages, opened from the home
// screen's "Tra cứu thủ tục".
func lookupRows(e *env) []row {
	var rows []row
	e.tapf(func() fyne.Tappable { return e.d.LookupButton() })
	e.waitScreen(dispenser.ScreenLookup)
	e.settle()
	var s *lookup.Screen
	ui.Locked(func() { s = e.d.Lookup() })
	page := func(name string, want lookup.Page) {
		e.settle()
		d := e.lookAs(name)
		tm, p := e.warned(s.Countdown, func() (ok bool) { ui.Locked(func() { ok = s.Page() == want }); return ok })
		rows = append(rows, e.row(name, d, tm, p))
		ui.Locked(func() { s.Countdown().Extend() })
	}
	page("look-up: start", lookup.PageStart)
	e.tapf(func() fyne.Tappable { return s.FieldKey("ho-tich") })
	page("look-up: results", lookup.PageResults)
	e.tapf(func() fyne.Tappable { return s.ResultKey("khai-sinh") })
	page("look-up: procedure", lookup.PageProcedure)
	e.tapf(func() fyne.Tappable { return s.BackKey() })
	e.tapf(func() fyne.Tappable { return s.BackKey() })
	e.tapf(func() fyne.Tappable { return s.SearchKey() })
	page("look-up: keyboard", lookup.PageKeyboard)
	e.home()
	return rows
}

var variants = []struct {
	lang ui.Lang
	size fyne.Size
}{
	{ui.LangVI, fyne.NewSize(1080, 1920)}, {ui.LangEN, fyne.NewSize(1080, 1920)},
	{ui.LangVI, fyne.NewSize(1920, 1080)}, {ui.LangEN, fyne.NewSize(1920, 1080)},
}

// TestAudit walks every citizen screen and fails on a violation; with
// -update it writes the table to docs/accessibility.md.
func TestAudit(t *testing.T) {
	var rows []row
	for _, v := range variants {
		t.Run(fmt.Sprintf("%s_%s", orient(v.size), v.lang), func(t *testing.T) {
			var got []row
			got = append(got, dispenserRows(newEnv(t, v.lang, v.size))...)
			got = append(got, ratingRows(newEnv(t, v.lang, v.size))...)
			got = append(got, lookupRows(newEnv(t, v.lang, v.size))...)
			got = append(got, dossierRows(t, v.lang, v.size)...)
			got = append(got, checkinRows(t, v.lang, v.size)...)
			for _, r := range got {
				for _, p := range r.problems {
					t.Errorf("%s (%s): %s", r.screen, r.variant, p)
				}
			}
			rows = append(rows, got...)
		})
	}
	table := render(rows)
	t.Log("\n" + table)
	if *update {
		if err := os.WriteFile("../../../docs/accessibility.md", []byte(doc(table)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func render(rows []row) string {
	var b strings.Builder
	b.WriteString("| screen | variant | smallest target (mm) | lowest text contrast | smallest text (mm) | speak key | timeout |\n")
	b.WriteString("| --- | --- | --- | --- | --- | --- | --- |\n")
	for _, r := range rows {
		speak := "yes"
		if !r.speak {
			speak = "**no**"
		}
		contrast := fmt.Sprintf("%.2f:1 (%s)", r.contrast, r.contrastText)
		if r.number > 0 {
			contrast += fmt.Sprintf("; number %.2f:1", r.number)
		}
		fmt.Fprintf(&b, "| %s | %s | %.1f (%s) | %s | %.1f | %s | %s |\n",
			r.screen, r.variant, r.targetMM, r.target, contrast, r.textMM, speak, r.timeout)
	}
	return b.String()
}

// lookAs walks the dispenser's window and keeps its screenshot as screen.
func (e *env) lookAs(screen string) drawn {
	shot(e.t, e.w, screen, e.lang)
	return e.look()
}
