//go:build integration

package web_test

import (
	"strings"
	"testing"
)

// TestChromium_DrillDown: a province supervisor's page lists its communes;
// clicking one shows the commune with its reception point, and the path
// back up to the province.
func TestChromium_DrillDown(t *testing.T) {
	h := newHierarchy(t, openSQLite)
	b := startChromium(t, "vi")
	if err := b.page.call("Emulation.setDeviceMetricsOverride", map[string]any{"width": 1280, "height": 900, "deviceScaleFactor": 1, "mobile": false}, nil); err != nil {
		t.Fatal(err)
	}
	b.goTo(t, h.srv.URL+"/login")
	b.eval(t, `document.querySelector("#name").value = "tinh"; document.querySelector("#password").value = "`+password+`"`, nil)
	b.navigate(t, func() { b.eval(t, `document.querySelector("form[action='/login'] button").click()`, nil) })
	b.goTo(t, h.srv.URL+"/reports?from=2026-11-17&to=2026-11-23")
	if got := b.str(t, `[...document.querySelectorAll("#table-units tbody td:first-child")].map(td => td.textContent).join("|")`); !strings.Contains(got, h.commune.Name) || !strings.Contains(got, h.other.Name) {
		t.Errorf("province page lists %q, want both communes", got)
	}
	keepScreenshot(t, "server-reports-units-province.png", b.screenshotClip(t, "#units"))
	b.navigate(t, func() {
		b.eval(t, `[...document.querySelectorAll("#table-units a")].find(a => a.textContent === "`+h.commune.Name+`").click()`, nil)
	})
	if got := b.str(t, `document.querySelector("#table-units tbody").textContent`); !strings.Contains(got, h.point.Name) || strings.Contains(got, h.other.Name) {
		t.Errorf("commune page lists %q, want its reception point only", got)
	}
	if got := b.str(t, `document.querySelector("#units p").textContent`); !strings.Contains(got, h.province.Name+" › "+h.commune.Name) {
		t.Errorf("path = %q, want province › commune", got)
	}
	keepScreenshot(t, "server-reports-units-commune.png", b.screenshotClip(t, "#units"))
}
