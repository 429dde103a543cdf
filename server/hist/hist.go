// Package hist is the duration histogram of the report roll-ups: fixed
// log-spaced buckets, the same for every office and day, so that two
// histograms merge by adding their counts (a day into a month, an office
// into a province) and a quantile read from the merged counts is as good
// as one read from any single day.
//
// Bucket 0 holds durations under one second; bucket i ≥ 1 holds
// [2^((i-1)/8), 2^(i/8)) seconds, eight buckets per doubling, up to
// bucket Buckets-1, which also takes everything longer (2^20 s ≈ 12 days).
// A bucket stands for its geometric middle (0.5 s for bucket 0), which is
// within a factor 2^(1/16) (4.4 %) of every duration in it. Quantiles
// interpolate between closest ranks like report.Quantile does on the raw
// durations, each rank taken at its bucket's middle, so:
//
//	|estimate − exact| ≤ 4.5 % × exact + 0.5 s
//
// for the median, p90 or any quantile (ErrorBound and AbsBound).
package hist

import (
	"math"
	"sort"
	"strconv"
	"strings"
	"time"
)

// PerDoubling is the number of buckets per doubling of the duration.
const PerDoubling = 8

// Buckets is the number of buckets: under 1 s, then 2^20 s of doublings.
const Buckets = 1 + 20*PerDoubling

// ErrorBound is the largest relative error of a quantile estimate for
// durations of a second or more: 2^(1/16) − 1.
var ErrorBound = math.Pow(2, 1.0/(2*PerDoubling)) - 1

// AbsBound is the largest absolute error for durations under a second.
const AbsBound = 500 * time.Millisecond

// Bucket is the bucket of d (negative durations count as 0).
func Bucket(d time.Duration) int {
	if d < time.Second {
		return 0
	}
	i := 1 + int(math.Floor(PerDoubling*math.Log2(d.Seconds())))
	return min(max(i, 1), Buckets-1)
}

// Mid is the duration bucket i stands for.
func Mid(i int) time.Duration {
	if i <= 0 {
		return AbsBound
	}
	return time.Duration(math.Pow(2, (float64(i)-0.5)/PerDoubling) * float64(time.Second))
}

// H is a histogram: counts by bucket. The zero value is empty; counts may
// go negative in a delta (a ticket's old state taken away).
type H map[int]int64

// Add counts d n times (n may be negative).
func (h H) Add(d time.Duration, n int64) {
	b := Bucket(d)
	h[b] += n
	if h[b] == 0 {
		delete(h, b)
	}
}

// Merge adds o's counts to h.
func (h H) Merge(o H) {
	for b, n := range o {
		h[b] += n
		if h[b] == 0 {
			delete(h, b)
		}
	}
}

// N is the number of durations counted.
func (h H) N() int64 {
	var n int64
	for _, c := range h {
		n += c
	}
	return n
}

// Encode writes h as "bucket:count" pairs in bucket order, comma
// separated ("" when empty): the roll-up tables' text column.
func (h H) Encode() string {
	keys := make([]int, 0, len(h))
	for b, n := range h {
		if n != 0 {
			keys = append(keys, b)
		}
	}
	sort.Ints(keys)
	var sb strings.Builder
	for i, b := range keys {
		if i > 0 {
			sb.WriteByte(',')
		}
		sb.WriteString(strconv.Itoa(b))
		sb.WriteByte(':')
		sb.WriteString(strconv.FormatInt(h[b], 10))
	}
	return sb.String()
}

// DecodeInto adds the counts of an Encode'd text to h; malformed pairs
// are skipped.
func DecodeInto(h H, s string) {
	for len(s) > 0 {
		var pair string
		pair, s, _ = strings.Cut(s, ",")
		k, v, ok := strings.Cut(pair, ":")
		if !ok {
			continue
		}
		b, err1 := strconv.Atoi(k)
		n, err2 := strconv.ParseInt(v, 10, 64)
		if err1 != nil || err2 != nil {
			continue
		}
		h[b] += n
	}
}

// Dense is a histogram as an array, for merging many rows fast.
type Dense [Buckets]int64

// AddText adds the counts of an Encode'd text to h (out-of-range buckets
// are skipped).
func (h *Dense) AddText(s string) {
	for len(s) > 0 {
		var pair string
		pair, s, _ = strings.Cut(s, ",")
		k, v, ok := strings.Cut(pair, ":")
		if !ok {
			continue
		}
		b, err1 := strconv.Atoi(k)
		n, err2 := strconv.ParseInt(v, 10, 64)
		if err1 != nil || err2 != nil || b < 0 || b >= Buckets {
			continue
		}
		h[b] += n
	}
}

// Pair is one bucket's count, as Encode writes it.
type Pair struct {
	Bucket int
	N      int64
}

// AppendPairs appends the pairs of an Encode'd text to dst (out-of-range
// buckets skipped): a row decoded once, then added to several histograms
// with AddPairs, touching only its buckets.
func AppendPairs(dst []Pair, s string) []Pair {
	for len(s) > 0 {
		var pair string
		pair, s, _ = strings.Cut(s, ",")
		k, v, ok := strings.Cut(pair, ":")
		if !ok {
			continue
		}
		b, err1 := strconv.Atoi(k)
		n, err2 := strconv.ParseInt(v, 10, 64)
		if err1 != nil || err2 != nil || b < 0 || b >= Buckets {
			continue
		}
		dst = append(dst, Pair{b, n})
	}
	return dst
}

// AddPairs adds pairs' counts to h.
func (h *Dense) AddPairs(ps []Pair) {
	for _, p := range ps {
		h[p.Bucket] += p.N
	}
}

// Merge adds o's counts to h.
func (h *Dense) Merge(o *Dense) {
	for i, n := range o {
		h[i] += n
	}
}

// Quantiles is H.Quantiles on the dense form.
func (h *Dense) Quantiles(ps ...float64) []time.Duration {
	out := make([]time.Duration, len(ps))
	var n int64
	for _, c := range h {
		n += max(c, 0)
	}
	if n == 0 {
		return out
	}
	at := func(k int64) time.Duration {
		var seen int64
		last := 0
		for b, c := range h {
			if c <= 0 {
				continue
			}
			last = b
			seen += c
			if k < seen {
				return Mid(b)
			}
		}
		return Mid(last)
	}
	for i, p := range ps {
		p = math.Max(0, math.Min(1, p))
		x := float64(n-1) * p
		lo := int64(math.Floor(x))
		if lo >= n-1 {
			out[i] = at(n - 1)
			continue
		}
		a, b := at(lo), at(lo+1)
		out[i] = a + time.Duration(math.Round((x-float64(lo))*float64(b-a)))
	}
	return out
}

// Quantiles returns the p-quantiles (each 0 ≤ p ≤ 1) of the counted
// durations, by linear interpolation between closest ranks (R type 7),
// each rank at its bucket's middle; 0 when empty.
func (h H) Quantiles(ps ...float64) []time.Duration {
	var d Dense
	for b, n := range h {
		if b >= 0 && b < Buckets {
			d[b] += n
		}
	}
	return d.Quantiles(ps...)
}
