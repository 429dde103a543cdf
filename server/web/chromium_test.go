//go:build integration

package web_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/motcua-kiosk/motcua/kiosk/queue"
	"github.com/motcua-kiosk/motcua/server/db"
	"github.com/motcua-kiosk/motcua/server/web/demo"
)

var updateScreenshots = flag.Bool("update-screenshots", false, "write docs/screenshots/server-*.png")

const chromiumPath = "/usr/bin/chromium"

// browser is a headless Chromium with one page under DevTools control.
type browser struct {
	cmd     *exec.Cmd
	browser *cdp
	page    *cdp
}

// startChromium starts Chromium with the browser's language lang ("vi",
// "en-US"): the locale a native date field would follow.
func startChromium(t *testing.T, lang string) *browser {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("chromium is not installed at %s (CI requires it)", chromiumPath)
		}
		t.Skipf("chromium is not installed at %s", chromiumPath)
	}
	// The profile is not a t.TempDir: Chromium's helper processes can
	// still be writing into it just after the browser is killed, and
	// t.TempDir's cleanup then fails the test ("directory not empty").
	profile, err := os.MkdirTemp("", "chromium-profile-")
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(chromiumPath, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync", "--user-data-dir="+profile,
		"--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", "--lang="+lang, "about:blank")
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true} // its own group: the cleanup kills its helpers too
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		os.RemoveAll(profile)
		t.Fatal(err)
	}
	t.Cleanup(func() {
		syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		cmd.Wait()
		// The helpers die a moment after the signal; retry the removal a
		// bounded number of times, and only log a leftover profile.
		for i := 0; ; i++ {
			err := os.RemoveAll(profile)
			if err == nil {
				return
			}
			if i == 50 {
				t.Logf("chromium profile %s left behind: %v", profile, err)
				return
			}
			time.Sleep(100 * time.Millisecond)
		}
	})
	wsRE := regexp.MustCompile(`DevTools listening on (ws://\S+)`)
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			if m := wsRE.FindStringSubmatch(sc.Text()); m != nil {
				found <- m[1]
			}
		}
	}()
	var wsURL string
	select {
	case wsURL = <-found:
	case <-time.After(30 * time.Second):
		t.Fatal("chromium did not print its DevTools address in 30 s")
	}
	b := &browser{cmd: cmd}
	if b.browser, err = cdpDial(wsURL); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(b.browser.close)
	// The page target opened for about:blank.
	host := strings.TrimPrefix(wsURL, "ws://")
	host = host[:strings.Index(host, "/")]
	var targets []struct {
		Type, WebSocketDebuggerURL string
	}
	for range 50 {
		resp, err := http.Get("http://" + host + "/json/list")
		if err == nil {
			json.NewDecoder(resp.Body).Decode(&targets)
			resp.Body.Close()
		}
		if len(targets) > 0 {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	for _, tg := range targets {
		if tg.Type == "page" {
			if b.page, err = cdpDial(tg.WebSocketDebuggerURL); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(b.page.close)
		}
	}
	if b.page == nil {
		t.Fatalf("no page target in %v", targets)
	}
	for _, m := range []string{"Page.enable", "Runtime.enable"} {
		if err := b.page.call(m, nil, nil); err != nil {
			t.Fatal(err)
		}
	}
	return b
}

// navigate runs action (a navigation or a click) and waits for the new
// page's load event.
func (b *browser) navigate(t *testing.T, action func()) {
	t.Helper()
	for len(b.page.events) > 0 { // forget old events
		<-b.page.events
	}
	action()
	if _, err := b.page.waitEvent("Page.loadEventFired", 30*time.Second); err != nil {
		t.Fatal(err)
	}
}

func (b *browser) goTo(t *testing.T, u string) {
	t.Helper()
	b.navigate(t, func() {
		if err := b.page.call("Page.navigate", map[string]any{"url": u}, nil); err != nil {
			t.Fatal(err)
		}
	})
}

// eval runs a JavaScript expression in the page (DevTools only: the pages
// themselves have no script) and decodes its value into out.
func (b *browser) eval(t *testing.T, expr string, out any) {
	t.Helper()
	var res struct {
		Result struct {
			Value json.RawMessage `json:"value"`
		} `json:"result"`
		ExceptionDetails *struct {
			Text string `json:"text"`
		} `json:"exceptionDetails"`
	}
	if err := b.page.call("Runtime.evaluate", map[string]any{"expression": expr, "returnByValue": true}, &res); err != nil {
		t.Fatal(err)
	}
	if res.ExceptionDetails != nil {
		t.Fatalf("eval %q: %s", expr, res.ExceptionDetails.Text)
	}
	if out != nil {
		if err := json.Unmarshal(res.Result.Value, out); err != nil {
			t.Fatalf("eval %q: %v (%s)", expr, err, res.Result.Value)
		}
	}
}

func (b *browser) str(t *testing.T, expr string) string {
	t.Helper()
	var s string
	b.eval(t, expr, &s)
	return s
}

// screenshot sets the viewport and returns a PNG of the whole page.
func (b *browser) screenshot(t *testing.T, width int, mobile bool, scale float64) []byte {
	t.Helper()
	metrics := map[string]any{"width": width, "height": 800, "deviceScaleFactor": scale, "mobile": mobile}
	if err := b.page.call("Emulation.setDeviceMetricsOverride", metrics, nil); err != nil {
		t.Fatal(err)
	}
	var h float64
	b.eval(t, "document.documentElement.scrollHeight", &h)
	metrics["height"] = int(min(h, 6000))
	if err := b.page.call("Emulation.setDeviceMetricsOverride", metrics, nil); err != nil {
		t.Fatal(err)
	}
	var shot struct{ Data string }
	if err := b.page.call("Page.captureScreenshot", map[string]any{"format": "png"}, &shot); err != nil {
		t.Fatal(err)
	}
	png, err := base64.StdEncoding.DecodeString(shot.Data)
	if err != nil {
		t.Fatal(err)
	}
	return png
}

func keepScreenshot(t *testing.T, name string, png []byte) {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if *updateScreenshots {
		path = filepath.Join("..", "..", "docs", "screenshots", name)
		os.MkdirAll(filepath.Dir(path), 0o755)
	}
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot %s (%d bytes)", path, len(png))
}

// TestChromium_ReportsAndRating drives a real headless Chromium: sign in,
// pick a range, see the charts, download a CSV, then rate a served ticket
// from a phone-sized public page.
func TestChromium_ReportsAndRating(t *testing.T) {
	e := newEnv(t, openSQLite, envOptions{perDay: 150})
	b := startChromium(t, "vi")
	dl := t.TempDir()
	if err := b.browser.call("Browser.setDownloadBehavior", map[string]any{"behavior": "allow", "downloadPath": dl}, nil); err != nil {
		t.Fatal(err)
	}
	if err := b.page.call("Emulation.setDeviceMetricsOverride", map[string]any{"width": 1280, "height": 900, "deviceScaleFactor": 1, "mobile": false}, nil); err != nil {
		t.Fatal(err)
	}

	b.signIn(t, e)

	// Pick a range with the form, typed day/month/year.
	b.eval(t, `document.querySelector("#from").value = "16/11/2026"; document.querySelector("#to").value = "23/11/2026"`, nil)
	b.navigate(t, func() { b.eval(t, `document.querySelector("#show").click()`, nil) })
	if got, want := b.str(t, "location.search"), "?from=16%2F11%2F2026&to=23%2F11%2F2026"; !strings.HasPrefix(got, want) {
		t.Errorf("query = %q, want it to start with %q", got, want)
	}
	if got := b.str(t, `document.querySelector("#from").value + " " + document.querySelector("#to").value`); got != "16/11/2026 23/11/2026" {
		t.Errorf("date fields show %q after the search", got)
	}
	if bad := misalignedHeaders(t, b); len(bad) > 0 {
		t.Errorf("headers not aligned with their columns: %q", bad)
	}
	var bars map[string]int
	b.eval(t, `Object.fromEntries(["hours","stars","reasons"].map(id => [id, document.querySelectorAll("#chart-"+id+" svg rect").length]))`, &bars)
	if bars["hours"] < 10 || bars["stars"] != 5 || bars["reasons"] != len(queue.Reasons) {
		t.Errorf("chart bars = %v, want ≥10 hours, 5 stars, %d reasons (one per queue.Reasons)", bars, len(queue.Reasons))
	}
	var svgW float64
	b.eval(t, `document.querySelector("#chart-hours svg").getBoundingClientRect().width`, &svgW)
	if svgW < 200 {
		t.Errorf("hours chart is %v px wide: not drawn", svgW)
	}
	tickets, err := e.db.Tickets(context.Background(), db.Filter{From: "2026-11-16", To: "2026-11-23"})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := b.str(t, `document.querySelector(".card .v").textContent`), itoaVI(len(tickets)); got != want {
		t.Errorf("ticket card = %q, want %q", got, want)
	}
	keepScreenshot(t, "server-reports.png", b.screenshot(t, 1280, false, 1))

	// Download the per-officer CSV through the browser.
	b.eval(t, `document.querySelector("#table-officers a.csv").click()`, nil)
	var csvPath string
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline) && csvPath == ""; time.Sleep(100 * time.Millisecond) {
		m, _ := filepath.Glob(filepath.Join(dl, "*.csv"))
		if len(m) > 0 {
			csvPath = m[0]
		}
	}
	if csvPath == "" {
		t.Fatal("no CSV downloaded in 20 s")
	}
	if got, want := filepath.Base(csvPath), "bao-cao-officers_2026-11-16_2026-11-23.csv"; got != want {
		t.Errorf("downloaded %q, want %q", got, want)
	}
	data, _ := os.ReadFile(csvPath)
	// The CSV keeps its first-release column names (and the officer id
	// first), and adds the officer's name as the last column.
	if !bytes.HasPrefix(data, []byte("\ufeffCán bộ,Số vé,Đã phục vụ,Vắng mặt,")) || !bytes.Contains(data, []byte(",Sao TB,Hài lòng (%),Tên cán bộ\r\n")) {
		t.Errorf("CSV starts %q", data[:min(300, len(data))])
	}
	for id, officer := range demo.OfficerNames {
		if !bytes.Contains(data, []byte("\r\n"+id+",")) || !bytes.Contains(data, []byte(","+officer+"\r\n")) {
			t.Errorf("CSV lacks a row for %s %s:\n%s", id, officer, data)
		}
	}
	var officerCells []string
	b.eval(t, `[...document.querySelectorAll("#table-officers tbody td:first-child")].map(td => td.textContent)`, &officerCells)
	if got, want := strings.Join(officerCells, ","), "Lê Thị Hoa,Nguyễn Thị Lan,Phạm Quốc Hùng,Trần Văn Minh,Võ Thị Mai"; got != want {
		t.Errorf("officer table rows = %q, want %q", got, want)
	}

	// The English toggle.
	b.navigate(t, func() { b.eval(t, `document.querySelector("a[lang=en]").click()`, nil) })
	if got := b.str(t, "document.documentElement.lang"); got != "en" {
		t.Errorf("after the toggle lang = %q, want en", got)
	}
	b.navigate(t, func() { b.eval(t, `document.querySelector("a[lang=vi]").click()`, nil) })

	// The public ticket page on a small phone (360 × 740): rate a served
	// ticket. The service is named, and each answer's words fit one line.
	b.page.call("Emulation.setDeviceMetricsOverride", map[string]any{"width": 360, "height": 740, "deviceScaleFactor": 2, "mobile": true}, nil)
	b.goTo(t, e.srv.URL+"/t/"+e.demo.UnratedRef)
	var overflow bool
	b.eval(t, "document.documentElement.scrollWidth > window.innerWidth", &overflow)
	if overflow {
		t.Error("the ticket page scrolls sideways on a 360 px phone")
	}
	unrated, err := e.db.TicketByRef(context.Background(), e.demo.UnratedRef)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := b.str(t, `document.querySelector("#service").textContent`), "Lĩnh vực: "+demo.ServiceNames[unrated.Service]; got != want {
		t.Errorf("ticket page says %q, want %q", got, want)
	}
	var labels []struct {
		Text  string
		Lines int
		H, LH float64
	}
	b.eval(t, `[...document.querySelectorAll(".star .label")].map(s => ({Text: s.textContent, Lines: s.getClientRects().length,
		H: s.getBoundingClientRect().height, LH: parseFloat(getComputedStyle(s).lineHeight)}))`, &labels)
	if len(labels) != 5 {
		t.Fatalf("%d star labels, want 5", len(labels))
	}
	for _, l := range labels {
		t.Logf("star label %q: %d line(s), %.1f px high (line height %.1f px)", l.Text, l.Lines, l.H, l.LH)
		if l.Lines != 1 || l.H > 1.5*l.LH {
			t.Errorf("star label %q wraps at 360 px: %d lines, %.1f px high for a %.1f px line", l.Text, l.Lines, l.H, l.LH)
		}
	}
	keepScreenshot(t, "server-ticket-360.png", b.screenshot(t, 360, true, 2))
	b.page.call("Emulation.setDeviceMetricsOverride", map[string]any{"width": 390, "height": 844, "deviceScaleFactor": 2, "mobile": true}, nil)
	var reasonsShown bool
	b.eval(t, `document.querySelector("input[name=stars][value='5']").click(); getComputedStyle(document.querySelector(".reasons")).display != "none"`, &reasonsShown)
	if reasonsShown {
		t.Error("reasons are shown for 5 stars")
	}
	b.eval(t, `document.querySelector("input[name=stars][value='2']").click(); getComputedStyle(document.querySelector(".reasons")).display != "none"`, &reasonsShown)
	if !reasonsShown {
		t.Error("reasons are hidden for 2 stars")
	}
	b.eval(t, `document.querySelector("input[name=reason][value='long_wait']").click(); document.querySelector("input[name=reason][value='unclear']").click()`, nil)
	keepScreenshot(t, "server-ticket.png", b.screenshot(t, 390, true, 2))
	b.navigate(t, func() { b.eval(t, `document.querySelector("#rate button[type=submit]").click()`, nil) })
	if got := b.str(t, `(document.querySelector("#thanks") || {}).textContent || ""`); got != "Cảm ơn ông/bà đã đánh giá!" {
		t.Errorf("after rating the page says %q", b.str(t, "document.body.innerText"))
	}
	keepScreenshot(t, "server-ticket-thanks.png", b.screenshot(t, 390, true, 2))
	tk, err := e.db.TicketByRef(context.Background(), e.demo.UnratedRef)
	if err != nil {
		t.Fatal(err)
	}
	rs, _ := e.db.Ratings(context.Background(), db.Filter{From: tk.Day, To: tk.Day, Office: tk.Office})
	var found bool
	for _, r := range rs {
		if r.TicketID == tk.ID {
			found = true
			if r.Source != "web" || r.Stars != 2 || strings.Join(r.Reasons, ",") != "long_wait,unclear" {
				t.Errorf("stored rating = %+v, want web, 2 stars, long_wait+unclear", r)
			}
		}
	}
	if !found {
		t.Error("the browser's rating is not stored")
	}

	// The waiting ticket's page, and an unknown one.
	b.goTo(t, e.srv.URL+"/t/"+e.demo.WaitingRef)
	if got := b.str(t, `document.querySelector("#status").textContent`); got != "Đang chờ đến lượt" {
		t.Errorf("waiting ticket status = %q", got)
	}
	keepScreenshot(t, "server-ticket-waiting.png", b.screenshot(t, 390, true, 2))
	b.goTo(t, e.srv.URL+"/t/khongcovenaycả")
	if got := b.str(t, "document.body.innerText"); !strings.Contains(got, "Không tìm thấy phiếu") {
		t.Errorf("unknown ticket page says %q", got)
	}
}

