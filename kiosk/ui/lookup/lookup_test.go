package lookup

import (
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"

	"github.com/motcua-kiosk/motcua/kiosk/procedures"
	"github.com/motcua-kiosk/motcua/kiosk/ui"
)

var (
	portrait  = fyne.NewSize(1080, 1920)
	landscape = fyne.NewSize(1920, 1080)
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

var fixedNow = time.Date(2026, 12, 7, 9, 30, 0, 0, time.Local)

// rig is the look-up on the shipped catalogue in a test window.
type rig struct {
	s        *Screen
	w        fyne.Window
	mu       sync.Mutex
	tickets  []string
	printed  [][]string
	printErr error
	closed   int
	clock    *ui.FakeTimers
}

func shipped(t testing.TB) *procedures.Index {
	t.Helper()
	x, err := procedures.Shipped()
	if err != nil {
		t.Fatal(err)
	}
	return x
}

func newRig(t *testing.T, sc screen, cat procedures.Catalogue, services map[string]string) *rig {
	t.Helper()
	test.NewTempApp(t)
	r := &rig{clock: &ui.FakeTimers{}}
	ui.Locked(func() {
		r.s = New(Options{AfterFunc: r.clock.AfterFunc,
			Catalogue: cat, Lang: sc.lang, Now: func() time.Time { return fixedNow },
			OnTicket: func(code string) { r.mu.Lock(); r.tickets = append(r.tickets, code); r.mu.Unlock() },
			OnPrint: func(lines []string) error {
				r.mu.Lock()
				defer r.mu.Unlock()
				r.printed = append(r.printed, lines)
				return r.printErr
			},
			OnClose:    func() { r.closed++ },
			ServiceFor: func(p procedures.Procedure) string { return procedures.ServiceFor(cat, p, services) },
		})
		r.w = test.NewWindow(container.NewThemeOverride(r.s.Content(), ui.Theme{}))
		r.w.SetPadded(false)
		r.w.Resize(sc.size)
	})
	t.Cleanup(func() { ui.Locked(func() { r.w.Close() }) })
	return r
}

func tap(b *ui.BigButton) { ui.Locked(func() { test.Tap(b) }) }

// search types q on the keyboard as a citizen would and presses OK.
func (r *rig) search(t *testing.T, q string) {
	t.Helper()
	tap(r.s.SearchKey())
	ui.Locked(func() {
		k := r.s.Keyboard()
		if k == nil {
			t.Fatalf("no keyboard after the search key (page %s)", r.s.Page())
		}
		for _, c := range q {
			name := string(c)
			if c == ' ' {
				name = "space"
			}
			test.Tap(k.Key(name))
		}
		test.Tap(k.Key("OK"))
	})
}

// TestScreen_SearchKhaiSinh: "khai sinh" typed on the keyboard lists the
// birth registration first, and its key opens its page.
func TestScreen_SearchKhaiSinh(t *testing.T) {
	r := newRig(t, screens[0], shipped(t), nil)
	r.search(t, "khai sinh")
	ui.Locked(func() {
		if got, want := r.s.Page(), PageResults; got != want {
			t.Fatalf("page %s, want %s", got, want)
		}
		ids := r.s.ResultIDs()
		if len(ids) == 0 || !slices.Contains(ids[:min(3, len(ids))], "khai-sinh") {
			t.Fatalf("results %v, want khai-sinh in the top 3", ids)
		}
		b := r.s.ResultKey("khai-sinh")
		if b == nil {
			t.Fatal("no key for khai-sinh on the first page")
		}
		if got, want := b.Title, "Đăng ký khai sinh"; got != want {
			t.Errorf("key title %q, want %q", got, want)
		}
		test.Tap(b)
		if got, want := r.s.Page(), PageProcedure; got != want {
			t.Fatalf("page %s, want %s", got, want)
		}
		if got := r.s.Procedure().ID; got != "khai-sinh" {
			t.Errorf("procedure %q open, want khai-sinh", got)
		}
	})
}

// TestScreen_SearchNothing: a query that matches nothing says so, with advice.
func TestScreen_SearchNothing(t *testing.T) {
	r := newRig(t, screens[0], shipped(t), nil)
	r.search(t, "qqqzzz")
	ui.Locked(func() {
		if got := len(r.s.ResultIDs()); got != 0 {
			t.Fatalf("%d results for qqqzzz", got)
		}
		if !hasText(r.s, "Không tìm thấy thủ tục nào") {
			t.Error(`no "Không tìm thấy thủ tục nào"`)
		}
		if r.s.SearchKey() == nil {
			t.Fatal(`no "Tìm lại" key`)
		}
		test.Tap(r.s.SearchKey())
		if got, want := r.s.Keyboard().Value(), "qqqzzz"; got != want {
			t.Errorf("Tìm lại: keyboard holds %q, want the words typed %q", got, want)
		}
		test.Tap(r.s.Keyboard().Key("cancel"))
		test.Tap(r.s.SearchKey())
		if got := r.s.Keyboard().Value(); got != "" {
			t.Errorf("a new search from the start page holds %q, want it empty", got)
		}
	})
}

func hasText(s *Screen, want string) bool {
	for _, t := range s.texts {
		if t.Text == want {
			return true
		}
	}
	return false
}

// TestScreen_FieldLists: a field's key lists its procedures, in the
// catalogue's order.
func TestScreen_FieldLists(t *testing.T) {
	cat := shipped(t)
	r := newRig(t, screens[0], cat, nil)
	ui.Locked(func() {
		b := r.s.FieldKey("ho-tich")
		if b == nil {
			t.Fatal("no Hộ tịch key on the first page")
		}
		test.Tap(b)
		want := cat.ByField("ho-tich")
		got := r.s.ResultIDs()
		if len(got) != len(want) || len(got) == 0 {
			t.Fatalf("%d procedures listed, want %d", len(got), len(want))
		}
		for i := range want {
			if got[i] != want[i].ID {
				t.Errorf("result %d is %s, want %s", i, got[i], want[i].ID)
			}
		}
	})
}

// TestScreen_Paging: the paging keys move page by page, the previous key
// is disabled on the first page and the next key on the last.
func TestScreen_Paging(t *testing.T) {
	cat := shipped(t)
	r := newRig(t, screens[0], cat, nil)
	ui.Locked(func() {
		_, per := r.s.fieldsPerPage()
		fields := cat.Fields()
		if len(fields) <= per {
			t.Fatalf("%d fields, one page: the case needs more than %d", len(fields), per)
		}
		if !r.s.PrevKey().Disabled || r.s.NextKey().Disabled {
			t.Fatalf("first page: prev disabled %t, next disabled %t", r.s.PrevKey().Disabled, r.s.NextKey().Disabled)
		}
		test.Tap(r.s.PrevKey()) // disabled: nothing moves
		if r.s.FieldKey(fields[0].ID) == nil {
			t.Fatal("a disabled previous key turned the page")
		}
		pages := (len(fields) + per - 1) / per
		for i := 1; i < pages; i++ {
			test.Tap(r.s.NextKey())
		}
		if r.s.FieldKey(fields[len(fields)-1].ID) == nil {
			t.Fatalf("last page does not show the last field %s", fields[len(fields)-1].ID)
		}
		if r.s.PrevKey().Disabled || !r.s.NextKey().Disabled {
			t.Fatalf("last page: prev disabled %t, next disabled %t", r.s.PrevKey().Disabled, r.s.NextKey().Disabled)
		}
		test.Tap(r.s.NextKey())
		if r.s.FieldKey(fields[len(fields)-1].ID) == nil {
			t.Fatal("a disabled next key turned the page")
		}
		test.Tap(r.s.PrevKey())
		if r.s.FieldKey(fields[len(fields)-per*(pages-1)-1].ID) == nil && r.s.FieldKey(fields[per*(pages-2)].ID) == nil {
			t.Fatal("previous key did not go back a page")
		}
		test.Tap(r.s.BackKey())
		if r.closed != 1 {
			t.Error("Quay lại on the start page did not close the look-up")
		}
	})
}

func openKhaiSinh(t *testing.T, r *rig) {
	t.Helper()
	ui.Locked(func() {
		p, ok := r.s.o.Catalogue.Get("khai-sinh")
		if !ok {
			t.Fatal("no khai-sinh")
		}
		r.s.openProcedure(p)
	})
}

// TestScreen_Ticket: "Lấy số cho thủ tục này" calls OnTicket with the
// service the procedure maps to, and is absent without a mapping.
func TestScreen_Ticket(t *testing.T) {
	r := newRig(t, screens[0], shipped(t), map[string]string{"ho-tich": "A"})
	openKhaiSinh(t, r)
	if r.s.TicketKey() == nil {
		t.Fatal("no ticket key with ho-tich mapped to A")
	}
	tap(r.s.TicketKey())
	if got, want := r.tickets, []string{"A"}; !slices.Equal(got, want) {
		t.Errorf("tickets %v, want %v", got, want)
	}
	r2 := newRig(t, screens[0], shipped(t), nil)
	openKhaiSinh(t, r2)
	if r2.s.TicketKey() != nil {
		t.Error("ticket key shown without a service")
	}
}

// TestScreen_Print: the print key sends the documents, shows "Đang in…"
// and then that it printed, or the error.
func TestScreen_Print(t *testing.T) {
	r := newRig(t, screens[0], shipped(t), nil)
	openKhaiSinh(t, r)
	r.mu.Lock() // the printer hangs until the test has seen "Đang in…"
	tap(r.s.PrintKey())
	ui.Locked(func() {
		if got, want := r.s.Status(), "Đang in…"; got != want {
			t.Errorf("status %q while printing, want %q", got, want)
		}
	})
	r.mu.Unlock()
	waitFor(t, "printed", func() bool { return r.s.Status() == ui.Tr{Lang: ui.LangVI}.L("lookup.print.done") })
	r.mu.Lock()
	lines := r.printed[0]
	r.mu.Unlock()
	all := strings.Join(lines, "\n")
	for _, want := range []string{"Đăng ký khai sinh", "- Tờ khai đăng ký khai sinh: 1 bản chính", "Trường hợp: Trẻ bị bỏ rơi", "Giấy chứng sinh"} {
		if !strings.Contains(all, want) {
			t.Errorf("printed list lacks %q:\n%s", want, all)
		}
	}
	r.mu.Lock()
	r.printErr = errors.New("paper out")
	r.mu.Unlock()
	tap(r.s.PrintKey())
	waitFor(t, "print error", func() bool { return r.s.Status() == ui.Tr{Lang: ui.LangVI}.L("lookup.print.failed") })
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		ok := false
		ui.Locked(func() { ok = cond() })
		if ok {
			return
		}
		time.Sleep(time.Millisecond)
	}
	t.Fatalf("timed out waiting for %s", what)
}

