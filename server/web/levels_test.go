package web_test

import (
	"context"
	"encoding/csv"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/motcua-kiosk/motcua/server/db"
)

// testLevelTables: the tables by province, commune and office, on the
// page and as CSV: each unit's tickets are its subtree's, the last row is
// the total of the unit shown ("Toàn quốc" for the nation), the page shows
// a level only when the unit shown holds more than one unit of it, and
// each unit's name links to its own report.
func testLevelTables(t *testing.T, open opener) {
	h := newHierarchy(t, open)
	ctx := context.Background()
	const q = "?from=2026-11-17&to=2026-11-23"
	count := func(ids ...string) string {
		rows, err := h.db.Tickets(ctx, db.Filter{From: "2026-11-17", To: "2026-11-23", Offices: ids})
		if err != nil {
			t.Fatal(err)
		}
		return strconv.Itoa(len(rows))
	}
	// table reads a CSV download as rows of column name → value.
	table := func(c *http.Client, path string) []map[string]string {
		t.Helper()
		r := do(t, c, "GET", h.srv.URL+path, nil)
		if r.code != http.StatusOK {
			t.Fatalf("GET %s = %d", path, r.code)
		}
		recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(r.body, "\ufeff"))).ReadAll()
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		var out []map[string]string
		for _, rec := range recs[1:] {
			m := map[string]string{}
			for i, col := range recs[0] {
				m[col] = rec[i]
			}
			out = append(out, m)
		}
		return out
	}
	check := func(name string, got []map[string]string, first string, want [][2]string) {
		t.Helper()
		var keys [][2]string
		for _, r := range got {
			keys = append(keys, [2]string{r[first], r["Số vé"]})
		}
		if !slices.Equal(keys, want) {
			t.Errorf("%s: rows (%s, tickets) = %q, want %q", name, first, keys, want)
		}
	}
	all := []string{h.commune.ID, h.point.ID, h.other.ID, h.far.ID}
	national := h.signIn(t, "toanquoc")
	check("national provinces", table(national, "/reports/csv/provinces"+q), "Tỉnh/Thành phố", [][2]string{
		{h.province2.Name, count(h.far.ID)}, {h.province.Name, count(h.commune.ID, h.point.ID, h.other.ID)}, {"Toàn quốc", count(all...)}})
	tinh := h.signIn(t, "tinh")
	check("province's communes", table(tinh, "/reports/csv/communes"+q), "Xã/Phường", [][2]string{
		{h.other.Name, count(h.other.ID)}, {h.commune.Name, count(h.commune.ID, h.point.ID)}, {"", count(h.commune.ID, h.point.ID, h.other.ID)}})
	offices := table(tinh, "/reports/csv/offices"+q)
	check("province's offices", offices, "Đơn vị", [][2]string{
		{h.other.Name, count(h.other.ID)}, {h.commune.Name, count(h.commune.ID)}, {h.point.Name, count(h.point.ID)}, {"", count(h.commune.ID, h.point.ID, h.other.ID)}})
	if p := offices[2]; p["Xã/Phường"] != h.commune.Name || p["Tỉnh/Thành phố"] != h.province.Name || p["Cấp"] != "Điểm tiếp nhận" || p["Mã đơn vị hành chính"] != "26734-1" {
		t.Errorf("reception point's row = %v", p)
	}
	if got := offices[len(offices)-1]["Tỉnh/Thành phố"]; got != "Tổng cộng: "+h.province.Name {
		t.Errorf("total row = %q", got)
	}
	// English headers.
	if en := do(t, tinh, "GET", h.srv.URL+"/reports/csv/communes"+q+"&lang=en", nil).body; !strings.Contains(en, "Province,Commune/Ward,Administrative unit code,Tickets") {
		t.Errorf("English communes CSV header: %.120q", en)
	}

	page := do(t, tinh, "GET", h.srv.URL+"/reports"+q, nil).body
	for id, want := range map[string]bool{"provinces": false, "communes": true, "offices": true} {
		if got := strings.Contains(page, `id="table-`+id+`"`); got != want {
			t.Errorf("province page shows table %s: %v, want %v", id, got, want)
		}
	}
	if !strings.Contains(do(t, national, "GET", h.srv.URL+"/reports"+q, nil).body, `id="table-provinces"`) {
		t.Error("the national page lacks the table of its two provinces")
	}
	link := regexp.MustCompile(`<a href="(/reports\?[^"]*unit=`+regexp.QuoteMeta(h.commune.ID)+`[^"]*)">`+regexp.QuoteMeta(h.commune.Name)+`</a>`).FindAllStringSubmatch(page, -1)
	if len(link) < 2 { // the drill-down and the communes table
		t.Fatalf("the communes table does not link %s to its report", h.commune.Name)
	}
	sub := do(t, tinh, "GET", h.srv.URL+strings.ReplaceAll(link[len(link)-1][1], "&amp;", "&"), nil).body
	if !strings.Contains(sub, `id="table-offices"`) || strings.Contains(sub, `id="table-communes"`) || strings.Contains(sub, h.other.Name) {
		t.Error("the commune's page (from the link) should show its two offices and no table of communes")
	}
	// A commune's supervisor is not shown its province (as the path above).
	xa := h.signIn(t, "xa")
	if page := do(t, xa, "GET", h.srv.URL+"/reports"+q, nil).body; !strings.Contains(page, `id="table-offices"`) || strings.Contains(page, h.province.Name) {
		t.Error("the commune supervisor's page: wants its offices table and not its province's name")
	}
}
