package rating

import (
	"context"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/motcua-kiosk/motcua/kiosk/queue"
	"github.com/motcua-kiosk/motcua/kiosk/syncer"
	"github.com/motcua-kiosk/motcua/kiosk/ui"
	"github.com/motcua-kiosk/motcua/server/app"
	"github.com/motcua-kiosk/motcua/server/db"
)

// landscape is the screen the window must never outgrow: Fyne grows a
// window to its content's least size, and on a 1080-line screen whatever
// lies below line 1080 (first of all "Bỏ qua") is off the glass.
var landscape = fyne.NewSize(1920, 1080)

// remarkText is a long remark as a citizen would write it, cut by the
// keyboard at MaxRemark.
var remarkText = strings.Repeat("Cán bộ hướng dẫn tận tình nhưng phải chờ lâu, đi lại ba lần. ", 8)

// fits reports what of the flow's screen lies outside size: its least
// size (the window would grow to it) and the named buttons (they must be
// inside the window).
func fits(t *testing.T, f *Flow, size fyne.Size, buttons ...fyne.CanvasObject) {
	t.Helper()
	if got := f.Content().MinSize(); got.Width > size.Width || got.Height > size.Height {
		t.Errorf("%s: least size %.0f×%.0f, more than the %.0f×%.0f screen: the window would grow past it",
			f.Stage(), got.Width, got.Height, size.Width, size.Height)
	}
	for _, b := range buttons {
		if b == nil {
			t.Errorf("%s: a button is missing", f.Stage())
			continue
		}
		p, s := abs(b), b.Size()
		if p.X < 0 || p.Y < 0 || p.X+s.Width > size.Width || p.Y+s.Height > size.Height {
			t.Errorf("%s: button %q at %v size %v is not inside the %v canvas", f.Stage(), b.(*ui.BigButton).Title, p, s, size)
		}
	}
}

// TestFlow_FitsScreen: the stars, the reasons and the remark's keyboard
// (holding the longest remark) fit a 1920×1080 landscape and a 1080×1920
// portrait screen with "Bỏ qua" (or the keyboard's OK) inside the window.
// In a window narrower than the stars' row (1000 px, the shape the tablet
// starts in before it goes full screen) the stars stack, and the screen
// still needs no more than a landscape screen's 1080 lines; before, it
// needed 1178 and the window grew to 1000×1216.
func TestFlow_FitsScreen(t *testing.T) {
	for _, s := range screens {
		t.Run(s.name(), func(t *testing.T) {
			test.NewTempApp(t)
			f, w := forTicket(s)
			defer w.Close()
			skip := func() fyne.CanvasObject { return findButton(f.Content(), ui.Tr{Lang: s.lang}.L("rate.cancel")) }
			ui.Locked(func() {
				fits(t, f, s.size, skip(), f.Star(1), f.Star(5))
				test.Tap(f.Star(2))
				fits(t, f, s.size, skip(), f.Send(), f.Remark(), f.Reason(queue.ReasonFees))
				test.Tap(f.Remark())
				f.Keyboard().Type(remarkText)
				if got, want := utf8.RuneCountInString(f.Keyboard().Value()), MaxRemark; got != want {
					t.Errorf("remark of %d characters, want the cap %d", got, want)
				}
				fits(t, f, s.size, f.Keyboard().Key("OK"), f.Keyboard().Key("cancel"))
			})
		})
	}
	for _, lang := range []ui.Lang{ui.LangVI, ui.LangEN} {
		t.Run("window-1000-"+string(lang), func(t *testing.T) {
			test.NewTempApp(t)
			f, w := forTicket(screen{"window", fyne.NewSize(1000, 800), lang})
			defer w.Close()
			ui.Locked(func() {
				if got := f.Content().MinSize(); got.Height > landscape.Height {
					t.Errorf("stars in a 1000-px window need %.0f lines, more than a landscape screen's %.0f", got.Height, landscape.Height)
				}
				if got, want := abs(f.Star(4)).X, abs(f.Star(5)).X; got != want {
					t.Errorf("1000 px wide: stars not stacked (4 stars at x=%.0f, 5 at x=%.0f)", got, want)
				}
				test.Tap(f.Star(1))
				if got := f.Content().MinSize(); got.Height > landscape.Height {
					t.Errorf("reasons in a 1000-px window need %.0f lines, more than %.0f", got.Height, landscape.Height)
				}
			})
		})
	}
}

