package rating

import (
	"context"
	"flag"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"

	"github.com/motcua-kiosk/motcua/kiosk/hub"
	"github.com/motcua-kiosk/motcua/kiosk/queue"
	"github.com/motcua-kiosk/motcua/kiosk/store"
	"github.com/motcua-kiosk/motcua/kiosk/ui"
)

// shots, when set, is the directory the rating screens are written to as
// PNGs (go test -tags ci ./kiosk/ui/rating -run Screens -screenshots $PWD/docs/screenshots).
var shots = flag.String("screenshots", "", "write the rating screens as PNGs into this directory (docs/screenshots)")

// screen is one orientation and language the screens are drawn in.
type screen struct {
	orient string
	size   fyne.Size
	lang   ui.Lang
}

var screens = []screen{
	{"portrait", fyne.NewSize(1080, 1920), ui.LangVI},
	{"portrait", fyne.NewSize(1080, 1920), ui.LangEN},
	{"landscape", fyne.NewSize(1920, 1080), ui.LangVI},
	{"landscape", fyne.NewSize(1920, 1080), ui.LangEN},
}

func (s screen) name() string { return s.orient + "-" + string(s.lang) }

// window shows content as the kiosk does: unpadded, in the kiosk theme.
func (s screen) window(content fyne.CanvasObject) fyne.Window {
	var w fyne.Window
	ui.Locked(func() {
		w = test.NewWindow(container.NewThemeOverride(content, ui.Theme{}))
		w.SetPadded(false)
		w.Resize(s.size)
	})
	return w
}

// capture writes the window as docs/screenshots/rating-WHAT-ORIENT-LANG.png
// when -screenshots is given.
func (s screen) capture(t *testing.T, w fyne.Window, what string) {
	t.Helper()
	if *shots == "" {
		return
	}
	path := filepath.Join(*shots, "rating-"+what+"-"+s.name()+".png")
	ui.Locked(func() {
		f, err := os.Create(path)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if err := png.Encode(f, w.Canvas().Capture()); err != nil {
			t.Fatal(err)
		}
	})
	t.Logf("wrote %s", path)
}

// lookupFlow is the dispenser's "Đánh giá" flow, wired as the dispenser
// wires it (kiosk/ui/dispenser/ticket.go).
func lookupFlow(h *hub.Hub, st *store.Store, lang ui.Lang) *Flow {
	cfg := h.Config()
	var letters []string
	for _, s := range cfg.Services {
		letters = append(letters, s.Code)
	}
	var f *Flow
	ui.Locked(func() {
		f = NewLookup(Options{API: h, Lang: lang, Letters: letters, ThanksFor: time.Minute,
			OfficerName: func(ctx context.Context, id string) string {
				o, _ := st.Officer(ctx, id)
				return o.Name
			},
			ServiceName: func(code string, l ui.Lang) string {
				if s, ok := cfg.Service(code); ok {
					return ui.Tr{Lang: l}.Pick(s.Name, s.NameEN)
				}
				return code
			}})
	})
	return f
}

// typeNumber types a ticket number on the lookup keypad and taps OK.
func typeNumber(t *testing.T, f *Flow, number string) {
	t.Helper()
	ui.Locked(func() {
		for _, c := range number {
			k := f.Keypad().Key(string(c))
			if k == nil {
				t.Fatalf("no key %q on the lookup keypad", c)
			}
			test.Tap(k)
		}
		test.Tap(f.Keypad().Key("OK"))
	})
}

func rated(t *testing.T, st *store.Store, tk *queue.Ticket) queue.Rating {
	t.Helper()
	rs, err := st.Ratings(context.Background(), tk.Day)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rs {
		if r.TicketID == tk.ID {
			return r
		}
	}
	t.Fatalf("no rating stored for %s", tk.Number)
	return queue.Rating{}
}

