package web_test

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/motcua-kiosk/motcua/server/app"
	"github.com/motcua-kiosk/motcua/server/db"
	"github.com/motcua-kiosk/motcua/server/report"
	"github.com/motcua-kiosk/motcua/server/web"
	"github.com/motcua-kiosk/motcua/server/web/demo"
)

// hierarchy is a province with two commune centres, the first with a
// reception point, a supervisor bound to each node, and a second province
// with one commune centre (far) beside them all.
type hierarchy struct {
	env
	province, commune, point, other db.Office
	province2, far                  db.Office
}

func newHierarchy(t *testing.T, open opener) *hierarchy {
	t.Helper()
	ctx := context.Background()
	d := open(t)
	clk := &clock{t: lastDay.Add(16*time.Hour + 45*time.Minute)}
	d.SetClock(clk.Now)
	res, err := demo.Fill(ctx, d, demo.Options{Offices: []string{"Trung tâm Phục vụ hành chính công xã Tân Hòa", "Điểm tiếp nhận Ấp Bắc",
		"Trung tâm Phục vụ hành chính công phường Bến Thành", "Trung tâm Phục vụ hành chính công xã Xa Xôi"}, Days: 7, PerDay: 30, End: lastDay, Seed: 11})
	if err != nil {
		t.Fatal(err)
	}
	prov, err := d.CreateOffice(ctx, "Tỉnh Thử Nghiệm")
	if err != nil {
		t.Fatal(err)
	}
	prov2, err := d.CreateOffice(ctx, "Tỉnh Bên Cạnh")
	if err != nil {
		t.Fatal(err)
	}
	h := &hierarchy{province: prov, commune: res.Offices[0], point: res.Offices[1], other: res.Offices[2], province2: prov2, far: res.Offices[3]}
	for _, u := range []struct {
		id, parent string
		kind       db.Kind
		code       string
	}{
		{prov.ID, "", db.KindProvince, "79"},
		{h.commune.ID, prov.ID, db.KindCommune, "26734"},
		{h.point.ID, h.commune.ID, db.KindPoint, "26734-1"},
		{h.other.ID, prov.ID, db.KindCommune, "26737"},
		{prov2.ID, "", db.KindProvince, "80"},
		{h.far.ID, prov2.ID, db.KindCommune, "27001"},
	} {
		if err := d.SetUnit(ctx, u.id, u.parent, u.kind, u.code); err != nil {
			t.Fatal(err)
		}
	}
	hash, _ := web.HashPassword(password, 1000)
	for name, office := range map[string]string{"tinh": prov.ID, "xa": h.commune.ID, "diem": h.point.ID, "toanquoc": ""} {
		if _, err := d.CreateSupervisor(ctx, db.Supervisor{Name: name, DisplayName: "Giám sát " + name, Office: office, PassHash: hash}); err != nil {
			t.Fatal(err)
		}
	}
	quiet := slog.New(slog.DiscardHandler)
	w, err := web.New(d, web.Options{Now: clk.Now, Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	a := app.New(d, app.Options{Logger: quiet})
	w.Register(a)
	srv := httptest.NewServer(a.Handler())
	t.Cleanup(srv.Close)
	h.env = env{db: d, srv: srv, clock: clk, demo: res, web: w}
	return h
}

func (h *hierarchy) signIn(t *testing.T, name string) *http.Client {
	t.Helper()
	c := h.client(t)
	if r := h.login(t, c, name, password); r.code != http.StatusSeeOther {
		t.Fatalf("login %s = %d", name, r.code)
	}
	return c
}

// elapsedRE and hrefRE match what a page may vary with the request alone:
// its build time, and links that repeat the query as typed (the language
// link, the way back).
var (
	elapsedRE = regexp.MustCompile(`(Tạo báo cáo trong|Generated in)[^<]*`)
	hrefRE    = regexp.MustCompile(`href="[^"]*"`)
)

// reportURLs lists every GET report page and CSV download the web side
// serves, each {table} expanded to the tables its page links to (and the
// report's table ids).
func reportURLs(t *testing.T, h *hierarchy, c *http.Client) []string {
	t.Helper()
	var out []string
	q := "?from=2026-11-17&to=2026-11-23"
	for _, rt := range web.Routes {
		if rt.Method != "GET" || !strings.HasPrefix(rt.Path, "/reports") {
			continue
		}
		if !strings.Contains(rt.Path, "{table}") {
			out = append(out, rt.Path+q)
			continue
		}
		prefix := strings.TrimSuffix(rt.Path, "{table}")
		ids := map[string]bool{}
		if prefix == "/reports/csv/" {
			for _, id := range append(slices.Clone(report.TableIDs), report.LevelTableIDs...) {
				ids[id] = true
			}
		}
		page := do(t, c, "GET", h.srv.URL+strings.TrimSuffix(prefix, "csv/")+q, nil).body
		for _, m := range regexp.MustCompile(regexp.QuoteMeta(prefix)+`([a-z_]+)\?`).FindAllStringSubmatch(page, -1) {
			ids[m[1]] = true
		}
		if len(ids) == 0 { // an empty page links no table: try the names tables have
			for _, id := range append([]string{"dossiers"}, report.TableIDs...) {
				ids[id] = true
			}
		}
		for id := range ids {
			out = append(out, prefix+id+q)
		}
	}
	return out
}

// testSupervisorScope: a supervisor bound to a node sees it and every node
// under it and nothing beside it, on every report page and CSV route,
// whatever office or unit the URL asks for.
func testSupervisorScope(t *testing.T, open opener) {
	h := newHierarchy(t, open)
	ctx := context.Background()
	f := db.Filter{From: "2026-11-17", To: "2026-11-23"}
	count := func(ids ...string) int {
		g := f
		g.Offices = ids
		rows, err := h.db.Tickets(ctx, g)
		if err != nil {
			t.Fatal(err)
		}
		return len(rows)
	}
	scopes := []struct {
		sup     string
		node    db.Office
		inside  []db.Office
		outside []db.Office
	}{
		{"xa", h.commune, []db.Office{h.commune, h.point}, []db.Office{h.other, h.province2, h.far}},
		{"diem", h.point, []db.Office{h.point}, []db.Office{h.commune, h.other, h.province2, h.far}},
		{"tinh", h.province, []db.Office{h.commune, h.point, h.other}, []db.Office{h.province2, h.far}},
	}
	national := h.signIn(t, "toanquoc")
	for _, sc := range scopes {
		c := h.signIn(t, sc.sup)
		var ids []string
		for _, o := range sc.inside {
			ids = append(ids, o.ID)
		}
		want := count(ids...)
		for _, u := range reportURLs(t, h, c) {
			t.Run(sc.sup+" "+u, func(t *testing.T) {
				plain := do(t, c, "GET", h.srv.URL+u, nil)
				if plain.code != http.StatusOK && plain.code != http.StatusNotFound {
					t.Fatalf("= %d", plain.code)
				}
				norm := func(s string) string { return hrefRE.ReplaceAllString(elapsedRE.ReplaceAllString(s, ""), "") }
				for _, o := range sc.outside {
					if strings.Contains(plain.body, o.Name) || strings.Contains(plain.body, o.ID) {
						t.Errorf("shows %s, which is beside its node", o.Name)
					}
					for _, hostile := range []string{"&office=" + o.ID, "&unit=" + o.ID, "&unit=" + o.ID + "&office=" + o.ID} {
						r := do(t, c, "GET", h.srv.URL+u+hostile, nil)
						if b := norm(r.body); strings.Contains(b, o.Name) || strings.Contains(b, o.ID) {
							t.Errorf("%s: shows %s, which is beside its node", hostile, o.Name)
						}
						if r.code != plain.code || norm(r.body) != norm(plain.body) {
							a, b := norm(r.body), norm(plain.body)
							i := 0
							for i < len(a) && i < len(b) && a[i] == b[i] {
								i++
							}
							t.Errorf("%s: answered %d with other content than its own scope's, from %.200q\nnot %.200q", hostile, r.code, a[i:], b[i:])
						}
					}
				}
				if strings.Contains(u, "/csv/") {
					// The same file as a national supervisor gets for this node.
					r := do(t, national, "GET", h.srv.URL+u+"&unit="+sc.node.ID, nil)
					if r.code != plain.code || (plain.code == http.StatusOK && r.body != plain.body) {
						t.Errorf("differs from the national supervisor's file for the node:\n got %.300q\nwant %.300q", plain.body, r.body)
					}
				}
			})
		}
		// The summary counts exactly the tickets of the node's subtree.
		sum := do(t, c, "GET", h.srv.URL+"/reports/csv/summary?from=2026-11-17&to=2026-11-23", nil).body
		if !strings.Contains(sum, ","+strconv.Itoa(want)+"\r\n") && !strings.Contains(sum, ","+strconv.Itoa(want)+"\n") {
			t.Errorf("%s: summary lacks the subtree's %d tickets:\n%s", sc.sup, want, sum)
		}
	}
	if count(h.commune.ID, h.point.ID, h.other.ID) == count(h.commune.ID, h.point.ID) {
		t.Fatal("the offices have no tickets: the test says nothing")
	}
}

// testDrillDown: the province's page lists its communes with their
// figures and links; a commune's link shows the commune and its point.
func testDrillDown(t *testing.T, open opener) {
	h := newHierarchy(t, open)
	c := h.signIn(t, "tinh")
	page := do(t, c, "GET", h.srv.URL+"/reports?from=2026-11-17&to=2026-11-23", nil).body
	for _, want := range []string{`id="table-units"`, h.commune.Name, h.other.Name, "26734", "26737", "Xã, phường (Trung tâm Phục vụ hành chính công)", h.province.Name} {
		if !strings.Contains(page, want) {
			t.Errorf("province page lacks %q", want)
		}
	}
	units := page[strings.Index(page, `id="table-units"`):]
	if strings.Contains(units[:strings.Index(units, "</table>")], ">"+h.point.Name+"</a></td>") {
		t.Error("the province page lists the reception point: it is two levels down")
	}
	link := regexp.MustCompile(`<a href="(/reports\?[^"]*unit=` + regexp.QuoteMeta(h.commune.ID) + `[^"]*)">` + regexp.QuoteMeta(h.commune.Name) + `</a></td>`).FindStringSubmatch(page)
	if link == nil {
		t.Fatalf("no drill-down link to %s", h.commune.Name)
	}
	sub := do(t, c, "GET", h.srv.URL+strings.ReplaceAll(link[1], "&amp;", "&"), nil).body
	for _, want := range []string{h.point.Name, "Điểm tiếp nhận", "26734-1", fmt.Sprintf(`<a href="/reports?from=2026-11-17&amp;to=2026-11-23&amp;unit=%s">%s</a>`, h.province.ID, h.province.Name)} {
		if !strings.Contains(sub, want) {
			t.Errorf("commune page lacks %q", want)
		}
	}
	if strings.Contains(sub, h.other.Name) {
		t.Errorf("commune page shows the other commune %s", h.other.Name)
	}
}
