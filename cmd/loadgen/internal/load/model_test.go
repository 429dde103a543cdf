package load

import (
	"encoding/json"
	"slices"
	"testing"
	"time"

	"github.com/motcua-kiosk/motcua/kiosk/queue"
	"github.com/motcua-kiosk/motcua/kiosk/wire"
	"github.com/motcua-kiosk/motcua/server/ingest"
)

// Every generated event passes the server's own validation, the tickets'
// snapshots move forward, and the volumes are the model's.
func TestModel_EventsValid(t *testing.T) {
	m := DefaultModel()
	start := time.Date(2026, 11, 2, 0, 0, 0, 0, m.Zone) // a Monday
	s := newStream(m, 15, 7, "lg-test-0001", start)
	evs := s.events(1, 6000)
	if len(evs) != 6000 {
		t.Fatalf("%d events", len(evs))
	}
	now := time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC)
	last := map[string]time.Time{}
	days := map[string]bool{}
	burst, day0 := 0, 0
	for i, e := range evs {
		if e.Seq != int64(i+1) {
			t.Fatalf("event %d has seq %d", i, e.Seq)
		}
		we := wire.Event{ID: e.ID, Seq: e.Seq, Kind: e.Kind, At: e.At, Body: e.Body}
		if _, err := ingest.Validate("lg-test-0001", i, we, now); err != nil {
			t.Fatal(err)
		}
		var ev queue.Event
		if err := json.Unmarshal(e.Body, &ev); err != nil {
			t.Fatal(err)
		}
		if ev.At.Before(last[ev.Ticket.ID]) {
			t.Fatalf("%s: %s at %s before the ticket's previous event", e.ID, e.Kind, ev.At)
		}
		last[ev.Ticket.ID] = ev.At
		days[ev.Ticket.Day] = true
		if wd := ev.At.In(m.Zone).Weekday(); wd == time.Saturday || wd == time.Sunday {
			t.Fatalf("%s on a %s", e.ID, wd)
		}
		if ev.Ticket.Day == "2026-11-02" && ev.Kind == queue.EventIssued {
			day0++
			if h := ev.At.In(m.Zone); h.Hour() == 7 || h.Hour() == 8 && h.Minute() < 30 {
				burst++
			}
		}
	}
	if len(days) < 4 || len(days) > 6 {
		t.Errorf("6,000 events over %d days, want about 4.4", len(days))
	}
	if day0 < 240 || day0 > 360 {
		t.Errorf("%d tickets on day 0, want about 300", day0)
	}
	if share := float64(burst) / float64(day0); share < 0.25 || share > 0.45 {
		t.Errorf("opening burst 07:00-08:30 holds %.0f %% of the day's tickets, want about 35 %%", 100*share)
	}
}

// A stream gives the same events whether it reads them in order, again
// after moving on, or from a fresh stream; countUntil counts day 0.
func TestStream_Deterministic(t *testing.T) {
	m := DefaultModel()
	start := time.Date(2026, 11, 2, 0, 0, 0, 0, m.Zone)
	a := newStream(m, 1, 3, "d", start)
	var seq []string
	for from := int64(1); from <= 4000; from += 500 {
		for _, e := range a.events(from, from+499) {
			seq = append(seq, string(e.Body))
		}
	}
	b := newStream(m, 1, 3, "d", start)
	again := b.events(3001, 3600)
	for i, e := range again {
		if string(e.Body) != seq[3000+i] {
			t.Fatalf("seq %d differs between streams", 3001+i)
		}
	}
	if e := a.events(10, 10); string(e[0].Body) != seq[9] {
		t.Fatal("seq 10 read again after day 3 differs")
	}
	if other := newStream(m, 1, 4, "d", start).events(1, 1); string(other[0].Body) == seq[0] {
		t.Error("two offices generate the same first event")
	}
	d0 := a.day(0)
	if got := a.countUntil(start.Add(24 * time.Hour)); got != int64(len(d0.events)) {
		t.Errorf("countUntil(end of day 0) = %d, want %d", got, len(d0.events))
	}
	if got := a.countUntil(start.Add(7 * time.Hour)); got != 0 {
		t.Errorf("countUntil(07:00) = %d, want 0", got)
	}
	if !slices.IsSortedFunc(d0.events, func(x, y ref) int { return x.at.Compare(y.at) }) {
		t.Error("day 0's events are not in time order")
	}
}