// TestFlow_StarsBestFirst: the stars read from "Rất hài lòng" (5) to "Rất
// không hài lòng" (1), left to right in a row and top down in a column,
// as on the phone page (server/web TestTicketPage_StarsBestFirst).
func TestFlow_StarsBestFirst(t *testing.T) {
	for _, s := range screens {
		t.Run(s.name(), func(t *testing.T) {
			test.NewTempApp(t)
			f, w := forTicket(s)
			defer w.Close()
			ui.Locked(func() {
				for n := 5; n > 1; n-- {
					a, b := abs(f.Star(n)), abs(f.Star(n-1))
					if s.orient == "portrait" && a.Y >= b.Y || s.orient == "landscape" && a.X >= b.X {
						t.Errorf("%d stars at %v, not before %d stars at %v", n, a, n-1, b)
					}
				}
				if s.lang == ui.LangVI {
					if got, want := f.Star(5).Title, "Rất hài lòng"; got != want {
						t.Errorf("first choice %q, want %q", got, want)
					}
				}
			})
		})
	}
}

// TestFlow_Reasons: the reasons are Decree 61 Art. 31.1's items besides
// the wait, each with a button and a translation in both languages.
func TestFlow_Reasons(t *testing.T) {
	for _, code := range []string{queue.ReasonLongWait, queue.ReasonLateResult, queue.ReasonManyVisits,
		queue.ReasonUnclear, queue.ReasonAttitude, queue.ReasonFees, queue.ReasonOther} {
		if !slices.Contains(queue.Reasons, code) {
			t.Errorf("reason %q not offered", code)
		}
	}
	test.NewTempApp(t)
	f, w := forTicket(screens[0])
	defer w.Close()
	ui.Locked(func() {
		test.Tap(f.Star(3))
		for _, code := range queue.Reasons {
			if f.Reason(code) == nil {
				t.Errorf("no button for reason %q", code)
			}
			for _, lang := range []ui.Lang{ui.LangVI, ui.LangEN} {
				if !(ui.Tr{Lang: lang}).Has("rate.reason." + code) {
					t.Errorf("reason %q has no %s translation", code, lang)
				}
			}
		}
		if got, want := f.Reason(queue.ReasonFees).Title, "Phí, lệ phí chưa đúng quy định"; got != want {
			t.Errorf("fees reason %q, want %q", got, want)
		}
		if got, want := f.Reason(queue.ReasonLateResult).Title, "Trả kết quả trễ hẹn"; got != want {
			t.Errorf("late result reason %q, want %q", got, want)
		}
	})
}

