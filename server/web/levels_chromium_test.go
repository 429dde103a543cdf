//go:build integration

package web_test

import (
	"strings"
	"testing"
)

// TestChromium_LevelTables: the national supervisor's page has the table
// by province with the nation's row; the province supervisor's has the
// tables by commune and by office, and clicking a commune there opens the
// commune's report.
func TestChromium_LevelTables(t *testing.T) {
	h := newHierarchy(t, openSQLite)
	b := startChromium(t, "vi")
	if err := b.page.call("Emulation.setDeviceMetricsOverride", map[string]any{"width": 1280, "height": 900, "deviceScaleFactor": 1, "mobile": false}, nil); err != nil {
		t.Fatal(err)
	}
	signIn := func(name string) {
		b.goTo(t, h.srv.URL+"/login")
		b.eval(t, `document.querySelector("#name").value = "`+name+`"; document.querySelector("#password").value = "`+password+`"`, nil)
		b.navigate(t, func() { b.eval(t, `document.querySelector("form[action='/login'] button").click()`, nil) })
	}
	shot := func(name, selector string) {
		b.eval(t, `document.querySelector("`+selector+`").scrollIntoView()`, nil)
		keepScreenshot(t, name, b.screenshotClip(t, selector))
	}
	firstCells := func(table string) string {
		return b.str(t, `[...document.querySelectorAll("#table-`+table+` tbody tr")].map(tr => tr.cells[0].textContent).join("|")`)
	}
	signIn("toanquoc")
	b.goTo(t, h.srv.URL+"/reports?from=2026-11-17&to=2026-11-23")
	if got, want := firstCells("provinces"), h.province2.Name+"|"+h.province.Name+"|Toàn quốc"; got != want {
		t.Errorf("provinces table = %q, want %q", got, want)
	}
	shot("server-reports-levels-provinces.png", "#table-provinces")
	b.navigate(t, func() { b.eval(t, `document.querySelector("form[action='/logout'] button").click()`, nil) })

	signIn("tinh")
	b.goTo(t, h.srv.URL+"/reports?from=2026-11-17&to=2026-11-23")
	if got := b.str(t, `[...document.querySelectorAll("#table-communes tbody tr")].map(tr => tr.cells[1].textContent).join("|")`); got != h.other.Name+"|"+h.commune.Name+"|" {
		t.Errorf("communes table = %q", got)
	}
	shot("server-reports-levels-communes.png", "#table-communes")
	shot("server-reports-levels-offices.png", "#table-offices")
	b.navigate(t, func() {
		b.eval(t, `[...document.querySelectorAll("#table-communes a")].find(a => a.textContent === "`+h.commune.Name+`").click()`, nil)
	})
	if got := b.str(t, `document.querySelector("#units p").textContent`); !strings.Contains(got, h.province.Name+" › "+h.commune.Name) {
		t.Errorf("after clicking the commune: path = %q, want province › commune", got)
	}
	if got := firstCells("offices"); !strings.Contains(got, "Tổng cộng: "+h.commune.Name) {
		t.Errorf("the commune's offices table = %q, want its total", got)
	}
}
