package web_test

import (
	"context"
	"html"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	kb "github.com/motcua-kiosk/motcua/kiosk/bookings"
	"github.com/motcua-kiosk/motcua/kiosk/queue"
	"github.com/motcua-kiosk/motcua/server/app"
	"github.com/motcua-kiosk/motcua/server/bookings"
	"github.com/motcua-kiosk/motcua/server/db"
	"github.com/motcua-kiosk/motcua/server/web"
)

// The booking fixture's office is in Hà Nội (Asia/Ho_Chi_Minh, UTC+7):
// the Makefile runs this package under TZ=UTC too, where a page that used
// the machine's zone would say 02:00 for the 09:00 slot.
var (
	hanoi, _   = time.LoadLocation("Asia/Ho_Chi_Minh")
	bookingNow = time.Date(2026, 12, 7, 14, 0, 0, 0, hanoi) // a Monday afternoon
)

type bookingEnv struct {
	db      *db.DB
	srv     *httptest.Server
	clock   *clock
	svc     *bookings.Service
	office  string // "Trung tâm … phường Bến Thành": service A books
	office2 string
}

// bookingRules: service A books Monday to Friday 08:00–10:00 in 30-minute
// slots of one place; Thursday 10/12/2026 is a blackout day and Friday
// 11/12/2026 a holiday of the queue; one booking per phone per day.
func bookingRules() (queue.Config, kb.Rules) {
	cfg := queue.DefaultConfig()
	cfg.TimeZone = "Asia/Ho_Chi_Minh"
	cfg.Holidays = []string{"2026-12-11"}
	r := kb.DefaultRules()
	r.WindowDays = 14
	r.Blackout = []string{"2026-12-10"}
	r.Services = []kb.ServiceRules{{Service: "A", Slots: []kb.SlotRule{{Days: []time.Weekday{time.Monday, time.Tuesday,
		time.Wednesday, time.Thursday, time.Friday}, From: "08:00", To: "10:00", Minutes: 30, PerSlot: 1}}}}
	return cfg, r
}

func newBookingEnv(t *testing.T, offices int, opt web.Options) *bookingEnv {
	t.Helper()
	ctx := context.Background()
	d := openSQLite(t)
	clk := &clock{t: bookingNow}
	d.SetClock(clk.Now)
	e := &bookingEnv{db: d, clock: clk}
	e.svc = bookings.New(d, bookings.Options{Now: clk.Now, Logger: slog.New(slog.DiscardHandler)})
	for i, name := range []string{"Trung tâm Phục vụ hành chính công phường Bến Thành", "Trung tâm Phục vụ hành chính công xã Tân Hòa"}[:offices] {
		o, err := d.CreateOffice(ctx, name)
		if err != nil {
			t.Fatal(err)
		}
		cfg, r := bookingRules()
		cfg.Office.Name, cfg.Office.NameEN = name, ""
		if err := e.svc.PutRules(ctx, o.ID, cfg, r); err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			e.office = o.ID
		} else {
			e.office2 = o.ID
		}
	}
	opt.Now, opt.Bookings, opt.Logger = clk.Now, e.svc, slog.New(slog.DiscardHandler)
	w, err := web.New(d, opt)
	if err != nil {
		t.Fatal(err)
	}
	a := app.New(d, app.Options{Logger: opt.Logger})
	w.Register(a)
	e.srv = httptest.NewServer(a.Handler())
	t.Cleanup(e.srv.Close)
	return e
}

func (e *bookingEnv) client(t *testing.T) *http.Client {
	return (&env{srv: e.srv}).client(t)
}

var (
	codeRE   = regexp.MustCompile(`^/b/([A-Z0-9]{7})\?new=1$`)
	choiceRE = regexp.MustCompile(`<a href="([^"]+)"><span class="label">([^<]+)</span>(?: <span class="note">([^<]+)</span>)?</a>`)
	fullRE   = regexp.MustCompile(`<span class="full" aria-disabled="true"><span>([^<]+)</span>`)
)

type link struct{ url, label, note string }

func choices(body string) []link {
	var out []link
	for _, m := range choiceRE.FindAllStringSubmatch(body, -1) {
		out = append(out, link{html.UnescapeString(m[1]), html.UnescapeString(m[2]), html.UnescapeString(m[3])})
	}
	return out
}

func labels(ls []link) string {
	var s []string
	for _, l := range ls {
		s = append(s, l.label)
	}
	return strings.Join(s, "|")
}

