//go:build ci

package desk

import (
	"context"
	"flag"
	"html"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/motcua-kiosk/motcua/devices"
	"github.com/motcua-kiosk/motcua/kiosk/hub"
	"github.com/motcua-kiosk/motcua/kiosk/queue"
	"github.com/motcua-kiosk/motcua/kiosk/store"
	"github.com/motcua-kiosk/motcua/kiosk/ui/desk/stafftest"
	"github.com/motcua-kiosk/motcua/kiosk/ui/display"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// uiLock is shared by every screen of a test: see Options.Lock.
var uiLock = &sync.Mutex{}

// eventually polls cond (run under the screen's lock) until it holds.
func eventually(t *testing.T, what string, sync func(func()), cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for {
		var ok bool
		sync(func() { ok = cond() })
		if ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting until %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// recordingSpeaker records every Say.
type recordingSpeaker struct {
	mu    sync.Mutex
	calls []devices.Call
}

func (r *recordingSpeaker) Say(c devices.Call) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.calls = append(r.calls, c)
	return nil
}

func (r *recordingSpeaker) Close() error { return nil }

func (r *recordingSpeaker) said() []devices.Call {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.calls)
}

// openDesk starts a desk of counter on a fresh device and signs its officer in
// through the sign-in form.
func openDesk(t *testing.T, o *stafftest.Office, a fyne.App, counter int) *Desk {
	t.Helper()
	d := New(a, o.Client(store.RoleDesk, counter), counter, Options{Tick: -1, Lock: uiLock})
	t.Cleanup(d.Close)
	eventually(t, "the desk is connected", d.Sync, func() bool { return d.m.connected && !d.signInBtn.Disabled() })
	d.Sync(func() {
		d.officerIn.SetText(stafftest.Officer(counter))
		d.pinIn.SetText(stafftest.OfficerPIN)
		test.Tap(d.signInBtn)
	})
	eventually(t, "the officer is signed in", d.Sync, func() bool { return d.m.officer != "" })
	return d
}

func key(d *Desk, k fyne.KeyName) {
	d.Sync(func() { d.win.Canvas().(test.WindowlessCanvas).OnTypedKey()(&fyne.KeyEvent{Name: k}) })
}

func TestDesk_SignIn(t *testing.T) {
	o := stafftest.Start(t, stafftest.Config(3))
	a := test.NewTempApp(t)
	d := New(a, o.Client(store.RoleDesk, 2), 2, Options{Tick: -1, Lock: uiLock})
	t.Cleanup(d.Close)
	eventually(t, "connected", d.Sync, func() bool { return d.m.connected && !d.signInBtn.Disabled() })
	for _, tt := range []struct {
		name, officer, pin, want string
	}{
		{"empty", "", "", "Vui lòng nhập mã cán bộ và mã PIN"},
		{"wrong pin", stafftest.Officer(2), "0000", "Sai mã cán bộ hoặc mã PIN"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			d.Sync(func() {
				d.signInErr.SetText("")
				d.officerIn.SetText(tt.officer)
				d.pinIn.SetText(tt.pin)
				test.Tap(d.signInBtn)
			})
			eventually(t, "the sign-in error shows", d.Sync, func() bool { return d.signInErr.Text != "" })
			d.Sync(func() {
				if got, want := d.signInErr.Text, tt.want; got != want {
					t.Errorf("error = %q, want %q", got, want)
				}
				if d.main.Visible() {
					t.Error("main screen shown before sign-in")
				}
			})
		})
	}
	d.Sync(func() {
		d.officerIn.SetText(stafftest.Officer(2))
		d.pinIn.SetText(stafftest.OfficerPIN)
		test.Tap(d.signInBtn)
	})
	eventually(t, "signed in", d.Sync, func() bool { return d.main.Visible() && !d.signIn.Visible() })
	d.Sync(func() {
		if got, want := d.header.Text, "Quầy 2 · Cán bộ: Trần Thị Bích (cb02)"; got != want {
			t.Errorf("header = %q, want %q", got, want)
		}
		if got, want := d.servicesLbl.Text, "Lĩnh vực: A Đất đai, B Hộ tịch – Chứng thực"; got != want {
			t.Errorf("services = %q, want %q", got, want)
		}
		if got, want := d.callBtn.Text, "Gọi số tiếp theo (F2)"; got != want {
			t.Errorf("call button = %q, want %q", got, want)
		}
	})
	st, _ := o.Hub().State(context.Background())
	if got, want := st.Counters[1].Officer, stafftest.Officer(2); got != want {
		t.Errorf("hub's officer at counter 2 = %q, want %q", got, want)
	}
}

