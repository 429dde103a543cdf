package queue

import (
	"crypto/rand"
	"encoding/base32"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode/utf8"
)

// Engine holds one office's queue for the current service day. It is not
// safe for concurrent use: the hub serialises operations.
type Engine struct {
	cfg  Config
	loc  *time.Location
	now  func() time.Time
	rand io.Reader

	day      string
	tickets  map[string]*Ticket // today's tickets (and yesterday's until expired) by ID
	byNumber map[string]*Ticket
	byRef    map[string]*Ticket // by the unguessable reference in the ticket's QR
	seq      map[string]int     // last sequence number per prefix today
	issued   map[string]int     // tickets issued per service today (for the cap)
	waiting  map[string]*waitCount
	counters map[int]*CounterState
	recent   map[string][]time.Duration // recent service durations per service, newest last
	officers map[string]*DayStats       // today's totals per officer
	// stale is set when Restore loaded active tickets of an earlier day;
	// the next Tick expires them. Without it Tick does no scan.
	stale bool
}

type waitCount struct{ normal, priority int }

const recentServed = 20

// New returns an engine for cfg with no tickets. now is the clock (use
// time.Now in production); every time the engine reads goes through it.
func New(cfg Config, now func() time.Time) (*Engine, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	loc, _ := time.LoadLocation(cfg.tz())
	e := &Engine{cfg: cfg, loc: loc, now: now, rand: rand.Reader}
	e.reset(e.ServiceDay(now()))
	e.applyCounters(nil)
	return e, nil
}

// SetRand replaces the source of ticket references (tests).
func (e *Engine) SetRand(r io.Reader) { e.rand = r }

// Config returns a copy of the configuration in force: changing it
// changes nothing until SetConfig.
func (e *Engine) Config() Config { return e.cfg.Clone() }

// SetConfig validates cfg and puts it in force as a whole. Tickets and
// counter states are kept; a counter no longer configured is dropped once
// it has no current ticket.
func (e *Engine) SetConfig(cfg Config) error {
	if err := cfg.Validate(); err != nil {
		return err
	}
	for _, k := range e.counters {
		if _, ok := cfg.Counter(k.Number); !ok && k.Current != "" {
			return fieldErr("counters", "Quầy số %d đang phục vụ một số, không thể xoá lúc này", "counter %d is serving a ticket and cannot be removed now", k.Number)
		}
	}
	loc, _ := time.LoadLocation(cfg.tz())
	e.cfg, e.loc = cfg.Clone(), loc
	old := e.counters
	e.applyCounters(old)
	return nil
}

func (e *Engine) applyCounters(old map[int]*CounterState) {
	e.counters = map[int]*CounterState{}
	for _, k := range e.cfg.Counters {
		if st, ok := old[k.Number]; ok {
			e.counters[k.Number] = st
		} else {
			e.counters[k.Number] = &CounterState{Number: k.Number}
		}
	}
}

func (e *Engine) reset(day string) {
	e.day = day
	e.tickets = map[string]*Ticket{}
	e.byNumber = map[string]*Ticket{}
	e.byRef = map[string]*Ticket{}
	e.seq = map[string]int{}
	e.issued = map[string]int{}
	e.waiting = map[string]*waitCount{}
	e.recent = map[string][]time.Duration{}
	e.officers = map[string]*DayStats{}
}

// stats returns the day's totals of officer, creating them.
func (e *Engine) stats(officer string) *DayStats {
	st := e.officers[officer]
	if st == nil {
		st = &DayStats{}
		e.officers[officer] = st
	}
	return st
}

// count adds t's outcome to its officer's totals for today.
func (e *Engine) count(t *Ticket) {
	if t.Officer == "" || t.Day != e.day {
		return
	}
	st := e.stats(t.Officer)
	switch t.Status {
	case StatusDone:
		st.Served++
	case StatusNoShow:
		st.NoShows++
	}
	if t.Rated {
		st.Ratings++
		st.StarSum += t.Stars
	}
}

