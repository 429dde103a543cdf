package dossier

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/motcua-kiosk/motcua/kiosk/dossiers"
	"github.com/motcua-kiosk/motcua/kiosk/ui"
)

// TestScreen_IdleWarns: the screens warn before their idle close, and a
// tap on the warning gives them the whole time again.
func TestScreen_IdleWarns(t *testing.T) {
	r := newRig(t, screens[0], nil)
	r.open(t, readyCode)
	warned := func() (v bool) {
		ui.Locked(func() { v = r.s.Countdown().Warning.Visible() })
		return v
	}
	warn := ui.WarnFor(DefaultIdle)
	r.clock.Advance(DefaultIdle - warn - time.Millisecond)
	if warned() {
		t.Fatal("warned too early")
	}
	r.clock.Advance(time.Millisecond)
	if !warned() || r.closed != 0 {
		t.Fatalf("%v before the idle close: warned %t, closed %d", warn, warned(), r.closed)
	}
	tap(r.s.Countdown().Warning.Key())
	if warned() {
		t.Error("the warning stays up after its key was tapped")
	}
	r.clock.Advance(DefaultIdle - time.Millisecond)
	ui.Locked(func() {
		if r.closed != 0 || r.s.Page() != PageResult {
			t.Fatalf("extended screens closed early: closed %d, page %s", r.closed, r.s.Page())
		}
	})
	r.clock.Advance(time.Millisecond)
	if r.closed != 1 {
		t.Errorf("closed %d times after the extended time, want 1", r.closed)
	}
}

// TestScreen_SpeakKey: a ready result's speak key says, in the shown
// language and in the order shown, the header, the state, the procedure
// and the dates (said as dates), and the "Lấy số nhận kết quả" offer; a
// tap cuts off what was being said.
func TestScreen_SpeakKey(t *testing.T) {
	want := map[ui.Lang][]string{
		ui.LangVI: {
			"Tình trạng hồ sơ",
			"Đã có kết quả, mời nhận kết quả",
			"Thủ tục: Thủ tục đăng ký khai sinh",
			"Ngày tiếp nhận: 1 tháng 12 năm 2026",
			"Ngày hẹn trả: 8 tháng 12 năm 2026",
			"Tiến độ: Đúng hạn",
			"Lấy số nhận kết quả",
			"Số thứ tự ở quầy Trả kết quả",
			"Quá trình giải quyết",
		},
		ui.LangEN: {
			"Result ready for collection",
			"Procedure: Thủ tục đăng ký khai sinh",
			"Promised for: 8 December 2026",
			"Get a number to collect the result",
		},
	}
	for _, sc := range []screen{screens[0], screens[1]} {
		t.Run(string(sc.lang), func(t *testing.T) {
			r := newRig(t, sc, nil)
			r.open(t, readyCode)
			var key *ui.SpeakKey
			ui.Locked(func() { key = r.s.SpeakKey() })
			if key == nil {
				t.Fatal("the result page has no speak key")
			}
			ui.Locked(func() { test.Tap(key) })
			said, ok := r.rec.Last()
			if !ok || !said.Interrupt {
				t.Fatalf("speak key said %+v", said)
			}
			if got := said.Utterance.Lang; got != string(sc.lang) {
				t.Errorf("said in %q, want %q", got, sc.lang)
			}
			var lines []string
			ui.Locked(func() { lines = r.s.Spoken() })
			words := strings.Join(said.Utterance.Parts(), " ")
			last := -1
			for _, w := range want[sc.lang] {
				i := slices.Index(lines, w)
				if i < 0 {
					t.Errorf("the speech lacks %q; it says:\n%s", w, strings.Join(lines, "\n"))
					continue
				}
				if i < last {
					t.Errorf("%q is said out of the shown order", w)
				}
				last = i
				if !strings.Contains(words, w) {
					t.Errorf("the utterance %q lacks %q", words, w)
				}
			}
			for _, l := range lines {
				if strings.ContainsAny(l, "◀▶") || dateRe.MatchString(l) {
					t.Errorf("spoken line %q holds an arrow or a dd/mm/yyyy date", l)
				}
			}
		})
	}
}

// TestScreen_SpeakKeyEveryPage: every page — enter, loading, result
// (ready, in progress, late, offline), history, error — has a speak key
// in both languages, and it says the page's own sentence.
func TestScreen_SpeakKeyEveryPage(t *testing.T) {
	for _, sc := range []screen{screens[0], screens[1], screens[2], screens[3]} {
		t.Run(sc.name(), func(t *testing.T) {
			tr := ui.Tr{Lang: sc.lang}
			src := &fakeSource{known: statuses()}
			store, err := dossiers.OpenFileStore(t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			c := dossiers.Cached(src, store)
			c.Now, c.Location = func() time.Time { return fixedNow }, ict
			r := newRig(t, sc, c)
			check := func(page, want string) {
				t.Helper()
				var key *ui.SpeakKey
				var lines []string
				ui.Locked(func() { key, lines = r.s.SpeakKey(), r.s.Spoken() })
				if key == nil {
					t.Errorf("%s: no speak key", page)
					return
				}
				if !slices.ContainsFunc(lines, func(l string) bool { return strings.Contains(l, sayable(want, sc.lang)) }) {
					t.Errorf("%s: the speech lacks %q; it says:\n%s", page, want, strings.Join(lines, "\n"))
				}
			}
			check("enter", tr.L("dossier.enter.scan"))
			ui.Locked(func() { r.s.Submit("") })
			ui.Locked(func() { test.Tap(r.s.Keyboard().Key("OK")) })
			check("enter, empty", tr.L("dossier.enter.empty"))
			r.open(t, waitingCode)
			check("in progress", tr.L("dossier.not_ready.due", map[string]any{"Date": "10/12/2026"}))
			r.open(t, lateCode)
			check("late", tr.L("dossier.late", map[string]any{"N": 2}))
			r.open(t, longCode)
			tap(r.s.HistoryKey())
			check("history", "Bước 1: chuyển xử lý hồ sơ")
			src.setOffline(true)
			r.open(t, waitingCode)
			check("offline", tr.L("dossier.stale", map[string]any{"Time": "10:15", "Date": "07/12/2026"}))
			ui.Locked(func() { r.s.Scanned(missingCode) })
			r.waitPage(t, PageError)
			check("error", dossiers.ErrorText(dossiers.ErrUnreachable, string(sc.lang)))

			block := make(chan struct{})
			rb := newRig(t, sc, dossiers.SourceFunc(func(ctx context.Context, ref dossiers.Ref) (dossiers.Status, error) {
				<-block
				return dossiers.Status{}, dossiers.ErrNotFound
			}))
			r = rb
			ui.Locked(func() { rb.s.Scanned(readyCode) })
			check("loading", tr.L("dossier.loading.sub"))
			close(block)
		})
	}
}

// TestScreen_SpeakAuto: with SpeakAuto each page says itself as it opens,
// queued after what is being said (not cut off).
func TestScreen_SpeakAuto(t *testing.T) {
	r := newRig(t, screens[0], nil)
	ui.Locked(func() { r.s.o.SpeakAuto = true })
	r.open(t, readyCode)
	said, ok := r.rec.Last()
	if !ok || said.Interrupt {
		t.Fatalf("the result page said %+v as it opened, want a queued Say", said)
	}
	if words := strings.Join(said.Utterance.Parts(), " "); !strings.Contains(words, "Lấy số nhận kết quả") {
		t.Errorf("the opened page said %q", words)
	}
}
