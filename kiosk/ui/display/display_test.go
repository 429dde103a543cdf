//go:build ci

package display

import (
	"context"
	"flag"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"

	"github.com/motcua-kiosk/motcua/devices/audio"
	"github.com/motcua-kiosk/motcua/kiosk/hub"
	"github.com/motcua-kiosk/motcua/kiosk/queue"
	"github.com/motcua-kiosk/motcua/kiosk/store"
	"github.com/motcua-kiosk/motcua/kiosk/ui/desk/stafftest"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

var uiLock = &sync.Mutex{}

func eventually(t testing.TB, what string, b *Board, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for {
		var ok bool
		b.Sync(func() { ok = cond() })
		if ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting until %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// tileText is what counter n's tile says.
func (b *Board) tileText(n int) string {
	if t := b.tiles[n]; t != nil {
		return t.number.Text
	}
	return ""
}

func newBoard(t testing.TB, o *stafftest.Office, spk *audio.Announcer, opts Options) *Board {
	t.Helper()
	opts.Windowed, opts.Lock = true, uiLock
	if opts.Tick == 0 {
		opts.Tick = -1
	}
	var b *Board
	if spk == nil {
		b = New(test.NewTempApp(t), o.Client(store.RoleDisplay, 0), nil, opts)
	} else {
		b = New(test.NewTempApp(t), o.Client(store.RoleDisplay, 0), spk, opts)
	}
	t.Cleanup(b.Close)
	eventually(t, "the board is connected", b, func() bool { return b.m.connected && len(b.tiles) > 0 })
	return b
}

// TestBoard_ShowsAndSaysCalls: calls from three desks show on their tiles
// and in the last calls, and each is said once, in order, never
// overlapping; a recall is said again.
func TestBoard_ShowsAndSaysCalls(t *testing.T) {
	o := stafftest.Start(t, stafftest.Config(3))
	o.Issue("A", 3)
	player := &audio.RecordingPlayer{Speed: 50}
	bank, err := audio.Shipped()
	if err != nil {
		t.Fatal(err)
	}
	ann := audio.NewAnnouncer(bank, player, audio.Options{})
	defer ann.Close()
	b := newBoard(t, o, ann, Options{})
	eventually(t, "tiles say closed", b, func() bool { return b.tileText(1) == "Chưa mở" })

	ctx := context.Background()
	for n := 1; n <= 3; n++ {
		o.SignIn(n)
		if _, err := o.Client(store.RoleDesk, n).CallNext(ctx, n); err != nil {
			t.Fatal(err)
		}
	}
	eventually(t, "three tiles show their numbers", b, func() bool {
		return b.tileText(1) == "A001" && b.tileText(2) == "A002" && b.tileText(3) == "A003"
	})
	b.Sync(func() {
		var got []string
		for _, r := range b.recentRows {
			got = append(got, r.number.Text+" "+r.counter.Text)
		}
		if want := []string{"A003 Quầy 3", "A002 Quầy 2", "A001 Quầy 1", " ", " ", " "}; !slices.Equal(got, want) {
			t.Errorf("recent = %q, want %q", got, want)
		}
		for n := 1; n <= 3; n++ {
			if got, want := b.tiles[n].bg.FillColor, colFlash; got != want {
				t.Errorf("tile %d not highlighted: %v", n, got)
			}
		}
		if got, want := b.WaitingText(), "Đang chờ:   A Đất đai: 0     ·     B Hộ tịch – Chứng thực: 0"; got != want {
			t.Errorf("waiting = %q, want %q", got, want)
		}
	})
	if _, err := o.Client(store.RoleDesk, 2).Recall(ctx, 2); err != nil {
		t.Fatal(err)
	}
	wctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := player.WaitPlayed(wctx, 4); err != nil {
		t.Fatalf("4 announcements: %v", err)
	}
	played := player.Played()
	if player.Overlapped() {
		t.Error("two announcements overlapped")
	}
	// Each announcement is the Vietnamese sentence said twice; the
	// numbers are in the order of the calls (A002's recall last).
	for i, want := range []string{"A001", "A002", "A003", "A002"} {
		n := map[string]int{"A001": 1, "A002": 2, "A003": 3}[want]
		pcm, err := bank.Render(callOf(want, n), []string{"vi"}, 2)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := played[i].PCM.Duration(), pcm.Duration(); got != want {
			t.Errorf("announcement %d lasts %v, want %v (the call of %s)", i, got, want, want)
		}
	}
}

// TestBoard_HighlightEnds: a call blinks for Highlight, then the tile
// goes back to its normal colours.
func TestBoard_HighlightEnds(t *testing.T) {
	o := stafftest.Start(t, stafftest.Config(1))
	o.Issue("B", 1)
	o.SignIn(1)
	var mu sync.Mutex
	now := time.Date(2026, 11, 23, 9, 41, 5, 0, queue.Zone("")) // the office's clock
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	b := newBoard(t, o, nil, Options{Now: clock, Highlight: 6 * time.Second})
	if _, err := o.Client(store.RoleDesk, 1).CallNext(context.Background(), 1); err != nil {
		t.Fatal(err)
	}
	eventually(t, "B001 blinks", b, func() bool { return b.tileText(1) == "B001" && b.tiles[1].bg.FillColor == colFlash })
	mu.Lock()
	now = now.Add(7 * time.Second)
	mu.Unlock()
	b.Sync(func() {
		b.refreshFlash()
		if got, want := b.tiles[1].bg.FillColor, colTile; got != want {
			t.Errorf("tile colour after the highlight = %v, want %v", got, want)
		}
		if got, want := b.tiles[1].number.Color, colNumber; got != want {
			t.Errorf("number colour after the highlight = %v, want %v", got, want)
		}
	})
}

// TestBoard_HubRestart: the board says it is reconnecting while the hub
// is down, and shows calls again once it is back.
func TestBoard_HubRestart(t *testing.T) {
	o := stafftest.Start(t, stafftest.Config(2))
	o.Issue("A", 2)
	o.SignIn(1)
	b := newBoard(t, o, nil, Options{})
	o.Stop()
	eventually(t, "reconnecting shows", b, func() bool { return !b.m.connected && b.reconnect.Visible() })
	o.Restart()
	eventually(t, "reconnected", b, func() bool { return b.m.connected && !b.reconnect.Visible() })
	if _, err := o.Client(store.RoleDesk, 1).CallNext(context.Background(), 1); err != nil {
		t.Fatal(err)
	}
	eventually(t, "A001 after restart", b, func() bool { return b.tileText(1) == "A001" })
}

// TestBoard_Golden: the whole board as markup, with a fixed clock, an
// office name, a notice and calls at two of four counters.
func TestBoard_Golden(t *testing.T) {
	o := stafftest.Start(t, stafftest.Config(4))
	o.Issue("A", 3)
	o.Issue("B", 2)
	now := time.Date(2026, 11, 23, 9, 41, 5, 0, queue.Zone("")) // the office's clock
	b := newBoard(t, o, nil, Options{Now: func() time.Time { return now },
		Notice: "Bộ phận Một cửa nghỉ trưa từ 11:30 đến 13:30."})
	ctx := context.Background()
	for _, n := range []int{1, 4} {
		o.SignIn(n)
		if _, err := o.Client(store.RoleDesk, n).CallNext(ctx, n); err != nil {
			t.Fatal(err)
		}
	}
	o.SignIn(2)
	if err := o.Hub().Pause(ctx, 2, true); err != nil {
		t.Fatal(err)
	}
	eventually(t, "calls and pause shown", b, func() bool {
		return b.tileText(1) == "A001" && b.tileText(4) == "B001" && b.tileText(2) == "Tạm nghỉ" &&
			b.office.Text != ""
	})
	var got string
	b.Sync(func() {
		b.win.Resize(b.win.Canvas().Size()) // settle the layout
		got = test.RenderToMarkup(b.win.Canvas())
	})
	for _, s := range []string{"UBND phường Bến Nghé — Bộ phận Một cửa", "09:41:05", "Thứ Hai, 23/11/2026",
		"Bộ phận Một cửa nghỉ trưa", "Quầy 3", "Chưa mở", "Đang chờ:"} {
		if !strings.Contains(got, s) {
			t.Errorf("board lacks %q", s)
		}
	}
	if w := b.WaitingText(); !strings.Contains(w, "A Đất đai: 2") { // drawn digit by digit
		t.Errorf("waiting = %q, want A Đất đai: 2 in it", w)
	}
	golden(t, "board.xml", got)
}

// TestBoard_LongWaitingLineFitsTheScreen: with four services with long
// names the waiting counts do not fit on one 1920-px line; they wrap onto
// a second line instead of widening the board past the screen (which
// pushed the clock and the last calls off a full-screen board).
func TestBoard_LongWaitingLineFitsTheScreen(t *testing.T) {
	cfg := stafftest.Config(3)
	every := cfg.Services[0].Days
	cfg.Services = append(cfg.Services,
		queue.Service{Code: "C", Name: "Lao động – Thương binh và Xã hội", NameEN: "Labour", Days: every},
		queue.Service{Code: "D", Name: "Trả kết quả giải quyết thủ tục hành chính", NameEN: "Results", Days: every})
	o := stafftest.Start(t, cfg)
	b := newBoard(t, o, nil, Options{})
	eventually(t, "four services counted", b, func() bool { return strings.Contains(b.WaitingText(), "D Trả kết quả") })
	var min fyne.Size
	var lines int
	b.Sync(func() {
		b.win.Resize(fyne.NewSize(1920, 1080))
		min = b.win.Content().MinSize()
		prevY := float32(-1)
		for _, o := range test.WidgetRenderer(b.waiting).Objects() {
			if y := o.Position().Y; y != prevY {
				lines++
				prevY = y
			}
		}
	})
	if min.Width > 1920 {
		t.Errorf("board needs %.0f px, wider than the 1920-px screen", min.Width)
	}
	if lines < 2 {
		t.Errorf("waiting line drawn on %d line(s), want it wrapped onto 2", lines)
	}
	var rows []string
	b.Sync(func() {
		prevY, row := float32(-1), ""
		for _, o := range test.WidgetRenderer(b.waiting).Objects() {
			if y := o.Position().Y; y != prevY && prevY >= 0 {
				rows, row = append(rows, row), ""
			}
			prevY = o.Position().Y
			row += o.(*canvas.Text).Text
		}
		rows = append(rows, row)
	})
	for _, r := range rows { // broken between services only
		if r := strings.TrimSpace(strings.ReplaceAll(r, "\u00a0", " ")); !strings.HasSuffix(r, ": 0") && !strings.HasSuffix(r, "·") {
			t.Errorf("waiting line broken inside a service: %q", r)
		}
	}
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	stafftest.Golden(t, *update, name, got)
}

// TestModel_Apply: the folding of events without a hub.
func TestModel_Apply(t *testing.T) {
	m := newModel()
	now := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	m.apply(hub.LiveEvent{Type: "reconnecting"}, now, time.Second)
	if got, want := m.connected, false; got != want {
		t.Errorf("connected = %v, want %v", got, want)
	}
	for i := range 8 {
		m.called(ticketOf(fmt.Sprintf("A%03d", i+1), 1+i%2), now, time.Second)
	}
	if got, want := len(m.recent), maxRecent; got != want {
		t.Errorf("recent = %d, want %d", got, want)
	}
	m.called(ticketOf("A005", 1), now, time.Second) // a recall of a listed call moves up
	if got, want := m.recent[0].Number, "A005"; got != want {
		t.Errorf("first = %q, want %q", got, want)
	}
	seen := map[string]int{}
	for _, r := range m.recent {
		seen[r.Number]++
	}
	if got, want := seen["A005"], 1; got != want {
		t.Errorf("A005 listed %d times, want %d", got, want)
	}
	if !m.flashing(1, now) || m.flashing(1, now.Add(2*time.Second)) {
		t.Error("flash window wrong")
	}
}

// TestModel_NoticeAndOfficeFromHub: the notice and office name set in the
// hub's configuration arrive with the live summary.
func TestModel_NoticeAndOfficeFromHub(t *testing.T) {
	m := newModel()
	m.apply(hub.LiveEvent{Type: "state", Summary: &hub.Summary{Office: queue.Office{Name: "UBND xã Hòa An", Notice: "Thứ Sáu không hẹn"}}}, time.Now(), time.Second)
	if m.office != "UBND xã Hòa An" || m.notice != "Thứ Sáu không hẹn" {
		t.Errorf("office %q notice %q", m.office, m.notice)
	}
}
