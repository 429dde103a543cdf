package report_test

import (
	"context"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/motcua-kiosk/motcua/kiosk/queue"
	"github.com/motcua-kiosk/motcua/server/db"
	"github.com/motcua-kiosk/motcua/server/report"
	"github.com/motcua-kiosk/motcua/server/web/demo"
)

func openSQLite(t testing.TB) *db.DB {
	t.Helper()
	d, err := db.Open(context.Background(), "sqlite:"+filepath.Join(t.TempDir(), "s.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}

func TestFromRollups_SQLite(t *testing.T) { testFromRollups(t, openSQLite(t)) }

// sameReport fails t when a report from the roll-ups is not the raw-row
// one within the stated bound.
func sameReport(t *testing.T, what string, got, want report.Report) {
	t.Helper()
	for _, d := range report.WithinBound(got, want) {
		t.Errorf("%s: %s", what, d)
	}
}

// testFromRollups: reports from the roll-ups kept by ingest equal the
// reports from the raw rows, within the stated bound for medians and p90,
// for every kind of filter; a rebuild (the backfill) gives the same.
func testFromRollups(t *testing.T, d *db.DB) {
	ctx := context.Background()
	end := time.Date(2026, 10, 9, 0, 0, 0, 0, report.Vietnam) // 25 working days: September and October, two quarters
	res, err := demo.Fill(ctx, d, demo.Options{Offices: []string{"Xã Một", "Phường Hai", "Xã Ba"}, Days: 25, PerDay: 30, End: end, Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	// A web rating (the ticket page) goes into the roll-ups too.
	if res.UnratedRef != "" {
		tk, err := d.TicketByRef(ctx, res.UnratedRef)
		if err != nil {
			t.Fatal(err)
		}
		if err := d.InsertRating(ctx, tk.Office, ratingOf(tk, 2, "long_wait")); err != nil {
			t.Fatal(err)
		}
	}
	o := res.Offices[1].ID
	filters := []struct {
		name string
		f    db.Filter
	}{
		{"everything", db.Filter{}},
		{"one office", db.Filter{Office: o}},
		{"a month", db.Filter{From: "2026-10-01", To: "2026-10-31"}},
		{"one officer", db.Filter{Officer: "cb03"}},
		{"one service of one office", db.Filter{Office: o, Service: "C"}},
		{"the last day", db.Filter{From: res.To, To: res.To}},
		{"nothing", db.Filter{From: "2020-01-01", To: "2020-01-31"}},
		// Ranges that cut months: ragged days at one end, both, or alone.
		{"September and some of October", db.Filter{From: "2026-09-01", To: "2026-10-05"}},
		{"some of September and October", db.Filter{From: "2026-09-17", To: "2026-10-31"}},
		{"inside two months", db.Filter{From: "2026-09-10", To: "2026-10-05"}},
		{"inside one month", db.Filter{Office: o, From: "2026-09-08", To: "2026-09-25"}},
		{"from a day on", db.Filter{From: "2026-09-22"}},
		{"up to a day", db.Filter{To: "2026-09-22", Service: "A"}},
		{"a scope", db.Filter{Offices: []string{o, res.Offices[2].ID}, From: "2026-09-01", To: "2026-09-30"}},
	}
	check := func(stage string) {
		for _, tc := range filters {
			tickets, err := d.Tickets(ctx, tc.f)
			if err != nil {
				t.Fatal(err)
			}
			ratings, err := d.Ratings(ctx, tc.f)
			if err != nil {
				t.Fatal(err)
			}
			want := report.Compute(tickets, ratings, report.Vietnam)
			rows, err := d.Rollups(ctx, tc.f)
			if err != nil {
				t.Fatal(err)
			}
			reasons, err := d.RollupReasons(ctx, tc.f)
			if err != nil {
				t.Fatal(err)
			}
			got := report.FromRollups(rows, reasons)
			sameReport(t, stage+", "+tc.name, got, want)
			sameAsDays(t, d, stage+", "+tc.name, tc.f, got)
			if tc.name == "everything" && want.Total.Tickets != res.Tickets {
				t.Errorf("%d tickets in the raw report, %d made", want.Total.Tickets, res.Tickets)
			}
		}
	}
	check("kept by ingest")
	if due, err := d.RollupsDue(ctx); err != nil || due {
		t.Errorf("RollupsDue on a database that always had roll-ups = %v, %v", due, err)
	}
	before, _ := d.Rollups(ctx, db.Filter{})
	nt, nr, err := d.RebuildRollups(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if nt != res.Tickets || nr != res.Ratings+1 {
		t.Errorf("rebuild read %d tickets %d ratings, want %d %d", nt, nr, res.Tickets, res.Ratings+1)
	}
	check("rebuilt")
	after, _ := d.Rollups(ctx, db.Filter{})
	if a, b := report.FromRollups(after, nil), report.FromRollups(before, nil); a.Total != b.Total || a.Hours != b.Hours {
		t.Errorf("rebuilt roll-ups differ from those kept by ingest:\n%+v\n%+v", a.Total, b.Total)
	}
}

// sameAsDays fails t unless got, the report of f from db.Rollups (month
// rows for the whole months, day rows for the rest), is exactly the report
// from the day rows alone; and unless whole months were read from month
// rows.
func sameAsDays(t *testing.T, d *db.DB, what string, f db.Filter, got report.Report) {
	t.Helper()
	ctx := context.Background()
	rows, err := d.RollupDays(ctx, f)
	if err != nil {
		t.Fatal(err)
	}
	reasons, err := d.RollupReasonDays(ctx, f)
	if err != nil {
		t.Fatal(err)
	}
	if want := report.FromRollups(rows, reasons); !reflect.DeepEqual(got, want) {
		t.Errorf("%s: the report from month and day rows differs from the one from day rows:\n%+v\n%+v", what, got, want)
	}
	mixed, err := d.Rollups(ctx, f)
	if err != nil {
		t.Fatal(err)
	}
	months := 0
	for _, r := range mixed {
		if r.Month() {
			months++
		}
	}
	whole := (f.From == "" || strings.HasSuffix(f.From, "-01")) && (f.To == "" || strings.HasSuffix(f.To, "-30") || strings.HasSuffix(f.To, "-31"))
	if whole && len(rows) > 0 && months == 0 {
		t.Errorf("%s: no month row read", what)
	}
}

// ratingOf is a web rating of a served ticket.
func ratingOf(t db.TicketRow, stars int, reasons ...string) queue.Rating {
	return queue.Rating{TicketID: t.ID, Day: t.Day, Number: t.Number, Service: t.Service, Counter: t.Counter, Officer: t.Officer,
		Stars: stars, Reasons: reasons, Source: "web", At: t.IssuedAt.Add(time.Hour)}
}

func TestPutRollups_Months_SQLite(t *testing.T) { testPutRollupsMonths(t, openSQLite(t)) }

// testPutRollupsMonths: roll-ups loaded with PutRollups get their month
// rows, and replacing a day row replaces its month's share.
func testPutRollupsMonths(t *testing.T, d *db.DB) {
	ctx := context.Background()
	from := time.Date(2025, 9, 15, 0, 0, 0, 0, time.UTC)
	ids, tickets := seedSet(t, d, 3, 40, from, from.AddDate(0, 2, 0)) // 15 Sep – 14 Nov
	for _, f := range []db.Filter{{}, {From: "2025-10-01", To: "2025-10-31"}, {From: "2025-09-20", To: "2025-11-03", Office: ids[1]}} {
		rows, _ := d.Rollups(ctx, f)
		reasons, _ := d.RollupReasons(ctx, f)
		sameAsDays(t, d, fmt.Sprintf("put %+v", f), f, report.FromRollups(rows, reasons))
	}
	oct := db.Filter{From: "2025-10-01", To: "2025-10-31"}
	days, err := d.RollupDays(ctx, db.Filter{Office: ids[0], From: "2025-10-07", To: "2025-10-07"})
	if err != nil || len(days) == 0 {
		t.Fatalf("day rows of 7 October: %v, %v", days, err)
	}
	r := days[0]
	r.Tickets += 1000
	if err := d.PutRollups(ctx, []db.RollupRow{r}, nil); err != nil {
		t.Fatal(err)
	}
	rows, _ := d.Rollups(ctx, oct)
	reasons, _ := d.RollupReasons(ctx, oct)
	got := report.FromRollups(rows, reasons)
	sameAsDays(t, d, "after replacing a day row", oct, got)
	all, _ := d.Rollups(ctx, db.Filter{})
	if n := report.FromRollups(all, nil).Total.Tickets; n != tickets+1000 {
		t.Errorf("after replacing a day row: %d tickets, want %d", n, tickets+1000)
	}
}
