package queue

import (
	"slices"
	"time"
)

// ServiceView is what the kiosk's home screen shows for one service.
type ServiceView struct {
	Code      string        `json:"code"`
	Name      string        `json:"name"`
	NameEN    string        `json:"name_en"`
	Icon      string        `json:"icon,omitempty"`
	Waiting   int           `json:"waiting"`
	EstWait   time.Duration `json:"est_wait_ns"`
	Issued    int           `json:"issued"`
	Remaining int           `json:"remaining"` // -1 when there is no cap
	// Unavailable is why no ticket can be had now ("" when it can): one of
	// the Reason* constants.
	Unavailable string `json:"unavailable,omitempty"`
}

// CounterView is a counter as desks and the lobby display show it.
type CounterView struct {
	CounterState
	Name     string     `json:"name,omitempty"`
	Services []string   `json:"services"`
	Number   string     `json:"ticket_number,omitempty"` // current ticket's number
	Status   Status     `json:"ticket_status,omitempty"`
	Since    *time.Time `json:"since,omitempty"` // when the current ticket was called
	// Today is the signed-in officer's totals for the day.
	Today DayStats `json:"today"`
}

// Serves reports whether the counter takes tickets of service.
func (c CounterView) Serves(service string) bool { return slices.Contains(c.Services, service) }

// OpenCounters counts the counters in cs that are open and serve service,
// the ones a wait in service is shared by. Zero means nobody will call a
// ticket of service until a counter opens, whatever an estimate says.
func OpenCounters(cs []CounterView, service string) int {
	n := 0
	for _, c := range cs {
		if c.Open() && c.Serves(service) {
			n++
		}
	}
	return n
}

// IdleCounters counts the counters in cs that are open, serve service and
// have no ticket called or at the counter: the ones that could call a new
// ticket of service at once. A new ticket with nobody ahead is called
// "ngay" (at once) only when one is idle; otherwise it is next.
func IdleCounters(cs []CounterView, service string) int {
	n := 0
	for _, c := range cs {
		if c.Open() && c.Serves(service) && c.Current == "" {
			n++
		}
	}
	return n
}

// State is a snapshot of the whole queue for the hub's state endpoint.
type State struct {
	Day    string    `json:"day"`
	Now    time.Time `json:"now"`
	Office Office    `json:"office"`
	// TimeZone is the office's IANA zone: screens show every time in it.
	TimeZone string        `json:"time_zone"`
	Services []ServiceView `json:"services"`
	Counters []CounterView `json:"counters"`
	Waiting  []Ticket      `json:"waiting"`  // in arrival order
	Recent   []Ticket      `json:"recent"`   // the last calls, newest first
	NoShows  []Ticket      `json:"no_shows"` // today's no-shows that may still return
}

// Location is the office's time zone of the snapshot (the default zone
// for a hub too old to send one).
func (s State) Location() *time.Location { return Zone(s.TimeZone) }

// Snapshot returns the current state. It does not roll the day over (Tick
// does), so it never produces events.
func (e *Engine) Snapshot() State {
	now := e.now()
	st := State{Day: e.day, Now: now, Office: e.cfg.Office, TimeZone: e.cfg.tz()}
	for _, s := range e.cfg.Services {
		st.Services = append(st.Services, e.serviceView(s, now))
	}
	st.Counters = e.Counters()
	for _, t := range e.sorted(func(t *Ticket) bool { return t.Status == StatusWaiting && t.Day == e.day }) {
		st.Waiting = append(st.Waiting, *t)
	}
	called := e.sorted(func(t *Ticket) bool { return t.CalledAt != nil && t.Day == e.day })
	for i := len(called) - 1; i >= 0 && len(st.Recent) < 10; i-- {
		st.Recent = append(st.Recent, *called[i])
	}
	// sorted() orders by arrival; the board wants the latest calls first.
	sortByCalled(st.Recent)
	window := time.Duration(e.cfg.Policy.ReturnMinutes) * time.Minute
	for _, t := range e.sorted(func(t *Ticket) bool {
		return t.Status == StatusNoShow && t.Day == e.day && t.NoShowAt != nil && now.Sub(*t.NoShowAt) <= window
	}) {
		st.NoShows = append(st.NoShows, *t)
	}
	return st
}

