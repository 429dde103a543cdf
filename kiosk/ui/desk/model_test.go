package desk

import (
	"testing"
	"time"

	"github.com/motcua-kiosk/motcua/kiosk/hub"
	"github.com/motcua-kiosk/motcua/kiosk/queue"
)

func tp(t time.Time) *time.Time { return &t }

// TestModel_Apply folds a day's events for counter 2 with officer cb02 and
// checks what the desk would show after each.
func TestModel_Apply(t *testing.T) {
	t0 := time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC)
	tk := func(n string, c int, s queue.Status, officer string) *queue.Ticket {
		return &queue.Ticket{ID: "d-" + n, Number: n, Counter: c, Status: s, Officer: officer, CalledAt: tp(t0), NoShowAt: tp(t0)}
	}
	ev := func(k queue.EventKind, t *queue.Ticket) hub.LiveEvent {
		return hub.LiveEvent{Type: string(k), Event: &queue.Event{Kind: k, Ticket: t}}
	}
	m := newModel(2)
	m.officer = "cb02"
	for _, tt := range []struct {
		name                string
		ev                  hub.LiveEvent
		current             string
		served, noShows     int
		ratings, returnable int
		connected           bool
	}{
		{"state", hub.LiveEvent{Type: "state", Summary: &hub.Summary{Day: "2026-11-23"}}, "", 0, 0, 0, 0, true},
		{"called elsewhere", ev(queue.EventCalled, tk("A001", 1, queue.StatusCalled, "cb01")), "", 0, 0, 0, 0, true},
		{"called here", ev(queue.EventCalled, tk("A002", 2, queue.StatusCalled, "cb02")), "A002", 0, 0, 0, 0, true},
		{"done here", ev(queue.EventDone, tk("A002", 2, queue.StatusDone, "cb02")), "", 1, 0, 0, 0, true},
		{"done by another officer earlier", ev(queue.EventDone, tk("A000", 2, queue.StatusDone, "cb09")), "", 1, 0, 0, 0, true},
		{"rated", hub.LiveEvent{Type: "rating.given", Event: &queue.Event{Kind: queue.EventRated, Rating: &queue.Rating{Counter: 2, Officer: "cb02", Stars: 5}}}, "", 1, 0, 1, 0, true},
		{"rated elsewhere", hub.LiveEvent{Type: "rating.given", Event: &queue.Event{Kind: queue.EventRated, Rating: &queue.Rating{Counter: 1, Officer: "cb01", Stars: 1}}}, "", 1, 0, 1, 0, true},
		{"called again", ev(queue.EventCalled, tk("B001", 2, queue.StatusCalled, "cb02")), "B001", 1, 0, 1, 0, true},
		{"no-show", ev(queue.EventNoShow, tk("B001", 2, queue.StatusNoShow, "cb02")), "", 1, 1, 1, 1, true},
		{"returned", ev(queue.EventReturned, tk("B001", 0, queue.StatusWaiting, "")), "", 1, 1, 1, 0, true},
		{"link lost", hub.LiveEvent{Type: "reconnecting"}, "", 1, 1, 1, 0, false},
	} {
		m.apply(tt.ev)
		cur := ""
		if m.current != nil {
			cur = m.current.Number
		}
		if got, want := cur, tt.current; got != want {
			t.Errorf("%s: current = %q, want %q", tt.name, got, want)
		}
		if got, want := [5]int{m.served, m.noShows, m.ratings, len(m.returnable), btoi(m.connected)},
			[5]int{tt.served, tt.noShows, tt.ratings, tt.returnable, btoi(tt.connected)}; got != want {
			t.Errorf("%s: served, no-shows, ratings, returnable, connected = %v, want %v", tt.name, got, want)
		}
	}
	if got, want := m.average(), 5.0; got != want {
		t.Errorf("average = %v, want %v", got, want)
	}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

func TestModel_ReturnList(t *testing.T) {
	now := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	m := newModel(1)
	m.returnWindow = 30 * time.Minute
	m.addReturnable([]queue.Ticket{
		{ID: "1", Number: "A001", Counter: 1, Status: queue.StatusNoShow, NoShowAt: tp(now.Add(-40 * time.Minute))},
		{ID: "2", Number: "A002", Counter: 1, Status: queue.StatusNoShow, NoShowAt: tp(now.Add(-20 * time.Minute))},
		{ID: "3", Number: "A003", Counter: 1, Status: queue.StatusNoShow, NoShowAt: tp(now.Add(-5 * time.Minute))},
		{ID: "4", Number: "A004", Counter: 2, Status: queue.StatusNoShow, NoShowAt: tp(now.Add(-5 * time.Minute))},
		{ID: "5", Number: "A005", Counter: 1, Status: queue.StatusDone},
	})
	var got []string
	for _, t := range m.returnList(now) {
		got = append(got, t.Number)
	}
	if want := []string{"A003", "A002"}; len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("return list = %v, want %v", got, want)
	}
}

func TestClockText(t *testing.T) {
	for _, tt := range []struct {
		d    time.Duration
		want string
	}{{0, "00:00:00"}, {65 * time.Second, "00:01:05"}, {3*time.Hour + 2*time.Minute + 1500*time.Millisecond, "03:02:01"}} {
		if got := clockText(tt.d); got != tt.want {
			t.Errorf("clockText(%v) = %q, want %q", tt.d, got, tt.want)
		}
	}
}

// TestModel_DayTotalsFromHub: the hub's day totals for the signed-in
// officer replace what the desk counted from events since it opened.
func TestModel_DayTotalsFromHub(t *testing.T) {
	m := newModel(2)
	m.officer = "cb02"
	view := queue.CounterView{CounterState: queue.CounterState{Number: 2, Officer: "cb02"},
		Today: queue.DayStats{Served: 17, NoShows: 2, Ratings: 9, StarSum: 40}}
	m.apply(hub.LiveEvent{Type: "state", Summary: &hub.Summary{Counters: []queue.CounterView{view}}})
	if m.served != 17 || m.noShows != 2 || m.ratings != 9 || m.starSum != 40 {
		t.Errorf("totals = %d %d %d %d", m.served, m.noShows, m.ratings, m.starSum)
	}
}
