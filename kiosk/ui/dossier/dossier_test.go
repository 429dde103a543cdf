package dossier

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"

	"github.com/motcua-kiosk/motcua/kiosk/dossiers"
	"github.com/motcua-kiosk/motcua/kiosk/speech"
	"github.com/motcua-kiosk/motcua/kiosk/ui"
)

var (
	portrait  = fyne.NewSize(1080, 1920)
	landscape = fyne.NewSize(1920, 1080)
	ict       = time.FixedZone("ICT", 7*3600)
	// fixedNow is the kiosk's clock in the tests: 07/12/2026 10:15.
	fixedNow = time.Date(2026, 12, 7, 10, 15, 0, 0, ict)
)

type screen struct {
	orient string
	size   fyne.Size
	lang   ui.Lang
}

var screens = []screen{
	{"portrait", portrait, ui.LangVI},
	{"portrait", portrait, ui.LangEN},
	{"landscape", landscape, ui.LangVI},
	{"landscape", landscape, ui.LangEN},
}

func (s screen) name() string { return s.orient + "-" + string(s.lang) }

const (
	readyCode   = "000.00.13.H12-261201-0001"
	waitingCode = "000.00.13.H12-261203-0002"
	lateCode    = "000.00.13.H12-261120-0003"
	longCode    = "000.00.13.H12-261101-0004"
	doneCode    = "000.00.13.H12-261015-0005"
	secretCode  = "000.00.13.H12-261201-0006"
	missingCode = "000.00.13.H12-261201-0099"
)

func at(d, m, hh, mm int) time.Time { return time.Date(2026, time.Month(m), d, hh, mm, 0, 0, ict) }

// statuses are the dossiers the fake one-stop system knows, in the shapes
// the OpenCPS adapter gives (see kiosk/dossiers' recorded answers).
func statuses() map[string]dossiers.Status {
	base := dossiers.Status{Procedure: "Thủ tục đăng ký khai sinh", ProcedureCode: "1.001193", Agency: "UBND xã Tân Thành", AsOf: fixedNow, Source: "fake"}
	m := map[string]dossiers.Status{}
	r := base
	r.Code, r.State, r.Ready = readyCode, dossiers.StateReady, true
	r.Received, r.Promised, r.Finished = at(1, 12, 8, 20), at(8, 12, 16, 30), at(5, 12, 10, 40)
	r.Step = dossiers.Step{Code: "400", Name: "Trả kết quả", Unit: "Bộ phận Một cửa"}
	r.History = []dossiers.Entry{
		{At: at(1, 12, 8, 20), Text: "Tiếp nhận hồ sơ"},
		{At: at(3, 12, 9, 0), Text: "Thẩm định hồ sơ", Unit: "Công chức Tư pháp – Hộ tịch"},
		{At: at(5, 12, 10, 40), Text: "Chuyển trả kết quả"},
	}
	m[readyCode] = r
	w := base
	w.Code, w.State = waitingCode, dossiers.StateProcessing
	w.Procedure = "Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan tổ chức có thẩm quyền của Việt Nam cấp hoặc chứng nhận"
	w.Received, w.Promised = at(3, 12, 14, 5), at(10, 12, 0, 0)
	w.Step = dossiers.Step{Code: "200", Name: "Thẩm định hồ sơ", Unit: "Công chức Tư pháp – Hộ tịch"}
	m[waitingCode] = w
	l := base
	l.Code, l.State, l.Late = lateCode, dossiers.StatePaused, true
	l.Received, l.Promised = at(20, 11, 9, 0), at(5, 12, 0, 0)
	l.Step = dossiers.Step{Name: "Chờ ý kiến cơ quan liên quan", Unit: "Phòng Kinh tế"}
	m[lateCode] = l
	lg := base
	lg.Code, lg.State = longCode, dossiers.StateProcessing
	lg.Received, lg.Promised = at(1, 11, 8, 0), at(30, 12, 0, 0)
	lg.Step = dossiers.Step{Name: "Thẩm định hồ sơ", Unit: "Phòng Tài nguyên và Môi trường"}
	for i := range 14 {
		lg.History = append(lg.History, dossiers.Entry{At: at(1+i, 11, 9, 0), Text: fmt.Sprintf("Bước %d: chuyển xử lý hồ sơ", i+1)})
	}
	m[longCode] = lg
	d := base
	d.Code, d.State = doneCode, dossiers.StateDone
	d.Received, d.Promised, d.Finished = at(15, 10, 8, 0), at(22, 10, 0, 0), at(21, 10, 15, 0)
	m[doneCode] = d
	return m
}