// TestDesk_CallReachesDisplayAndRatingTablet: a call from the desk shows on
// the lobby display, is said on its speaker, and reaches a rating tablet
// of that counter through the live stream; recall, start and complete
// follow, and the totals count the served ticket.
func TestDesk_CallReachesDisplayAndRatingTablet(t *testing.T) {
	o := stafftest.Start(t, stafftest.Config(3))
	o.Issue("A", 2)
	a := test.NewTempApp(t)

	rating := o.Client(store.RoleRating, 1)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	tablet, err := rating.Subscribe(ctx)
	if err != nil {
		t.Fatal(err)
	}
	spk := &recordingSpeaker{}
	board := display.New(a, o.Client(store.RoleDisplay, 0), spk, display.Options{Windowed: true, Tick: -1, Lock: uiLock})
	t.Cleanup(board.Close)

	d := openDesk(t, o, a, 1)
	d.Sync(func() { test.Tap(d.callBtn) })
	eventually(t, "the desk shows A001", d.Sync, func() bool { return d.number.Text == "A001" && !d.busy })

	boardShows := func(s string) func() bool {
		return func() bool { return strings.Contains(test.RenderToMarkup(board.Window().Canvas()), ">"+s+"<") }
	}
	eventually(t, "the display shows A001", board.Sync, boardShows("A001"))
	ev, err := stafftest.WaitEvent(tablet, 5*time.Second, func(ev hub.LiveEvent) bool {
		return ev.Type == string(queue.EventCalled) && ev.Event.Ticket.Counter == 1
	})
	if err != nil {
		t.Fatalf("rating tablet of counter 1: %v", err)
	}
	if got, want := ev.Event.Ticket.Number, "A001"; got != want {
		t.Errorf("rating tablet saw %q, want %q", got, want)
	}

	key(d, KeyRecall)
	eventually(t, "the recall is said", func(f func()) { f() }, func() bool { return len(spk.said()) == 2 })
	if got, want := spk.said(), []devices.Call{{Number: "A001", Counter: 1}, {Number: "A001", Counter: 1, Recall: true}}; !slices.Equal(got, want) {
		t.Errorf("said %v, want %v", got, want)
	}
	eventually(t, "recall done", d.Sync, func() bool { return !d.busy })
	key(d, KeyStart)
	eventually(t, "serving", d.Sync, func() bool { return d.statusLbl.Text == "Đang phục vụ" && !d.busy })
	key(d, KeyComplete)
	eventually(t, "completed", d.Sync, func() bool { return d.m.current == nil && d.m.served == 1 && !d.busy })
	d.Sync(func() {
		if got, want := d.number.Text, "—"; got != want {
			t.Errorf("number after complete = %q, want %q", got, want)
		}
		if got, want := d.msg.Text, "Đã hoàn thành số A001"; got != want {
			t.Errorf("message = %q, want %q", got, want)
		}
		if got := d.waitingBox.Objects; len(got) != 2 || !strings.Contains(markup(d), "A — Đất đai: 1 người") {
			t.Errorf("waiting count not shown: %d rows", len(got))
		}
	})
	// The rating tablet rates the served ticket: the desk's average shows it.
	if _, err := rating.Rate(ctx, hub.RateRequest{Ticket: "A001", Stars: 4}); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the rating is counted", d.Sync, func() bool {
		return strings.Contains(markup(d), "Đánh giá trung bình: 4,0/5 (1 lượt)")
	})
	// Space calls the next one too.
	key(d, fyne.KeySpace)
	eventually(t, "A002 called", d.Sync, func() bool { return d.number.Text == "A002" })
	eventually(t, "the display shows A002", board.Sync, boardShows("A002"))
}

func markup(d *Desk) string { return test.RenderToMarkup(d.win.Canvas()) }

