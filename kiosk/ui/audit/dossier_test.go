package audit

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"

	"github.com/motcua-kiosk/motcua/kiosk/dossiers"
	"github.com/motcua-kiosk/motcua/kiosk/ui"
	"github.com/motcua-kiosk/motcua/kiosk/ui/dispenser"
	dossierui "github.com/motcua-kiosk/motcua/kiosk/ui/dossier"
)

// The dossiers the audit's one-stop system knows.
const (
	readyCode   = "000.00.13.H12-261116-0001"
	waitingCode = "000.00.13.H12-261118-0002"
	lateCode    = "000.00.13.H12-261102-0003"
	longCode    = "000.00.13.H12-261101-0004"
	missingCode = "000.00.13.H12-261101-0099"
)

// auditSource is a one-stop system with a ready, a waiting, a late and a
// long-history dossier; offline makes it unreachable.
type auditSource struct {
	mu      sync.Mutex
	offline bool
	hold    chan struct{} // when set, a look-up waits until it is closed
}

func (a *auditSource) setOffline(v bool) { a.mu.Lock(); a.offline = v; a.mu.Unlock() }

// holdOn makes the next look-ups wait (the loading page stays up) until
// the returned func lets them go.
func (a *auditSource) holdOn() (release func()) {
	ch := make(chan struct{})
	a.mu.Lock()
	a.hold = ch
	a.mu.Unlock()
	return func() {
		a.mu.Lock()
		a.hold = nil
		a.mu.Unlock()
		close(ch)
	}
}

func (a *auditSource) Lookup(ctx context.Context, ref dossiers.Ref) (dossiers.Status, error) {
	a.mu.Lock()
	hold := a.hold
	a.mu.Unlock()
	if hold != nil {
		select {
		case <-hold:
		case <-ctx.Done():
			return dossiers.Status{}, ctx.Err()
		}
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.offline {
		return dossiers.Status{}, fmt.Errorf("audit: %w", dossiers.ErrUnreachable)
	}
	day := func(d, m int) time.Time { return time.Date(2026, time.Month(m), d, 9, 0, 0, 0, time.Local) }
	st := dossiers.Status{Code: ref.Code, Procedure: "Thủ tục đăng ký khai sinh", Agency: "UBND xã Tân Thành", AsOf: fixedNow, Source: "audit",
		State: dossiers.StateProcessing, Received: day(16, 11), Promised: day(25, 11),
		Step: dossiers.Step{Name: "Thẩm định hồ sơ", Unit: "Công chức Tư pháp – Hộ tịch"}}
	switch ref.Code {
	case readyCode:
		st.State, st.Ready, st.Finished = dossiers.StateReady, true, day(20, 11)
		st.Step = dossiers.Step{Name: "Trả kết quả", Unit: "Bộ phận Một cửa"}
		st.History = []dossiers.Entry{{At: day(16, 11), Text: "Tiếp nhận hồ sơ"}, {At: day(20, 11), Text: "Chuyển trả kết quả"}}
	case waitingCode:
		st.Procedure = "Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan tổ chức có thẩm quyền của Việt Nam cấp hoặc chứng nhận"
		st.Received = day(18, 11)
	case lateCode:
		st.State, st.Late, st.Received, st.Promised = dossiers.StatePaused, true, day(2, 11), day(16, 11)
		st.Step = dossiers.Step{Name: "Chờ ý kiến cơ quan liên quan", Unit: "Phòng Kinh tế"}
	case longCode:
		st.Received, st.Promised = day(1, 11), day(30, 11)
		for i := range 14 {
			st.History = append(st.History, dossiers.Entry{At: day(1+i, 11), Text: fmt.Sprintf("Bước %d: chuyển xử lý hồ sơ", i+1)})
		}
	default:
		return dossiers.Status{}, fmt.Errorf("audit: %w", dossiers.ErrNotFound)
	}
	return st, nil
}

// dossierRows walks the dossier look-up's pages, opened from the home
// screen's "Tra cứu hồ sơ", with codes as the slip scanner gives them:
// the enter page, the loading page (the one-stop system slow to answer), a ready result (its "Lấy số nhận kết quả"), one in
// progress, a late one, the long history, the offline status (the
// cache's, marked not live) and the error page.
func dossierRows(t *testing.T, lang ui.Lang, size fyne.Size) []row {
	src := &auditSource{}
	store, err := dossiers.OpenFileStore(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	c := dossiers.Cached(src, store)
	c.Now = func() time.Time { return fixedNow }
	e := newEnv(t, lang, size, func(o *dispenser.Options) { o.Dossiers = c })
	var rows []row
	// The home screen as an office with dossiers has it: one more key in
	// its bottom bar.
	rows = append(rows, e.row("dispenser home, with \"Tra cứu hồ sơ\"", e.lookAs("dispenser home with dossier key"), "as dispenser home", ""))

	e.tapf(func() fyne.Tappable { return e.d.DossierButton() })
	e.waitScreen(dispenser.ScreenDossier)
	var s *dossierui.Screen
	ui.Locked(func() { s = e.d.Dossier() })
	page := func(name string, want dossierui.Page) {
		e.t.Helper()
		for end := time.Now().Add(30 * time.Second); ; time.Sleep(time.Millisecond) {
			var got dossierui.Page
			ui.Locked(func() { got = s.Page() })
			if got == want {
				break
			}
			if time.Now().After(end) {
				e.t.Fatalf("%s: dossier page %s, want %s", name, got, want)
			}
		}
		e.settle()
		d := e.lookAs(name)
		tm, p := e.warned(s.Countdown, func() (ok bool) { ui.Locked(func() { ok = s.Page() == want }); return ok })
		rows = append(rows, e.row(name, d, tm, p))
		ui.Locked(func() { s.Countdown().Extend() })
	}
	scan := func(code string) { ui.Locked(func() { e.d.ScannedCode(code) }) }
	page("dossier: enter code", dossierui.PageEnter)
	release := src.holdOn()
	scan(readyCode)
	page("dossier: loading", dossierui.PageLoading)
	release()
	page("dossier: result ready", dossierui.PageResult)
	scan(waitingCode)
	page("dossier: result in progress", dossierui.PageResult)
	scan(lateCode)
	page("dossier: result late", dossierui.PageResult)
	scan(longCode)
	page("dossier: result, long history", dossierui.PageResult)
	e.tapf(func() fyne.Tappable { return s.HistoryKey() })
	page("dossier: history", dossierui.PageHistory)
	src.setOffline(true)
	scan(waitingCode)
	page("dossier: offline (last known)", dossierui.PageResult)
	src.setOffline(false)
	scan(missingCode)
	page("dossier: error (not found)", dossierui.PageError)
	e.home()
	return rows
}
