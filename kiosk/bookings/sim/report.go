package sim

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// Summary is a Result's figures.
type Summary struct {
	Counters               string // "3", "all"
	Days, Citizens, Booked int
	LateWalkIns, NoShows   int
	EarlyReturns           int
	BookedP50, BookedP90   time.Duration // lateness against the slot, with bookings
	BookedP90NoBooking     time.Duration // the same citizens walking in at the same times
	WalkInMean             time.Duration
	WalkInMeanNoBooking    time.Duration
	WalkInP90              time.Duration
	WalkInP90NoBooking     time.Duration
	Longest, LongestNoBook time.Duration
}

func percentile(ds []time.Duration, p float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	i := int(p*float64(len(s))+0.5) - 1
	return s[min(max(i, 0), len(s)-1)]
}

func mean(ds []time.Duration) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	var sum time.Duration
	for _, d := range ds {
		sum += d
	}
	return sum / time.Duration(len(ds))
}

// Summary returns the figures of r.
func (r *Result) Summary() Summary {
	return Summary{Counters: "all", Days: r.Days, Citizens: r.Citizens, Booked: r.Booked, LateWalkIns: r.LateWalkIns,
		NoShows: r.NoShows, EarlyReturns: r.EarlyReturns,
		BookedP50: percentile(r.With.BookedLate, 0.5), BookedP90: percentile(r.With.BookedLate, 0.9),
		BookedP90NoBooking: percentile(r.Without.BookedLate, 0.9),
		WalkInMean:         mean(r.With.WalkInWaits), WalkInMeanNoBooking: mean(r.Without.WalkInWaits),
		WalkInP90: percentile(r.With.WalkInWaits, 0.9), WalkInP90NoBooking: percentile(r.Without.WalkInWaits, 0.9),
		Longest: r.With.Longest, LongestNoBook: r.Without.Longest}
}

func mins(d time.Duration) string { return fmt.Sprintf("%.1f", d.Minutes()) }

// Markdown is the table of docs/perf/bookings.md: one row per number of
// counters and one for all days, times in minutes.
func (r *Result) Markdown() string {
	var b strings.Builder
	b.WriteString("| counters | days | citizens/day | booked (checked in) | late → walk-in | no-show | booked p50 / p90 lateness vs slot | same citizens walking in: p90 | walk-in mean wait | walk-in mean, no bookings | walk-in p90 | walk-in p90, no bookings | longest wait | longest, no bookings |\n")
	b.WriteString("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n")
	var keys []int
	for k := range r.ByCounters {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	rows := []Summary{}
	for _, k := range keys {
		s := r.ByCounters[k].Summary()
		s.Counters = fmt.Sprint(k)
		rows = append(rows, s)
	}
	rows = append(rows, r.Summary())
	for _, s := range rows {
		pct := func(n int) string { return fmt.Sprintf("%.1f %%", 100*float64(n)/float64(max(1, s.Citizens))) }
		fmt.Fprintf(&b, "| %s | %d | %.0f | %s | %s | %s | %s / %s | %s | %s | %s | %s | %s | %s | %s |\n",
			s.Counters, s.Days, float64(s.Citizens)/float64(max(1, s.Days)), pct(s.Booked), pct(s.LateWalkIns), pct(s.NoShows),
			mins(s.BookedP50), mins(s.BookedP90), mins(s.BookedP90NoBooking), mins(s.WalkInMean), mins(s.WalkInMeanNoBooking),
			mins(s.WalkInP90), mins(s.WalkInP90NoBooking), mins(s.Longest), mins(s.LongestNoBook))
	}
	return b.String()
}