// Counters returns every counter with its current ticket, by number.
func (e *Engine) Counters() []CounterView {
	var out []CounterView
	for _, n := range e.counterNumbers() {
		c := e.counters[n]
		k, _ := e.cfg.Counter(n)
		v := CounterView{CounterState: *c, Name: k.Name, Services: k.Services}
		if t, ok := e.tickets[c.Current]; ok {
			v.Number, v.Status, v.Since = t.Number, t.Status, t.CalledAt
		}
		if c.Officer != "" {
			v.Today = e.OfficerStats(c.Officer)
		}
		out = append(out, v)
	}
	return out
}

func sortByCalled(ts []Ticket) {
	for i := 1; i < len(ts); i++ {
		for j := i; j > 0 && ts[j].CalledAt.After(*ts[j-1].CalledAt); j-- {
			ts[j], ts[j-1] = ts[j-1], ts[j]
		}
	}
}

// Service returns the home-screen view of one service.
func (e *Engine) Service(code string) (ServiceView, error) {
	s, ok := e.cfg.Service(code)
	if !ok {
		return ServiceView{}, ErrUnknownService
	}
	return e.serviceView(s, e.now()), nil
}

func (e *Engine) serviceView(s Service, now time.Time) ServiceView {
	w := e.waiting[s.Code]
	waiting := 0
	if w != nil {
		waiting = w.normal + w.priority
	}
	v := ServiceView{Code: s.Code, Name: s.Name, NameEN: s.NameEN, Icon: s.Icon, Waiting: waiting,
		Issued: e.issued[s.Code], Remaining: -1, Unavailable: e.unavailable(s, now)}
	if s.DailyCap > 0 {
		v.Remaining = max(0, s.DailyCap-e.issued[s.Code])
	}
	v.EstWait = e.estimate(s.Code, waiting)
	return v
}

// Estimate is a ticket's place in line: people ahead and the expected wait.
type Estimate struct {
	Ahead int           `json:"ahead"`
	Wait  time.Duration `json:"wait_ns"`
}

// EstimateFor returns the estimate for a ticket of today. For a waiting
// ticket Ahead counts the waiting tickets of its service that the policy
// would call before it (earlier arrivals; in strict mode every priority
// ticket ahead of a normal one).
func (e *Engine) EstimateFor(idOrNumber string) (Estimate, error) {
	t, err := e.ticket(idOrNumber)
	if err != nil {
		return Estimate{}, err
	}
	if t.Status != StatusWaiting {
		return Estimate{}, nil
	}
	ahead := 0
	strict := e.cfg.Policy.Mode == PolicyStrict
	for _, o := range e.tickets {
		if o == t || o.Status != StatusWaiting || o.Service != t.Service {
			continue
		}
		if before(o, t) || (strict && o.Priority != "" && t.Priority == "") {
			ahead++
		}
	}
	return Estimate{Ahead: ahead, Wait: e.estimate(t.Service, ahead)}, nil
}

// AheadOfNew is the estimate for a ticket just issued: everyone waiting in
// its service is ahead of it (in strict mode, only the priority tickets are
// ahead of a new priority ticket). O(1), for the tap-to-ticket path.
func (e *Engine) AheadOfNew(t Ticket) Estimate {
	w := e.waiting[t.Service]
	ahead := 0
	if w != nil {
		ahead = w.normal + w.priority - 1
		if t.Priority != "" && e.cfg.Policy.Mode == PolicyStrict {
			ahead = w.priority - 1
		}
	}
	ahead = max(0, ahead)
	return Estimate{Ahead: ahead, Wait: e.estimate(t.Service, ahead)}
}

// estimate is the expected wait behind ahead people in service: the mean of
// the recent service times (or the configured default) times the people
// ahead, shared by the open counters that serve it. With none open it is
// shared by the configured ones: a figure for when they open, which a
// screen must not show as a promise while OpenCounters is zero.
func (e *Engine) estimate(service string, ahead int) time.Duration {
	mean := time.Duration(e.cfg.DefaultServiceMinutes) * time.Minute
	if r := e.recent[service]; len(r) > 0 {
		var sum time.Duration
		for _, d := range r {
			sum += d
		}
		mean = sum / time.Duration(len(r))
	}
	open, configured := 0, 0
	for _, k := range e.cfg.Counters {
		for _, s := range k.Services {
			if s != service {
				continue
			}
			configured++
			if c := e.counters[k.Number]; c != nil && c.Open() {
				open++
			}
		}
	}
	if open == 0 {
		open = max(1, configured)
	}
	return time.Duration(ahead) * mean / time.Duration(open)
}