// OfficerStats returns officer's totals for today.
func (e *Engine) OfficerStats(officer string) DayStats {
	if st := e.officers[officer]; st != nil {
		return *st
	}
	return DayStats{}
}

// ServiceDay is the office-local day a moment belongs to: the calendar date
// in the office's time zone, shifted back by the rollover hour.
func (e *Engine) ServiceDay(t time.Time) string {
	return t.In(e.loc).Add(-time.Duration(e.cfg.RolloverHour) * time.Hour).Format(time.DateOnly)
}

// Day is the current service day.
func (e *Engine) Day() string { return e.day }

// Restore loads stored state after a restart: today's tickets, any still
// active tickets of earlier days (they expire on the next operation), and
// the counters' states. It replaces everything the engine held.
func (e *Engine) Restore(tickets []Ticket, counters []CounterState) {
	day := e.ServiceDay(e.now())
	for _, t := range tickets {
		if t.Day > day {
			day = t.Day // the clock went back: never reuse a later day's numbers
		}
	}
	e.reset(day)
	for i := range tickets {
		t := tickets[i]
		if t.Day != day && !t.Status.Active() {
			continue
		}
		e.add(&t)
		if t.Day != day {
			e.stale = true
		}
		if t.Day == day {
			e.seq[t.Prefix] = max(e.seq[t.Prefix], t.Seq)
			e.issued[t.Origin]++
			if t.Status == StatusDone && t.DoneAt != nil {
				e.noteServed(&t)
			}
			e.count(e.tickets[t.ID])
		}
	}
	old := map[int]*CounterState{}
	for i := range counters {
		c := counters[i]
		old[c.Number] = &c
	}
	e.applyCounters(old)
	for _, c := range e.counters {
		if t, ok := e.tickets[c.Current]; !ok || (t.Status != StatusCalled && t.Status != StatusServing) || t.Counter != c.Number {
			c.Current = ""
		}
	}
}

func (e *Engine) add(t *Ticket) {
	e.tickets[t.ID] = t
	if t.Day == e.day {
		e.byNumber[t.Number] = t
	}
	if t.Ref != "" {
		e.byRef[t.Ref] = t
	}
	if t.Status == StatusWaiting {
		e.countWaiting(t, 1)
	}
}

func (e *Engine) countWaiting(t *Ticket, d int) {
	w := e.waiting[t.Service]
	if w == nil {
		w = &waitCount{}
		e.waiting[t.Service] = w
	}
	if t.Priority != "" {
		w.priority += d
	} else {
		w.normal += d
	}
}

// setStatus moves t to s, keeping the waiting counts right.
func (e *Engine) setStatus(t *Ticket, s Status) {
	if t.Status == StatusWaiting {
		e.countWaiting(t, -1)
	}
	t.Status = s
	if s == StatusWaiting {
		e.countWaiting(t, 1)
	}
}

// Tick brings the engine to the present: at the rollover it expires what is
// left of the previous day and starts numbering again. Operations call it
// themselves; the hub also calls it on a timer so that displays roll over
// on time. The returned events must be committed like any other.
func (e *Engine) Tick() []Event {
	now := e.now()
	day := e.ServiceDay(now)
	if day <= e.day && !e.stale {
		return nil
	}
	e.stale = false
	var evs []Event
	for _, t := range e.sorted(func(t *Ticket) bool { return t.Day < day && t.Status.Active() }) {
		e.setStatus(t, StatusExpired)
		t.EndedAt = ptr(now)
		evs = append(evs, e.ticketEvent(EventExpired, now, t))
	}
	if day <= e.day {
		return evs
	}
	for _, n := range e.counterNumbers() {
		c := e.counters[n]
		if c.Current != "" || c.NormalSince != 0 {
			c.Current, c.NormalSince = "", 0
			evs = append(evs, Event{Kind: EventCounter, At: now, Counter: ptr(*c)})
		}
	}
	e.reset(day)
	return evs
}

