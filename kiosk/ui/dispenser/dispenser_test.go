package dispenser

import (
	"context"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/motcua-kiosk/motcua/devices"
	"github.com/motcua-kiosk/motcua/kiosk/hub"
	"github.com/motcua-kiosk/motcua/kiosk/queue"
	"github.com/motcua-kiosk/motcua/kiosk/settings"
	"github.com/motcua-kiosk/motcua/kiosk/store"
	"github.com/motcua-kiosk/motcua/kiosk/ui"
)

var update = flag.Bool("update", false, "rewrite the markup goldens in testdata")

// rig is a dispenser on a real store and hub, in a test window.
type rig struct {
	h      *hub.Hub
	st     *store.Store
	p      *devices.FakePrinter
	d      *Dispenser
	w      fyne.Window
	s      settings.Settings
	clock  *ui.FakeTimers // the screens' timers: they fire only on r.clock.Advance
	mu     sync.Mutex
	alerts []hub.Alert
}

// alertingHub records alerts on top of the real hub.
type alertingHub struct {
	*hub.Hub
	r *rig
}

func (a alertingHub) Alert(ctx context.Context, al hub.Alert) error {
	a.r.mu.Lock()
	a.r.alerts = append(a.r.alerts, al)
	a.r.mu.Unlock()
	return a.Hub.Alert(ctx, al)
}

// fixedNow is 09:30 on the office's clock (Asia/Ho_Chi_Minh, the default
// zone), whatever the machine's zone: the screens show the office's time,
// so the goldens hold the same clock under TZ=UTC and TZ=Asia/Ho_Chi_Minh.
var fixedNow = time.Date(2026, 11, 23, 9, 30, 0, 0, mustZone(""))

func mustZone(name string) *time.Location {
	loc, err := queue.LoadZone(name)
	if err != nil {
		panic(err)
	}
	return loc
}

func openConfig(cap int) queue.Config {
	cfg := queue.DefaultConfig()
	all := []time.Weekday{0, 1, 2, 3, 4, 5, 6}
	for i := range cfg.Services {
		cfg.Services[i].Windows, cfg.Services[i].Days, cfg.Services[i].DailyCap = nil, all, cap
	}
	return cfg
}