// book walks the steps to the phone form of slot hhmm on day and posts
// phone; it returns the POST's answer.
func (e *bookingEnv) book(t *testing.T, c *http.Client, day, hhmm, phone string) resp {
	t.Helper()
	u := e.srv.URL + "/book/" + e.office + "/A/" + day + "/" + hhmm
	form := do(t, c, "GET", u, nil)
	if form.code != http.StatusOK {
		t.Fatalf("GET %s = %d:\n%s", u, form.code, form.body)
	}
	return do(t, c, "POST", u, url.Values{"token": {find(t, tokenRE, form.body)}, "phone": {phone}})
}

func (e *bookingEnv) bookOK(t *testing.T, c *http.Client, day, hhmm, phone string) string {
	t.Helper()
	r := e.book(t, c, day, hhmm, phone)
	m := codeRE.FindStringSubmatch(r.header.Get("Location"))
	if r.code != http.StatusSeeOther || m == nil {
		t.Fatalf("book %s %s = %d %q, want 303 to /b/CODE?new=1:\n%s", day, hhmm, r.code, r.header.Get("Location"), r.body)
	}
	return m[1]
}

// TestBooking_Steps walks the flow as plain GETs: offices, services, the
// window's days (a blackout day, a holiday, the weekend and today's past
// slots not offered), the day's slots with their places, the phone form
// and the booking's page, every time on the office's clock.
func TestBooking_Steps(t *testing.T) {
	e := newBookingEnv(t, 2, web.Options{})
	c := e.client(t)
	r := do(t, c, "GET", e.srv.URL+"/book", nil)
	if got := labels(choices(r.body)); r.code != 200 || !strings.Contains(got, "phường Bến Thành") || !strings.Contains(got, "xã Tân Hòa") {
		t.Fatalf("offices = %d %q, want both offices", r.code, got)
	}
	r = do(t, c, "GET", e.srv.URL+"/book/"+e.office, nil)
	if got := choices(r.body); len(got) != 1 || got[0].label != "Đất đai" || got[0].url != "/book/"+e.office+"/A" {
		t.Fatalf("services = %+v, want Đất đai only", got)
	}
	r = do(t, c, "GET", e.srv.URL+"/book/"+e.office+"/A", nil)
	days := choices(r.body)
	want := []string{"Thứ Ba, 08/12/2026", "Thứ Tư, 09/12/2026", "Thứ Hai, 14/12/2026", "Thứ Ba, 15/12/2026", "Thứ Tư, 16/12/2026",
		"Thứ Năm, 17/12/2026", "Thứ Sáu, 18/12/2026", "Thứ Hai, 21/12/2026"}
	if got := labels(days); got != strings.Join(want, "|") {
		t.Errorf("days = %q,\nwant %q", got, strings.Join(want, "|"))
	}
	if days[0].note != "còn 4 chỗ" || days[0].url != "/book/"+e.office+"/A/2026-12-08" {
		t.Errorf("first day = %+v, want 4 places at /book/…/A/2026-12-08", days[0])
	}
	r = do(t, c, "GET", e.srv.URL+days[0].url, nil)
	slots := choices(r.body)
	if got := labels(slots); got != "08:00 – 08:30|08:30 – 09:00|09:00 – 09:30|09:30 – 10:00" {
		t.Errorf("slots = %q, want 08:00 … 10:00 on the office's clock", got)
	}
	if slots[2].note != "còn 1 chỗ" || slots[2].url != "/book/"+e.office+"/A/2026-12-08/0900" {
		t.Errorf("09:00 slot = %+v", slots[2])
	}
	r = do(t, c, "GET", e.srv.URL+slots[2].url, nil)
	for _, s := range []string{"Thứ Ba, 08/12/2026 lúc 09:00", "Đất đai", "phường Bến Thành", `name="phone"`, `type="tel"`} {
		if !strings.Contains(r.body, s) {
			t.Errorf("phone step lacks %q", s)
		}
	}
	code := e.bookOK(t, c, "2026-12-08", "0900", "0912 345 678")
	r = do(t, c, "GET", e.srv.URL+"/b/"+code+"?new=1", nil)
	for _, s := range []string{kb.FormatCode(code), "Đã đặt lịch hẹn thành công", "Thứ Ba, 08/12/2026 lúc 09:00",
		"Đến quầy lấy số từ 08:45 đến 09:10", "Trung tâm Phục vụ hành chính công phường Bến Thành", "Đất đai",
		`src="data:image/png;base64,`, `href="/cancel?code=` + code + `"`} {
		if !strings.Contains(r.body, s) {
			t.Errorf("booking page lacks %q:\n%s", s, r.body)
		}
	}
	// The place is taken: the slot shows full, the day one place fewer.
	r = do(t, c, "GET", e.srv.URL+days[0].url, nil)
	if full := fullRE.FindAllStringSubmatch(r.body, -1); len(full) != 1 || full[0][1] != "09:00 – 09:30" {
		t.Errorf("full slots = %v, want 09:00 only", full)
	}
	r = do(t, c, "GET", e.srv.URL+"/book/"+e.office+"/A", nil)
	if got := choices(r.body)[0].note; got != "còn 3 chỗ" {
		t.Errorf("first day after booking: %q, want còn 3 chỗ", got)
	}
	// English through the page's language switch.
	r = do(t, c, "GET", e.srv.URL+"/b/"+code+"?lang=en", nil)
	for _, s := range []string{"Tuesday, 08/12/2026 at 09:00", "Get your ticket at the kiosk between 08:45 and 09:10", "Land"} {
		if !strings.Contains(r.body, s) {
			t.Errorf("English booking page lacks %q", s)
		}
	}
}

