package display

import (
	"time"

	"github.com/motcua-kiosk/motcua/kiosk/hub"
	"github.com/motcua-kiosk/motcua/kiosk/queue"
)

// recentCall is one line of the "Vừa gọi" column.
type recentCall struct {
	Number  string
	Counter int
	At      time.Time
}

// maxRecent is how many calls the board lists.
const maxRecent = 6

// model is what the board shows, folded from the live events; no Fyne.
type model struct {
	connected bool
	office    string
	officeEN  string
	notice    string         // the office's scrolling notice from the hub's config
	zone      *time.Location // the office's time zone, for the clock
	day       string
	services  []queue.ServiceView
	counters  []queue.CounterView
	recent    []recentCall
	// flash holds, per counter, until when its tile is highlighted.
	flash map[int]time.Time
}

func newModel() *model { return &model{flash: map[int]time.Time{}, zone: queue.Zone("")} }

// apply folds one live event in; now is when it arrived, highlight how
// long a call stays highlighted.
func (m *model) apply(ev hub.LiveEvent, now time.Time, highlight time.Duration) {
	switch ev.Type {
	case "reconnecting":
		m.connected = false
		return
	case "state":
		m.connected = true
	}
	if e := ev.Event; e != nil && e.Ticket != nil {
		switch e.Kind {
		case queue.EventCalled, queue.EventRecalled:
			m.called(*e.Ticket, now, highlight)
		}
	}
	if s := ev.Summary; s != nil {
		m.day = s.Day
		if s.Office.Name != "" {
			m.office, m.officeEN = s.Office.Name, s.Office.NameEN
		}
		m.notice = s.Office.Notice
		m.services = s.Services
		m.counters = mergeCounters(s.Counters, m.counters)
	}
	if e := ev.Event; e != nil && e.Counter != nil {
		m.setCounterState(*e.Counter, e.Ticket)
	}
}

// mergeCounters takes the summary's counters; the summary is the truth.
func mergeCounters(fresh, _ []queue.CounterView) []queue.CounterView {
	return append([]queue.CounterView(nil), fresh...)
}

// setCounterState applies a counter change carried by an event at once,
// before the commit's summary arrives.
func (m *model) setCounterState(c queue.CounterState, t *queue.Ticket) {
	for i := range m.counters {
		v := &m.counters[i]
		if v.CounterState.Number != c.Number {
			continue
		}
		v.CounterState = c
		switch {
		case c.Current == "":
			v.Number, v.Status, v.Since = "", "", nil
		case t != nil && t.ID == c.Current:
			v.Number, v.Status, v.Since = t.Number, t.Status, t.CalledAt
		}
	}
}

func (m *model) called(t queue.Ticket, now time.Time, highlight time.Duration) {
	for i := range m.counters {
		if v := &m.counters[i]; v.CounterState.Number == t.Counter {
			v.Current, v.Number, v.Status, v.Since = t.ID, t.Number, t.Status, t.CalledAt
		}
	}
	m.flash[t.Counter] = now.Add(highlight)
	m.recent = append([]recentCall{{t.Number, t.Counter, now}}, m.recent...)
	for i := 1; i < len(m.recent); i++ { // a recall moves the line up, not twice
		if m.recent[i].Number == t.Number && m.recent[i].Counter == t.Counter {
			m.recent = append(m.recent[:i], m.recent[i+1:]...)
			break
		}
	}
	if len(m.recent) > maxRecent {
		m.recent = m.recent[:maxRecent]
	}
}

// seedRecent fills the "Vừa gọi" column from a snapshot when it is empty.
func (m *model) seedRecent(ts []queue.Ticket) {
	if len(m.recent) > 0 {
		return
	}
	for _, t := range ts {
		if t.CalledAt == nil || len(m.recent) == maxRecent {
			continue
		}
		m.recent = append(m.recent, recentCall{t.Number, t.Counter, *t.CalledAt})
	}
}

// flashing reports whether counter's tile is highlighted at now.
func (m *model) flashing(counter int, now time.Time) bool {
	until, ok := m.flash[counter]
	if ok && now.After(until) {
		delete(m.flash, counter)
		return false
	}
	return ok
}