func newRig(t testing.TB, cfg queue.Config, size fyne.Size) *rig {
	t.Helper()
	test.NewTempApp(t)
	st, err := store.Open(filepath.Join(t.TempDir(), "office.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	ctx := context.Background()
	if err := st.SaveConfig(ctx, cfg); err != nil {
		t.Fatal(err)
	}
	h, err := hub.Open(ctx, hub.Options{Store: st, Now: func() time.Time { return fixedNow }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { h.Close() })
	r := &rig{h: h, st: st, p: &devices.FakePrinter{}, s: settings.Defaults(), clock: &ui.FakeTimers{}}
	ui.Locked(func() {
		r.d = New(Options{API: alertingHub{h, r}, Printer: r.p, Config: h.Config, Settings: func() settings.Settings { return r.s },
			Now: func() time.Time { return fixedNow }, AfterFunc: r.clock.AfterFunc})
		r.d.Refresh(ctx)
		r.w = test.NewWindow(r.d.Content())
		r.w.SetPadded(false)
		r.w.Resize(size)
	})
	return r
}

// tap taps b itself, as a finger that found it would; it does not go
// through the tap guard (see tapAt).
func tap(b fyne.Tappable) { ui.Locked(func() { test.Tap(b) }) }

// tapAt taps the window where a finger would: the topmost tappable object
// there gets it, the tap guard when it is up.
func (r *rig) tapAt(p fyne.Position) { ui.Locked(func() { test.TapCanvas(r.w.Canvas(), p) }) }

// settle lets the tap guard of the last screen change pass.
func (r *rig) settle() { r.clock.Advance(TapGuard) }

// waitFor polls cond under the UI lock until it holds or 30 s pass (a hang).
func waitFor(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		ok := false
		ui.Locked(func() { ok = cond() })
		if ok {
			return
		}
		time.Sleep(500 * time.Microsecond)
	}
	t.Fatalf("timed out waiting for %s", what)
}

var portrait, landscape = fyne.NewSize(1080, 1920), fyne.NewSize(1920, 1080)

// assertMarkup compares the rig's window with a golden once the screen has
// settled (the tap guard down).
func (r *rig) assertMarkup(t *testing.T, name string) {
	t.Helper()
	r.settle()
	assertMarkup(t, name, r.w.Canvas())
}

func assertMarkup(t *testing.T, name string, c fyne.Canvas) {
	t.Helper()
	var got string
	ui.Locked(func() { got = test.RenderToMarkup(c) })
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("golden %s: %v (run with -update)", path, err)
	}
	if got != string(want) {
		os.MkdirAll(filepath.Join("testdata", "failed"), 0o755)
		os.WriteFile(filepath.Join("testdata", "failed", name), []byte(got), 0o644)
		t.Errorf("%s differs from the golden; see testdata/failed/%s", name, name)
	}
}

func TestDispenser_IssueAndPrint(t *testing.T) {
	r := newRig(t, openConfig(0), portrait)
	r.assertMarkup(t, "home_portrait.xml")
	tap(r.d.PriorityButton("elderly"))
	tap(r.d.ServiceButton("B"))
	waitFor(t, "ticket screen", func() bool { return r.d.Screen() == ScreenTicket })
	waitFor(t, "printed", func() bool { return r.d.PrintState() == "printed" })
	var is hub.Issued
	ui.Locked(func() { is = r.d.Issued() })
	if got, want := is.Ticket.Number, "B001"; got != want {
		t.Errorf("number = %q, want %q", got, want)
	}
	if got, want := is.Ticket.Priority, "elderly"; got != want {
		t.Errorf("priority = %q, want %q", got, want)
	}
	printed := r.p.Printed()
	if len(printed) != 1 {
		t.Fatalf("%d tickets printed, want 1", len(printed))
	}
	pt := printed[0]
	if got, want := pt.Number, "B001"; got != want {
		t.Errorf("printed number = %q, want %q", got, want)
	}
	if got, want := pt.QR, "https://motcua.example.gov.vn/t/"+is.Ticket.Ref; got != want {
		t.Errorf("QR = %q, want %q", got, want)
	}
	if got, want := pt.Priority, "Ưu tiên: Người cao tuổi"; got != want {
		t.Errorf("priority line = %q, want %q", got, want)
	}
	// Where to go: the counters set up for B (2 and 3 in the default setup).
	if got, want := pt.Counters, "Quầy phục vụ: 2, 3"; got != want {
		t.Errorf("counters line = %q, want %q", got, want)
	}
	// The ticket is in the real store.
	ts, err := r.st.Tickets(context.Background(), is.Ticket.Day)
	if err != nil || len(ts) != 1 {
		t.Fatalf("store has %d tickets (%v), want 1", len(ts), err)
	}
	// A tap anywhere goes home, in the default language, with no priority.
	tap(r.d.DoneButton())
	ui.Locked(func() {
		if got, want := r.d.Screen(), ScreenHome; got != want {
			t.Errorf("screen = %q, want %q", got, want)
		}
		if got := r.d.Priority(); got != "" {
			t.Errorf("priority kept for the next citizen: %q", got)
		}
	})
}

func TestDispenser_DoubleTapIssuesOneTicket(t *testing.T) {
	r := newRig(t, openConfig(0), portrait)
	b := r.d.ServiceButton("A")
	for range 5 {
		tap(b)
	}
	waitFor(t, "ticket screen", func() bool { return r.d.Screen() == ScreenTicket })
	time.Sleep(50 * time.Millisecond)
	st, _ := r.h.State(context.Background())
	if got, want := st.Services[0].Issued, 1; got != want {
		t.Errorf("issued = %d, want %d", got, want)
	}
}

func TestDispenser_PrinterFailure(t *testing.T) {
	r := newRig(t, openConfig(0), portrait)
	r.p.PrintFunc = func(ctx context.Context, t devices.Ticket) error {
		return &devices.StatusError{Status: devices.Status{Online: true, PaperEnd: true}, Op: "print"}
	}
	r.s.TicketSeconds = 5
	tap(r.d.ServiceButton("A"))
	waitFor(t, "print failure shown", func() bool { return r.d.PrintState() == "failed" })
	ui.Locked(func() {
		vi := ui.Tr{Lang: ui.LangVI}
		if got, want := r.d.StatusText(), vi.L("ticket.print_failed"); got != want {
			t.Errorf("status = %q, want %q", got, want)
		}
		if got, want := r.d.Issued().Ticket.Number, "A001"; got != want {
			t.Errorf("number on screen = %q, want %q", got, want)
		}
		// Kept longer: 3 × 5 s is under the 45 s floor.
		if got, want := r.d.ticketTimeout(true), 45*time.Second; got != want {
			t.Errorf("failed timeout = %v, want %v", got, want)
		}
	})
	r.assertMarkup(t, "ticket_print_failed.xml")
	waitFor(t, "staff alert", func() bool {
		r.mu.Lock()
		defer r.mu.Unlock()
		return len(r.alerts) == 1
	})
	r.mu.Lock()
	a := r.alerts[0]
	r.mu.Unlock()
	if got, want := a.Kind+"/"+a.State, "printer/paper_end"; got != want {
		t.Errorf("alert = %q, want %q", got, want)
	}
	if got := len(r.h.Alerts()); got != 1 {
		t.Errorf("hub holds %d alerts, want 1", got)
	}
}

func TestDispenser_CapReached(t *testing.T) {
	r := newRig(t, openConfig(1), landscape)
	tap(r.d.ServiceButton("A"))
	waitFor(t, "ticket", func() bool { return r.d.Screen() == ScreenTicket })
	tap(r.d.DoneButton())
	// The live summary marks the service closed; without it, a tap says why.
	tap(r.d.ServiceButton("A"))
	waitFor(t, "closed screen or closed button", func() bool {
		return r.d.Screen() == ScreenClosed || r.d.ServiceButton("A").Disabled
	})
	ui.Locked(func() { r.d.Home(); r.d.services = r.h.Summary().Services; r.d.showHome() })
	ui.Locked(func() {
		b := r.d.ServiceButton("A")
		if !b.Disabled {
			t.Error("service A still tappable after its cap")
		}
		if got, want := b.Lines[0], "Đã hết số hôm nay"; got != want {
			t.Errorf("reason = %q, want %q", got, want)
		}
	})
	r.assertMarkup(t, "home_landscape_cap.xml")
}

func TestDispenser_OutsideHoursShowsWhy(t *testing.T) {
	cfg := openConfig(0)
	cfg.Services[0].Windows = []queue.Window{{From: "13:00", To: "14:00"}}
	r := newRig(t, cfg, portrait)
	ui.Locked(func() {
		b := r.d.ServiceButton("A")
		if ok := b.Disabled && b.Lines[0] == "Ngoài giờ tiếp nhận"; !ok {
			t.Errorf("service A: disabled=%v lines=%q, want closed with Ngoài giờ tiếp nhận", b.Disabled, b.Lines)
		}
	})
}

func TestDispenser_LanguageSwitch(t *testing.T) {
	r := newRig(t, openConfig(0), portrait)
	tap(r.d.LangButton(ui.LangEN))
	ui.Locked(func() {
		if got, want := r.d.ServiceButton("A").Title, "Land"; got != want {
			t.Errorf("title = %q, want %q", got, want)
		}
	})
	r.assertMarkup(t, "home_portrait_en.xml")
	tap(r.d.ServiceButton("A"))
	waitFor(t, "printed", func() bool { return r.d.PrintState() == "printed" })
	if got, want := r.p.Printed()[0].Service, "Land"; got != want {
		t.Errorf("printed service = %q, want %q", got, want)
	}
	tap(r.d.DoneButton())
	ui.Locked(func() {
		if got, want := r.d.Lang(), ui.LangVI; got != want {
			t.Errorf("next citizen starts in %q, want %q", got, want)
		}
	})
}

func TestDispenser_ReturnsHomeAfterTimeout(t *testing.T) {
	r := newRig(t, openConfig(0), portrait)
	r.s.TicketSeconds = 1 // below the settings minimum on purpose: the screen obeys what it is given
	tap(r.d.ServiceButton("C"))
	waitFor(t, "ticket", func() bool { return r.d.Screen() == ScreenTicket })
	r.clock.Advance(time.Second - time.Millisecond)
	if got := screenOf(r); got != ScreenTicket {
		t.Fatalf("screen = %q just before the 1 s timeout, want %q", got, ScreenTicket)
	}
	r.clock.Advance(time.Millisecond)
	if got := screenOf(r); got != ScreenHome {
		t.Errorf("screen = %q after the 1 s timeout, want %q", got, ScreenHome)
	}
}

func screenOf(r *rig) (s string) {
	ui.Locked(func() { s = r.d.Screen() })
	return s
}

func TestDispenser_CornerGestureOpensAdmin(t *testing.T) {
	r := newRig(t, openConfig(0), portrait)
	opened := 0
	r.d.o.OnAdmin = func() { opened++ }
	for range 4 {
		tap(r.d.Corner())
	}
	if opened != 0 {
		t.Fatal("four taps opened the admin menu")
	}
	tap(r.d.Corner())
	if got, want := opened, 1; got != want {
		t.Errorf("opened %d times, want %d", got, want)
	}
}

func TestDispenser_RateFromKiosk(t *testing.T) {
	r := newRig(t, openConfig(0), portrait)
	ctx := context.Background()
	st := r.st
	if err := st.SetOfficer(ctx, "cb01", "Nguyễn Thị Hòa", "1111"); err != nil {
		t.Fatal(err)
	}
	r.d.o.OfficerName = func(ctx context.Context, id string) string { o, _ := st.Officer(ctx, id); return o.Name }
	is, err := r.h.Issue(ctx, "A", "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.h.SignIn(ctx, 1, "cb01", "1111"); err != nil {
		t.Fatal(err)
	}
	r.h.CallNext(ctx, 1)
	r.h.Complete(ctx, 1)

	tap(r.d.RateButton())
	f := r.d.Flow()
	k := f.Keypad()
	for _, key := range []string{"A", "1", "2"} { // A12 is not today's; A1 is
		tap(k.Key(key))
	}
	tap(k.Key("OK"))
	waitFor(t, "unknown ticket message", func() bool {
		return k.Value() == "A12" && f.Stage() == "lookup" && len(k.Value()) > 0 && f.Keypad() != nil && msgOf(k) != "" && msgOf(k) != "Đang gửi…"
	})
	tap(k.Key("⌫"))
	tap(k.Key("OK"))
	waitFor(t, "stars", func() bool { return f.Stage() == "stars" })
	r.assertMarkup(t, "rating_stars.xml")
	tap(f.Star(2))
	ui.Locked(func() {
		if got, want := f.Stage(), "reasons"; got != want {
			t.Fatalf("stage = %q, want %q", got, want)
		}
	})
	tap(f.Reason(queue.ReasonLongWait))
	tap(f.Reason(queue.ReasonAttitude))
	tap(f.Reason(queue.ReasonAttitude)) // changed their mind
	r.assertMarkup(t, "rating_reasons.xml")
	send := f.Send()
	tap(send)
	tap(send) // mashing
	waitFor(t, "thanks", func() bool { return f.Stage() == "thanks" })
	rs, err := st.Ratings(ctx, is.Ticket.Day)
	if err != nil || len(rs) != 1 {
		t.Fatalf("%d ratings stored (%v), want 1", len(rs), err)
	}
	if got, want := rs[0].Stars, 2; got != want {
		t.Errorf("stars = %d, want %d", got, want)
	}
	if got, want := len(rs[0].Reasons), 1; got != want || rs[0].Reasons[0] != queue.ReasonLongWait {
		t.Errorf("reasons = %v, want [long_wait]", rs[0].Reasons)
	}
	if got, want := rs[0].Officer, "cb01"; got != want {
		t.Errorf("officer = %q, want %q", got, want)
	}

	// A second rating of the same ticket is refused with a kind sentence.
	ui.Locked(func() { r.d.Home() })
	tap(r.d.RateButton())
	f = r.d.Flow()
	k = f.Keypad()
	tap(k.Key("A"))
	tap(k.Key("1"))
	tap(k.Key("OK"))
	waitFor(t, "already rated", func() bool { return msgOf(k) == "Số này đã được đánh giá. Cảm ơn ông/bà!" })
}

func msgOf(k *ui.Keypad) string { return k.Message() }

var _ = errors.New
