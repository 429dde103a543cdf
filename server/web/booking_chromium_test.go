//go:build integration

package web_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	kb "github.com/motcua-kiosk/motcua/kiosk/bookings"
	"github.com/motcua-kiosk/motcua/server/web"
)

// phoneViewport is a 390×844 phone (iPhone 12-14 class) at 2x.
func (b *browser) phoneViewport(t *testing.T) {
	t.Helper()
	if err := b.page.call("Emulation.setDeviceMetricsOverride", map[string]any{"width": 390, "height": 844, "deviceScaleFactor": 2, "mobile": true}, nil); err != nil {
		t.Fatal(err)
	}
}

// typeText focuses selector with a tap and types s as a keyboard would.
func (b *browser) typeText(t *testing.T, selector, s string) {
	t.Helper()
	b.tap(t, selector)
	if err := b.page.call("Input.insertText", map[string]any{"text": s}, nil); err != nil {
		t.Fatal(err)
	}
}

// phoneCheck fails on what a small phone would get wrong: a tap target
// under 44 px high or wide, a page wider than the screen.
func (b *browser) phoneCheck(t *testing.T, step string) {
	t.Helper()
	var bad []string
	b.eval(t, `(() => { const bad = [];
		for (const e of document.querySelectorAll("a, button, input, select, textarea, label.star")) {
			const r = e.getBoundingClientRect();
			if (r.width === 0 && r.height === 0) continue; // hidden
			if (r.height < 44 || r.width < 44) bad.push(e.tagName + "#" + (e.id || e.textContent.trim().slice(0, 24)) + " " + Math.round(r.width) + "x" + Math.round(r.height));
		}
		if (document.documentElement.scrollWidth > innerWidth) bad.push("page " + document.documentElement.scrollWidth + " px wide in " + innerWidth);
		return bad; })()`, &bad)
	if len(bad) > 0 {
		t.Errorf("%s: %s", step, strings.Join(bad, "; "))
	}
}

func (b *browser) shoot(t *testing.T, step string) {
	t.Helper()
	b.phoneCheck(t, step)
	keepScreenshot(t, "booking-phone-"+step+".png", b.screenshot(t, 390, true, 2))
	b.phoneViewport(t)
}

// TestChromium_BookingPhone books through the real pages on a 390×844
// phone in Vietnamese by tapping and typing: office, service, day, slot,
// phone number; reads the QR on the booking's page back with zbarimg (it
// must hold the booking's URL, which the kiosk's check-in reads as the
// code); then cancels with the code and the phone number.
func TestChromium_BookingPhone(t *testing.T) {
	e := newBookingEnv(t, 2, web.Options{})
	b := startChromium(t, "vi")
	b.phoneViewport(t)
	b.goTo(t, e.srv.URL+"/book")
	b.shoot(t, "office")
	b.navigate(t, func() { b.tap(t, "#choices li:first-child a") })
	if got := b.str(t, `document.querySelector("#sum-office").textContent`); !strings.Contains(got, "phường Bến Thành") {
		t.Fatalf("office chosen: %q", got)
	}
	b.shoot(t, "service")
	b.navigate(t, func() { b.tap(t, "#choices li:first-child a") })
	b.shoot(t, "day")
	b.navigate(t, func() { b.tap(t, "#choices li:first-child a") })
	if got := b.str(t, `document.querySelector("#sum-day").textContent`); got != "Thứ Ba, 08/12/2026" {
		t.Fatalf("day chosen: %q", got)
	}
	b.shoot(t, "slot")
	b.navigate(t, func() { b.tap(t, "#choices li:nth-child(3) a") })
	if got := b.str(t, `document.querySelector("#sum-when").textContent`); got != "Thứ Ba, 08/12/2026 lúc 09:00" {
		t.Fatalf("slot chosen: %q", got)
	}
	b.typeText(t, "#phone", "0912 345 678")
	b.shoot(t, "phone")
	b.navigate(t, func() { b.tap(t, "#book button") })
	code := strings.ReplaceAll(b.str(t, `document.querySelector("#code").textContent`), "-", "")
	if _, err := kb.ParseCode(code); err != nil {
		t.Fatalf("booking page's code %q: %v\n%s", code, err, b.str(t, "document.body.innerText"))
	}
	if got := b.str(t, `document.querySelector("#window").textContent`); got != "Đến quầy lấy số từ 08:45 đến 09:10" {
		t.Errorf("check-in window %q", got)
	}
	b.shoot(t, "done")
	// The QR as the phone shows it, read by the real reader.
	png := b.screenshotClip(t, "#qr")
	path := filepath.Join(t.TempDir(), "qr.png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("zbarimg", "--raw", "-q", path).Output()
	if err != nil {
		if _, lerr := exec.LookPath("zbarimg"); lerr != nil && os.Getenv("CI") == "" {
			t.Skip("zbarimg (zbar-tools) not installed")
		}
		t.Fatalf("zbarimg read no code from the booking page's QR: %v", err)
	}
	payload := strings.TrimSpace(string(out))
	if want := e.srv.URL + "/b/" + code; payload != want {
		t.Errorf("QR holds %q, want %q", payload, want)
	}
	if got, err := kb.ParseCode(payload); err != nil || got != code {
		t.Errorf("the kiosk reads the QR as %q (%v), want %q", got, err, code)
	}
	// English through the page's language link, then back to Vietnamese.
	b.navigate(t, func() { b.tap(t, "header.top a") })
	if got := b.str(t, `document.querySelector("#when").textContent`); got != "Tuesday, 08/12/2026 at 09:00" {
		t.Errorf("English booking page says %q", got)
	}
	b.shoot(t, "done-en")
	b.navigate(t, func() { b.tap(t, "header.top a") })
	// The same phone again that day: the rules' sentence, the number kept.
	b.goTo(t, e.srv.URL+"/book/"+e.office+"/A/2026-12-08/0930")
	b.typeText(t, "#phone", "0912 345 678")
	b.navigate(t, func() { b.tap(t, "#book button") })
	if got := b.str(t, `document.querySelector(".error").textContent`); got != kb.Message(kb.ErrPhoneLimit, "vi") {
		t.Errorf("second booking of the phone: %q", got)
	}
	if got := b.str(t, `document.querySelector("#phone").value`); got != "0912 345 678" {
		t.Errorf("the refused form kept %q", got)
	}
	b.shoot(t, "refused")
	b.goTo(t, e.srv.URL+"/b/"+code)
	// Cancel from the booking page's link: the code is filled in.
	b.navigate(t, func() { b.tap(t, "#cancel-link") })
	if got := b.str(t, `document.querySelector("#code").value`); got != kb.FormatCode(code) {
		t.Errorf("cancel form's code %q, want %q", got, kb.FormatCode(code))
	}
	b.typeText(t, "#phone", "0912345678")
	b.shoot(t, "cancel")
	b.navigate(t, func() { b.tap(t, "#cancel button") })
	if got := b.str(t, `document.querySelector("#cancelled") ? document.querySelector("#cancelled").textContent : document.body.innerText`); !strings.HasPrefix(got, "Đã huỷ lịch hẹn") {
		t.Errorf("after cancel: %q", got)
	}
	b.shoot(t, "cancelled")
}