// TestFlow_Screens walks the dispenser's rating from the stars through the
// reasons (3 stars) and a remark typed on the keyboard to the thank-you, in both orientations and languages,
// and checks that 4 stars go straight to the thank-you.
func TestFlow_Screens(t *testing.T) {
	for _, s := range screens {
		t.Run(s.name(), func(t *testing.T) {
			test.NewTempApp(t)
			h, st := openHub(t)
			tr := ui.Tr{Lang: s.lang}
			low, complete := serve(t, h, 1)
			complete()
			high, complete := serve(t, h, 1)
			complete()

			f := lookupFlow(h, st, s.lang)
			w := s.window(f.Content())
			typeNumber(t, f, low.Number)
			waitFor(t, "stars", func() bool { return f.Stage() == StageStars })
			ui.Locked(func() {
				for n := 1; n <= 5; n++ {
					if got, want := f.Star(n).Title, tr.L("rate.star"+string(rune('0'+n))); got != want || !tr.Has("rate.star"+string(rune('0'+n))) {
						t.Errorf("star %d titled %q, want %q (translated)", n, got, want)
					}
				}
				if s.lang == ui.LangVI {
					if got, want := f.Star(1).Title, "Rất không hài lòng"; got != want {
						t.Errorf("1 star = %q, want %q", got, want)
					}
					if got, want := f.Star(5).Title, "Rất hài lòng"; got != want {
						t.Errorf("5 stars = %q, want %q", got, want)
					}
				}
			})
			s.capture(t, w, "stars")

			ui.Locked(func() { test.Tap(f.Star(3)) })
			ui.Locked(func() {
				if got, want := f.Stage(), StageReasons; got != want {
					t.Fatalf("after 3 stars: stage %q, want %q", got, want)
				}
				for _, code := range queue.Reasons {
					if f.Reason(code) == nil || !tr.Has("rate.reason."+code) {
						t.Errorf("reason %q: no button or no translation", code)
					}
				}
				test.Tap(f.Reason(queue.Reasons[0]))
				test.Tap(f.Reason(queue.Reasons[2]))
				test.Tap(f.Remark())
				f.Keyboard().Type("Phair ddi laij 3 laafn vif thieeus giaasy towf")
			})
			s.capture(t, w, "remark")
			ui.Locked(func() { test.Tap(f.Keyboard().Key("OK")) })
			s.capture(t, w, "reasons")
			ui.Locked(func() { test.Tap(f.Send()) })
			waitFor(t, "thanks after the reasons", func() bool { return f.Stage() == StageThanks })
			s.capture(t, w, "thanks")
			r := rated(t, st, low)
			if got, want := r.Stars, 3; got != want {
				t.Errorf("stars = %d, want %d", got, want)
			}
			if got, want := r.Reasons, []string{queue.Reasons[0], queue.Reasons[2]}; !slices.Equal(got, want) {
				t.Errorf("reasons = %v, want %v", got, want)
			}
			if got, want := r.Comment, "Phải đi lại 3 lần vì thiếu giấy tờ"; got != want {
				t.Errorf("remark = %q, want %q", got, want)
			}

			// Four stars: no reasons screen, straight to the thank-you.
			f = lookupFlow(h, st, s.lang)
			s.window(f.Content())
			typeNumber(t, f, high.Number)
			waitFor(t, "stars", func() bool { return f.Stage() == StageStars })
			ui.Locked(func() { test.Tap(f.Star(4)) })
			ui.Locked(func() {
				if f.Stage() == StageReasons {
					t.Fatal("4 stars asked for reasons")
				}
			})
			waitFor(t, "thanks after 4 stars", func() bool { return f.Stage() == StageThanks })
			if got, want := rated(t, st, high).Stars, 4; got != want {
				t.Errorf("stars = %d, want %d", got, want)
			}
		})
	}
}

// TestTablet_Screens shows the counter tablet's prompt for a ticket just
// completed: officer's name, photo placeholder, counter and the stars.
func TestTablet_Screens(t *testing.T) {
	for _, s := range screens {
		t.Run(s.name(), func(t *testing.T) {
			test.NewTempApp(t)
			h, st := openHub(t)
			var tab *Tablet
			ui.Locked(func() {
				// As cmd/kiosk/rating.go wires it.
				tab = NewTablet(Options{API: h, Lang: s.lang, OfficerName: func(ctx context.Context, id string) string {
					o, _ := st.Officer(ctx, id)
					return o.Name
				}, ServiceName: func(code string, l ui.Lang) string {
					cfg := h.Config()
					if sv, ok := cfg.Service(code); ok {
						return ui.Tr{Lang: l}.Pick(sv.Name, sv.NameEN)
					}
					return code
				}}, 1)
			})
			w := s.window(tab.Content())
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			go tab.Run(ctx)
			time.Sleep(50 * time.Millisecond) // subscribed
			s.capture(t, w, "tablet-idle")
			tk, complete := serve(t, h, 1)
			complete()
			waitFor(t, "the tablet's stars", func() bool {
				return tab.Flow() != nil && tab.Flow().Stage() == StageStars && tab.Flow().Ticket().ID == tk.ID
			})
			waitFor(t, "the officer's name", func() bool { return tab.Flow().officer == "Nguyễn Thị Hòa" })
			ui.Locked(func() {
				if got, want := tab.Flow().Ticket().Counter, 1; got != want {
					t.Errorf("counter = %d, want %d", got, want)
				}
			})
			s.capture(t, w, "tablet")
			cancel()
		})
	}
}
