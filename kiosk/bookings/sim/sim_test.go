package sim

import (
	"testing"
)

// A short run of generated days: the invariants hold (Run returns an
// error otherwise): every citizen who came got one ticket and was called,
// every booking ended checked in or released with its phone erased, no
// ticket whose effective wait reached MaxWaitMinutes was overtaken by a
// later one. It checks behaviour only, never a figure of the table.
func TestRun_Invariants(t *testing.T) {
	p := DefaultParams()
	p.Days, p.Check = 8, true
	res, err := Run(p)
	if err != nil {
		t.Fatal(err)
	}
	if res.Days != 8 || res.Booked == 0 || res.LateWalkIns == 0 && res.NoShows == 0 || len(res.With.WalkInWaits) == 0 {
		t.Fatalf("a degenerate run: %+v", res.Summary())
	}
	if got, want := len(res.With.WalkInWaits), len(res.Without.WalkInWaits); got != want {
		t.Errorf("%d walk-ins with bookings, %d without: the same arrivals must be compared", got, want)
	}
	for n := range res.ByCounters {
		if n < p.CountersMin || n > p.CountersMax {
			t.Errorf("a day with %d counters", n)
		}
	}
}

// BenchmarkOfficeDay is one generated day, played with bookings and with
// everyone walking in (make bench runs it; bookingsim prints the table).
func BenchmarkOfficeDay(b *testing.B) {
	p := DefaultParams()
	p.Days = 1
	for i := range b.N {
		p.Seed = uint64(i)
		if _, err := Run(p); err != nil {
			b.Fatal(err)
		}
	}
}