// TestBooking_OneOffice: with one office, /book goes straight to its
// services.
func TestBooking_OneOffice(t *testing.T) {
	e := newBookingEnv(t, 1, web.Options{})
	r := do(t, e.client(t), "GET", e.srv.URL+"/book", nil)
	if r.code != http.StatusSeeOther || r.header.Get("Location") != "/book/"+e.office {
		t.Fatalf("/book = %d %q, want 303 to the office", r.code, r.header.Get("Location"))
	}
}

// TestBooking_Refused: every refusal is the rules' sentence
// (kiosk/bookings.Message), the form keeps what was typed, nothing is
// written.
func TestBooking_Refused(t *testing.T) {
	e := newBookingEnv(t, 1, web.Options{})
	c := e.client(t)
	ctx := context.Background()
	count := func() int {
		var n int
		if err := e.db.SQL().QueryRowContext(ctx, "SELECT count(*) FROM bookings").Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	r := e.book(t, c, "2026-12-08", "0900", "0912 345")
	if r.code != http.StatusUnprocessableEntity || !strings.Contains(r.body, kb.Message(kb.ErrPhone, "vi")) || !strings.Contains(r.body, `value="0912 345"`) {
		t.Errorf("bad phone = %d, want 422 with the phone sentence and the number kept:\n%s", r.code, r.body)
	}
	if n := count(); n != 0 {
		t.Fatalf("%d bookings after a refusal", n)
	}
	e.bookOK(t, c, "2026-12-08", "0900", "0912345678")
	// The same phone again that day: the per-phone limit.
	r = e.book(t, c, "2026-12-08", "0930", "0912 345 678")
	if r.code != http.StatusUnprocessableEntity || !strings.Contains(r.body, kb.Message(kb.ErrPhoneLimit, "vi")) || !strings.Contains(r.body, `value="0912 345 678"`) {
		t.Errorf("second booking of a phone = %d, want the per-phone sentence:\n%s", r.code, r.body)
	}
	// The full slot: its phone step says so before anyone types.
	u := e.srv.URL + "/book/" + e.office + "/A/2026-12-08/0900"
	r = do(t, c, "GET", u, nil)
	if !strings.Contains(r.body, kb.Message(kb.ErrFull, "vi")) || strings.Contains(r.body, `name="phone"`) || !strings.Contains(r.body, `id="retry"`) {
		t.Errorf("full slot's phone step:\n%s", r.body)
	}
	// A POST to it anyway (a page left open): the rules refuse it.
	tok := find(t, tokenRE, do(t, c, "GET", e.srv.URL+"/book/"+e.office+"/A/2026-12-08/0800", nil).body)
	r = do(t, c, "POST", u, url.Values{"token": {tok}, "phone": {"0987654321"}})
	if r.code != http.StatusUnprocessableEntity || !strings.Contains(r.body, kb.Message(kb.ErrFull, "vi")) {
		t.Errorf("POST to a full slot = %d:\n%s", r.code, r.body)
	}
	// Out of the window, not a slot, a blackout day.
	for _, tc := range []struct {
		day, hhmm string
		want      error
	}{
		{"2027-01-05", "0900", kb.ErrTooFar},
		{"2026-12-08", "0910", kb.ErrNoSlot},
		{"2026-12-10", "0900", kb.ErrNoSlot},
	} {
		r := do(t, c, "POST", e.srv.URL+"/book/"+e.office+"/A/"+tc.day+"/"+tc.hhmm, url.Values{"token": {tok}, "phone": {"0987654321"}})
		if r.code != http.StatusUnprocessableEntity || !strings.Contains(r.body, kb.Message(tc.want, "vi")) {
			t.Errorf("POST %s %s = %d, want %q", tc.day, tc.hhmm, r.code, kb.Message(tc.want, "vi"))
		}
	}
	// A forged or missing token.
	r = do(t, e.client(t), "POST", u, url.Values{"token": {tok}, "phone": {"0987654321"}})
	if r.code != http.StatusForbidden {
		t.Errorf("POST with another browser's token = %d, want 403", r.code)
	}
	if n := count(); n != 1 {
		t.Errorf("%d bookings, want the one made", n)
	}
	for _, u := range []string{"/book/nosuch", "/book/" + e.office + "/B", "/book/" + e.office + "/A/2026-13-01", "/book/" + e.office + "/A/2026-12-08/9x00", "/b/NOTACODE", "/b/2222222"} {
		if r := do(t, c, "GET", e.srv.URL+u, nil); r.code != http.StatusNotFound {
			t.Errorf("GET %s = %d, want 404", u, r.code)
		}
	}
}

// TestBooking_Cancel: a wrong phone and an unknown code read the same; a
// right one cancels and erases the number; a second cancel says the
// booking has ended; the form keeps what was typed.
func TestBooking_Cancel(t *testing.T) {
	e := newBookingEnv(t, 1, web.Options{})
	c := e.client(t)
	code := e.bookOK(t, c, "2026-12-09", "0830", "0912345678")
	form := do(t, c, "GET", e.srv.URL+"/cancel?code="+code, nil)
	if !strings.Contains(form.body, `value="`+kb.FormatCode(code)+`"`) {
		t.Errorf("cancel form is not filled with the code:\n%s", form.body)
	}
	tok := find(t, tokenRE, form.body)
	post := func(code, phone string) resp {
		return do(t, c, "POST", e.srv.URL+"/cancel", url.Values{"token": {tok}, "code": {code}, "phone": {phone}})
	}
	// Another valid code nobody holds.
	other, err := kb.NewCode(strings.NewReader(strings.Repeat("\x05", 64)))
	if err != nil || other == code {
		t.Fatalf("other code %q, %v", other, err)
	}
	mismatch, notFound := post(strings.ToLower(kb.FormatCode(code)), "0987654321"), post(other, "0912345678")
	sentence := "Mã hẹn và số điện thoại không khớp với lịch hẹn nào đang chờ"
	for name, r := range map[string]resp{"mismatch": mismatch, "not found": notFound} {
		if r.code != http.StatusUnprocessableEntity || !strings.Contains(r.body, sentence) {
			t.Errorf("%s = %d, want 422 %q:\n%s", name, r.code, sentence, r.body)
		}
	}
	if !strings.Contains(mismatch.body, `value="0987654321"`) || !strings.Contains(mismatch.body, `value="`+strings.ToLower(kb.FormatCode(code))+`"`) {
		t.Errorf("the form lost what was typed:\n%s", mismatch.body)
	}
	if r := post("K7M-Q2PX", "0912345678"); r.code != http.StatusUnprocessableEntity || !strings.Contains(r.body, kb.Message(kb.ErrCodeTypo, "vi")) {
		t.Errorf("a mistyped code = %d, want the typo sentence", r.code)
	}
	r := post(code, "0912 345 678")
	if r.code != http.StatusSeeOther || r.header.Get("Location") != "/b/"+code+"?cancelled=1" {
		t.Fatalf("cancel = %d %q, want 303 to the booking's page", r.code, r.header.Get("Location"))
	}
	r = do(t, c, "GET", e.srv.URL+"/b/"+code+"?cancelled=1", nil)
	if !strings.Contains(r.body, "Đã huỷ lịch hẹn") || !strings.Contains(r.body, "Lịch hẹn này đã huỷ.") || strings.Contains(r.body, `id="qr"`) {
		t.Errorf("cancelled booking's page:\n%s", r.body)
	}
	var phones int
	if err := e.db.SQL().QueryRow("SELECT count(*) FROM bookings WHERE phone IS NOT NULL").Scan(&phones); err != nil || phones != 0 {
		t.Errorf("%d phone numbers kept after the cancel (%v)", phones, err)
	}
	if r := post(code, "0912345678"); r.code != http.StatusConflict || !strings.Contains(r.body, "Lịch hẹn này đã kết thúc") {
		t.Errorf("second cancel = %d, want 409 ended:\n%s", r.code, r.body)
	}
	// The place is free again.
	e.bookOK(t, c, "2026-12-09", "0830", "0987654321")
}

// TestBooking_RateLimit: past the burst, booking and cancel POSTs from
// one address get 429 with a Vietnamese page and Retry-After, nothing is
// written; a refill later one more goes through.
func TestBooking_RateLimit(t *testing.T) {
	e := newBookingEnv(t, 1, web.Options{BookingBurst: 3, BookingRefill: 2 * time.Minute})
	c := e.client(t)
	tok := find(t, tokenRE, do(t, c, "GET", e.srv.URL+"/cancel", nil).body)
	for i := range 3 {
		if r := do(t, c, "POST", e.srv.URL+"/cancel", url.Values{"token": {tok}, "code": {"K7M-Q2PT"}, "phone": {"0912345678"}}); r.code == http.StatusTooManyRequests {
			t.Fatalf("POST %d limited within the burst", i+1)
		}
	}
	r := e.book(t, c, "2026-12-08", "0900", "0912345678")
	if r.code != http.StatusTooManyRequests || !strings.Contains(r.body, "Có quá nhiều yêu cầu đặt hoặc huỷ lịch từ thiết bị này. Vui lòng thử lại sau 2 phút.") || r.header.Get("Retry-After") != "120" {
		t.Fatalf("4th POST = %d Retry-After %q:\n%s", r.code, r.header.Get("Retry-After"), r.body)
	}
	var n int
	e.db.SQL().QueryRow("SELECT count(*) FROM bookings").Scan(&n)
	if n != 0 {
		t.Errorf("a limited POST booked (%d bookings)", n)
	}
	e.clock.Add(2 * time.Minute)
	e.bookOK(t, c, "2026-12-08", "0900", "0912345678")
	if r := e.book(t, c, "2026-12-08", "0930", "0987654321"); r.code != http.StatusTooManyRequests {
		t.Errorf("after one refill, the second POST = %d, want 429", r.code)
	}
}

// TestBooking_RateLimitBehindProxy: behind a trusted proxy each citizen
// has their own bucket (X-Forwarded-For), and a forwarded address from an
// untrusted peer counts for nothing.
func TestBooking_RateLimitBehindProxy(t *testing.T) {
	post := func(t *testing.T, e *bookingEnv, c *http.Client, tok, fwd string) int {
		t.Helper()
		req, err := http.NewRequest("POST", e.srv.URL+"/cancel", strings.NewReader(url.Values{"token": {tok}, "code": {"K7M-Q2PT"}, "phone": {"0912345678"}}.Encode()))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("X-Forwarded-For", fwd)
		r, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		r.Body.Close()
		return r.StatusCode
	}
	t.Run("trusted", func(t *testing.T) {
		e := newBookingEnv(t, 1, web.Options{BookingBurst: 1, TrustedProxies: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}})
		c := e.client(t)
		tok := find(t, tokenRE, do(t, c, "GET", e.srv.URL+"/cancel", nil).body)
		if got := post(t, e, c, tok, "198.51.100.1"); got == http.StatusTooManyRequests {
			t.Fatal("first citizen limited at once")
		}
		if got := post(t, e, c, tok, "198.51.100.1"); got != http.StatusTooManyRequests {
			t.Errorf("first citizen's second POST = %d, want 429", got)
		}
		if got := post(t, e, c, tok, "198.51.100.2"); got == http.StatusTooManyRequests {
			t.Error("a second citizen behind the same proxy shares the first one's bucket")
		}
	})
	t.Run("untrusted", func(t *testing.T) {
		e := newBookingEnv(t, 1, web.Options{BookingBurst: 1})
		c := e.client(t)
		tok := find(t, tokenRE, do(t, c, "GET", e.srv.URL+"/cancel", nil).body)
		post(t, e, c, tok, "198.51.100.1")
		if got := post(t, e, c, tok, "198.51.100.2"); got != http.StatusTooManyRequests {
			t.Errorf("a forged X-Forwarded-For from an untrusted peer got a fresh bucket (%d)", got)
		}
	})
}