// signIn signs in as the test's supervisor through the form.
func (b *browser) signIn(t *testing.T, e *env) {
	t.Helper()
	// Signed out, the reports send us to the sign-in form.
	b.goTo(t, e.srv.URL+"/reports")
	if got := b.str(t, "location.pathname"); got != "/login" {
		t.Fatalf("signed out, /reports led to %q, want /login", got)
	}
	b.eval(t, `document.querySelector("#name").value = "giamsat"; document.querySelector("#password").value = "`+password+`"`, nil)
	b.navigate(t, func() { b.eval(t, `document.querySelector("form[action='/login'] button").click()`, nil) })
	if got := b.str(t, "location.pathname"); got != "/reports" {
		t.Fatalf("after sign-in at %q, want /reports; page: %s", got, b.str(t, "document.body.innerText"))
	}
}

// misalignedHeaders lists, for every report table, the header cells whose
// alignment differs from the cells of the column under them (found by
// position on screen: the header over a cell's centre), and a column of
// numbers whose header's right edge is not its cells' right edge.
func misalignedHeaders(t *testing.T, b *browser) []string {
	t.Helper()
	var bad []string
	b.eval(t, `(() => {
		const bad = [];
		for (const table of document.querySelectorAll("section[id^=table-] table")) {
			const row = table.querySelector("tbody tr");
			if (!row) continue;
			const ths = [...table.querySelectorAll("thead th")].filter(th => !th.classList.contains("grp"));
			for (const td of row.cells) {
				const r = td.getBoundingClientRect(), x = (r.left + r.right) / 2;
				const th = ths.find(th => { const h = th.getBoundingClientRect(); return h.left <= x && x <= h.right; });
				const name = table.closest("section").id + "/" + (th ? th.textContent : "?");
				if (!th) { bad.push(name + ": no header over " + td.textContent); continue; }
				const a = getComputedStyle(th).textAlign, b = getComputedStyle(td).textAlign;
				if (a !== b) bad.push(name + ": header " + a + ", cells " + b);
			}
		}
		return bad;
	})()`, &bad)
	return bad
}

