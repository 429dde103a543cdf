package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"github.com/motcua-kiosk/motcua/server/app"
	"github.com/motcua-kiosk/motcua/server/db"
	"github.com/motcua-kiosk/motcua/server/report"
	"github.com/motcua-kiosk/motcua/server/web"
	"github.com/motcua-kiosk/motcua/server/web/demo"
)

// A busy office's month: 300 tickets a day on 30 working days.
const (
	benchPerDay = 300
	benchDays   = 30
)

func BenchmarkReportPage_SQLite(b *testing.B) {
	benchReport(b, func(tb testing.TB) *db.DB {
		d, err := db.Open(context.Background(), "sqlite:"+filepath.Join(tb.TempDir(), "bench.db"))
		if err != nil {
			tb.Fatal(err)
		}
		tb.Cleanup(func() { d.Close() })
		return d
	})
}

// benchReport measures the whole report page over HTTP (sign-in done
// once), and its parts: the roll-up queries, the computation with the
// tables and charts, and one CSV download; and, to compare, the raw-row
// queries and computation the page used before the roll-ups.
func benchReport(b *testing.B, open func(testing.TB) *db.DB) {
	ctx := context.Background()
	d := open(b)
	res, err := demo.Fill(ctx, d, demo.Options{Days: benchDays, PerDay: benchPerDay, End: lastDay, Seed: 3, NoLiveTail: true})
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("%s: %d tickets, %d ratings, %s..%s", d.Dialect(), res.Tickets, res.Ratings, res.From, res.To)
	hash, _ := web.HashPassword(password, 1000)
	if _, err := d.CreateSupervisor(ctx, db.Supervisor{Name: "giamsat", PassHash: hash}); err != nil {
		b.Fatal(err)
	}
	quiet := slog.New(slog.DiscardHandler)
	// The server's clock is the real one: the session cookie's expiry is
	// read by the client's cookie jar against it (a clock at lastDay made
	// the jar drop the cookie once lastDay was weeks ago).
	w, err := web.New(d, web.Options{Logger: quiet})
	if err != nil {
		b.Fatal(err)
	}
	a := app.New(d, app.Options{Logger: quiet})
	w.Register(a)
	srv := httptest.NewServer(a.Handler())
	defer srv.Close()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	get := func(u string) string {
		r, err := c.Get(u)
		if err != nil {
			b.Fatal(err)
		}
		body, _ := io.ReadAll(r.Body)
		r.Body.Close()
		if r.StatusCode != http.StatusOK {
			b.Fatalf("GET %s = %d", u, r.StatusCode)
		}
		return string(body)
	}
	tok := tokenRE.FindStringSubmatch(get(srv.URL + "/login"))[1]
	if _, err := c.PostForm(srv.URL+"/login", url.Values{"token": {tok}, "name": {"giamsat"}, "password": {password}}); err != nil {
		b.Fatal(err)
	}
	q := "?from=" + res.From + "&to=" + res.To
	f := db.Filter{From: res.From, To: res.To}
	if page := get(srv.URL + "/reports" + q); !strings.Contains(page, "<svg") {
		b.Fatal("no chart on the report page")
	}
	b.Run("page", func(b *testing.B) {
		for b.Loop() {
			get(srv.URL + "/reports" + q)
		}
	})
	b.Run("query", func(b *testing.B) { // what the page reads: the roll-ups (issue 15)
		for b.Loop() {
			if _, err := d.Rollups(ctx, f); err != nil {
				b.Fatal(err)
			}
			if _, err := d.RollupReasons(ctx, f); err != nil {
				b.Fatal(err)
			}
		}
	})
	rows, _ := d.Rollups(ctx, f)
	reasons, _ := d.RollupReasons(ctx, f)
	b.Run("compute", func(b *testing.B) {
		for b.Loop() {
			r := report.FromRollups(rows, reasons)
			r.Tables(report.VI)
			_ = r.HoursChart(report.VI).SVG() + r.StarsChart(report.VI).SVG() + r.ReasonsChart(report.VI).SVG()
		}
	})
	b.Run("query_raw", func(b *testing.B) { // what it read before: every row
		for b.Loop() {
			if _, err := d.Tickets(ctx, f); err != nil {
				b.Fatal(err)
			}
			if _, err := d.Ratings(ctx, f); err != nil {
				b.Fatal(err)
			}
		}
	})
	tickets, _ := d.Tickets(ctx, f)
	ratings, _ := d.Ratings(ctx, f)
	b.Run("compute_raw", func(b *testing.B) {
		for b.Loop() {
			r := report.Compute(tickets, ratings, report.Vietnam)
			r.Tables(report.VI)
			_ = r.HoursChart(report.VI).SVG() + r.StarsChart(report.VI).SVG() + r.ReasonsChart(report.VI).SVG()
		}
	})
	b.Run("csv_officers", func(b *testing.B) {
		for b.Loop() {
			get(srv.URL + "/reports/csv/officers" + q)
		}
	})
}
