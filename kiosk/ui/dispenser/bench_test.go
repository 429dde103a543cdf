package dispenser

import (
	"testing"
	"time"
)

// BenchmarkDispenser_TapToTicket measures a tap on a service until the
// ticket screen is shown, with the real store (SQLite in WAL, fsync on
// commit) and hub, printing to a fake printer in the background.
func BenchmarkDispenser_TapToTicket(b *testing.B) {
	r := newRig(b, openConfig(0), portrait)
	var worst time.Duration
	b.ResetTimer()
	for b.Loop() {
		start := time.Now()
		tap(r.d.ServiceButton("A"))
		waitFor(b, "ticket", func() bool { return r.d.Screen() == ScreenTicket })
		worst = max(worst, time.Since(start))
		b.StopTimer()
		tap(r.d.DoneButton())
		b.StartTimer()
	}
	b.ReportMetric(float64(worst.Microseconds())/1000, "worst-ms")
}
