package report

import (
	"math/bits"
	"slices"
	"sort"
	"time"

	"github.com/motcua-kiosk/motcua/server/db"
	"github.com/motcua-kiosk/motcua/server/hist"
)

// rollAcc is a group being summed from roll-up rows.
type rollAcc struct {
	Group
	wait, svc       hist.Dense
	waitSum, svcSum int64 // milliseconds
	svcN            int64
	offices         int
}

func (g *rollAcc) seen(office string) {
	switch {
	case g.offices == 0:
		g.Office, g.offices = office, 1
	case g.offices == 1 && office != g.Office:
		g.Office, g.offices = "", 2
	}
}

// add sums one row; wait and svc are the row's histograms, decoded once
// for all the groups the row goes into.
func (g *rollAcc) add(r *db.RollupRow, wait, svc []hist.Pair) {
	g.Tickets += int(r.Tickets)
	g.Called += int(r.Called)
	g.Served += int(r.Served)
	g.NoShow.Part += int(r.NoShow)
	g.NoShow.Whole += int(r.Called)
	g.waitSum += r.WaitSum
	g.svcSum += r.SvcSum
	g.svcN += r.SvcN
	g.wait.AddPairs(wait)
	g.svc.AddPairs(svc)
	for i, n := range r.Stars {
		s := &g.Ratings
		s.Count[i] += int(n)
		s.N += int(n)
		s.Sum += int(n) * (i + 1)
		s.Satisfied.Whole += int(n)
		if i+1 >= 4 {
			s.Satisfied.Part += int(n)
		}
	}
}

// stat is a Stat from a histogram and an exact sum.
func stat(h *hist.Dense, n, sumMS int64) Stat {
	if n <= 0 {
		return Stat{}
	}
	q := h.Quantiles(0.5, 0.9)
	return Stat{N: int(n), Mean: time.Duration(sumMS) * time.Millisecond / time.Duration(n), Median: q[0], P90: q[1]}
}

func (g *rollAcc) done() Group {
	g.Wait = stat(&g.wait, int64(g.Called), g.waitSum)
	g.Service = stat(&g.svc, g.svcN, g.svcSum)
	return g.Group
}

// FromRollups builds the report from roll-up rows (db.Rollups: month rows
// and day rows, or db.RollupDays) and their reasons (db.RollupReasons):
// the same report from either, and the same figures as Compute on the raw rows
// of the same filter, except that medians and p90 come from the merged
// histograms, within hist's bound (4.5 % + 0.5 s). Hours of the day are
// as the offices' clocks showed when the tickets were stored.
func FromRollups(rows []db.RollupRow, reasons []db.ReasonCount) Report {
	var r Report
	total := &rollAcc{}
	officers := map[string]*rollAcc{}
	services := map[string]*rollAcc{}
	periods := map[[2]int]*rollAcc{}
	days := map[string]uint32{} // by month: the days with tickets, bit d-1 for day d
	odd := map[string]bool{}    // days not "YYYY-MM-DD"
	get := func(m map[string]*rollAcc, k string) *rollAcc {
		g := m[k]
		if g == nil {
			g = &rollAcc{Group: Group{Key: k}}
			m[k] = g
		}
		return g
	}
	var wait, svc, hours []hist.Pair
	for i := range rows {
		row := &rows[i]
		if row.Empty() {
			continue
		}
		wait = hist.AppendPairs(wait[:0], row.WaitHist)
		svc = hist.AppendPairs(svc[:0], row.SvcHist)
		hours = hist.AppendPairs(hours[:0], row.Hours)
		for _, p := range hours {
			if p.Bucket < len(r.Hours) {
				r.Hours[p.Bucket] += int(p.N)
			}
		}
		total.add(row, wait, svc)
		switch {
		case row.Month():
			days[row.Day] |= row.Days
		case row.Tickets <= 0:
		case dayOfMonth(row.Day) > 0:
			days[row.Day[:7]] |= 1 << (dayOfMonth(row.Day) - 1)
		default:
			odd[row.Day] = true
		}
		r.Waiting += int(row.Active)
		if row.Officer != "" {
			g := get(officers, row.Officer)
			g.add(row, wait, svc)
			g.seen(row.Office)
		}
		g := get(services, row.Service)
		g.add(row, wait, svc)
		g.seen(row.Office)
		if y, q, ok := quarterOf(row.Day); ok {
			for _, k := range [][2]int{{y, q}, {y, 0}} {
				p := periods[k]
				if p == nil {
					p = &rollAcc{}
					periods[k] = p
				}
				p.add(row, wait, svc)
			}
		}
	}
	rc := map[string]int{}
	for _, c := range reasons {
		rc[c.Reason] += int(c.N)
	}
	r.Total = total.done()
	r.Days = len(odd)
	for _, m := range days {
		r.Days += bits.OnesCount32(m)
	}
	r.Officers = sortedRollGroups(officers)
	r.Services = sortedRollGroups(services)
	r.Reasons = reasonCounts(rc)
	var years []int
	for k := range periods {
		if k[1] == 0 {
			years = append(years, k[0])
		}
	}
	slices.Sort(years)
	for _, y := range years {
		for q := 1; q <= 4; q++ {
			p := Period{Year: y, Quarter: q}
			if g := periods[[2]int{y, q}]; g != nil {
				p.Group = g.done()
			}
			r.Periods = append(r.Periods, p)
		}
		r.Periods = append(r.Periods, Period{Year: y, Group: periods[[2]int{y, 0}].done()})
	}
	return r
}

// dayOfMonth is the day of a "YYYY-MM-DD" day, 0 if malformed.
func dayOfMonth(day string) int {
	if len(day) != 10 || day[7] != '-' || day[8] < '0' || day[8] > '3' || day[9] < '0' || day[9] > '9' {
		return 0
	}
	if n := int(day[8]-'0')*10 + int(day[9]-'0'); n <= 31 {
		return n
	}
	return 0
}

func sortedRollGroups(m map[string]*rollAcc) []Group {
	out := make([]Group, 0, len(m))
	for _, g := range m {
		out = append(out, g.done())
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out
}
