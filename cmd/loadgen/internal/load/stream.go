package load

import (
	"time"

	"github.com/motcua-kiosk/motcua/kiosk/store"
)

// stream is one office's endless event history: its generated days one
// after the other (weekdays), the events numbered 1, 2, ... across days as
// a hub's outbox numbers them. Days are generated on demand and only the
// last two are kept; the same stream always gives the same events, so a
// day dropped is simply generated again.
type stream struct {
	m      Model
	seed   uint64
	office int
	device string
	start  time.Time // the first day, 00:00 in the zone
	first  []int64   // first[n]: the seq of day n's first event (known days, plus the next day's)
	cache  [2]*day
	idx    [2]int
}

func newStream(m Model, seed uint64, office int, device string, start time.Time) *stream {
	return &stream{m: m, seed: seed, office: office, device: device, start: start, first: []int64{1}, idx: [2]int{-1, -1}}
}

// dateOf is day n's date: the n-th weekday from start.
func (s *stream) dateOf(n int) time.Time {
	d := s.start
	for k := 0; k < n; {
		d = time.Date(d.Year(), d.Month(), d.Day()+1, 0, 0, 0, 0, d.Location())
		if wd := d.Weekday(); wd != time.Saturday && wd != time.Sunday {
			k++
		}
	}
	return d
}

// day returns day n, generating it (and the days before it, to know where
// it starts) when needed.
func (s *stream) day(n int) *day {
	for k := range s.cache {
		if s.idx[k] == n {
			return s.cache[k]
		}
	}
	for len(s.first) <= n { // learn where days before n end
		m := len(s.first) - 1
		d := s.m.genDay(s.seed, s.office, m, s.dateOf(m))
		s.first = append(s.first, s.first[m]+int64(len(d.events)))
		s.put(m, d)
	}
	d := s.m.genDay(s.seed, s.office, n, s.dateOf(n))
	if len(s.first) == n+1 {
		s.first = append(s.first, s.first[n]+int64(len(d.events)))
	}
	s.put(n, d)
	return d
}

func (s *stream) put(n int, d *day) {
	k := 0
	if s.idx[0] > s.idx[1] {
		k = 1
	}
	s.cache[k], s.idx[k] = d, n
}

// locate returns the day number holding seq and its index in that day.
func (s *stream) locate(seq int64) (int, int) {
	n := 0
	if len(s.first) > 1 {
		for n < len(s.first)-1 && s.first[n+1] <= seq {
			n++
		}
	}
	for {
		d := s.day(n)
		if seq < s.first[n]+int64(len(d.events)) {
			return n, int(seq - s.first[n])
		}
		n++
	}
}

// events returns the events from seq from to to (inclusive).
func (s *stream) events(from, to int64) []store.OutboxEvent {
	if to < from {
		return nil
	}
	out := make([]store.OutboxEvent, 0, to-from+1)
	n, k := s.locate(from)
	d := s.day(n)
	for seq := from; seq <= to; seq++ {
		if k == len(d.events) {
			n, k = n+1, 0
			d = s.day(n)
		}
		out = append(out, d.event(s.device, seq, k))
		k++
	}
	return out
}

// countUntil is how many events of day 0 happen at or before t: what a
// hub has committed by then on its first day.
func (s *stream) countUntil(t time.Time) int64 {
	d := s.day(0)
	lo, hi := 0, len(d.events)
	for lo < hi {
		mid := (lo + hi) / 2
		if d.events[mid].at.After(t) {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return int64(lo)
}
