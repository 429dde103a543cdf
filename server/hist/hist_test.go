package hist

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

// exact is report.Quantile's rule on sorted durations.
func exact(sorted []time.Duration, p float64) time.Duration {
	x := float64(len(sorted)-1) * p
	lo := int(x)
	if lo >= len(sorted)-1 {
		return sorted[len(sorted)-1]
	}
	return sorted[lo] + time.Duration((x-float64(lo))*float64(sorted[lo+1]-sorted[lo]))
}

func within(est, want time.Duration) bool {
	diff := est - want
	if diff < 0 {
		diff = -diff
	}
	return float64(diff) <= ErrorBound*float64(want)+float64(AbsBound)+float64(time.Millisecond)
}

// TestH_Quantiles: the stated bound holds for small and large sets, sets
// merged from parts, and durations under a second.
func TestH_Quantiles(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{1, 2, 3, 7, 50, 1000, 20000} {
		var all []time.Duration
		merged := H{}
		for part := range 4 {
			h := H{}
			for range n {
				d := time.Duration(r.ExpFloat64() * float64(time.Duration(part+1)*7*time.Minute))
				if r.IntN(20) == 0 {
					d = time.Duration(r.IntN(1000)) * time.Millisecond
				}
				all = append(all, d)
				h.Add(d, 1)
			}
			merged.Merge(h)
		}
		slices.Sort(all)
		ps := []float64{0, 0.1, 0.5, 0.9, 0.99, 1}
		for i, est := range merged.Quantiles(ps...) {
			if want := exact(all, ps[i]); !within(est, want) {
				t.Errorf("n=%d p=%v: estimate %v, exact %v: outside %.1f %% + %v", 4*n, ps[i], est, want, 100*ErrorBound, AbsBound)
			}
		}
	}
}

func TestH_EncodeDecode(t *testing.T) {
	h := H{}
	for _, d := range []time.Duration{0, 900 * time.Millisecond, time.Second, 90 * time.Second, 90 * time.Second, 48 * time.Hour, 400 * 24 * time.Hour} {
		h.Add(d, 1)
	}
	got := H{}
	DecodeInto(got, h.Encode())
	if got.Encode() != h.Encode() || got.N() != 7 {
		t.Errorf("round trip: %q, want %q", got.Encode(), h.Encode())
	}
	h.Add(90*time.Second, -2)
	if h.Encode() == got.Encode() || h.N() != 5 {
		t.Errorf("after taking two away: %q (n %d)", h.Encode(), h.N())
	}
	if Bucket(400*24*time.Hour) != Buckets-1 || Bucket(-time.Second) != 0 {
		t.Error("out-of-range durations must fall in the end buckets")
	}
}