// Issue gives a new ticket for service with an optional priority kind.
// When the service gives no ticket now the error is an *Unavailable.
func (e *Engine) Issue(service, priority string) (Ticket, []Event, error) {
	return e.issue(service, priority, nil)
}

// IssueBooked gives the ticket of a checked-in booking: its wait counts
// from waitFrom (kiosk/bookings: the later of check-in and slot start)
// and it is called by that time among everyone else, under the same
// priority policy. The booking reserved its place, so neither the daily
// cap nor the issuing hours refuse it; a disabled service still does.
func (e *Engine) IssueBooked(service, priority string, waitFrom time.Time) (Ticket, []Event, error) {
	return e.issue(service, priority, &waitFrom)
}

func (e *Engine) issue(service, priority string, waitFrom *time.Time) (Ticket, []Event, error) {
	evs := e.Tick()
	now := e.now()
	svc, ok := e.cfg.Service(service)
	if !ok {
		return Ticket{}, evs, fmt.Errorf("issue %q: %w", service, ErrUnknownService)
	}
	if priority != "" {
		if _, ok := e.cfg.Priority(priority); !ok {
			return Ticket{}, evs, fmt.Errorf("issue priority %q: %w", priority, ErrUnknownPriority)
		}
	}
	if reason := e.unavailable(svc, now); reason == ReasonDisabled || (reason != "" && waitFrom == nil) {
		return Ticket{}, evs, &Unavailable{Service: service, Reason: reason}
	}
	ref, err := e.newRef()
	if err != nil {
		return Ticket{}, evs, fmt.Errorf("issue: ticket reference: %w", err)
	}
	e.seq[svc.Code]++
	e.issued[svc.Code]++
	seq := e.seq[svc.Code]
	t := &Ticket{
		ID: strings.ReplaceAll(e.day, "-", "") + "-" + number(svc.Code, seq), Day: e.day,
		Prefix: svc.Code, Seq: seq, Number: number(svc.Code, seq),
		Service: svc.Code, Origin: svc.Code, Priority: priority, Ref: ref,
		Status: StatusWaiting, IssuedAt: now, ArrivedAt: now, WaitFrom: waitFrom,
	}
	e.add(t)
	return *t, append(evs, e.ticketEvent(EventIssued, now, t)), nil
}

func number(prefix string, seq int) string { return fmt.Sprintf("%s%03d", prefix, seq) }

func (e *Engine) newRef() (string, error) {
	b := make([]byte, 10)
	if _, err := io.ReadFull(e.rand, b); err != nil {
		return "", err
	}
	return strings.ToLower(base32.StdEncoding.EncodeToString(b)), nil
}

// unavailable says why svc gives no ticket at now, or "" when it does.
func (e *Engine) unavailable(svc Service, now time.Time) string {
	if svc.Disabled {
		return ReasonDisabled
	}
	local := now.In(e.loc)
	days := svc.Days
	if len(days) == 0 {
		days = []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday}
	}
	if !slices.Contains(days, local.Weekday()) || slices.Contains(e.cfg.Holidays, local.Format(time.DateOnly)) {
		return ReasonClosedDay
	}
	if len(svc.Windows) > 0 {
		m := local.Hour()*60 + local.Minute()
		open := false
		for _, w := range svc.Windows {
			from, _ := parseClock(w.From)
			to, _ := parseClock(w.To)
			if m >= from && m < to {
				open = true
				break
			}
		}
		if !open {
			return ReasonOutsideHours
		}
	}
	if svc.DailyCap > 0 && e.issued[svc.Code] >= svc.DailyCap {
		return ReasonCapReached
	}
	return ""
}

