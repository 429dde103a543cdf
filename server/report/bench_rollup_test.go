package report_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/motcua-kiosk/motcua/server/db"
	"github.com/motcua-kiosk/motcua/server/hist"
	"github.com/motcua-kiosk/motcua/server/report"
)

// The province-year set: 100 offices, every working day of 2025 (261),
// 384 tickets an office a day: 10,022,400 tickets, as roll-up rows made
// the way ingest makes them (seedProvince), without storing the tickets.
const (
	benchOffices = 100
	benchPerDay  = 384
	benchYear    = 2025
)

// benchService is a demo-like service: its weight, mean service minutes
// and counters (each with its officer).
type benchService struct {
	code     string
	weight   float64
	meanMin  float64
	counters []int
}

var benchServices = []benchService{
	{"A", 0.35, 11, []int{1, 2}}, {"B", 0.25, 7, []int{3}}, {"C", 0.40, 3.5, []int{4, 5}},
}

var benchHours = []int{7, 7, 8, 8, 8, 9, 9, 10, 10, 13, 14, 14, 15}

type seedAcc struct {
	row       db.RollupRow
	wait, svc hist.H
	hours     hist.H
	longWait  int64
	attitude  int64
}

// seedProvince stores the roll-ups of offices × working days of benchYear
// × perDay simulated tickets and returns the office ids and the ticket
// count.
func seedProvince(tb testing.TB, d *db.DB, offices, perDay int) ([]string, int) {
	return seedSet(tb, d, offices, perDay, time.Date(benchYear, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(benchYear+1, 1, 1, 0, 0, 0, 0, time.UTC))
}

// seedSet stores the roll-ups of offices × working days in [from, to) ×
// perDay simulated tickets, 50 offices a transaction.
func seedSet(tb testing.TB, d *db.DB, offices, perDay int, from, to time.Time) ([]string, int) {
	ctx := context.Background()
	r := rand.New(rand.NewPCG(15, 2025))
	var ids []string
	tickets := 0
	var rows []db.RollupRow
	var reasons []db.ReasonCount
	for o := range offices {
		off, err := d.CreateOffice(ctx, fmt.Sprintf("Xã %03d", o+1))
		if err != nil {
			tb.Fatal(err)
		}
		ids = append(ids, off.ID)
		for day := from; day.Before(to); day = day.AddDate(0, 0, 1) {
			if wd := day.Weekday(); wd == time.Saturday || wd == time.Sunday {
				continue
			}
			accs := map[[2]int]*seedAcc{}
			for range perDay {
				x := r.Float64()
				si := 0
				for si < len(benchServices)-1 && x > benchServices[si].weight {
					x -= benchServices[si].weight
					si++
				}
				s := benchServices[si]
				counter := s.counters[r.IntN(len(s.counters))]
				a := accs[[2]int{si, counter}]
				if a == nil {
					a = &seedAcc{wait: hist.H{}, svc: hist.H{}, hours: hist.H{}}
					a.row = db.RollupRow{Office: off.ID, Day: day.Format("2006-01-02"), Service: s.code, Counter: counter, Officer: fmt.Sprintf("cb%02d", counter)}
					accs[[2]int{si, counter}] = a
				}
				a.row.Tickets++
				tickets++
				a.hours[benchHours[r.IntN(len(benchHours))]]++
				w := time.Duration(r.ExpFloat64() * float64(12*time.Minute)).Truncate(time.Millisecond)
				a.row.Called++
				a.row.WaitSum += w.Milliseconds()
				a.wait.Add(w, 1)
				if r.IntN(100) < 3 {
					a.row.NoShow++
					continue
				}
				a.row.Served++
				sv := time.Duration(r.ExpFloat64() * s.meanMin * float64(time.Minute)).Truncate(time.Millisecond)
				a.row.SvcN++
				a.row.SvcSum += sv.Milliseconds()
				a.svc.Add(sv, 1)
				if r.IntN(100) < 65 {
					stars := []int{1, 2, 3, 3, 4, 4, 4, 5, 5, 5, 5, 5, 5, 5}[r.IntN(14)]
					a.row.Stars[stars-1]++
					if stars <= 3 {
						a.longWait++
						if stars == 1 {
							a.attitude++
						}
					}
				}
			}
			for _, a := range accs {
				a.row.WaitHist, a.row.SvcHist, a.row.Hours = a.wait.Encode(), a.svc.Encode(), a.hours.Encode()
				rows = append(rows, a.row)
				for reason, n := range map[string]int64{"long_wait": a.longWait, "attitude": a.attitude} {
					if n > 0 {
						reasons = append(reasons, db.ReasonCount{Office: off.ID, Day: a.row.Day, Service: a.row.Service,
							Counter: a.row.Counter, Officer: a.row.Officer, Reason: reason, N: n})
					}
				}
			}
		}
		if (o+1)%50 == 0 || o == offices-1 {
			if err := d.PutRollups(ctx, rows, reasons); err != nil {
				tb.Fatal(err)
			}
			rows, reasons = rows[:0], reasons[:0]
		}
	}
	return ids, tickets
}

// benchRollups measures reports read from the roll-ups: a province's year
// (every office of the set), its queries alone, and one office's month.
func benchRollups(b *testing.B, d *db.DB) {
	ctx := context.Background()
	start := time.Now()
	ids, tickets := seedProvince(b, d, benchOffices, benchPerDay)
	all, _ := d.Rollups(ctx, db.Filter{})
	b.Logf("%s: %d offices, %d tickets, %d roll-up rows, seeded in %v", d.Dialect(), len(ids), tickets, len(all), time.Since(start).Round(time.Second))
	year := db.Filter{From: fmt.Sprintf("%d-01-01", benchYear), To: fmt.Sprintf("%d-12-31", benchYear)}
	ragged := db.Filter{From: fmt.Sprintf("%d-01-15", benchYear), To: fmt.Sprintf("%d-12-14", benchYear)}
	month := db.Filter{Office: ids[0], From: fmt.Sprintf("%d-10-01", benchYear), To: fmt.Sprintf("%d-10-31", benchYear)}
	run := func(f db.Filter) report.Report {
		rows, err := d.Rollups(ctx, f)
		if err != nil {
			b.Fatal(err)
		}
		reasons, err := d.RollupReasons(ctx, f)
		if err != nil {
			b.Fatal(err)
		}
		rep := report.FromRollups(rows, reasons)
		rep.Tables(report.VI)
		return rep
	}
	if got := run(year).Total.Tickets; got != tickets {
		b.Fatalf("province-year report: %d tickets, want %d", got, tickets)
	}
	b.Run("province_year", func(b *testing.B) {
		for b.Loop() {
			run(year)
		}
	})
	b.Run("province_year_query", func(b *testing.B) {
		for b.Loop() {
			if _, err := d.Rollups(ctx, year); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("province_ragged_year", func(b *testing.B) { // 15 Jan – 14 Dec: 10 months + 2 × ~2 weeks of day rows
		for b.Loop() {
			run(ragged)
		}
	})
	b.Run("province_year_days", func(b *testing.B) { // the same year from the day rows alone, as before the month level
		for b.Loop() {
			rows, err := d.RollupDays(ctx, year)
			if err != nil {
				b.Fatal(err)
			}
			reasons, err := d.RollupReasonDays(ctx, year)
			if err != nil {
				b.Fatal(err)
			}
			report.FromRollups(rows, reasons).Tables(report.VI)
		}
	})
	b.Run("office_month", func(b *testing.B) {
		for b.Loop() {
			run(month)
		}
	})
}

func BenchmarkRollupReport_SQLite(b *testing.B) { benchRollups(b, openSQLite(b)) }

// The national set: nationOffices communes, every working day of October
// 2025 (23), nationPerDay tickets a commune a day (~3 M events a day over
// the country at ~5 events a ticket): 13.7 M tickets as roll-up rows.
const (
	nationOffices = 3321
	nationPerDay  = 180
)

// benchNation measures a national month (every office, October) and one
// office's month from the same set.
func benchNation(b *testing.B, d *db.DB) {
	ctx := context.Background()
	start := time.Now()
	from := time.Date(benchYear, 10, 1, 0, 0, 0, 0, time.UTC)
	ids, tickets := seedSet(b, d, nationOffices, nationPerDay, from, from.AddDate(0, 1, 0))
	month := db.Filter{From: fmt.Sprintf("%d-10-01", benchYear), To: fmt.Sprintf("%d-10-31", benchYear)}
	rows, _ := d.Rollups(ctx, month)
	days, _ := d.RollupDays(ctx, month)
	b.Logf("%s: %d offices, %d tickets, %d month rows (%d day rows), seeded in %v", d.Dialect(), len(ids), tickets, len(rows), len(days), time.Since(start).Round(time.Second))
	run := func(f db.Filter) report.Report {
		rows, err := d.Rollups(ctx, f)
		if err != nil {
			b.Fatal(err)
		}
		reasons, err := d.RollupReasons(ctx, f)
		if err != nil {
			b.Fatal(err)
		}
		rep := report.FromRollups(rows, reasons)
		rep.Tables(report.VI)
		return rep
	}
	if got := run(month).Total.Tickets; got != tickets {
		b.Fatalf("national month: %d tickets, want %d", got, tickets)
	}
	b.Run("national_month", func(b *testing.B) {
		for b.Loop() {
			run(month)
		}
	})
	// The report form's officer and service choices: from the month rows
	// (as the page reads them) and, for comparing, from the day rows.
	for name, choices := range map[string]func(context.Context, db.Filter) (db.Choices, error){
		"national_month_choices": d.FilterChoices, "national_month_choices_days": d.FilterChoiceDays} {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				if _, err := choices(ctx, month); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	b.Run("office_month", func(b *testing.B) {
		f := month
		f.Office = ids[len(ids)/2]
		for b.Loop() {
			run(f)
		}
	})
}

func BenchmarkRollupNational_SQLite(b *testing.B) { benchNation(b, openSQLite(b)) }