// TestDesk_SkipAndReturn: a no-show is listed with "Quay lại", and the
// button puts it back in the queue.
func TestDesk_SkipAndReturn(t *testing.T) {
	o := stafftest.Start(t, stafftest.Config(2))
	o.Issue("A", 1)
	d := openDesk(t, o, test.NewTempApp(t), 1)
	key(d, KeyCallNext)
	eventually(t, "called", d.Sync, func() bool { return d.number.Text == "A001" && !d.busy })
	confirmSkip(t, d)
	// Wait for the skip's own answer too: until then the desk is busy and the
	// "Quay lại" button is disabled.
	eventually(t, "listed as no-show", d.Sync, func() bool { return strings.Contains(markup(d), "A001 · ") && d.m.noShows == 1 && !d.busy })
	d.Sync(func() {
		// The no-show row: a label and its "Quay lại" button.
		row := d.noShowBox.Objects[0].(*fyne.Container)
		for _, o := range row.Objects {
			if b, ok := o.(*widget.Button); ok {
				test.Tap(b)
			}
		}
	})
	eventually(t, "returned", d.Sync, func() bool { return d.msg.Text == "Số A001 đã quay lại hàng chờ" })
	st, _ := o.Hub().State(context.Background())
	if len(st.Waiting) != 1 || st.Waiting[0].Number != "A001" {
		t.Errorf("waiting after return = %+v, want A001", st.Waiting)
	}
	eventually(t, "no longer listed", d.Sync, func() bool { return strings.Contains(markup(d), "Không có") })
}

// confirmSkip presses "Vắng mặt" and confirms in its dialog.
func confirmSkip(t *testing.T, d *Desk) {
	t.Helper()
	key(d, KeySkip)
	eventually(t, "the no-show dialog is open", d.Sync, func() bool { return d.skipDlg != nil })
	d.Sync(func() { test.Tap(d.skipOK) })
}

// TestDesk_NoShowAsksAndUndoes: "Vắng mặt" changes nothing until the
// officer confirms; the dialog offers the recall; after the no-show
// "Hoàn tác" puts the number back in the queue with its arrival time.
func TestDesk_NoShowAsksAndUndoes(t *testing.T) {
	o := stafftest.Start(t, stafftest.Config(2))
	o.Issue("A", 1)
	o.Issue("A", 1)
	d := openDesk(t, o, test.NewTempApp(t), 1)
	key(d, KeyCallNext)
	eventually(t, "called", d.Sync, func() bool { return d.number.Text == "A001" && !d.busy })
	status := func(number string) queue.Ticket {
		t.Helper()
		ti, err := o.Hub().Ticket(context.Background(), number)
		if err != nil {
			t.Fatal(err)
		}
		return ti.Ticket
	}
	issued := status("A001").IssuedAt

	// Asked, not done; cancel leaves it called.
	key(d, KeySkip)
	eventually(t, "the dialog asks", d.Sync, func() bool { return d.skipDlg != nil })
	var text string
	d.Sync(func() { text = shownText(markup(d)) })
	for _, want := range []string{"Đánh dấu số A001 vắng mặt?", "gọi lại 0 lần", "nên gọi lại trước khi đánh dấu vắng mặt", "trong 30 phút"} {
		if !strings.Contains(text, want) {
			t.Errorf("the dialog lacks %q", want)
		}
	}
	if got := status("A001"); got.Status != queue.StatusCalled {
		t.Fatalf("A001 after the key alone = %s, want still called", got.Status)
	}
	key(d, KeySkip) // a second press while the dialog is open does nothing more
	d.Sync(func() { test.Tap(d.skipCancel) })
	eventually(t, "the dialog closed", d.Sync, func() bool { return d.skipDlg == nil })
	if got := status("A001"); got.Status != queue.StatusCalled {
		t.Fatalf("A001 after cancel = %s, want still called", got.Status)
	}

	// The dialog's "Gọi lại" recalls.
	key(d, KeySkip)
	eventually(t, "the dialog asks again", d.Sync, func() bool { return d.skipDlg != nil })
	d.Sync(func() { test.Tap(d.skipRecall) })
	eventually(t, "recalled", d.Sync, func() bool { return d.msg.Text == "Đã gọi lại số A001" && !d.busy })
	if got := status("A001"); got.Recalls != 1 {
		t.Errorf("recalls = %d, want 1", got.Recalls)
	}

	// Confirmed: a no-show, then undone.
	confirmSkip(t, d)
	eventually(t, "marked a no-show", d.Sync, func() bool { return d.msg.Text == "Số A001 vắng mặt" && !d.busy && d.undoBtn.Visible() })
	if got := status("A001"); got.Status != queue.StatusNoShow {
		t.Fatalf("A001 after confirm = %s, want no-show", got.Status)
	}
	d.Sync(func() { test.Tap(d.undoBtn) })
	eventually(t, "undone", d.Sync, func() bool {
		return strings.HasPrefix(d.msg.Text, "Đã hoàn tác: số A001") && !d.undoBtn.Visible()
	})
	got := status("A001")
	if got.Status != queue.StatusWaiting || !got.IssuedAt.Equal(issued) {
		t.Errorf("A001 after undo = %s issued %v, want waiting issued %v", got.Status, got.IssuedAt, issued)
	}
	st, _ := o.Hub().State(context.Background())
	if len(st.Waiting) != 2 || st.Waiting[0].Number != "A001" {
		t.Errorf("queue after undo = %+v, want A001 first", st.Waiting)
	}
}