// TestChromium_DatesEnglishLocale: in a browser set to American English a
// native date field would show 11/16/2026; the report's fields show
// 16/11/2026 whatever the locale, accept an old yyyy-mm-dd link, and
// refuse 31/02/2026 in Vietnamese.
func TestChromium_DatesEnglishLocale(t *testing.T) {
	e := newEnv(t, openSQLite, envOptions{})
	b := startChromium(t, "en-US")
	b.page.call("Emulation.setDeviceMetricsOverride", map[string]any{"width": 1280, "height": 900, "deviceScaleFactor": 1, "mobile": false}, nil)
	b.signIn(t, e)
	if got := b.str(t, "navigator.language"); got != "en-US" {
		t.Fatalf("navigator.language = %q, want en-US", got)
	}
	b.goTo(t, e.srv.URL+"/reports?from=2026-11-16&to=2026-11-23")
	var f struct {
		Type, From, To string
		Invalid        bool
	}
	// A text field paints its value as it is (a date field would paint
	// the locale's mm/dd/yyyy whatever its value).
	b.eval(t, `(() => { const f = document.querySelector("#from");
		return {Type: f.type, From: f.value, To: document.querySelector("#to").value, Invalid: !f.checkValidity()}; })()`, &f)
	if f.Type != "text" || f.From != "16/11/2026" || f.To != "23/11/2026" || f.Invalid {
		t.Errorf("date fields = %+v, want text fields showing 16/11/2026 and 23/11/2026", f)
	}
	keepScreenshot(t, "server-reports-dates-en-US.png", b.screenshotClip(t, "#filters"))

	// A day that is not on the calendar: the report falls back to the last
	// 7 days and says why, in Vietnamese, next to the field to fix.
	b.eval(t, `document.querySelector("#from").value = "31/02/2026"`, nil)
	b.navigate(t, func() { b.eval(t, `document.querySelector("#show").click()`, nil) })
	if got, want := b.str(t, `(document.querySelector("#date-error") || {}).textContent || ""`), "Từ ngày: không có ngày 31/02/2026 — tháng 2/2026 chỉ có 28 ngày."; !strings.HasPrefix(got, want) {
		t.Errorf("error = %q, want it to start %q", got, want)
	}
	if got := b.str(t, `document.querySelector("#from").value + " " + document.querySelector("#from").getAttribute("aria-invalid")`); got != "31/02/2026 true" {
		t.Errorf("the bad field holds %q", got)
	}
	keepScreenshot(t, "server-reports-date-error.png", b.screenshotClip(t, "#filters"))
}

// screenshotClip is a PNG of the element matched by selector.
func (b *browser) screenshotClip(t *testing.T, selector string) []byte {
	t.Helper()
	var r struct{ X, Y, W, H float64 }
	b.eval(t, `(() => { const r = document.querySelector("`+selector+`").getBoundingClientRect();
		return {X: r.left + scrollX, Y: r.top + scrollY, W: r.width, H: r.height}; })()`, &r)
	var shot struct{ Data string }
	clip := map[string]any{"x": r.X, "y": r.Y, "width": r.W, "height": r.H, "scale": 1}
	if err := b.page.call("Page.captureScreenshot", map[string]any{"format": "png", "clip": clip}, &shot); err != nil {
		t.Fatal(err)
	}
	png, err := base64.StdEncoding.DecodeString(shot.Data)
	if err != nil {
		t.Fatal(err)
	}
	return png
}

func itoaVI(n int) string {
	s := fmt.Sprint(n)
	if n >= 1000 {
		s = s[:len(s)-3] + "." + s[len(s)-3:]
	}
	return s
}