// TestTablet_RemarkReachesServer: at the counter's tablet, two stars,
// three reasons (every one may be chosen) and a remark typed in Telex on
// the kiosk's keyboard go through the hub into the office's store, and
// the syncer carries them to the central server's database, which keeps
// the remark as the rating's comment.
func TestTablet_RemarkReachesServer(t *testing.T) {
	test.NewTempApp(t)
	h, st := openHub(t)
	var tab *Tablet
	ui.Locked(func() {
		tab = NewTablet(Options{API: h, Lang: ui.LangVI}, 1)
		test.NewWindow(tab.Content()).Resize(landscape)
	})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go tab.Run(ctx)
	time.Sleep(50 * time.Millisecond) // subscribed
	tk, complete := serve(t, h, 1)
	complete()
	waitFor(t, "the stars", func() bool { return tab.Flow() != nil && tab.Flow().Stage() == StageStars })
	f := tab.Flow()
	ui.Locked(func() {
		test.Tap(f.Star(2))
		for _, code := range []string{queue.ReasonFees, queue.ReasonLateResult, queue.ReasonManyVisits} {
			test.Tap(f.Reason(code))
		}
		test.Tap(f.Remark())
		if f.Stage() != StageRemark {
			t.Fatalf("the remark button opened %q, want the keyboard", f.Stage())
		}
		f.Keyboard().Type("Phair ddi laij 3 laafn")
		test.Tap(f.Keyboard().Key("OK"))
		if got, want := f.Stage(), StageReasons; got != want {
			t.Fatalf("after OK: %q, want %q", got, want)
		}
		if got, want := f.Reason(queue.ReasonFees).Fill, ui.ColorSelected; got != want {
			t.Error("the reasons chosen before the remark were lost")
		}
		if got, want := f.Remark().Title, "Ý kiến khác: Phải đi lại 3 lần"; got != want {
			t.Errorf("remark button %q, want %q", got, want)
		}
		test.Tap(f.Send())
	})
	waitFor(t, "thanks", func() bool { return f.Stage() == StageThanks })
	want := queue.Rating{Stars: 2, Reasons: []string{queue.ReasonLateResult, queue.ReasonManyVisits, queue.ReasonFees}, Comment: "Phải đi lại 3 lần"}
	same := func(where string, got queue.Rating) {
		t.Helper()
		if got.TicketID != tk.ID || got.Stars != want.Stars || !slices.Equal(got.Reasons, want.Reasons) || got.Comment != want.Comment || got.Source != "kiosk" {
			t.Errorf("%s: rating %+v, want ticket %s, %d stars, reasons %v, comment %q, source kiosk",
				where, got, tk.ID, want.Stars, want.Reasons, want.Comment)
		}
	}
	same("office store", rated(t, st, tk))

	central, err := db.Open(ctx, "sqlite:"+filepath.Join(t.TempDir(), "server.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer central.Close()
	srv := httptest.NewServer(app.New(central, app.Options{}).Handler())
	defer srv.Close()
	office, err := central.CreateOffice(ctx, "Xã Hòa An")
	if err != nil {
		t.Fatal(err)
	}
	code, err := central.CreateEnrollCode(ctx, office.ID, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	sy := syncer.New(st, syncer.Options{})
	if _, err := sy.Enroll(ctx, srv.URL, code); err != nil {
		t.Fatal(err)
	}
	if err := sy.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	rows, err := central.Ratings(ctx, db.Filter{Office: office.ID})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 {
		t.Fatalf("%d ratings on the server, want 1", len(rows))
	}
	same("central server", rows[0].Rating)
}

// TestFlow_RemarkTooLong: the keyboard takes no character past MaxRemark
// and says so in Vietnamese, keeping what was typed; and a remark the hub
// refuses all the same does not cost the citizen the rating: it is sent
// without the remark, and the thank-you says the remark did not go.
func TestFlow_RemarkTooLong(t *testing.T) {
	test.NewTempApp(t)
	h, st := openHub(t)
	tk, complete := serve(t, h, 1)
	complete()
	var f *Flow
	ui.Locked(func() {
		f = NewForTicket(Options{API: h, Lang: ui.LangVI, Timeout: time.Minute, ThanksFor: time.Minute}, *tk)
	})
	w := screens[2].window(f.Content())
	defer w.Close()
	ui.Locked(func() {
		test.Tap(f.Star(1))
		test.Tap(f.Reason(queue.ReasonAttitude))
		test.Tap(f.Remark())
		k := f.Keyboard()
		k.Type(strings.Repeat("b", MaxRemark))
		test.Tap(k.Key("n"))
		if got, want := utf8.RuneCountInString(k.Value()), MaxRemark; got != want {
			t.Errorf("a key past the cap: %d characters, want %d", got, want)
		}
		if got, want := messageOf(k), "Tối đa 300 ký tự"; got != want {
			t.Errorf("message %q, want %q", got, want)
		}
		test.Tap(k.Key("OK"))
		// The hub keeps 500; suppose a remark got past the screen's cap.
		f.remark = strings.Repeat("x", 501)
		test.Tap(f.Send())
	})
	waitFor(t, "thanks", func() bool { return f.Stage() == StageThanks })
	r := rated(t, st, tk)
	if r.Stars != 1 || !slices.Equal(r.Reasons, []string{queue.ReasonAttitude}) || r.Comment != "" {
		t.Errorf("stored %d stars, reasons %v, comment of %d characters; want 1, [attitude], none", r.Stars, r.Reasons, len(r.Comment))
	}
	ui.Locked(func() {
		if findText(f.Content(), "Đánh giá đã được ghi nhận, nhưng ý kiến khác chưa gửi được.") == nil {
			t.Error("the thank-you does not say the remark was not sent")
		}
	})
}

// messageOf is the keyboard's message line: the accent-coloured text.
func messageOf(k *ui.Keyboard) string {
	var walk func(o fyne.CanvasObject) string
	walk = func(o fyne.CanvasObject) string {
		if t, ok := o.(*ui.Text); ok && t.Color == ui.ColorAccent {
			return t.Text
		}
		for _, c := range children(o) {
			if s := walk(c); s != "" {
				return s
			}
		}
		return ""
	}
	return walk(k)
}

// findText returns the text block reading s under o.
func findText(o fyne.CanvasObject, s string) *ui.Text {
	if t, ok := o.(*ui.Text); ok {
		if t.Text == s {
			return t
		}
		return nil
	}
	for _, c := range children(o) {
		if t := findText(c, s); t != nil {
			return t
		}
	}
	return nil
}