// shownText joins the text of every <text> element of a markup with
// spaces, so that a wrapped label reads as one sentence again.
func shownText(markup string) string {
	var parts []string
	for _, m := range textElem.FindAllStringSubmatch(markup, -1) {
		parts = append(parts, html.UnescapeString(m[1]))
	}
	return strings.Join(parts, " ")
}

var textElem = regexp.MustCompile(`<text[^>]*>([^<]*)</text>`)

// TestDesk_Transfer: the current ticket goes to service B at counter 2 and
// appears in that queue, on the other desk and on the display.
func TestDesk_Transfer(t *testing.T) {
	o := stafftest.Start(t, stafftest.Config(4))
	o.Issue("A", 1)
	a := test.NewTempApp(t)
	board := display.New(a, o.Client(store.RoleDisplay, 0), nil, display.Options{Windowed: true, Tick: -1, Lock: uiLock})
	t.Cleanup(board.Close)
	d1 := openDesk(t, o, a, 1)
	d4 := openDesk(t, o, a, 4) // serves B only
	key(d1, KeyCallNext)
	eventually(t, "called", d1.Sync, func() bool { return d1.number.Text == "A001" && !d1.busy })
	key(d1, KeyTransfer)
	d1.Sync(func() {
		if d1.xferDlg == nil {
			t.Fatal("no transfer dialog")
		}
		if got, want := d1.xferService.Options, []string{"A — Đất đai", "B — Hộ tịch – Chứng thực"}; !slices.Equal(got, want) {
			t.Errorf("services = %q, want %q", got, want)
		}
		d1.xferService.SetSelected("B — Hộ tịch – Chứng thực")
		if got, want := d1.xferCounter.Options, []string{"Quầy bất kỳ", "Quầy 2", "Quầy 4"}; !slices.Equal(got, want) {
			t.Errorf("counters = %q, want %q", got, want)
		}
		d1.xferCounter.SetSelected("Quầy 4")
		test.Tap(d1.xferOK)
	})
	eventually(t, "transferred", d1.Sync, func() bool { return d1.m.current == nil && !d1.busy })
	d1.Sync(func() {
		if got, want := d1.msg.Text, "Đã chuyển số A001 sang B · Quầy 4"; got != want {
			t.Errorf("message = %q, want %q", got, want)
		}
	})
	st, _ := o.Hub().State(context.Background())
	if len(st.Waiting) != 1 || st.Waiting[0].Service != "B" || st.Waiting[0].ToCounter != 4 {
		t.Fatalf("waiting = %+v, want A001 in B for counter 4", st.Waiting)
	}
	eventually(t, "desk 4 sees one waiting in B", d4.Sync, func() bool {
		return strings.Contains(markup(d4), "B — Hộ tịch – Chứng thực: 1 người")
	})
	eventually(t, "the display counts one waiting in B", board.Sync, func() bool {
		return strings.Contains(board.WaitingText(), "B Hộ tịch – Chứng thực: 1")
	})
	key(d4, KeyCallNext)
	eventually(t, "counter 4 calls A001", d4.Sync, func() bool { return d4.number.Text == "A001" })
}