// TestScreen_QR: a procedure with the portal's link has a QR, one without
// has none.
func TestScreen_QR(t *testing.T) {
	cat := shipped(t)
	f := cat.File()
	f.Procedures = slices.Clone(f.Procedures) // the shipped index is shared
	for i := range f.Procedures {
		if f.Procedures[i].ID == "khai-sinh" {
			f.Procedures[i].PortalURL = "https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc=1.001193"
		}
	}
	withURL, err := procedures.New(f)
	if err != nil {
		t.Fatal(err)
	}
	for _, sc := range []screen{screens[0], screens[3]} {
		r := newRig(t, sc, withURL, map[string]string{"ho-tich": "A"})
		openKhaiSinh(t, r)
		if !r.s.HasQR() {
			t.Errorf("%s: no QR for a procedure with its portal link", sc.name())
		}
		ui.Locked(func() { fits(t, r, sc.size, "procedure with QR") })
		capture(t, r, sc, "procedure-qr")
	}
	r2 := newRig(t, screens[0], cat, nil)
	openKhaiSinh(t, r2)
	if r2.s.HasQR() {
		t.Error("a QR for a procedure without a link")
	}
}

// TestScreen_ProcedurePaging: the birth registration's page in landscape
// takes more than one page; the next key walks to the last, where it is
// disabled, each page shows other lines, and the previous key comes back.
func TestScreen_ProcedurePaging(t *testing.T) {
	r := newRig(t, screens[3], shipped(t), nil)
	openKhaiSinh(t, r)
	ui.Locked(func() {
		pages := len(r.s.sections)
		if pages < 2 || r.s.NextKey() == nil {
			t.Fatalf("%d page(s) in landscape, want more than one (the case under test)", pages)
		}
		seen := map[string]bool{}
		for i := 0; i < pages; i++ {
			if got, want := r.s.PrevKey().Disabled, i == 0; got != want {
				t.Errorf("page %d: previous disabled %t, want %t", i+1, got, want)
			}
			if got, want := r.s.NextKey().Disabled, i == pages-1; got != want {
				t.Errorf("page %d: next disabled %t, want %t", i+1, got, want)
			}
			first := r.s.sections[r.s.procPage][1].text
			if seen[first] {
				t.Errorf("page %d repeats %q", i+1, first)
			}
			seen[first] = true
			test.Tap(r.s.NextKey())
		}
		if got := r.s.procPage; got != pages-1 {
			t.Errorf("after tapping past the end, page %d, want the last %d", got+1, pages)
		}
		test.Tap(r.s.PrevKey())
		if got := r.s.procPage; got != pages-2 {
			t.Errorf("previous: page %d, want %d", got+1, pages-1)
		}
		// Every filled section is somewhere, none empty is.
		var heads []string
		for _, pg := range r.s.sections {
			for _, it := range pg {
				if it.head && !strings.HasSuffix(it.text, r.s.tr.L("lookup.continued")) {
					heads = append(heads, it.text)
				}
			}
		}
		want := []string{"Time to result and fees", "Documents to bring", "Steps", "Result", "Legal basis", "Handled by"}
		if !slices.Equal(heads, want) {
			t.Errorf("sections %q, want %q", heads, want)
		}
	})
}