// SignIn records that officer works at counter; an officer works at one
// counter at a time.
func (e *Engine) SignIn(counter int, officer string) ([]Event, error) {
	evs := e.Tick()
	c, err := e.counter(counter)
	if err != nil {
		return evs, err
	}
	if strings.TrimSpace(officer) == "" {
		return evs, fmt.Errorf("sign in: empty officer: %w", ErrNotSignedIn)
	}
	now := e.now()
	for _, n := range e.counterNumbers() {
		if o := e.counters[n]; o.Officer == officer && n != counter {
			o.Officer = ""
			evs = append(evs, Event{Kind: EventCounter, At: now, Counter: ptr(*o)})
		}
	}
	c.Officer = officer
	return append(evs, Event{Kind: EventCounter, At: now, Counter: ptr(*c)}), nil
}

// SignOut clears the officer of counter.
func (e *Engine) SignOut(counter int) ([]Event, error) {
	evs := e.Tick()
	c, err := e.counter(counter)
	if err != nil {
		return evs, err
	}
	c.Officer = ""
	return append(evs, Event{Kind: EventCounter, At: e.now(), Counter: ptr(*c)}), nil
}

// Pause stops (or resumes) calls at counter.
func (e *Engine) Pause(counter int, paused bool) ([]Event, error) {
	evs := e.Tick()
	c, err := e.counter(counter)
	if err != nil {
		return evs, err
	}
	c.Paused = paused
	return append(evs, Event{Kind: EventCounter, At: e.now(), Counter: ptr(*c)}), nil
}

// CallNext calls the next ticket for counter according to the policy.
func (e *Engine) CallNext(counter int) (Ticket, []Event, error) {
	evs := e.Tick()
	c, err := e.counter(counter)
	if err != nil {
		return Ticket{}, evs, err
	}
	switch {
	case c.Officer == "":
		return Ticket{}, evs, fmt.Errorf("call at counter %d: %w", counter, ErrNotSignedIn)
	case c.Paused:
		return Ticket{}, evs, fmt.Errorf("call at counter %d: %w", counter, ErrCounterPaused)
	case c.Current != "":
		return Ticket{}, evs, fmt.Errorf("call at counter %d: %w", counter, ErrCounterBusy)
	}
	now := e.now()
	t := e.next(counter, c.NormalSince, now)
	if t == nil {
		return Ticket{}, evs, fmt.Errorf("call at counter %d: %w", counter, ErrNoneWaiting)
	}
	e.setStatus(t, StatusCalled)
	t.CalledAt, t.Counter, t.Officer, t.ToCounter = ptr(now), counter, c.Officer, 0
	c.Current = t.ID
	if t.Priority != "" {
		c.NormalSince = 0
	} else {
		c.NormalSince++
	}
	ev := e.ticketEvent(EventCalled, now, t)
	ev.Counter = ptr(*c)
	return *t, append(evs, ev), nil
}

// next picks who counter calls now: anyone who has waited MaxWaitMinutes
// first (oldest first), then by the policy. It changes nothing.
func (e *Engine) next(counter, normalSince int, now time.Time) *Ticket {
	k, _ := e.cfg.Counter(counter)
	maxWait := time.Duration(e.cfg.Policy.MaxWaitMinutes) * time.Minute
	var aged, prio, normal *Ticket
	for _, t := range e.tickets {
		if t.Status != StatusWaiting || !slices.Contains(k.Services, t.Service) || (t.ToCounter != 0 && t.ToCounter != counter) {
			continue
		}
		if now.Sub(t.Since()) >= maxWait && before(t, aged) {
			aged = t
		}
		if t.Priority != "" {
			if before(t, prio) {
				prio = t
			}
		} else if before(t, normal) {
			normal = t
		}
	}
	switch {
	case aged != nil:
		return aged
	case prio == nil:
		return normal
	case normal == nil:
		return prio
	case e.cfg.Policy.Mode == PolicyStrict || normalSince >= e.cfg.Policy.InterleaveN:
		return prio
	}
	return normal
}

// before orders the queue by the time each wait counts from (Since),
// then by ticket ID for equal times.
func before(a, b *Ticket) bool {
	if b == nil {
		return true
	}
	if as, bs := a.Since(), b.Since(); !as.Equal(bs) {
		return as.Before(bs)
	}
	return a.ID < b.ID
}