// fakeSource is the fake one-stop system; offline makes it unreachable.
type fakeSource struct {
	mu      sync.Mutex
	known   map[string]dossiers.Status
	offline bool
	asked   []dossiers.Ref
}

func (f *fakeSource) Lookup(ctx context.Context, ref dossiers.Ref) (dossiers.Status, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.asked = append(f.asked, ref)
	if f.offline {
		return dossiers.Status{}, fmt.Errorf("fake: %w", dossiers.ErrUnreachable)
	}
	if ref.Code == secretCode {
		return dossiers.Status{}, fmt.Errorf("fake: %w", dossiers.ErrWrongSecret)
	}
	st, ok := f.known[ref.Code]
	if !ok {
		return dossiers.Status{}, fmt.Errorf("fake: %w", dossiers.ErrNotFound)
	}
	return st, nil
}

func (f *fakeSource) setOffline(v bool) { f.mu.Lock(); f.offline = v; f.mu.Unlock() }

func (f *fakeSource) askedCount() int { f.mu.Lock(); defer f.mu.Unlock(); return len(f.asked) }

type rig struct {
	s       *Screen
	w       fyne.Window
	src     *fakeSource
	clock   *ui.FakeTimers
	mu      sync.Mutex
	tickets []dossiers.Status
	closed  int
	rec     *speech.Recorder // what the pages said
}

func newRig(t *testing.T, sc screen, src dossiers.Source) *rig {
	t.Helper()
	test.NewTempApp(t)
	r := &rig{clock: &ui.FakeTimers{}, rec: &speech.Recorder{}}
	if src == nil {
		r.src = &fakeSource{known: statuses()}
		src = r.src
	}
	ui.Locked(func() {
		r.s = New(Options{Source: src, Lang: sc.lang, Location: ict, Now: func() time.Time { return fixedNow },
			AfterFunc: r.clock.AfterFunc, Log: slog.New(slog.DiscardHandler),
			OnTicket: func(st dossiers.Status) { r.mu.Lock(); r.tickets = append(r.tickets, st); r.mu.Unlock() },
			OnClose:  func() { r.closed++ },
			Speech:   r.rec,
		})
		r.w = test.NewWindow(container.NewThemeOverride(r.s.Content(), ui.Theme{}))
		r.w.SetPadded(false)
		r.w.Resize(sc.size)
	})
	t.Cleanup(func() { ui.Locked(func() { r.w.Close() }) })
	return r
}

func tap(b *ui.BigButton) { ui.Locked(func() { test.Tap(b) }) }