// TestBooking_LookupLimit: a citizen opens their own booking's page as
// often as they like; unknown codes cost 20 at once, then one every 6 s,
// after which even a real code waits (nobody walks the code space).
func TestBooking_LookupLimit(t *testing.T) {
	e := newBookingEnv(t, 1, web.Options{})
	c := e.client(t)
	code := e.bookOK(t, c, "2026-12-08", "0900", "0912345678")
	for range 30 {
		if r := do(t, c, "GET", e.srv.URL+"/b/"+code, nil); r.code != http.StatusOK {
			t.Fatalf("own booking's page = %d", r.code)
		}
	}
	unknown, err := kb.NewCode(strings.NewReader(strings.Repeat("\x05", 64)))
	if err != nil || unknown == code {
		t.Fatal(unknown, err)
	}
	for i := range 20 {
		if r := do(t, c, "GET", e.srv.URL+"/b/"+unknown, nil); r.code != http.StatusNotFound {
			t.Fatalf("unknown code %d = %d, want 404", i+1, r.code)
		}
	}
	r := do(t, c, "GET", e.srv.URL+"/b/"+code, nil)
	if r.code != http.StatusTooManyRequests || !strings.Contains(r.body, "Có quá nhiều lần tra mã hẹn không đúng") {
		t.Fatalf("after 20 unknown codes = %d, want 429:\n%s", r.code, r.body)
	}
	e.clock.Add(6 * time.Second)
	if r := do(t, c, "GET", e.srv.URL+"/b/"+code, nil); r.code != http.StatusOK {
		t.Errorf("after a refill = %d, want 200", r.code)
	}
}