// Recall calls the counter's current ticket again, at most MaxRecalls times.
func (e *Engine) Recall(counter int) (Ticket, []Event, error) {
	return e.onCurrent(counter, EventRecalled, func(t *Ticket, now time.Time) error {
		if t.Status != StatusCalled {
			return ErrBadTransition
		}
		if t.Recalls >= e.cfg.Policy.MaxRecalls {
			return ErrRecallLimit
		}
		t.Recalls++
		return nil
	})
}

// Start marks that the citizen of the current ticket has arrived at the
// counter and service has begun.
func (e *Engine) Start(counter int) (Ticket, []Event, error) {
	return e.onCurrent(counter, EventServing, func(t *Ticket, now time.Time) error {
		if t.Status != StatusCalled {
			return ErrBadTransition
		}
		e.setStatus(t, StatusServing)
		t.ServingAt = ptr(now)
		return nil
	})
}

// Complete ends service of the counter's current ticket. A ticket completed
// without Start is taken as served from its call.
func (e *Engine) Complete(counter int) (Ticket, []Event, error) {
	return e.onCurrent(counter, EventDone, func(t *Ticket, now time.Time) error {
		if t.ServingAt == nil {
			t.ServingAt = t.CalledAt
		}
		e.setStatus(t, StatusDone)
		t.DoneAt = ptr(now)
		e.noteServed(t)
		e.stats(t.Officer).Served++
		return nil
	})
}

// Skip marks the counter's current ticket as a no-show; the citizen may
// come back within the return window (Return).
func (e *Engine) Skip(counter int) (Ticket, []Event, error) {
	return e.onCurrent(counter, EventNoShow, func(t *Ticket, now time.Time) error {
		if t.Status != StatusCalled {
			return ErrBadTransition
		}
		e.setStatus(t, StatusNoShow)
		t.NoShowAt = ptr(now)
		e.stats(t.Officer).NoShows++
		return nil
	})
}

// onCurrent applies change to counter's current ticket, emitting kind.
func (e *Engine) onCurrent(counter int, kind EventKind, change func(*Ticket, time.Time) error) (Ticket, []Event, error) {
	evs := e.Tick()
	c, err := e.counter(counter)
	if err != nil {
		return Ticket{}, evs, err
	}
	t, ok := e.tickets[c.Current]
	if !ok {
		return Ticket{}, evs, fmt.Errorf("%s at counter %d: %w", kind, counter, ErrNoCurrent)
	}
	now := e.now()
	if err := change(t, now); err != nil {
		return Ticket{}, evs, fmt.Errorf("%s %s at counter %d: %w", kind, t.Number, counter, err)
	}
	if !(t.Status == StatusCalled || t.Status == StatusServing) {
		c.Current = ""
	}
	ev := e.ticketEvent(kind, now, t)
	ev.Counter = ptr(*c)
	return *t, append(evs, ev), nil
}

// Return puts a no-show ticket back in its queue with its original arrival
// time, if the return window has not passed.
func (e *Engine) Return(ticket string) (Ticket, []Event, error) {
	evs := e.Tick()
	t, err := e.ticket(ticket)
	if err != nil {
		return Ticket{}, evs, err
	}
	now := e.now()
	if t.Status != StatusNoShow {
		return Ticket{}, evs, fmt.Errorf("return %s: %w", t.Number, ErrBadTransition)
	}
	if now.Sub(*t.NoShowAt) > time.Duration(e.cfg.Policy.ReturnMinutes)*time.Minute {
		return Ticket{}, evs, fmt.Errorf("return %s: %w", t.Number, ErrReturnExpired)
	}
	e.setStatus(t, StatusWaiting)
	t.NoShowAt, t.ToCounter = nil, 0
	return *t, append(evs, e.ticketEvent(EventReturned, now, t)), nil
}

