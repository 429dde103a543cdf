package app_test

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/motcua-kiosk/motcua/server/app"
	"github.com/motcua-kiosk/motcua/server/db"
	"github.com/motcua-kiosk/motcua/server/web"
)

func newApp(t *testing.T) *app.App {
	t.Helper()
	d, err := db.Open(context.Background(), "sqlite:"+filepath.Join(t.TempDir(), "s.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	return app.New(d, app.Options{})
}

// openAPIRoutes reads "METHOD /path" pairs from the paths section of an
// OpenAPI 3 YAML file (two-space indentation, as ours is written).
func openAPIRoutes(t *testing.T, path string) []string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	pathRE := regexp.MustCompile(`^  (/\S*):\s*$`)
	methodRE := regexp.MustCompile(`^    (get|put|post|delete|patch|head|options):`)
	var out []string
	in, cur := false, ""
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case line == "paths:":
			in = true
		case in && line != "" && !strings.HasPrefix(line, " "):
			in = false
		case in && pathRE.MatchString(line):
			cur = pathRE.FindStringSubmatch(line)[1]
		case in && cur != "" && methodRE.MatchString(line):
			out = append(out, strings.ToUpper(methodRE.FindStringSubmatch(line)[1])+" "+cur)
		}
	}
	slices.Sort(out)
	return out
}

func TestApp_OpenAPI(t *testing.T) {
	a := newApp(t)
	w, err := web.New(a.DB, web.Options{}) // the web side's routes are in the same OpenAPI file
	if err != nil {
		t.Fatal(err)
	}
	w.Register(a)
	var served []string
	for _, r := range a.Routes() {
		served = append(served, r.Method+" "+r.Path)
	}
	slices.Sort(served)
	documented := openAPIRoutes(t, "../../docs/openapi-server.yaml")
	for _, r := range served {
		if !slices.Contains(documented, r) {
			t.Errorf("served route %q is missing from docs/openapi-server.yaml", r)
		}
	}
	for _, r := range documented {
		if !slices.Contains(served, r) {
			t.Errorf("documented route %q is not served", r)
		}
	}
	// Every route is really routed: neither 404 nor 405.
	srv := httptest.NewServer(a.Handler())
	defer srv.Close()
	for _, r := range a.Routes() {
		req, _ := http.NewRequest(r.Method, srv.URL+r.Path, strings.NewReader("{}"))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		// A handler may answer 404 itself (/t/{ref} for an unknown ticket); the
		// mux's own "not routed" answer is its plain-text 404 or a 405.
		if (resp.StatusCode == http.StatusNotFound && string(body) == "404 page not found\n") || resp.StatusCode == http.StatusMethodNotAllowed {
			t.Errorf("%s %s = %d, want it routed", r.Method, r.Path, resp.StatusCode)
		}
	}
}

func TestApp_Healthz(t *testing.T) {
	a := newApp(t)
	rec := httptest.NewRecorder()
	a.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/healthz", nil))
	if got, want := rec.Code, http.StatusOK; got != want {
		t.Errorf("status = %d, want %d", got, want)
	}
	a.DB.Close()
	rec = httptest.NewRecorder()
	a.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/healthz", nil))
	if got, want := rec.Code, http.StatusServiceUnavailable; got != want {
		t.Errorf("closed database: status = %d, want %d", got, want)
	}
}

func TestApp_Handle(t *testing.T) {
	a := newApp(t)
	a.Handle("GET", "/t/{ref}", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte(r.PathValue("ref"))) }))
	rec := httptest.NewRecorder()
	a.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/t/abc", nil))
	if got, want := rec.Body.String(), "abc"; got != want {
		t.Errorf("body = %q, want %q", got, want)
	}
	if !slices.Contains(a.Routes(), app.Route{Method: "GET", Path: "/t/{ref}"}) {
		t.Errorf("Routes() = %v, missing the added route", a.Routes())
	}
}
