package report

import (
	"fmt"
	"slices"
	"time"

	"github.com/motcua-kiosk/motcua/server/hist"
)

// WithinBound compares a report built from the roll-ups with the report
// of the same filter built from the raw rows, and lists every difference
// beyond the roll-ups' stated precision: counts, means, hours, reasons and
// groups must be equal; medians and p90 within hist's bound (4.5 % +
// 0.5 s). Empty means the two agree. For tests of the report routes.
func WithinBound(rollup, raw Report) []string {
	var out []string
	add := func(format string, args ...any) { out = append(out, fmt.Sprintf(format, args...)) }
	group := func(what string, got, want Group) {
		if got.Key != want.Key || got.Office != want.Office || got.Tickets != want.Tickets || got.Called != want.Called ||
			got.Served != want.Served || got.NoShow != want.NoShow || got.Ratings != want.Ratings {
			add("%s: counts %+v, raw %+v", what, got, want)
			return
		}
		for _, s := range []struct {
			name      string
			got, want Stat
		}{{"wait", got.Wait, want.Wait}, {"service", got.Service, want.Service}} {
			if s.got.N != s.want.N || s.got.Mean != s.want.Mean {
				add("%s %s: n %d mean %v, raw n %d mean %v", what, s.name, s.got.N, s.got.Mean, s.want.N, s.want.Mean)
			}
			if !withinBound(s.got.Median, s.want.Median) || !withinBound(s.got.P90, s.want.P90) {
				add("%s %s: median %v p90 %v, raw %v %v: beyond %.1f %% + %v", what, s.name, s.got.Median, s.got.P90,
					s.want.Median, s.want.P90, 100*hist.ErrorBound, hist.AbsBound)
			}
		}
	}
	group("total", rollup.Total, raw.Total)
	if rollup.Waiting != raw.Waiting || rollup.Days != raw.Days || rollup.Hours != raw.Hours || !slices.Equal(rollup.Reasons, raw.Reasons) {
		add("waiting %d days %d hours %v reasons %v; raw waiting %d days %d hours %v reasons %v",
			rollup.Waiting, rollup.Days, rollup.Hours, rollup.Reasons, raw.Waiting, raw.Days, raw.Hours, raw.Reasons)
	}
	for _, gs := range []struct {
		name      string
		got, want []Group
	}{{"officers", rollup.Officers, raw.Officers}, {"services", rollup.Services, raw.Services}} {
		if len(gs.got) != len(gs.want) {
			add("%d %s, raw %d", len(gs.got), gs.name, len(gs.want))
			continue
		}
		for i := range gs.got {
			group(gs.name+" "+gs.want[i].Key, gs.got[i], gs.want[i])
		}
	}
	if len(rollup.Periods) != len(raw.Periods) {
		add("%d periods, raw %d", len(rollup.Periods), len(raw.Periods))
		return out
	}
	for i, p := range rollup.Periods {
		w := raw.Periods[i]
		if p.Year != w.Year || p.Quarter != w.Quarter {
			add("period %d-%d, raw %d-%d", p.Year, p.Quarter, w.Year, w.Quarter)
		}
		group(fmt.Sprintf("period %d-Q%d", w.Year, w.Quarter), p.Group, w.Group)
	}
	return out
}

func withinBound(got, want time.Duration) bool {
	diff := got - want
	if diff < 0 {
		diff = -diff
	}
	return float64(diff) <= hist.ErrorBound*float64(want)+float64(hist.AbsBound)+float64(time.Millisecond)
}
