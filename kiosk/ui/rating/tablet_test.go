package rating

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/motcua-kiosk/motcua/kiosk/hub"
	"github.com/motcua-kiosk/motcua/kiosk/queue"
	"github.com/motcua-kiosk/motcua/kiosk/store"
	"github.com/motcua-kiosk/motcua/kiosk/ui"
)

func openHub(t *testing.T) (*hub.Hub, *store.Store) {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "office.db"))
	if err != nil {
		t.Fatal(err)
	}
	cfg := queue.DefaultConfig()
	for i := range cfg.Services {
		cfg.Services[i].Windows, cfg.Services[i].Days = nil, []time.Weekday{0, 1, 2, 3, 4, 5, 6}
	}
	ctx := context.Background()
	if err := st.SaveConfig(ctx, cfg); err != nil {
		t.Fatal(err)
	}
	h, err := hub.Open(ctx, hub.Options{Store: st})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { h.Close(); st.Close() })
	st.SetOfficer(ctx, "cb01", "Nguyễn Thị Hòa", "1111")
	if _, err := h.SignIn(ctx, 1, "cb01", "1111"); err != nil {
		t.Fatal(err)
	}
	return h, st
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for end := time.Now().Add(30 * time.Second); time.Now().Before(end); time.Sleep(5 * time.Millisecond) {
		ok := false
		ui.Locked(func() { ok = cond() })
		if ok {
			return
		}
	}
	t.Fatalf("timed out waiting for %s", what)
}

func serve(t *testing.T, h *hub.Hub, counter int) (*queue.Ticket, func()) {
	ctx := context.Background()
	is, err := h.Issue(ctx, "A", "")
	if err != nil {
		t.Fatal(err)
	}
	return &is.Ticket, func() {
		if _, err := h.CallNext(ctx, counter); err != nil {
			t.Fatal(err)
		}
		if _, err := h.Complete(ctx, counter); err != nil {
			t.Fatal(err)
		}
	}
}

func TestTablet_ShowsOnDoneAndRates(t *testing.T) {
	test.NewTempApp(t)
	h, st := openHub(t)
	var tab *Tablet
	ui.Locked(func() {
		tab = NewTablet(Options{API: h, Lang: ui.LangVI, OfficerName: func(ctx context.Context, id string) string {
			o, _ := st.Officer(ctx, id)
			return o.Name
		}}, 1)
		w := test.NewWindow(tab.Content())
		w.Resize(fyne.NewSize(1280, 800))
	})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go tab.Run(ctx)
	time.Sleep(50 * time.Millisecond) // subscribed
	tk, complete := serve(t, h, 1)
	complete()
	waitFor(t, "stars for the completed ticket", func() bool {
		return tab.Flow() != nil && tab.Flow().Stage() == StageStars && tab.Flow().Ticket().ID == tk.ID
	})
	waitFor(t, "officer's name", func() bool { return tab.Flow().officer == "Nguyễn Thị Hòa" })
	var f *Flow
	ui.Locked(func() { f = tab.Flow(); test.Tap(f.Star(5)); test.Tap(f.Star(4)) }) // mashing: the first tap wins
	waitFor(t, "thanks", func() bool { return f.Stage() == StageThanks })
	rs, _ := st.Ratings(context.Background(), tk.Day)
	if len(rs) != 1 {
		t.Fatalf("%d ratings, want 1", len(rs))
	}
	if got, want := rs[0].Stars, 5; got != want {
		t.Errorf("stars = %d, want %d", got, want)
	}
	if got, want := rs[0].Counter, 1; got != want {
		t.Errorf("counter = %d, want %d", got, want)
	}
}

func TestTablet_OtherCounterIgnoredAndTimeout(t *testing.T) {
	test.NewTempApp(t)
	h, st := openHub(t)
	ctx := context.Background()
	st.SetOfficer(ctx, "cb03", "Lê Thu Hương", "3333")
	if _, err := h.SignIn(ctx, 3, "cb03", "3333"); err != nil {
		t.Fatal(err)
	}
	var tab *Tablet
	ui.Locked(func() {
		tab = NewTablet(Options{API: h, Lang: ui.LangVI, Timeout: 300 * time.Millisecond}, 1)
		test.NewWindow(tab.Content())
	})
	rctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go tab.Run(rctx)
	time.Sleep(50 * time.Millisecond)
	_, complete3 := serve(t, h, 3)
	complete3()
	time.Sleep(100 * time.Millisecond)
	ui.Locked(func() {
		if tab.Flow() != nil {
			t.Fatal("counter 1's tablet opened for counter 3's ticket")
		}
	})
	_, complete1 := serve(t, h, 1)
	complete1()
	waitFor(t, "stars", func() bool { return tab.Flow() != nil })
	waitFor(t, "closed after the timeout", func() bool { return tab.Flow() == nil })
}
