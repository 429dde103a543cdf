//go:build integration

package web_test

import (
	"strings"
	"testing"
	"time"

	"github.com/motcua-kiosk/motcua/server/web"
)

// waitFor polls a JavaScript condition until it holds; the timeout only
// ends a hang.
func (b *browser) waitFor(t *testing.T, what, expr string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		var ok bool
		b.eval(t, "!!("+expr+")", &ok)
		if ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: %s never held (ahead %q, state %s)", what, expr,
				b.str(t, `document.getElementById("ahead").textContent`), b.str(t, "JSON.stringify(window.motcuaTurn)"))
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// tap clicks the element's centre with real input events (a user gesture:
// what unlocks Web Audio and vibration).
func (b *browser) tap(t *testing.T, selector string) {
	t.Helper()
	var p struct{ X, Y float64 }
	b.eval(t, `(() => { const e = document.querySelector("`+selector+`"); e.scrollIntoView({block: "center"});
		const r = e.getBoundingClientRect(); return {X: r.left + r.width/2, Y: r.top + r.height/2}; })()`, &p)
	for _, typ := range []string{"mousePressed", "mouseReleased"} {
		ev := map[string]any{"type": typ, "x": p.X, "y": p.Y, "button": "left", "clickCount": 1}
		if err := b.page.call("Input.dispatchMouseEvent", ev, nil); err != nil {
			t.Fatal(err)
		}
	}
}

// TestChromium_TicketTurnNear opens a waiting ticket's page on a 390×844
// phone in Vietnamese, taps "Báo khi sắp đến lượt", and lets the office's
// hub call the tickets ahead: the place updates without a reload, and the
// alert (chime and vibration) fires once, when 3 remain.
func TestChromium_TicketTurnNear(t *testing.T) {
	defer web.SetLivePoll(200 * time.Millisecond)()
	l := newLine(t, 6)
	b := startChromium(t, "vi")
	// Record what the page asks of the phone: vibrations, tones, the
	// notification permission.
	probe := `window.__vib = []; navigator.vibrate = function (p) { window.__vib.push(p); return true; };
		window.__osc = 0; const oc = AudioContext.prototype.createOscillator;
		AudioContext.prototype.createOscillator = function () { window.__osc++; return oc.call(this); };
		window.__perm = 0; if (window.Notification) Notification.requestPermission = function () { window.__perm++; return Promise.resolve("denied"); };`
	if err := b.page.call("Page.addScriptToEvaluateOnNewDocument", map[string]any{"source": probe}, nil); err != nil {
		t.Fatal(err)
	}
	metrics := map[string]any{"width": 390, "height": 844, "deviceScaleFactor": 2, "mobile": true}
	if err := b.page.call("Emulation.setDeviceMetricsOverride", metrics, nil); err != nil {
		t.Fatal(err)
	}
	b.goTo(t, l.srv.URL+"/t/"+l.tickets[5].Ref)
	b.eval(t, "window.__page = 1", nil) // gone if the page reloads
	if got := b.str(t, "document.documentElement.lang"); got != "vi" {
		t.Errorf("page language %q", got)
	}
	if got, want := b.str(t, `document.getElementById("ahead").textContent`), "Trước ông/bà còn 5 người"; got != want {
		t.Errorf("place = %q, want %q", got, want)
	}
	var perm int
	if b.eval(t, "window.__perm", &perm); perm != 0 {
		t.Errorf("notification permission asked %d times before the tap", perm)
	}
	var width float64
	if b.eval(t, "document.documentElement.scrollWidth", &width); width > 390 {
		t.Errorf("page is %v px wide on a 390 px phone", width)
	}

	keepScreenshot(t, "server-ticket-live.png", b.screenshot(t, 390, true, 2))
	b.page.call("Emulation.setDeviceMetricsOverride", metrics, nil)
	b.tap(t, "#notify")
	b.waitFor(t, "armed", `window.motcuaTurn.armed && !document.getElementById("notify-on").hidden && document.getElementById("notify").hidden`)
	if b.eval(t, "window.__perm", &perm); perm != 1 {
		t.Errorf("notification permission asked %d times on the tap, want 1", perm)
	}
	if on := b.str(t, `document.getElementById("notify-on").textContent`); !strings.Contains(on, "còn 3 người") {
		t.Errorf("armed note %q", on)
	}

	l.call(t, 0)
	b.waitFor(t, "4 ahead", `document.getElementById("ahead").textContent === "Trước ông/bà còn 4 người"`)
	var alerts int
	if b.eval(t, "window.motcuaTurn.alerts", &alerts); alerts != 0 {
		t.Fatalf("alert fired with 4 ahead")
	}
	keepScreenshot(t, "server-ticket-live-armed.png", b.screenshot(t, 390, true, 2))
	b.page.call("Emulation.setDeviceMetricsOverride", metrics, nil)

	l.call(t, 1)
	b.waitFor(t, "alert at 3", `window.motcuaTurn.alerts === 1`)
	var st struct {
		AlertedAhead int
		Beeps        int
		Vib          [][]int
		Osc          int
		NearShown    bool
		Ahead        string
	}
	b.eval(t, `({AlertedAhead: window.motcuaTurn.alertedAhead, Beeps: window.motcuaTurn.beeps,
		Vib: window.__vib.map(p => [].concat(p)), Osc: window.__osc,
		NearShown: !document.getElementById("near").hidden, Ahead: document.getElementById("ahead").textContent})`, &st)
	if st.AlertedAhead != 3 || st.Ahead != "Trước ông/bà còn 3 người" || !st.NearShown {
		t.Errorf("alert: %+v, want it at 3 ahead with the banner shown", st)
	}
	if n := len(st.Vib); n < 2 || len(st.Vib[n-1]) != 5 {
		t.Errorf("vibrations %v, want the tap's and the alert's pattern", st.Vib)
	}
	if st.Osc < 2 || st.Beeps == 0 {
		t.Errorf("tones: %d oscillators, %d beeps; want the tap's tone and the chime", st.Osc, st.Beeps)
	}
	keepScreenshot(t, "server-ticket-turn-near.png", b.screenshot(t, 390, true, 2))
	b.page.call("Emulation.setDeviceMetricsOverride", metrics, nil)

	// Fewer still: no second alert.
	l.call(t, 2)
	b.waitFor(t, "2 ahead", `document.getElementById("ahead").textContent === "Trước ông/bà còn 2 người"`)
	for _, i := range []int{3, 4, 5} {
		l.call(t, i)
	}
	b.waitFor(t, "called", `document.getElementById("status").textContent === "Mời đến quầy số 2"`)
	if b.eval(t, "window.motcuaTurn.alerts", &alerts); alerts != 1 {
		t.Errorf("%d alerts, want exactly 1", alerts)
	}
	var same int
	if b.eval(t, "window.__page || 0", &same); same != 1 {
		t.Error("the page reloaded: the place must update in place")
	}
}