// TestDesk_HubRestart: the hub goes away and comes back on the same store
// and address; the desk says it is reconnecting, disables its buttons, and
// works again by itself.
func TestDesk_HubRestart(t *testing.T) {
	o := stafftest.Start(t, stafftest.Config(2))
	o.Issue("A", 2)
	d := openDesk(t, o, test.NewTempApp(t), 1)
	key(d, KeyCallNext)
	eventually(t, "called", d.Sync, func() bool { return d.number.Text == "A001" && !d.busy })

	o.Stop()
	eventually(t, "the desk says it reconnects", d.Sync, func() bool { return !d.m.connected })
	d.Sync(func() {
		if d.banner.Hidden || d.bannerText.Text != "Mất kết nối máy chủ — Đang kết nối lại…" {
			t.Errorf("banner hidden=%v text=%q", d.banner.Hidden, d.bannerText.Text)
		}
		for _, b := range []interface{ Disabled() bool }{d.callBtn, d.completeBtn, d.skipBtn, d.recallBtn, d.pauseBtn} {
			if !b.Disabled() {
				t.Error("a button is enabled while disconnected")
			}
		}
	})
	// A shortcut while disconnected does nothing.
	key(d, KeyComplete)

	o.Restart()
	eventually(t, "reconnected", d.Sync, func() bool { return d.m.connected && !d.completeBtn.Disabled() })
	d.Sync(func() {
		if !d.banner.Hidden {
			t.Error("banner still shown after reconnecting")
		}
		if got, want := d.number.Text, "A001"; got != want {
			t.Errorf("current after restart = %q, want %q", got, want)
		}
	})
	key(d, KeyComplete)
	eventually(t, "completed after restart", d.Sync, func() bool { return d.m.current == nil && !d.busy })
	key(d, KeyCallNext)
	eventually(t, "A002 after restart", d.Sync, func() bool { return d.number.Text == "A002" })
}

// TestDesk_ErrorsShowPlainly: a refused operation shows the hub's sentence.
func TestDesk_ErrorsShowPlainly(t *testing.T) {
	o := stafftest.Start(t, stafftest.Config(2))
	d := openDesk(t, o, test.NewTempApp(t), 1)
	key(d, KeyCallNext)
	eventually(t, "the refusal shows", d.Sync, func() bool { return d.msg.Text != "" })
	d.Sync(func() {
		if got, want := d.msg.Text, "Không còn ai đang chờ"; got != want {
			t.Errorf("message = %q, want %q", got, want)
		}
	})
	key(d, KeyPause)
	eventually(t, "paused", d.Sync, func() bool { return d.m.view.Paused && !d.busy && d.callBtn.Disabled() })
	d.Sync(func() {
		if got, want := d.pauseBtn.Text, "Tiếp tục (F8)"; got != want {
			t.Errorf("pause button = %q, want %q", got, want)
		}
	})
	key(d, KeyPause)
	eventually(t, "resumed", d.Sync, func() bool { return !d.m.view.Paused && !d.busy && !d.callBtn.Disabled() })
}

// TestDesk_Alert: a device alert from the hub shows on the desk until the
// device reports ready again.
func TestDesk_Alert(t *testing.T) {
	o := stafftest.Start(t, stafftest.Config(1))
	d := openDesk(t, o, test.NewTempApp(t), 1)
	ctx := context.Background()
	if err := o.Hub().Alert(ctx, hub.Alert{Device: "kiosk-1", Kind: "printer", State: "paper_end", Message: "Máy in hết giấy"}); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the alert shows", d.Sync, func() bool {
		return strings.Contains(markup(d), "Cảnh báo thiết bị kiosk-1: Máy in hết giấy")
	})
	if err := o.Hub().Alert(ctx, hub.Alert{Device: "kiosk-1", Kind: "printer", State: "ready"}); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the alert clears", d.Sync, func() bool { return len(d.alertsBox.Objects) == 0 })
}

// TestDesk_Golden compares the sign-in screen with its markup golden.
func TestDesk_Golden(t *testing.T) {
	o := stafftest.Start(t, stafftest.Config(3))
	d := New(test.NewTempApp(t), o.Client(store.RoleDesk, 3), 3, Options{Tick: -1, Lock: uiLock})
	t.Cleanup(d.Close)
	eventually(t, "connected", d.Sync, func() bool { return d.m.connected && !d.signInBtn.Disabled() })
	var got string
	d.Sync(func() { got = markup(d) })
	golden(t, "desk_signin.xml", got)
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	stafftest.Golden(t, *update, name, got)
}
