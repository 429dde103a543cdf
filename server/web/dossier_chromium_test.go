//go:build integration

package web_test

import (
	"strings"
	"testing"
	"time"
)

// TestChromium_DossierReport opens the dossier report in a real headless
// Chromium, signed in, in both languages, and keeps screenshots
// (docs/screenshots/server-dossier-report-*.png with -update-screenshots).
func TestChromium_DossierReport(t *testing.T) {
	e := newEnv(t, openSQLite, envOptions{perDay: 5})
	seedDossierRatings(t, e)
	b := startChromiumClosing(t)
	b.signIn(t, e)
	b.navigate(t, func() { b.eval(t, `document.querySelector("#dossier-report").click()`, nil) })
	if got := b.str(t, "location.pathname"); got != "/reports/dossiers" {
		t.Fatalf("the link led to %q", got)
	}
	text := b.str(t, "document.body.innerText")
	for _, want := range []string{"Mức độ hài lòng theo hồ sơ", rdCode1, "Nguyễn Thị Lan", "Số hồ sơ được đánh giá"} {
		if !strings.Contains(text, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if bad := misalignedHeaders(t, b); len(bad) > 0 {
		t.Errorf("misaligned headers: %v", bad)
	}
	keepScreenshot(t, "server-dossier-report-vi.png", b.screenshot(t, 1280, false, 1))
	b.goTo(t, e.srv.URL+"/reports/dossiers?lang=en")
	if text := b.str(t, "document.body.innerText"); !strings.Contains(text, "Totals by officer, counted by dossier") {
		t.Errorf("English page: %s", text)
	}
	keepScreenshot(t, "server-dossier-report-en.png", b.screenshot(t, 1280, false, 1))
	keepScreenshot(t, "server-dossier-report-phone-vi.png", func() []byte {
		b.goTo(t, e.srv.URL+"/reports/dossiers?lang=vi")
		return b.screenshot(t, 390, true, 2)
	}())
}

// TestChromium_DossierPage is the public status page behind the slip's QR
// on a phone.
func TestChromium_DossierPage(t *testing.T) {
	e := newEnv(t, openSQLite, envOptions{perDay: 2})
	seedDossierRatings(t, e)
	h := newHubPoster(t, e)
	h.seq = 100
	if code, body := h.post(t, step(rdCode1, "processing", "Thẩm định hồ sơ", "Công chức Tư pháp – Hộ tịch", lastDay.Add(10*60*60*1e9))); code != 200 {
		t.Fatalf("ingest: %d %s", code, body)
	}
	b := startChromiumClosing(t)
	b.goTo(t, e.srv.URL+"/hs/"+rdCode1+"?secretKey="+dSecret)
	if text := b.str(t, "document.body.innerText"); !strings.Contains(text, "Thẩm định hồ sơ") || !strings.Contains(text, "Tra cứu hồ sơ") {
		t.Errorf("page: %s", text)
	}
	keepScreenshot(t, "server-dossier-status-phone-vi.png", b.screenshot(t, 390, true, 2))
}

// startChromiumClosing is startChromium whose browser is closed through
// DevTools at the end, before its profile directory is removed: killed,
// Chromium's helper processes may still write there, and the removal of
// the temporary directory fails the test.
func startChromiumClosing(t *testing.T) *browser {
	b := startChromium(t, "vi")
	t.Cleanup(func() {
		b.browser.call("Browser.close", nil, nil)
		done := make(chan struct{})
		go func() { b.cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second): // then the kill in startChromium's cleanup
		}
	})
	return b
}