// TestBooking_Zone: an office in Asia/Tokyo books on its own clock; the
// server's zone and Hà Nội's play no part.
func TestBooking_Zone(t *testing.T) {
	e := newBookingEnv(t, 1, web.Options{})
	cfg, r := bookingRules()
	cfg.TimeZone = "Asia/Tokyo"
	ctx := context.Background()
	o, err := e.db.CreateOffice(ctx, "Văn phòng Tokyo")
	if err != nil {
		t.Fatal(err)
	}
	if err := e.svc.PutRules(ctx, o.ID, cfg, r); err != nil {
		t.Fatal(err)
	}
	c := e.client(t)
	page := do(t, c, "GET", e.srv.URL+"/book/"+o.ID+"/A/2026-12-08", nil)
	if got := labels(choices(page.body)); got != "08:00 – 08:30|08:30 – 09:00|09:00 – 09:30|09:30 – 10:00" {
		t.Errorf("Tokyo slots = %q", got)
	}
	form := do(t, c, "GET", e.srv.URL+"/book/"+o.ID+"/A/2026-12-08/0900", nil)
	res := do(t, c, "POST", e.srv.URL+"/book/"+o.ID+"/A/2026-12-08/0900", url.Values{"token": {find(t, tokenRE, form.body)}, "phone": {"0912345678"}})
	m := codeRE.FindStringSubmatch(res.header.Get("Location"))
	if m == nil {
		t.Fatalf("book = %d:\n%s", res.code, res.body)
	}
	_, b, err := e.svc.Lookup(ctx, m[1])
	if want := time.Date(2026, 12, 8, 0, 0, 0, 0, time.UTC); err != nil || !b.Start.Equal(want) {
		t.Errorf("booked start %v (%v), want %v (09:00 in Tokyo)", b.Start.UTC(), err, want)
	}
	done := do(t, c, "GET", e.srv.URL+"/b/"+m[1], nil)
	if !strings.Contains(done.body, "Thứ Ba, 08/12/2026 lúc 09:00") || !strings.Contains(done.body, "từ 08:45 đến 09:10") {
		t.Errorf("Tokyo booking page:\n%s", done.body)
	}
	// And the Hà Nội office's 09:00 is 02:00 UTC.
	code := e.bookOK(t, c, "2026-12-08", "0900", "0912345678")
	_, b, _ = e.svc.Lookup(ctx, code)
	if want := time.Date(2026, 12, 8, 2, 0, 0, 0, time.UTC); !b.Start.Equal(want) {
		t.Errorf("Hà Nội start %v, want %v", b.Start.UTC(), want)
	}
}
