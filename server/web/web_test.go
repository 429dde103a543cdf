package web_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/motcua-kiosk/motcua/kiosk/queue"
	"github.com/motcua-kiosk/motcua/server/app"
	"github.com/motcua-kiosk/motcua/server/db"
	"github.com/motcua-kiosk/motcua/server/report"
	"github.com/motcua-kiosk/motcua/server/web"
	"github.com/motcua-kiosk/motcua/server/web/demo"
)

// opener returns a fresh empty database for one test.
type opener func(t *testing.T) *db.DB

func openSQLite(t *testing.T) *db.DB {
	t.Helper()
	d, err := db.Open(context.Background(), "sqlite:"+filepath.Join(t.TempDir(), "server.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}

// clock is a settable clock shared by the database and the web side.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// lastDay is the demo data's last day, a Monday; the clock stands at its
// end of afternoon.
var lastDay = time.Date(2026, 11, 23, 0, 0, 0, 0, report.Vietnam)

const password = "mật-khẩu-thử-nghiệm"

type env struct {
	db    *db.DB
	srv   *httptest.Server
	clock *clock
	demo  demo.Result
	web   *web.Server
}

type envOptions struct {
	tls    bool
	perDay int
	office string // the supervisor's bound office ("" = all); "first" = the first demo office
}

// newEnv fills a database with demo data, adds supervisor "giamsat" and
// serves the whole app (ingest + web) on loopback.
func newEnv(t *testing.T, open opener, o envOptions) *env {
	t.Helper()
	ctx := context.Background()
	d := open(t)
	clk := &clock{t: lastDay.Add(16*time.Hour + 45*time.Minute)}
	d.SetClock(clk.Now)
	if o.perDay == 0 {
		o.perDay = 40
	}
	res, err := demo.Fill(ctx, d, demo.Options{Offices: []string{"Trung tâm Phục vụ hành chính công xã Tân Hòa", "Điểm tiếp nhận Ấp Bắc"},
		Days: 7, PerDay: o.perDay, End: lastDay, Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	hash, err := web.HashPassword(password, 1000)
	if err != nil {
		t.Fatal(err)
	}
	sv := db.Supervisor{Name: "GiamSat", DisplayName: "Giám sát viên", PassHash: hash}
	if o.office == "first" {
		sv.Office = res.Offices[0].ID
	}
	if _, err := d.CreateSupervisor(ctx, sv); err != nil {
		t.Fatal(err)
	}
	quiet := slog.New(slog.DiscardHandler)
	w, err := web.New(d, web.Options{Now: clk.Now, Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	a := app.New(d, app.Options{Logger: quiet})
	w.Register(a)
	var srv *httptest.Server
	if o.tls {
		srv = httptest.NewTLSServer(a.Handler())
	} else {
		srv = httptest.NewServer(a.Handler())
	}
	t.Cleanup(srv.Close)
	return &env{db: d, srv: srv, clock: clk, demo: res, web: w}
}

// client is a browser-like client: a cookie jar, redirects not followed
// (tests look at them).
func (e *env) client(t *testing.T) *http.Client {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := *e.srv.Client() // its transport trusts the test server's certificate
	c.Jar = jar
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &c
}

type resp struct {
	code   int
	body   string
	header http.Header
}

func do(t *testing.T, c *http.Client, method, u string, form url.Values) resp {
	t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, u, body)
	if err != nil {
		t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	r, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Body.Close()
	b, _ := io.ReadAll(r.Body)
	return resp{r.StatusCode, string(b), r.Header}
}

var (
	tokenRE = regexp.MustCompile(`name="token" value="([^"]+)"`)
	csrfRE  = regexp.MustCompile(`name="csrf" value="([^"]+)"`)
)

func find(t *testing.T, re *regexp.Regexp, body string) string {
	t.Helper()
	m := re.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no %s in page:\n%s", re, body)
	}
	return m[1]
}

// login signs c in and returns the session's CSRF token.
func (e *env) login(t *testing.T, c *http.Client, name, pw string) resp {
	t.Helper()
	page := do(t, c, "GET", e.srv.URL+"/login", nil)
	tok := find(t, tokenRE, page.body)
	return do(t, c, "POST", e.srv.URL+"/login", url.Values{"token": {tok}, "name": {name}, "password": {pw}, "next": {"/reports"}})
}

func (e *env) signedIn(t *testing.T) (*http.Client, string) {
	t.Helper()
	c := e.client(t)
	if r := e.login(t, c, "giamsat", password); r.code != http.StatusSeeOther {
		t.Fatalf("login = %d, want 303:\n%s", r.code, r.body)
	}
	page := do(t, c, "GET", e.srv.URL+"/reports", nil)
	return c, find(t, csrfRE, page.body)
}

func TestServer_SQLite(t *testing.T) { runSuite(t, openSQLite) }

// runSuite is the web suite; it runs on SQLite here and on a real
// PostgreSQL in postgres_test.go (integration tag).
func runSuite(t *testing.T, open opener) {
	tests := []struct {
		name string
		run  func(*testing.T, opener)
	}{
		{"LoginLogout", testLoginLogout},
		{"LoginForgedForm", testLoginForged},
		{"Lockout", testLockout},
		{"SecureCookieOverTLS", testSecureCookie},
		{"Reports", testReports},
		{"ReportsEnglishAndFilters", testReportsFilters},
		{"ReportCSV", testReportCSV},
		{"SupervisorScope", testSupervisorScope},
		{"DrillDown", testDrillDown},
		{"LevelTables", testLevelTables},
		{"OfficeBoundSupervisor", testOfficeBound},
		{"TicketPage", testTicketPage},
		{"RateFromPhone", testRate},
		{"RateForged", testRateForged},
		{"RateTwiceConcurrently", testRateConcurrent},
		{"OfficeZone", testOfficeZone},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { tc.run(t, open) })
	}
}

func testLoginLogout(t *testing.T, open opener) {
	e := newEnv(t, open, envOptions{})
	c := e.client(t)
	r := do(t, c, "GET", e.srv.URL+"/reports?from=2026-11-01&to=2026-11-23", nil)
	if got, want := r.code, http.StatusSeeOther; got != want {
		t.Fatalf("GET /reports signed out = %d, want %d", got, want)
	}
	if got, want := r.header.Get("Location"), "/login?next="+url.QueryEscape("/reports?from=2026-11-01&to=2026-11-23"); got != want {
		t.Errorf("redirect = %q, want %q", got, want)
	}
	r = e.login(t, c, "giamsat", "sai-mật-khẩu-rồi")
	if got, want := r.code, http.StatusUnauthorized; got != want {
		t.Errorf("wrong password = %d, want %d", got, want)
	}
	if !strings.Contains(r.body, "Tên đăng nhập hoặc mật khẩu không đúng.") {
		t.Errorf("wrong password page lacks the Vietnamese message:\n%s", r.body)
	}
	r = e.login(t, c, "khongco", password)
	if got, want := r.code, http.StatusUnauthorized; got != want {
		t.Errorf("unknown user = %d, want %d", got, want)
	}
	r = e.login(t, c, " GiamSat ", password) // names are trimmed and case-insensitive
	if got, want := r.code, http.StatusSeeOther; got != want {
		t.Fatalf("login = %d, want %d:\n%s", got, want, r.body)
	}
	var sess *http.Cookie
	for _, ck := range (&http.Response{Header: r.header}).Cookies() {
		if ck.Name == "motcua_session" {
			sess = ck
		}
	}
	if sess == nil {
		t.Fatal("no session cookie set")
	}
	if !sess.HttpOnly || sess.SameSite != http.SameSiteLaxMode || sess.Secure {
		t.Errorf("session cookie HttpOnly=%v SameSite=%v Secure=%v, want true, Lax, false (plain HTTP)", sess.HttpOnly, sess.SameSite, sess.Secure)
	}
	page := do(t, c, "GET", e.srv.URL+"/reports", nil)
	if page.code != http.StatusOK || !strings.Contains(page.body, "Giám sát viên") {
		t.Fatalf("reports = %d, want 200 with the supervisor's name", page.code)
	}
	csrf := find(t, csrfRE, page.body)
	if r := do(t, c, "POST", e.srv.URL+"/logout", url.Values{"csrf": {"forged"}}); r.code != http.StatusForbidden {
		t.Errorf("logout with a wrong CSRF token = %d, want 403", r.code)
	}
	if r := do(t, c, "POST", e.srv.URL+"/logout", url.Values{}); r.code != http.StatusForbidden {
		t.Errorf("logout without a CSRF token = %d, want 403", r.code)
	}
	if r := do(t, c, "POST", e.srv.URL+"/logout", url.Values{"csrf": {csrf}}); r.code != http.StatusSeeOther {
		t.Errorf("logout = %d, want 303", r.code)
	}
	if r := do(t, c, "GET", e.srv.URL+"/reports", nil); r.code != http.StatusSeeOther {
		t.Errorf("reports after logout = %d, want 303 to /login", r.code)
	}
	// The old cookie value is dead on the server, not just in this jar.
	c2 := e.client(t)
	u, _ := url.Parse(e.srv.URL)
	c2.Jar.SetCookies(u, []*http.Cookie{{Name: "motcua_session", Value: sess.Value}})
	if r := do(t, c2, "GET", e.srv.URL+"/reports", nil); r.code != http.StatusSeeOther {
		t.Errorf("replayed session after logout = %d, want 303", r.code)
	}
}

func testLoginForged(t *testing.T, open opener) {
	e := newEnv(t, open, envOptions{})
	tests := []struct {
		name  string
		token func(c *http.Client) string
	}{
		{"no token", func(*http.Client) string { return "" }},
		{"made-up token", func(*http.Client) string { return "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" }},
		{"token of another browser", func(*http.Client) string {
			other := e.client(t)
			return find(t, tokenRE, do(t, other, "GET", e.srv.URL+"/login", nil).body)
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := e.client(t)
			do(t, c, "GET", e.srv.URL+"/login", nil) // has its own nonce cookie
			r := do(t, c, "POST", e.srv.URL+"/login", url.Values{"token": {tc.token(c)}, "name": {"giamsat"}, "password": {password}})
			if got, want := r.code, http.StatusForbidden; got != want {
				t.Errorf("forged login = %d, want %d", got, want)
			}
		})
	}
}

func testLockout(t *testing.T, open opener) {
	e := newEnv(t, open, envOptions{})
	c := e.client(t)
	for i := 1; i <= 4; i++ {
		if r := e.login(t, c, "giamsat", "sai-mật-khẩu-rồi"); r.code != http.StatusUnauthorized {
			t.Fatalf("failure %d = %d, want 401", i, r.code)
		}
	}
	r := e.login(t, c, "giamsat", "sai-mật-khẩu-rồi")
	if got, want := r.code, http.StatusTooManyRequests; got != want {
		t.Fatalf("fifth failure = %d, want %d", got, want)
	}
	if !strings.Contains(r.body, "Tài khoản tạm khoá") {
		t.Errorf("lock-out page lacks its message:\n%s", r.body)
	}
	if r := e.login(t, c, "giamsat", password); r.code != http.StatusTooManyRequests {
		t.Errorf("right password while locked = %d, want 429", r.code)
	}
	e.clock.Add(14 * time.Minute)
	if r := e.login(t, c, "giamsat", password); r.code != http.StatusTooManyRequests {
		t.Errorf("right password after 14 min = %d, want 429", r.code)
	}
	e.clock.Add(2 * time.Minute)
	if r := e.login(t, c, "giamsat", password); r.code != http.StatusSeeOther {
		t.Errorf("right password after the lock = %d, want 303", r.code)
	}
	sv, err := e.db.SupervisorByName(context.Background(), "giamsat")
	if err != nil {
		t.Fatal(err)
	}
	if sv.Failures != 0 {
		t.Errorf("failures after a good login = %d, want 0", sv.Failures)
	}
}

func testSecureCookie(t *testing.T, open opener) {
	e := newEnv(t, open, envOptions{tls: true})
	c := e.client(t)
	r := e.login(t, c, "giamsat", password)
	if r.code != http.StatusSeeOther {
		t.Fatalf("login over TLS = %d", r.code)
	}
	for _, ck := range (&http.Response{Header: r.header}).Cookies() {
		if !ck.Secure {
			t.Errorf("cookie %s over TLS is not Secure", ck.Name)
		}
	}
}

func testReports(t *testing.T, open opener) {
	e := newEnv(t, open, envOptions{})
	c, _ := e.signedIn(t)
	r := do(t, c, "GET", e.srv.URL+"/reports", nil) // default: last 7 days
	if r.code != http.StatusOK {
		t.Fatalf("reports = %d", r.code)
	}
	for _, want := range []string{
		`<html lang="vi">`, "Số phiếu theo giờ lấy số", "Tỷ lệ hài lòng", "Rất không hài lòng", "Thời gian chờ lâu",
		`<td title="Mã cán bộ: cb01">Nguyễn Thị Lan</td>`, `<option value="cb01">Nguyễn Thị Lan</option>`, `<td title="Mã lĩnh vực: A">Đăng ký đất đai</td>`,
		"Quý IV/2026", "Năm 2026", `value="17/11/2026"`, `value="23/11/2026"`, `type="text" class="day" id="from"`,
		"9/10 người chờ không quá", "Điểm trung bình (1–5 sao)",
		"/reports/csv/officers?", "Thông tư 01/2018/TT-VPCP", "không phải khảo sát SIPAS",
	} {
		if !strings.Contains(r.body, want) {
			t.Errorf("report page lacks %q", want)
		}
	}
	if got, want := strings.Count(r.body, "<svg"), 3; got != want {
		t.Errorf("report page has %d charts, want %d", got, want)
	}
	// Headers in plain words: no "vé", "p90", "Sao TB"; no officer by id.
	for _, m := range regexp.MustCompile(`<th[^>]*>([^<]*)</th>`).FindAllStringSubmatch(r.body, -1) {
		for _, bad := range []string{"vé", "p90", "TB"} {
			if strings.Contains(m[1], bad) {
				t.Errorf("table header %q says %q", m[1], bad)
			}
		}
	}
	for _, bad := range []string{`type="date"`, ">cb01<"} {
		if strings.Contains(r.body, bad) {
			t.Errorf("report page has %q", bad)
		}
	}
	for _, bad := range []string{"<script", "http://", "https://"} {
		if strings.Contains(strings.ReplaceAll(r.body, `xmlns="http://www.w3.org/2000/svg"`, ""), bad) {
			t.Errorf("report page contains %q: no script and nothing from elsewhere", bad)
		}
	}
	if csp := r.header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") {
		t.Errorf("CSP = %q", csp)
	}
	// The headline ticket count is the database's.
	tickets, err := e.db.Tickets(context.Background(), db.Filter{From: "2026-11-17", To: "2026-11-23"})
	if err != nil {
		t.Fatal(err)
	}
	if want := `<div class="v">` + report.FormatNumber(float64(len(tickets)), 0, report.VI) + `</div>`; !strings.Contains(r.body, want) {
		t.Errorf("report page lacks the ticket count %s", want)
	}
	// An officer without a name is shown by id.
	for _, o := range e.demo.Offices {
		if err := e.db.SetNames(context.Background(), o.ID, db.OfficerNames, map[string]string{"cb05": ""}); err != nil {
			t.Fatal(err)
		}
	}
	r = do(t, c, "GET", e.srv.URL+"/reports", nil)
	for _, want := range []string{"<td>cb05</td>", `<option value="cb05">cb05</option>`, ">Phạm Quốc Hùng</td>"} {
		if !strings.Contains(r.body, want) {
			t.Errorf("with cb05 unnamed, the report page lacks %q", want)
		}
	}
}

func testReportsFilters(t *testing.T, open opener) {
	e := newEnv(t, open, envOptions{})
	c, _ := e.signedIn(t)
	office := e.demo.Offices[1].ID
	tests := []struct {
		name, query string
		code        int
		contains    []string
		lacks       []string
	}{
		{"english", "?lang=en", 200, []string{`<html lang="en">`, "Satisfaction rate", "Very dissatisfied", "Year 2026"}, []string{"Năm 2026"}},
		{"cookie keeps english", "", 200, []string{`<html lang="en">`}, nil},
		{"back to vietnamese", "?lang=vi", 200, []string{`<html lang="vi">`}, nil},
		{"officer", "?from=2026-11-17&to=2026-11-23&officer=cb03", 200,
			[]string{`<option value="cb03" selected>Lê Thị Hoa</option>`, ">Lê Thị Hoa</td>"}, []string{">Nguyễn Thị Lan</td>"}},
		{"service", "?from=2026-11-17&to=2026-11-23&service=C", 200, []string{`<option value="C" selected>Trả kết quả</option>`, ">Phạm Quốc Hùng</td>"}, []string{">Nguyễn Thị Lan</td>"}},
		{"typed dates", "?from=17%2F11%2F2026&to=23%2F11%2F2026", 200, []string{`value="17/11/2026"`, `value="23/11/2026"`, "from=2026-11-17&amp;to=2026-11-23"}, []string{`class="error"`}},
		{"one-digit day", "?from=1%2F11%2F2026&to=3.11.2026", 200, []string{`value="01/11/2026"`, `value="03/11/2026"`}, []string{`class="error"`}},
		{"office", "?from=2026-11-17&to=2026-11-23&office=" + office, 200, []string{`value="` + office + `" selected`}, nil},
		{"bad date", "?from=2026-13-01&to=x", 200, []string{"Từ ngày: “2026-13-01” không phải là ngày theo dạng ngày/tháng/năm (ví dụ 16/11/2026).",
			"Báo cáo dưới đây là 7 ngày qua (17/11/2026 – 23/11/2026).", `value="2026-13-01"`, `aria-invalid="true"`}, nil},
		{"no such day", "?from=31%2F02%2F2026&to=23%2F11%2F2026", 200, []string{"Từ ngày: không có ngày 31/02/2026 — tháng 2/2026 chỉ có 28 ngày.",
			`value="31/02/2026"`, `value="23/11/2026"`}, nil},
		{"reversed range", "?from=23%2F11%2F2026&to=01%2F11%2F2026", 200, []string{"Đến ngày 01/11/2026 là trước Từ ngày 23/11/2026: vui lòng đổi lại."}, nil},
		{"too long", "?from=01%2F01%2F2020&to=23%2F11%2F2026", 200, []string{"Khoảng thời gian dài hơn 5 năm"}, nil},
		{"empty range", "?from=2025-01-01&to=2025-01-31", 200, []string{"Không có dữ liệu trong khoảng thời gian đã chọn."}, nil},
		{"quarter", "?from=2026-10-01&to=2026-12-31", 200, []string{"Quý IV/2026"}, nil},
		{"english bad date", "?lang=en&from=30%2F02%2F2026&to=23%2F11%2F2026", 200, []string{"From: there is no 30/02/2026 — month 2/2026 has only 28 days.", "The report below is the last 7 days"}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := do(t, c, "GET", e.srv.URL+"/reports"+tc.query, nil)
			if r.code != tc.code {
				t.Fatalf("code = %d, want %d", r.code, tc.code)
			}
			for _, want := range tc.contains {
				if !strings.Contains(r.body, want) {
					t.Errorf("page lacks %q", want)
				}
			}
			for _, bad := range tc.lacks {
				if strings.Contains(r.body, bad) {
					t.Errorf("page has %q", bad)
				}
			}
		})
	}
}

func testReportCSV(t *testing.T, open opener) {
	e := newEnv(t, open, envOptions{})
	c, _ := e.signedIn(t)
	ctx := context.Background()
	f := db.Filter{From: "2026-11-17", To: "2026-11-23"}
	tickets, _ := e.db.Tickets(ctx, f)
	ratings, _ := e.db.Ratings(ctx, f)
	raw := report.Compute(tickets, ratings, report.Vietnam)
	// The routes read the roll-ups (issue 15): the CSV is their report's,
	// which is the raw rows' report within the roll-ups' stated bound.
	rows, _ := e.db.Rollups(ctx, f)
	reasons, _ := e.db.RollupReasons(ctx, f)
	want := report.FromRollups(rows, reasons)
	for _, d := range report.WithinBound(want, raw) {
		t.Errorf("the roll-ups' report differs from the raw rows' one beyond the bound: %s", d)
	}
	if raw.Total.Tickets == 0 {
		t.Fatal("no tickets in the range: the comparison says nothing")
	}
	officers, _ := e.db.LoadNames(ctx, db.OfficerNames)
	services, _ := e.db.LoadNames(ctx, db.ServiceNames)
	name := func(n db.Names) func(office, id string) string {
		return func(office, id string) string {
			if s := n.Any(id); s != id {
				return s
			}
			return ""
		}
	}
	want.SetNames(name(officers), name(services))
	for _, id := range report.TableIDs {
		t.Run(id, func(t *testing.T) {
			r := do(t, c, "GET", e.srv.URL+"/reports/csv/"+id+"?from=2026-11-17&to=2026-11-23", nil)
			if r.code != http.StatusOK {
				t.Fatalf("csv = %d", r.code)
			}
			if got, want := r.header.Get("Content-Type"), "text/csv; charset=utf-8"; got != want {
				t.Errorf("Content-Type = %q, want %q", got, want)
			}
			if got, want := r.header.Get("Content-Disposition"), `attachment; filename="bao-cao-`+id+`_2026-11-17_2026-11-23.csv"`; got != want {
				t.Errorf("Content-Disposition = %q, want %q", got, want)
			}
			tb, _ := want.Table(id, report.VI)
			var buf bytes.Buffer
			report.WriteCSV(&buf, tb)
			if got, want := r.body, buf.String(); got != want {
				t.Errorf("CSV differs from the report of the same roll-ups:\n got %q\nwant %q", got[:min(200, len(got))], want[:min(200, len(want))])
			}
			if !strings.HasPrefix(r.body, "\ufeff") {
				t.Error("CSV lacks the UTF-8 BOM")
			}
		})
	}
	if r := do(t, c, "GET", e.srv.URL+"/reports/csv/nope", nil); r.code != http.StatusNotFound {
		t.Errorf("unknown table = %d, want 404", r.code)
	}
	if r := do(t, e.client(t), "GET", e.srv.URL+"/reports/csv/summary", nil); r.code != http.StatusSeeOther {
		t.Errorf("csv signed out = %d, want 303", r.code)
	}
}

func testOfficeBound(t *testing.T, open opener) {
	e := newEnv(t, open, envOptions{office: "first"})
	c, _ := e.signedIn(t)
	other := e.demo.Offices[1]
	r := do(t, c, "GET", e.srv.URL+"/reports?office="+other.ID, nil)
	if strings.Contains(r.body, other.Name) {
		t.Errorf("a supervisor of %s sees office %s", e.demo.Offices[0].Name, other.Name)
	}
	csv := do(t, c, "GET", e.srv.URL+"/reports/csv/summary?from=2026-11-17&to=2026-11-23&office="+other.ID, nil).body
	tickets, _ := e.db.Tickets(context.Background(), db.Filter{From: "2026-11-17", To: "2026-11-23", Office: e.demo.Offices[0].ID})
	if want := "Số vé đã cấp," + itoa(len(tickets)) + "\r\n"; !strings.Contains(csv, want) {
		t.Errorf("office-bound CSV lacks %q (own office's count):\n%s", want, csv)
	}
}

func itoa(n int) string { return report.FormatNumber(float64(n), 0, report.EN) }

func testTicketPage(t *testing.T, open opener) {
	e := newEnv(t, open, envOptions{})
	c := e.client(t)
	tests := []struct {
		name     string
		ref      string
		code     int
		contains []string
		lacks    []string
	}{
		{"unknown", "zzzzzzzzzzzzzzzz", 404, []string{"Không tìm thấy phiếu hoặc trang này", `<html lang="vi">`}, []string{"<form"}},
		{"malformed", "a%20b", 404, []string{"Không tìm thấy"}, nil},
		{"waiting", e.demo.WaitingRef, 200, []string{"Đang chờ đến lượt", `http-equiv="refresh"`, "Theo lần đồng bộ gần nhất lúc"}, []string{`id="rate"`}},
		{"served unrated", e.demo.UnratedRef, 200, []string{"Đã hoàn thành", `id="rate"`, "Rất không hài lòng", "Không hài lòng", "Bình thường",
			"Hài lòng", "Rất hài lòng", "Thời gian chờ lâu", "Thái độ cán bộ", "Hướng dẫn chưa rõ", "Phải đi lại nhiều lần", "Khác",
			`name="viewport"`, "Trung tâm Phục vụ hành chính công xã Tân Hòa"}, []string{`http-equiv="refresh"`}},
		{"rated at the counter", e.demo.RatedRef, 200, []string{"Phiếu này đã được đánh giá"}, []string{`id="rate"`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.ref == "" {
				t.Fatal("demo data has no such ticket")
			}
			r := do(t, c, "GET", e.srv.URL+"/t/"+tc.ref, nil)
			if r.code != tc.code {
				t.Fatalf("GET /t/%s = %d, want %d", tc.ref, r.code, tc.code)
			}
			for _, want := range tc.contains {
				if !strings.Contains(r.body, want) {
					t.Errorf("page lacks %q", want)
				}
			}
			for _, bad := range tc.lacks {
				if strings.Contains(r.body, bad) {
					t.Errorf("page has %q", bad)
				}
			}
			if got := r.header.Get("Referrer-Policy"); got != "no-referrer" {
				t.Errorf("Referrer-Policy = %q, want no-referrer (the URL is the ticket's secret)", got)
			}
		})
	}
	// The ticket page names the service as the kiosk does, not by its code.
	tk, err := e.db.TicketByRef(context.Background(), e.demo.WaitingRef)
	if err != nil {
		t.Fatal(err)
	}
	r0 := do(t, c, "GET", e.srv.URL+"/t/"+e.demo.WaitingRef, nil)
	if want := "Lĩnh vực: " + demo.ServiceNames[tk.Service] + "<"; !strings.Contains(r0.body, want) {
		t.Errorf("ticket page lacks %q", want)
	}
	if bad := "Lĩnh vực: " + tk.Service + "<"; strings.Contains(r0.body, bad) {
		t.Errorf("ticket page shows the service code: %q", bad)
	}
	// A ticket called to a counter says which.
	called := calledRef(t, e)
	r := do(t, c, "GET", e.srv.URL+"/t/"+called.Ref, nil)
	if want := "Mời đến quầy số " + itoa(called.Counter); !strings.Contains(r.body, want) {
		t.Errorf("called ticket page lacks %q", want)
	}
}

func calledRef(t *testing.T, e *env) db.TicketRow {
	t.Helper()
	ts, err := e.db.Tickets(context.Background(), db.Filter{From: "2026-11-23", To: "2026-11-23"})
	if err != nil {
		t.Fatal(err)
	}
	for _, tk := range ts {
		if tk.Status == queue.StatusCalled {
			return tk
		}
	}
	t.Fatal("demo data has no called ticket")
	return db.TicketRow{}
}

func testRate(t *testing.T, open opener) {
	e := newEnv(t, open, envOptions{})
	c := e.client(t)
	u := e.srv.URL + "/t/" + e.demo.UnratedRef
	tok := find(t, tokenRE, do(t, c, "GET", u, nil).body)
	// No stars: the form comes back with a message and keeps the answers.
	r := do(t, c, "POST", u, url.Values{"token": {tok}, "reason": {"long_wait"}, "comment": {"Chờ hơi lâu"}})
	if r.code != http.StatusUnprocessableEntity || !strings.Contains(r.body, "Vui lòng chọn mức độ hài lòng.") || !strings.Contains(r.body, "Chờ hơi lâu") {
		t.Errorf("rating without stars = %d, want 422 with the message and the comment kept", r.code)
	}
	r = do(t, c, "POST", u, url.Values{"token": {tok}, "stars": {"2"}, "reason": {"long_wait", "attitude", "bogus", "long_wait"},
		"comment": {"Cán bộ hướng dẫn nhiệt tình nhưng chờ lâu"}})
	if r.code != http.StatusSeeOther || r.header.Get("Location") != "/t/"+e.demo.UnratedRef+"?thanks=1" {
		t.Fatalf("rating = %d to %q, want 303 to the thanks page", r.code, r.header.Get("Location"))
	}
	thanks := do(t, c, "GET", e.srv.URL+r.header.Get("Location"), nil)
	if !strings.Contains(thanks.body, "Cảm ơn ông/bà đã đánh giá!") || strings.Contains(thanks.body, `id="rate"`) {
		t.Errorf("thanks page wrong:\n%s", thanks.body)
	}
	tk, err := e.db.TicketByRef(context.Background(), e.demo.UnratedRef)
	if err != nil {
		t.Fatal(err)
	}
	rs, err := e.db.Ratings(context.Background(), db.Filter{From: tk.Day, To: tk.Day, Office: tk.Office})
	if err != nil {
		t.Fatal(err)
	}
	var got *db.RatingRow
	for i := range rs {
		if rs[i].TicketID == tk.ID {
			got = &rs[i]
		}
	}
	if got == nil {
		t.Fatal("the web rating is not stored")
	}
	if got.Source != "web" || got.Stars != 2 || !slices.Equal(got.Reasons, []string{"long_wait", "attitude"}) ||
		got.Officer != tk.Officer || got.Counter != tk.Counter || got.Comment != "Cán bộ hướng dẫn nhiệt tình nhưng chờ lâu" {
		t.Errorf("stored rating = %+v", *got)
	}
	if !tk.Rated {
		t.Error("ticket is not marked rated")
	}
	// A second rating is refused; the page says it is already rated.
	r = do(t, c, "POST", u, url.Values{"token": {tok}, "stars": {"5"}})
	if r.code != http.StatusConflict || !strings.Contains(r.body, "Phiếu này đã được đánh giá") {
		t.Errorf("second rating = %d, want 409 saying it is rated", r.code)
	}
	// A ticket rated at the counter while its page was open: the web
	// rating is refused and the counter's stays.
	other := otherUnrated(t, e, tk)
	ou := e.srv.URL + "/t/" + other.Ref
	tok3 := find(t, tokenRE, do(t, c, "GET", ou, nil).body)
	counter := queue.Rating{TicketID: other.ID, Day: other.Day, Number: other.Number, Service: other.Service, Counter: other.Counter,
		Officer: other.Officer, Stars: 4, Source: "counter", At: e.clock.Now()}
	if err := e.db.InsertRating(context.Background(), other.Office, counter); err != nil {
		t.Fatal(err)
	}
	if r := do(t, c, "POST", ou, url.Values{"token": {tok3}, "stars": {"1"}}); r.code != http.StatusConflict {
		t.Errorf("rating a ticket rated at the counter meanwhile = %d, want 409", r.code)
	}
	if r := do(t, c, "POST", e.srv.URL+"/t/"+e.demo.WaitingRef, url.Values{"token": {tok3}, "stars": {"5"}}); r.code != http.StatusForbidden {
		t.Errorf("rating a waiting ticket with another page's token = %d, want 403", r.code)
	}
}

func testRateForged(t *testing.T, open opener) {
	e := newEnv(t, open, envOptions{})
	u := e.srv.URL + "/t/" + e.demo.UnratedRef
	victim := e.client(t)
	tok := find(t, tokenRE, do(t, victim, "GET", u, nil).body)
	tests := []struct {
		name   string
		client func() *http.Client
		form   url.Values
	}{
		{"no token", func() *http.Client { return victim }, url.Values{"stars": {"1"}}},
		{"token without its cookie", func() *http.Client { return e.client(t) }, url.Values{"token": {tok}, "stars": {"1"}}},
		{"token of another ticket", func() *http.Client { return victim }, url.Values{"token": {find(t, tokenRE, do(t, victim, "GET", u, nil).body) + "x"}, "stars": {"1"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if r := do(t, tc.client(), "POST", u, tc.form); r.code != http.StatusForbidden {
				t.Errorf("forged rating = %d, want 403", r.code)
			}
		})
	}
	if ok, _ := e.db.HasRating(context.Background(), e.demo.Offices[1].ID, "x"); ok {
		t.Error("impossible rating")
	}
	tk, _ := e.db.TicketByRef(context.Background(), e.demo.UnratedRef)
	if ok, _ := e.db.HasRating(context.Background(), tk.Office, tk.ID); ok {
		t.Error("a forged request stored a rating")
	}
	// A token minted for one ticket does not rate another.
	other := otherUnrated(t, e, tk)
	if r := do(t, victim, "POST", e.srv.URL+"/t/"+other.Ref, url.Values{"token": {tok}, "stars": {"1"}}); r.code != http.StatusForbidden {
		t.Errorf("token of another ticket = %d, want 403", r.code)
	}
}

// otherUnrated finds a served, unrated ticket other than tk.
func otherUnrated(t *testing.T, e *env, tk db.TicketRow) db.TicketRow {
	t.Helper()
	ts, _ := e.db.Tickets(context.Background(), db.Filter{Office: tk.Office})
	for _, o := range ts {
		if o.Status == queue.StatusDone && !o.Rated && o.ID != tk.ID {
			return o
		}
	}
	t.Fatal("no other unrated ticket")
	return db.TicketRow{}
}

func testRateConcurrent(t *testing.T, open opener) {
	e := newEnv(t, open, envOptions{})
	u := e.srv.URL + "/t/" + e.demo.UnratedRef
	var wg sync.WaitGroup
	codes := make([]int, 6)
	clients := make([]*http.Client, len(codes))
	tokens := make([]string, len(codes))
	for i := range codes { // every page is open before anyone sends
		clients[i] = e.client(t)
		tokens[i] = find(t, tokenRE, do(t, clients[i], "GET", u, nil).body)
	}
	for i := range codes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			codes[i] = do(t, clients[i], "POST", u, url.Values{"token": {tokens[i]}, "stars": {itoa(i%5 + 1)}}).code
		}()
	}
	wg.Wait()
	tk, _ := e.db.TicketByRef(context.Background(), e.demo.UnratedRef)
	rs, _ := e.db.Ratings(context.Background(), db.Filter{From: tk.Day, To: tk.Day, Office: tk.Office})
	n := 0
	for _, r := range rs {
		if r.TicketID == tk.ID {
			n++
		}
	}
	if n != 1 {
		t.Errorf("ratings stored for one ticket = %d, want 1 (codes %v)", n, codes)
	}
}

func TestServer_OpenAPI(t *testing.T) {
	d := openSQLite(t)
	w, err := web.New(d, web.Options{})
	if err != nil {
		t.Fatal(err)
	}
	a := app.New(d, app.Options{})
	w.Register(a)
	doc := readFile(t, "../../docs/openapi-server.yaml")
	for _, r := range web.Routes {
		section := regexp.MustCompile(`(?m)^  ` + regexp.QuoteMeta(r.Path) + `:\s*\n((?:    .*\n|\s*\n)*)`).FindStringSubmatch(doc)
		if section == nil || !regexp.MustCompile(`(?m)^    `+strings.ToLower(r.Method)+`:`).MatchString(section[1]) {
			t.Errorf("web route %s %s is not in docs/openapi-server.yaml", r.Method, r.Path)
		}
		if !slices.Contains(a.Routes(), app.Route{Method: r.Method, Path: r.Path}) {
			t.Errorf("web route %s %s is not registered", r.Method, r.Path)
		}
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