// Transfer moves a waiting or current ticket to another service (and
// optionally a named counter), keeping its arrival time so that it does
// not go to the back of the queue.
func (e *Engine) Transfer(ticket, toService string, toCounter int) (Ticket, []Event, error) {
	evs := e.Tick()
	t, err := e.ticket(ticket)
	if err != nil {
		return Ticket{}, evs, err
	}
	if !(t.Status == StatusWaiting || t.Status == StatusCalled || t.Status == StatusServing) {
		return Ticket{}, evs, fmt.Errorf("transfer %s: %w", t.Number, ErrBadTransition)
	}
	if _, ok := e.cfg.Service(toService); !ok {
		return Ticket{}, evs, fmt.Errorf("transfer %s to %q: %w", t.Number, toService, ErrUnknownService)
	}
	if toCounter != 0 {
		k, ok := e.cfg.Counter(toCounter)
		if !ok {
			return Ticket{}, evs, fmt.Errorf("transfer %s to counter %d: %w", t.Number, toCounter, ErrUnknownCounter)
		}
		if !slices.Contains(k.Services, toService) {
			return Ticket{}, evs, fmt.Errorf("transfer %s to counter %d: %w", t.Number, toCounter, ErrNotServed)
		}
	}
	now := e.now()
	from := t.Service
	var freed *CounterState
	if c, ok := e.counters[t.Counter]; ok && c.Current == t.ID {
		c.Current = ""
		freed = ptr(*c)
	}
	e.setStatus(t, StatusWaiting) // leaves the old service's count
	e.countWaiting(t, -1)
	t.Service, t.ToCounter = toService, toCounter
	e.countWaiting(t, 1)
	t.CalledAt, t.ServingAt = nil, nil
	t.Transfers++
	ev := e.ticketEvent(EventTransferred, now, t)
	ev.From, ev.Counter = from, freed
	return *t, append(evs, ev), nil
}

// Cancel ends an active ticket (the citizen left, or staff cancel it).
func (e *Engine) Cancel(ticket string) (Ticket, []Event, error) {
	evs := e.Tick()
	t, err := e.ticket(ticket)
	if err != nil {
		return Ticket{}, evs, err
	}
	if !t.Status.Active() && t.Status != StatusNoShow {
		return Ticket{}, evs, fmt.Errorf("cancel %s: %w", t.Number, ErrBadTransition)
	}
	now := e.now()
	ev := Event{}
	if c, ok := e.counters[t.Counter]; ok && c.Current == t.ID {
		c.Current = ""
		ev.Counter = ptr(*c)
	}
	e.setStatus(t, StatusCancelled)
	t.EndedAt = ptr(now)
	ev2 := e.ticketEvent(EventCancelled, now, t)
	ev2.Counter = ev.Counter
	return *t, append(evs, ev2), nil
}

// Rate records a citizen's rating of a served ticket. One rating per ticket.
func (e *Engine) Rate(ticket string, stars int, reasons []string, comment, source string) (Rating, []Event, error) {
	evs := e.Tick()
	t, err := e.ticket(ticket)
	if err != nil {
		return Rating{}, evs, err
	}
	switch {
	case t.Rated:
		return Rating{}, evs, fmt.Errorf("rate %s: %w", t.Number, ErrAlreadyRated)
	case t.Status != StatusDone:
		return Rating{}, evs, fmt.Errorf("rate %s: %w", t.Number, ErrNotRateable)
	case stars < 1 || stars > 5:
		return Rating{}, evs, fmt.Errorf("rate %s: %d stars: %w", t.Number, stars, ErrBadRating)
	case len(reasons) > maxReasons || utf8.RuneCountInString(comment) > maxCommentRunes || !utf8.ValidString(comment):
		return Rating{}, evs, fmt.Errorf("rate %s: too long: %w", t.Number, ErrBadRating)
	}
	if source != ratingSourceCounter && source != ratingSourceKiosk && source != ratingSourceWeb {
		return Rating{}, evs, fmt.Errorf("rate %s: source %q: %w", t.Number, source, ErrBadRating)
	}
	var rs []string
	for _, r := range reasons {
		if !slices.Contains(Reasons, r) {
			return Rating{}, evs, fmt.Errorf("rate %s: reason %q: %w", t.Number, r, ErrBadRating)
		}
		if !slices.Contains(rs, r) {
			rs = append(rs, r)
		}
	}
	now := e.now()
	t.Rated, t.Stars = true, stars
	if t.Day == e.day && t.Officer != "" {
		st := e.stats(t.Officer)
		st.Ratings++
		st.StarSum += stars
	}
	r := Rating{TicketID: t.ID, Day: t.Day, Number: t.Number, Service: t.Service, Counter: t.Counter,
		Officer: t.Officer, Stars: stars, Reasons: rs, Comment: strings.TrimSpace(comment), Source: source, At: now}
	ev := e.ticketEvent(EventRated, now, t)
	ev.Rating = &r
	return r, append(evs, ev), nil
}