// waitPage waits for the look-up's answer (it comes from a goroutine).
func (r *rig) waitPage(t *testing.T, want Page) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		var got Page
		ui.Locked(func() { got = r.s.Page() })
		if got == want {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("page %s, want %s", got, want)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// open scans code and waits for the result page.
func (r *rig) open(t *testing.T, code string) {
	t.Helper()
	ui.Locked(func() { r.s.Scanned(code) })
	r.waitPage(t, PageResult)
}

func (r *rig) texts() []string {
	var out []string
	ui.Locked(func() { out = r.s.Texts() })
	return out
}

func hasText(t *testing.T, r *rig, want string) {
	t.Helper()
	if got := r.texts(); !slices.Contains(got, want) {
		t.Errorf("no text %q on the %s page; texts:\n%s", want, r.s.Page(), strings.Join(got, "\n"))
	}
}

// TestScreen_ReadyOffersTicket: a ready dossier shows its procedure,
// dates, step and unit, on time, its short history, and "Lấy số nhận kết
// quả", whose tap asks for the ticket with the dossier's status.
func TestScreen_ReadyOffersTicket(t *testing.T) {
	r := newRig(t, screens[0], nil)
	r.open(t, "]Q1"+strings.ToLower(readyCode)+"\r\n")
	for _, want := range []string{
		"Tình trạng hồ sơ", "Mã hồ sơ: " + readyCode, "Đã có kết quả, mời nhận kết quả",
		"Thủ tục đăng ký khai sinh", "01/12/2026", "08/12/2026", "Trả kết quả", "Bộ phận Một cửa", "Đúng hạn",
		"Quá trình giải quyết", "Thẩm định hồ sơ (Công chức Tư pháp – Hộ tịch)", "09:00 03/12/2026",
	} {
		hasText(t, r, want)
	}
	ui.Locked(func() {
		if r.s.TicketKey() == nil {
			t.Fatal("no ticket key for a ready dossier")
		}
		if got, want := r.s.TicketKey().Title, "Lấy số nhận kết quả"; got != want {
			t.Errorf("ticket key %q, want %q", got, want)
		}
		if r.s.HistoryKey() != nil {
			t.Error("a 3-line history has its own page; it should be on the result page")
		}
	})
	tap(r.s.TicketKey())
	if len(r.tickets) != 1 || r.tickets[0].Code != readyCode {
		t.Errorf("tickets asked %v, want one for %s", r.tickets, readyCode)
	}
}

// TestScreen_NotReadyNoTicket: a dossier still being handled says when it
// is due and offers no ticket.
func TestScreen_NotReadyNoTicket(t *testing.T) {
	for _, sc := range []screen{screens[0], screens[1]} {
		t.Run(string(sc.lang), func(t *testing.T) {
			r := newRig(t, sc, nil)
			r.open(t, waitingCode)
			ui.Locked(func() {
				if r.s.TicketKey() != nil {
					t.Error("a ticket key for a dossier not ready")
				}
			})
			want := map[ui.Lang][]string{
				ui.LangVI: {"Đang giải quyết", "Thẩm định hồ sơ", "Công chức Tư pháp – Hộ tịch", "Đúng hạn",
					"Hồ sơ chưa có kết quả. Hẹn trả kết quả ngày 10/12/2026; mời ông/bà quay lại vào ngày đó, chưa cần lấy số."},
				ui.LangEN: {"Being processed", "On time", "Current step",
					"The result is not ready yet. It is promised for 10/12/2026; please come back then, no number is needed now."},
			}[sc.lang]
			for _, w := range want {
				hasText(t, r, w)
			}
			if len(r.tickets) != 0 {
				t.Errorf("tickets asked: %v", r.tickets)
			}
		})
	}
}

// TestScreen_Late: a dossier past its promised day (05/12, now 07/12)
// says how many days late, and sends the citizen to the counter.
func TestScreen_Late(t *testing.T) {
	r := newRig(t, screens[0], nil)
	r.open(t, lateCode)
	hasText(t, r, "Trễ hạn 2 ngày")
	hasText(t, r, "Hồ sơ chưa có kết quả và đã quá ngày hẹn trả 05/12/2026. Xin ông/bà hỏi cán bộ tại quầy.")
	hasText(t, r, "Phòng Kinh tế")
}

func TestLateDays(t *testing.T) {
	st := dossiers.Status{Late: true, Promised: at(5, 12, 0, 0)}
	for _, tt := range []struct {
		now  time.Time
		want int
	}{
		{at(6, 12, 0, 30), 1}, {at(7, 12, 10, 0), 2}, {at(7, 12, 23, 59), 2}, {at(5, 12, 17, 0), 1},
	} {
		if got := LateDays(st, tt.now, ict); got != tt.want {
			t.Errorf("LateDays at %v = %d, want %d", tt.now, got, tt.want)
		}
	}
	st.Finished = at(9, 12, 8, 0)
	if got := LateDays(st, at(20, 12, 0, 0), ict); got != 4 {
		t.Errorf("finished late: %d days, want 4 (to the day it finished)", got)
	}
	if got := LateDays(dossiers.Status{Promised: at(5, 12, 0, 0)}, at(20, 12, 0, 0), ict); got != 0 {
		t.Errorf("not late: %d", got)
	}
}

// TestScreen_Offline: with the one-stop system unreachable, the cache's
// last status is shown with its time and said plainly to be not live.
func TestScreen_Offline(t *testing.T) {
	src := &fakeSource{known: statuses()}
	store, err := dossiers.OpenFileStore(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	c := dossiers.Cached(src, store)
	c.Now, c.Location = func() time.Time { return fixedNow.Add(3 * time.Hour) }, ict
	r := newRig(t, screens[0], c)
	r.open(t, waitingCode)
	src.setOffline(true)
	tap(r.s.AgainKey())
	r.open(t, waitingCode)
	hasText(t, r, "Không kết nối được hệ thống một cửa. Thông tin lúc 10:15 ngày 07/12/2026, có thể đã thay đổi.")
	hasText(t, r, "Thẩm định hồ sơ")
	// One never seen: the plain unreachable sentence, no crash.
	ui.Locked(func() { r.s.Scanned(readyCode) })
	r.waitPage(t, PageError)
	ui.Locked(func() {
		if got, want := r.s.Message(), dossiers.ErrorText(dossiers.ErrUnreachable, "vi"); got != want {
			t.Errorf("message %q, want %q", got, want)
		}
	})
}

// TestScreen_BadCode: a code that is none of the accepted forms gets the
// parser's Vietnamese sentence beside the field, and nothing is asked.
func TestScreen_BadCode(t *testing.T) {
	r := newRig(t, screens[0], nil)
	ui.Locked(func() {
		k := r.s.Keyboard()
		for _, c := range "000.00.13.h12-240231-0001" {
			test.Tap(k.Key(string(c)))
		}
		test.Tap(k.Key("OK"))
	})
	ui.Locked(func() {
		if got := r.s.Page(); got != PageEnter {
			t.Fatalf("page %s, want enter", got)
		}
		_, perr := dossiers.Parse("000.00.13.H12-240231-0001")
		want := dossiers.ErrorText(perr, "vi")
		if got := r.s.Message(); got != want || !strings.Contains(got, "31/02/2024") {
			t.Errorf("message %q, want %q", got, want)
		}
		if got := r.s.Keyboard().Value(); got != "000.00.13.h12-240231-0001" {
			t.Errorf("the field holds %q; the typed code must stay to be mended", got)
		}
	})
	if n := r.src.askedCount(); n != 0 {
		t.Errorf("the source was asked %d times for a refused code", n)
	}
	// Binary garbage from a scanner: refused the same way, never a crash.
	ui.Locked(func() { r.s.Scanned("\x00\xff\xfe garbage") })
	ui.Locked(func() {
		if r.s.Page() != PageEnter || r.s.Message() == "" {
			t.Errorf("garbage scan: page %s, message %q", r.s.Page(), r.s.Message())
		}
	})
	// The sentence follows the language.
	ui.Locked(func() {
		r.s.SetLang(ui.LangEN)
		if got, want := r.s.Message(), dossiers.ErrorText(&dossiers.ParseError{Reason: dossiers.ReasonBinary}, "en"); got != want {
			t.Errorf("after SetLang(en): %q, want %q", got, want)
		}
		r.s.SetLang(ui.LangVI)
	})
	// Empty OK.
	ui.Locked(func() {
		test.Tap(r.s.Keyboard().Key("clear"))
		test.Tap(r.s.Keyboard().Key("OK"))
		if got, want := r.s.Message(), "Ông/bà hãy nhập mã hồ sơ, ví dụ: 000.00.13.H12-240315-0001"; got != want {
			t.Errorf("empty OK: message %q, want %q", got, want)
		}
	})
}

// TestScreen_TypedCode: a code typed key by key on the keyboard is looked up.
func TestScreen_TypedCode(t *testing.T) {
	r := newRig(t, screens[2], nil)
	ui.Locked(func() {
		k := r.s.Keyboard()
		for _, c := range strings.ToLower(readyCode) {
			test.Tap(k.Key(string(c)))
		}
		test.Tap(k.Key("OK"))
	})
	r.waitPage(t, PageResult)
	if got := r.src.asked[0].Code; got != readyCode {
		t.Errorf("asked for %q, want %q", got, readyCode)
	}
}

// TestScreen_NotFoundAndSecret: the system's "no such dossier" and "wrong
// secret" are their own sentences, with a key to type the code again.
func TestScreen_NotFoundAndSecret(t *testing.T) {
	for _, tt := range []struct {
		code string
		err  error
	}{{missingCode, dossiers.ErrNotFound}, {secretCode, dossiers.ErrWrongSecret}} {
		r := newRig(t, screens[0], nil)
		ui.Locked(func() { r.s.Scanned(tt.code) })
		r.waitPage(t, PageError)
		hasText(t, r, dossiers.ErrorText(tt.err, "vi"))
		tap(r.s.AgainKey())
		ui.Locked(func() {
			if r.s.Page() != PageEnter || r.s.Keyboard() == nil {
				t.Errorf("again: page %s", r.s.Page())
			}
		})
	}
}

// TestScreen_LongHistory: a long history has its own pages, turned with
// the paging keys, and leads back to the status.
func TestScreen_LongHistory(t *testing.T) {
	r := newRig(t, screens[0], nil)
	r.open(t, longCode)
	ui.Locked(func() {
		if r.s.HistoryKey() == nil {
			t.Fatal("no history key for 14 steps")
		}
	})
	tap(r.s.HistoryKey())
	hasText(t, r, "Trang 1/3")
	hasText(t, r, "Bước 1: chuyển xử lý hồ sơ")
	ui.Locked(func() {
		if !r.s.PrevKey().Disabled || r.s.NextKey().Disabled {
			t.Error("first page: previous must be off, next on")
		}
	})
	tap(r.s.NextKey())
	tap(r.s.NextKey())
	hasText(t, r, "Trang 3/3")
	hasText(t, r, "Bước 14: chuyển xử lý hồ sơ")
	tap(r.s.BackKey())
	ui.Locked(func() {
		if r.s.Page() != PageResult {
			t.Errorf("back from the history: page %s", r.s.Page())
		}
	})
}

// TestScreen_Done: a returned result says when, and offers no ticket.
func TestScreen_Done(t *testing.T) {
	r := newRig(t, screens[0], nil)
	r.open(t, doneCode)
	hasText(t, r, "Kết quả đã được trả ngày 21/10/2026.")
	ui.Locked(func() {
		if r.s.TicketKey() != nil {
			t.Error("a ticket key for a returned result")
		}
	})
}

// TestScreen_NoResultService: a ready dossier in an office with no
// result-return service sends the citizen to the counter, with no key.
func TestScreen_NoResultService(t *testing.T) {
	test.NewTempApp(t)
	var s *Screen
	ui.Locked(func() {
		s = New(Options{Source: &fakeSource{known: statuses()}, Location: ict, Now: func() time.Time { return fixedNow }, AfterFunc: (&ui.FakeTimers{}).AfterFunc})
		s.Scanned(readyCode)
	})
	deadline := time.Now().Add(10 * time.Second)
	for {
		var p Page
		ui.Locked(func() { p = s.Page() })
		if p == PageResult {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("page %s", p)
		}
		time.Sleep(5 * time.Millisecond)
	}
	ui.Locked(func() {
		if s.TicketKey() != nil {
			t.Error("a ticket key with no OnTicket")
		}
		if !slices.Contains(s.Texts(), "Mời ông/bà đến quầy Trả kết quả để nhận kết quả.") {
			t.Errorf("texts %q", s.Texts())
		}
	})
}

// TestScreen_Idle: left untouched, the screens close for the next citizen
// (the keyboard page waits twice as long); a page shown restarts the time.
func TestScreen_Idle(t *testing.T) {
	r := newRig(t, screens[0], nil)
	r.clock.Advance(DefaultIdle + time.Second)
	if r.closed != 0 {
		t.Fatal("the keyboard page closed after one idle period; it waits two")
	}
	r.clock.Advance(DefaultIdle)
	if r.closed != 1 {
		t.Fatalf("closed %d times after two idle periods on the keyboard, want 1", r.closed)
	}
	r2 := newRig(t, screens[0], nil)
	r2.open(t, waitingCode)
	r2.clock.Advance(DefaultIdle - time.Second)
	tap(r2.s.AgainKey()) // a touch: the enter page again
	r2.open(t, waitingCode)
	r2.clock.Advance(DefaultIdle - time.Second)
	if r2.closed != 0 {
		t.Fatal("closed though touched within the idle time")
	}
	r2.clock.Advance(2 * time.Second)
	if r2.closed != 1 {
		t.Errorf("result page: closed %d times after the idle time, want 1", r2.closed)
	}
}

// TestScreen_StaleAnswerDropped: an answer that comes after the screens
// were closed (Stop) changes nothing.
func TestScreen_StaleAnswerDropped(t *testing.T) {
	block := make(chan struct{})
	src := dossiers.SourceFunc(func(ctx context.Context, ref dossiers.Ref) (dossiers.Status, error) {
		<-block
		return statuses()[readyCode], nil
	})
	r := newRig(t, screens[0], src)
	ui.Locked(func() { r.s.Scanned(readyCode) })
	ui.Locked(func() {
		if r.s.Page() != PageLoading {
			t.Errorf("page %s while asking, want loading", r.s.Page())
		}
		r.s.Stop()
	})
	close(block)
	time.Sleep(50 * time.Millisecond) // nothing to wait for: the answer must be dropped
	ui.Locked(func() {
		if r.s.Page() != PageLoading {
			t.Errorf("page %s after Stop, want it untouched", r.s.Page())
		}
	})
}
