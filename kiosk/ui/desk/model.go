package desk

import (
	"slices"
	"time"

	"github.com/motcua-kiosk/motcua/kiosk/hub"
	"github.com/motcua-kiosk/motcua/kiosk/queue"
)

// model is what a desk knows of its counter, folded from the hub's live
// events. It has no Fyne in it so that the folding is tested on its own.
type model struct {
	counter   int
	connected bool
	officer   string // ID of the officer signed in at this desk ("" before sign-in)

	sum     hub.Summary
	view    queue.CounterView // this counter as the hub last told it
	current *queue.Ticket     // the counter's current ticket, nil when none

	served, noShows  int
	ratings, starSum int
	returnable       map[string]queue.Ticket // today's no-shows of this counter who may still return
	returnWindow     time.Duration
	// zone is the office's time zone, in which the desk shows times.
	zone   *time.Location
	alerts map[string]hub.Alert
}

func newModel(counter int) *model {
	return &model{counter: counter, returnable: map[string]queue.Ticket{}, alerts: map[string]hub.Alert{},
		returnWindow: 30 * time.Minute, zone: queue.Zone("")}
}

// apply folds one live event in and reports whether anything shown changed.
func (m *model) apply(ev hub.LiveEvent) {
	switch ev.Type {
	case "reconnecting":
		m.connected = false
		return
	case "alert":
		if a := ev.Alert; a != nil {
			key := a.Device + "/" + a.Kind
			if a.State == "ready" || a.State == "ok" {
				delete(m.alerts, key)
			} else {
				m.alerts[key] = *a
			}
		}
		return
	case "state":
		m.connected = true
	}
	if e := ev.Event; e != nil {
		m.event(*e)
	}
	if ev.Summary != nil {
		m.setSummary(*ev.Summary)
	}
}

func (m *model) setSummary(s hub.Summary) {
	m.sum = s
	m.view = queue.CounterView{}
	for _, c := range s.Counters {
		if c.CounterState.Number == m.counter {
			m.view = c
		}
	}
	// The hub keeps the officer's totals for the whole day (across desk
	// restarts); they replace what the events counted.
	if m.view.Officer != "" && (m.officer == "" || m.view.Officer == m.officer) {
		t := m.view.Today
		m.served, m.noShows, m.ratings, m.starSum = t.Served, t.NoShows, t.Ratings, t.StarSum
	}
	switch {
	case m.view.Current == "":
		m.current = nil
	case m.current == nil || m.current.ID != m.view.Current:
		m.current = &queue.Ticket{ID: m.view.Current, Number: m.view.Number, Status: m.view.Status,
			CalledAt: m.view.Since, Counter: m.counter}
	default:
		m.current.Status = m.view.Status
	}
}

func (m *model) event(e queue.Event) {
	if r := e.Rating; e.Kind == queue.EventRated && r != nil {
		if r.Counter == m.counter && (m.officer == "" || r.Officer == m.officer) {
			m.ratings++
			m.starSum += r.Stars
		}
		return
	}
	t := e.Ticket
	if t == nil {
		return
	}
	mine := t.Counter == m.counter
	switch e.Kind {
	case queue.EventCalled, queue.EventRecalled, queue.EventServing:
		if mine {
			c := *t
			m.current = &c
		}
	case queue.EventDone:
		if mine && (m.officer == "" || t.Officer == m.officer) {
			m.served++
		}
		m.clearCurrent(t.ID)
	case queue.EventNoShow:
		if mine {
			m.noShows++
			m.returnable[t.ID] = *t
		}
		m.clearCurrent(t.ID)
	case queue.EventTransferred, queue.EventCancelled, queue.EventExpired, queue.EventReturned:
		m.clearCurrent(t.ID)
		delete(m.returnable, t.ID)
	}
}

func (m *model) clearCurrent(id string) {
	if m.current != nil && m.current.ID == id {
		m.current = nil
	}
}

// takeResult applies the answer of an operation at once, before its event
// arrives, so that the desk never shows a stale current ticket.
func (m *model) takeResult(t queue.Ticket) {
	if t.ID == "" {
		return
	}
	switch t.Status {
	case queue.StatusCalled, queue.StatusServing:
		if t.Counter == m.counter {
			c := t
			m.current = &c
		}
	default:
		m.clearCurrent(t.ID)
	}
	if t.Status != queue.StatusNoShow {
		delete(m.returnable, t.ID)
	}
}

// addReturnable adds the no-shows of this counter from a state snapshot.
func (m *model) addReturnable(ts []queue.Ticket) {
	for _, t := range ts {
		if t.Status == queue.StatusNoShow && t.Counter == m.counter && t.NoShowAt != nil {
			m.returnable[t.ID] = t
		}
	}
}

// returnList is the no-shows still inside the return window at now, the
// most recent first.
func (m *model) returnList(now time.Time) []queue.Ticket {
	var out []queue.Ticket
	for id, t := range m.returnable {
		if t.NoShowAt == nil || now.Sub(*t.NoShowAt) > m.returnWindow {
			delete(m.returnable, id)
			continue
		}
		out = append(out, t)
	}
	slices.SortFunc(out, func(a, b queue.Ticket) int { return b.NoShowAt.Compare(*a.NoShowAt) })
	return out
}

// elapsed is how long the current ticket has been at the counter: since
// service began, or since the call while the citizen is still coming.
func (m *model) elapsed(now time.Time) time.Duration {
	if m.current == nil {
		return 0
	}
	from := m.current.CalledAt
	if m.current.Status == queue.StatusServing && m.current.ServingAt != nil {
		from = m.current.ServingAt
	}
	if from == nil {
		return 0
	}
	return max(0, now.Sub(*from))
}

// services is this counter's services as the hub shows them.
func (m *model) services() []queue.ServiceView {
	var out []queue.ServiceView
	for _, code := range m.view.Services {
		for _, s := range m.sum.Services {
			if s.Code == code {
				out = append(out, s)
			}
		}
	}
	return out
}

// average is the mean rating, 0 with none.
func (m *model) average() float64 {
	if m.ratings == 0 {
		return 0
	}
	return float64(m.starSum) / float64(m.ratings)
}