// Ticket finds a ticket of today by ID, by number ("A012", "a12") or by
// the reference its QR carries.
func (e *Engine) Ticket(idOrNumber string) (Ticket, error) {
	t, err := e.ticket(idOrNumber)
	if err != nil {
		return Ticket{}, err
	}
	return *t, nil
}

func (e *Engine) ticket(idOrNumber string) (*Ticket, error) {
	if t, ok := e.tickets[idOrNumber]; ok {
		return t, nil
	}
	if t, ok := e.byRef[idOrNumber]; ok {
		return t, nil
	}
	if n, ok := NormalizeNumber(idOrNumber); ok {
		if t, ok := e.byNumber[n]; ok {
			return t, nil
		}
	}
	return nil, fmt.Errorf("ticket %q: %w", idOrNumber, ErrUnknownTicket)
}

// NormalizeNumber turns what a citizen types ("a12", " A012 ") into the
// printed form "A012".
func NormalizeNumber(s string) (string, bool) {
	s = strings.ToUpper(strings.TrimSpace(s))
	i := 0
	for i < len(s) && s[i] >= 'A' && s[i] <= 'Z' {
		i++
	}
	if i == 0 || i > 2 || i == len(s) || len(s)-i > 4 {
		return "", false
	}
	n := 0
	for _, c := range s[i:] {
		if c < '0' || c > '9' {
			return "", false
		}
		n = n*10 + int(c-'0')
	}
	if n == 0 {
		return "", false
	}
	return number(s[:i], n), true
}

func (e *Engine) counter(n int) (*CounterState, error) {
	c, ok := e.counters[n]
	if !ok {
		return nil, fmt.Errorf("counter %d: %w", n, ErrUnknownCounter)
	}
	return c, nil
}

func (e *Engine) counterNumbers() []int {
	ns := make([]int, 0, len(e.counters))
	for n := range e.counters {
		ns = append(ns, n)
	}
	sort.Ints(ns)
	return ns
}

func (e *Engine) sorted(keep func(*Ticket) bool) []*Ticket {
	var ts []*Ticket
	for _, t := range e.tickets {
		if keep(t) {
			ts = append(ts, t)
		}
	}
	sort.Slice(ts, func(i, j int) bool { return before(ts[i], ts[j]) })
	return ts
}

func (e *Engine) noteServed(t *Ticket) {
	if t.ServingAt == nil || t.DoneAt == nil {
		return
	}
	r := append(e.recent[t.Service], t.DoneAt.Sub(*t.ServingAt))
	if len(r) > recentServed {
		r = r[len(r)-recentServed:]
	}
	e.recent[t.Service] = r
}

func (e *Engine) ticketEvent(kind EventKind, at time.Time, t *Ticket) Event {
	return Event{Kind: kind, At: at, Ticket: ptr(*t)}
}

func ptr[T any](v T) *T { return &v }
