//go:build integration

package sim

import "testing"

// The run: 1,000 generated office days, the invariants checked at
// every call (Run fails otherwise). The race detector slows the engine
// about tenfold, so under it (make test runs -race) 15 days are checked;
// the 1,000 run without -race, as docs/perf/bookings.md says.
func TestRun_ThousandDays(t *testing.T) {
	p := DefaultParams()
	p.Check = true
	if raceEnabled {
		p.Days = 15
	}
	res, err := Run(p)
	if err != nil {
		t.Fatal(err)
	}
	if res.Days != p.Days || len(res.ByCounters) != p.CountersMax-p.CountersMin+1 {
		t.Fatalf("%d days over %d counter counts", res.Days, len(res.ByCounters))
	}
}