// TestScreen_Turns: the start page follows the window from portrait to
// landscape (four fields a row instead of two), and English shows the
// fields' English names.
func TestScreen_Turns(t *testing.T) {
	r := newRig(t, screens[1], shipped(t), nil)
	ui.Locked(func() {
		a, b := r.s.FieldKey("ho-tich"), r.s.FieldKey("dat-dai")
		if a == nil || b == nil {
			t.Fatal("no Hộ tịch or Đất đai key")
		}
		if got, want := a.Title, "Civil status"; got != want {
			t.Errorf("English field key %q, want %q", got, want)
		}
		if a.Position().Y == b.Position().Y {
			t.Error("portrait: fields 1 and 4 on one row, want two a row")
		}
		r.w.Resize(landscape)
		a, b = r.s.FieldKey("ho-tich"), r.s.FieldKey("dat-dai")
		if a.Position().Y != b.Position().Y {
			t.Error("landscape: fields 1 and 4 on two rows, want four a row")
		}
	})
}

// TestScreen_Idle: left untouched for Idle the look-up closes and is back
// on its start page; a tap before then restarts the time; after a ticket
// it never closes on its own (the dispenser shows the ticket).
func TestScreen_Idle(t *testing.T) {
	r := newRig(t, screens[0], shipped(t), map[string]string{"ho-tich": "A"})
	tap(r.s.FieldKey("ho-tich"))
	r.clock.Advance(DefaultIdle - time.Second)
	tap(r.s.ResultKey("khai-sinh")) // touched: the time starts again
	r.clock.Advance(DefaultIdle - time.Second)
	ui.Locked(func() {
		if r.closed != 0 || r.s.Page() != PageProcedure {
			t.Fatalf("closed %d time(s), page %s before the idle time since the last tap", r.closed, r.s.Page())
		}
	})
	r.clock.Advance(time.Second)
	ui.Locked(func() {
		if r.closed != 1 || r.s.Page() != PageStart {
			t.Fatalf("after the idle time: closed %d time(s), page %s; want 1, start", r.closed, r.s.Page())
		}
	})
	r.clock.Advance(10 * DefaultIdle)
	if r.closed != 1 {
		t.Errorf("closed %d times after it was closed, want 1", r.closed)
	}

	r2 := newRig(t, screens[0], shipped(t), map[string]string{"ho-tich": "A"})
	openKhaiSinh(t, r2)
	tap(r2.s.TicketKey())
	r2.clock.Advance(10 * DefaultIdle)
	if r2.closed != 0 {
		t.Errorf("closed %d time(s) after a ticket, want none", r2.closed)
	}
}
