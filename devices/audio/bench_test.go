package audio

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/motcua-kiosk/motcua/devices"
)

// sayLatencies says n calls on an idle announcer, one at a time, and
// returns for each the time from Say to the first sample handed to the
// player (the player's Play call).
func sayLatencies(tb testing.TB, n int) []time.Duration {
	tb.Helper()
	first := make(chan time.Time, 1)
	p := &RecordingPlayer{OnPlay: func(PCM) { first <- time.Now() }}
	a := NewAnnouncer(shipped(tb), p, Options{})
	defer a.Close()
	out := make([]time.Duration, n)
	for i := range n {
		c := devices.Call{Number: fmt.Sprintf("%c%03d", 'A'+i%3, i%1000), Counter: 1 + i%30}
		start := time.Now()
		if err := a.Say(c); err != nil {
			tb.Fatal(err)
		}
		out[i] = (<-first).Sub(start)
	}
	return out
}

func percentile(d []time.Duration, p float64) time.Duration {
	s := slices.Clone(d)
	slices.Sort(s)
	return s[min(len(s)-1, int(float64(len(s))*p))]
}

// TestAnnouncer_SayToFirstSample holds the target: from a call to
// the first sound sample under 300 ms.
func TestAnnouncer_SayToFirstSample(t *testing.T) {
	lat := sayLatencies(t, 50)
	if p99 := percentile(lat, 0.99); p99 > 300*time.Millisecond {
		t.Errorf("Say to first sample p99 = %v, want under 300ms", p99)
	}
}

// BenchmarkAnnouncer_SayToFirstSample: Say on an idle announcer to the
// player's Play call (render + volume + hand-over), Vietnamese, twice.
func BenchmarkAnnouncer_SayToFirstSample(b *testing.B) {
	shipped(b) // load once outside the timing
	b.ResetTimer()
	lat := sayLatencies(b, b.N)
	b.StopTimer()
	b.ReportMetric(float64(percentile(lat, 0.50).Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(percentile(lat, 0.99).Microseconds())/1000, "p99-ms")
	b.ReportMetric(float64(slices.Max(lat).Microseconds())/1000, "max-ms")
}

// BenchmarkBank_Render: the whole announcement, clips looked up and
// joined, said twice.
func BenchmarkBank_Render(b *testing.B) {
	bank := shipped(b)
	for _, tt := range []struct {
		name  string
		langs []string
	}{{"vi", []string{"vi"}}, {"vi+en", []string{"vi", "en"}}} {
		b.Run(tt.name, func(b *testing.B) {
			c := devices.Call{Number: "A012", Counter: 24}
			for b.Loop() {
				if _, err := bank.Render(c, tt.langs, 2); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkJoin: Join alone on the clips of one Vietnamese sentence.
func BenchmarkJoin(b *testing.B) {
	bank := shipped(b)
	var clips []PCM
	for _, n := range Phrase(devices.Call{Number: "A012", Counter: 24}, "vi") {
		c, err := bank.Clip("vi", n)
		if err != nil {
			b.Fatal(err)
		}
		clips = append(clips, c)
	}
	for b.Loop() {
		if _, err := Join(clips); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkShipped: decoding every embedded clip, once at start-up.
func BenchmarkShipped(b *testing.B) {
	for b.Loop() {
		if _, err := Shipped(); err != nil {
			b.Fatal(err)
		}
	}
}
