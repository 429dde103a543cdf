// Package sim runs generated office days through the real queue engine
// and the real bookings desk, to measure how booked tickets blend with
// walk-ins: booked citizens' lateness against their slot, walk-ins' wait
// against a day with the same arrivals and no bookings, and the longest
// wait of anyone. cmd bookingsim prints its table (docs/perf/bookings.md).
//
// The model (stated, not measured in an office): a day's citizens are
// Poisson with mean TicketsPerDay, arriving 07:00-11:30 and 13:30-17:00
// with the morning burst (the half-hour rates in morning and afternoon);
// a share of them, drawn per day from BookedMin-BookedMax, book 30-minute
// slots 07:30-11:00 and 14:00-16:30, each slot holding at most half the
// citizens the day's counters serve in it (the bookings package's cap);
// booked citizens come 6 minutes early on average (90 %: normal, sd 5
// min; 10 %: anywhere from 30 early to 40 late) and 8 % never come;
// service times are log-normal (mean 5 min, sd 3 min); 10 % of citizens
// are priority (interleave policy, one in four calls); 3 to 5 counters
// serve one service and keep calling after closing until nobody waits.
package sim

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/motcua-kiosk/motcua/kiosk/bookings"
	"github.com/motcua-kiosk/motcua/kiosk/queue"
)

// Params shape the generated days.
type Params struct {
	Days          int
	Seed          uint64
	TicketsPerDay float64 // mean citizens a day (300)
	BookedMin     float64 // share of citizens who book, drawn per day in [BookedMin, BookedMax]
	BookedMax     float64
	CountersMin   int // counters open, drawn per day in [CountersMin, CountersMax]
	CountersMax   int
	ServiceMean   time.Duration
	ServiceSD     time.Duration
	// HeadStart is the booking rules' HeadStartMinutes (0: the rule as
	// issue 14 states it).
	HeadStart int
	// Check makes every call verify the no-starvation invariant against
	// the waiting list (slower; the tests set it).
	Check bool
}

// DefaultParams are the issue's volumes: 300 a day, 30-50 % booked, 3-5
// counters, over 1,000 days.
func DefaultParams() Params {
	return Params{Days: 1000, Seed: 14, TicketsPerDay: 300, BookedMin: 0.30, BookedMax: 0.50,
		CountersMin: 3, CountersMax: 5, ServiceMean: 5 * time.Minute, ServiceSD: 3 * time.Minute}
}

// Half-hour arrival weights from 07:00 and from 13:30: the queue forms at
// opening (DOMAIN.md) and thins towards lunch and closing.
var (
	morning   = []float64{3.0, 2.6, 2.0, 1.6, 1.3, 1.1, 1.0, 0.9, 0.7}
	afternoon = []float64{1.6, 1.4, 1.2, 1.0, 0.9, 0.7, 0.5}
)

// Kind is how a citizen came.
type Kind int

// Citizen kinds.
const (
	WalkIn     Kind = iota // no booking
	Booked                 // checked in within the window: a booked ticket
	LateWalkIn             // booked but came after the window: a normal ticket
	NoShow                 // booked and never came (released)
)

type citizen struct {
	arrive time.Time
	prio   string
	kind   Kind
	slot   time.Time
	code   string
	early  bool // came before the check-in window and came back
	// Filled by a run.
	ticket string
	called time.Time
	since  time.Time
}

type plan struct {
	date     time.Time // 00:00 local
	counters int
	share    float64
	citizens []citizen
	service  []time.Duration // service times, drawn in call order
}

// Stats are one kind of run (with bookings, or everyone walking in) over
// all days.
type Stats struct {
	WalkInWaits  []time.Duration // true walk-ins, from arrival to call
	BookedLate   []time.Duration // booked citizens, call minus slot start
	Longest      time.Duration   // longest wait from arrival to call of anyone
	LongestSince time.Duration   // longest effective wait (from Since)
}

// Result is the outcome over all days, in total and per number of
// counters.
type Result struct {
	Params
	Days, Citizens, Booked, LateWalkIns, NoShows, EarlyReturns int
	With, Without                                              Stats // with bookings; same arrivals, all walk-ins
	ByCounters                                                 map[int]*Result
}

// Run simulates p.Days office days. An error means an invariant broke (a
// ticket lost, a booked ticket never called, a starved ticket) or the
// engine refused something it should not.
func Run(p Params) (*Result, error) {
	res := &Result{Params: p, ByCounters: map[int]*Result{}}
	date := time.Date(2027, 1, 4, 0, 0, 0, 0, queue.Zone("")) // a Monday
	for i := 0; i < p.Days; i++ {
		for date.Weekday() == time.Saturday || date.Weekday() == time.Sunday {
			date = date.AddDate(0, 0, 1)
		}
		rng := rand.New(rand.NewPCG(p.Seed, uint64(i)))
		pl, err := newPlan(p, rng, date)
		if err != nil {
			return res, fmt.Errorf("day %d (%s): %w", i, date.Format(time.DateOnly), err)
		}
		with, err := runDay(p, pl, true)
		if err != nil {
			return res, fmt.Errorf("day %d (%s) with bookings: %w", i, date.Format(time.DateOnly), err)
		}
		without, err := runDay(p, pl, false)
		if err != nil {
			return res, fmt.Errorf("day %d (%s) walk-ins only: %w", i, date.Format(time.DateOnly), err)
		}
		sub := res.ByCounters[pl.counters]
		if sub == nil {
			sub = &Result{Params: p}
			res.ByCounters[pl.counters] = sub
		}
		for _, r := range []*Result{res, sub} {
			r.add(pl, with, without)
		}
		date = date.AddDate(0, 0, 1)
	}
	return res, nil
}

func (r *Result) add(pl *plan, with, without []citizen) {
	r.Days++
	for i, c := range with {
		r.Citizens++
		switch c.kind {
		case Booked:
			r.Booked++
		case LateWalkIn:
			r.LateWalkIns++
		case NoShow:
			r.NoShows++
			continue
		}
		if c.early {
			r.EarlyReturns++
		}
		w := without[i]
		if c.kind == WalkIn {
			r.With.WalkInWaits = append(r.With.WalkInWaits, c.called.Sub(c.arrive))
			r.Without.WalkInWaits = append(r.Without.WalkInWaits, w.called.Sub(w.arrive))
		}
		if c.kind == Booked {
			r.With.BookedLate = append(r.With.BookedLate, c.called.Sub(c.slot))
			r.Without.BookedLate = append(r.Without.BookedLate, w.called.Sub(w.slot))
		}
		r.With.Longest = max(r.With.Longest, c.called.Sub(c.arrive))
		r.With.LongestSince = max(r.With.LongestSince, c.called.Sub(c.since))
		r.Without.Longest = max(r.Without.Longest, w.called.Sub(w.arrive))
		r.Without.LongestSince = max(r.Without.LongestSince, w.called.Sub(w.since))
	}
}

func at(date time.Time, minutes float64) time.Time {
	return date.Add(time.Duration(minutes * float64(time.Minute)))
}

// rules are the day's booking rules: 30-minute slots each holding the
// most the 50 % cap allows for the day's counters.
func rules(p Params, counters int) bookings.Rules {
	r := bookings.DefaultRules()
	r.MinLeadHours = 2
	r.HeadStartMinutes = p.HeadStart
	per := counters * 30 / int(p.ServiceMean/time.Minute) * bookings.DefaultMaxShare / 100
	all := []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday}
	r.Services = []bookings.ServiceRules{{Service: "A", ServiceMinutes: int(p.ServiceMean / time.Minute), Slots: []bookings.SlotRule{
		{Days: all, From: "07:30", To: "11:00", Minutes: 30, PerSlot: per},
		{Days: all, From: "14:00", To: "16:30", Minutes: 30, PerSlot: per},
	}}}
	return r
}

func config(p Params, counters int) queue.Config {
	c := queue.DefaultConfig()
	c.Services = []queue.Service{{Code: "A", Name: "Một cửa", Days: []time.Weekday{1, 2, 3, 4, 5}}}
	c.Counters = nil
	for k := 1; k <= counters; k++ {
		c.Counters = append(c.Counters, queue.Counter{Number: k, Services: []string{"A"}})
	}
	c.DefaultServiceMinutes = int(p.ServiceMean / time.Minute)
	return c
}

func poisson(rng *rand.Rand, mean float64) int {
	if mean > 50 { // normal approximation, ample at these means
		return max(0, int(math.Round(mean+math.Sqrt(mean)*rng.NormFloat64())))
	}
	l, k, prod := math.Exp(-mean), 0, rng.Float64()
	for prod > l {
		k++
		prod *= rng.Float64()
	}
	return k
}

func newPlan(p Params, rng *rand.Rand, date time.Time) (*plan, error) {
	pl := &plan{date: date, counters: p.CountersMin + rng.IntN(p.CountersMax-p.CountersMin+1),
		share: p.BookedMin + rng.Float64()*(p.BookedMax-p.BookedMin)}
	n := poisson(rng, p.TicketsPerDay)
	booked := int(math.Round(float64(n) * pl.share))
	cfg := config(p, pl.counters)
	slots := rules(p, pl.counters).Slots(cfg, "A", date.Format(time.DateOnly), date.Location())
	if len(slots) == 0 {
		return nil, fmt.Errorf("no slots")
	}
	free := make([]int, len(slots))
	var weight []float64
	for i, s := range slots {
		free[i] = s.Places
		weight = append(weight, arrivalWeight(date, s.Start))
	}
	prio := func() string {
		if rng.IntN(10) == 0 {
			return "elderly"
		}
		return ""
	}
	for range booked {
		i := pickWeighted(rng, weight, free)
		if i < 0 {
			break // every place taken: the rest walk in
		}
		free[i]--
		c := citizen{kind: Booked, slot: slots[i].Start, prio: prio()}
		var off float64
		if rng.IntN(10) == 0 {
			off = -30 + 70*rng.Float64()
		} else {
			off = -6 + 5*rng.NormFloat64()
		}
		c.arrive = c.slot.Add(time.Duration(off * float64(time.Minute))).Truncate(time.Second)
		if rng.Float64() < 0.08 {
			c.kind = NoShow
		}
		pl.citizens = append(pl.citizens, c)
	}
	for len(pl.citizens) < n {
		pl.citizens = append(pl.citizens, citizen{kind: WalkIn, arrive: walkInTime(rng, date), prio: prio()})
	}
	slices.SortStableFunc(pl.citizens, func(a, b citizen) int { return a.arrive.Compare(b.arrive) })
	for range 2 * n {
		pl.service = append(pl.service, logNormal(rng, p.ServiceMean, p.ServiceSD))
	}
	return pl, nil
}

func arrivalWeight(date, t time.Time) float64 {
	m := t.Sub(date).Minutes()
	switch {
	case m >= 7*60 && m < 11*60+30:
		return morning[int(m-7*60)/30]
	case m >= 13*60+30 && m < 17*60:
		return afternoon[int(m-(13*60+30))/30]
	}
	return 0
}

func pickWeighted(rng *rand.Rand, w []float64, free []int) int {
	total := 0.0
	for i := range w {
		if free[i] > 0 {
			total += w[i]
		}
	}
	if total == 0 {
		return -1
	}
	x := rng.Float64() * total
	for i := range w {
		if free[i] > 0 {
			if x -= w[i]; x < 0 {
				return i
			}
		}
	}
	for i := len(w) - 1; i >= 0; i-- {
		if free[i] > 0 {
			return i
		}
	}
	return -1
}

// walkInTime draws an arrival from the day's half-hour rates.
func walkInTime(rng *rand.Rand, date time.Time) time.Time {
	total := 0.0
	for _, w := range append(slices.Clone(morning), afternoon...) {
		total += w
	}
	x := rng.Float64() * total
	for i, w := range morning {
		if x -= w; x < 0 {
			return at(date, 7*60+30*float64(i)+30*rng.Float64()).Truncate(time.Second)
		}
	}
	for i, w := range afternoon {
		if x -= w; x < 0 || i == len(afternoon)-1 {
			return at(date, 13*60+30+30*float64(i)+30*rng.Float64()).Truncate(time.Second)
		}
	}
	return at(date, 16*60+59)
}

func logNormal(rng *rand.Rand, mean, sd time.Duration) time.Duration {
	m, s := mean.Minutes(), sd.Minutes()
	sigma2 := math.Log(1 + s*s/(m*m))
	mu := math.Log(m) - sigma2/2
	v := math.Exp(mu + math.Sqrt(sigma2)*rng.NormFloat64())
	return max(30*time.Second, time.Duration(v*float64(time.Minute))).Truncate(time.Second)
}

// runDay plays one planned day through a fresh engine (and, withBookings,
// a fresh desk holding the day's bookings, made the day before) and
// returns the citizens with their tickets and call times.
func runDay(p Params, pl *plan, withBookings bool) ([]citizen, error) {
	ctx := context.Background()
	cs := slices.Clone(pl.citizens)
	now := pl.date.Add(-15 * time.Hour) // 09:00 the day before: when bookings are made
	clock := func() time.Time { return now }
	cfg := config(p, pl.counters)
	e, err := queue.New(cfg, clock)
	if err != nil {
		return nil, err
	}
	var desk *bookings.Desk
	mem := bookings.NewMemStore()
	if withBookings {
		if desk, err = bookings.NewDesk(mem, cfg, rules(p, pl.counters), clock); err != nil {
			return nil, err
		}
		var seed [32]byte
		copy(seed[:], pl.date.Format(time.DateOnly))
		desk.SetRand(rand.NewChaCha8(seed))
		for i := range cs {
			if cs[i].kind != Booked && cs[i].kind != NoShow {
				continue
			}
			b, err := desk.Book(ctx, bookings.Request{Service: "A", Start: cs[i].slot, Channel: bookings.ChannelDesk})
			if err != nil {
				return nil, fmt.Errorf("book %s: %w", cs[i].slot.Format("15:04"), err)
			}
			cs[i].code = b.Code
		}
	} else {
		for i := range cs {
			if cs[i].kind == Booked || cs[i].kind == LateWalkIn {
				cs[i].kind = WalkIn // walks in at the same time; kind restored by the caller's index
			}
		}
		defer func() {
			for i := range cs {
				cs[i].kind = pl.citizens[i].kind
			}
		}()
	}
	now = pl.date.Add(7 * time.Hour)
	for k := 1; k <= pl.counters; k++ {
		if _, err := e.SignIn(k, fmt.Sprintf("cb%02d", k)); err != nil {
			return nil, err
		}
	}
	byTicket := map[string]int{}
	// Pending arrivals in time order; an early citizen comes back at the
	// window's start.
	var queueIn []arrival
	for i, c := range cs {
		if c.kind != NoShow {
			queueIn = append(queueIn, arrival{i, c.arrive})
		}
	}
	busy := make([]time.Time, pl.counters+1) // zero: idle
	nextService, nextRelease := 0, now
	issued := 0
	for {
		next := time.Time{}
		if len(queueIn) > 0 {
			next = queueIn[0].at
		}
		for k := 1; k <= pl.counters; k++ {
			if !busy[k].IsZero() && (next.IsZero() || busy[k].Before(next)) {
				next = busy[k]
			}
		}
		if next.IsZero() {
			break // nobody to come, every counter idle: verify finds anyone left
		}
		if next.After(now) {
			now = next
		}
		for k := 1; k <= pl.counters; k++ {
			if !busy[k].IsZero() && !busy[k].After(now) {
				if _, _, err := e.Complete(k); err != nil {
					return nil, fmt.Errorf("complete at %d: %w", k, err)
				}
				busy[k] = time.Time{}
			}
		}
		for len(queueIn) > 0 && !queueIn[0].at.After(now) {
			a := queueIn[0]
			queueIn = queueIn[1:]
			c := &cs[a.i]
			var tk queue.Ticket
			if withBookings && c.code != "" {
				dec, t, err := desk.CheckIn(ctx, c.code, func(service string, from time.Time) (queue.Ticket, []queue.Event, error) {
					return e.IssueBooked(service, c.prio, from)
				})
				if err != nil {
					return nil, fmt.Errorf("check in %s: %w", c.code, err)
				}
				switch dec.Outcome {
				case bookings.OutcomeBooked:
					tk, c.kind = t, Booked
				case bookings.OutcomeEarly:
					// Comes back when the window opens.
					queueIn = insertArrival(queueIn, arrival{a.i, dec.From})
					c.early = true
					continue
				case bookings.OutcomeLate, bookings.OutcomeReleased:
					c.kind = LateWalkIn
				default:
					return nil, fmt.Errorf("check in %s at %s: %s", c.code, now.Format("15:04"), dec.Outcome)
				}
			}
			if tk.ID == "" {
				t, _, err := e.Issue("A", c.prio)
				if err != nil {
					return nil, fmt.Errorf("issue at %s: %w", now.Format("15:04"), err)
				}
				tk = t
			}
			c.ticket, c.since = tk.ID, tk.Since()
			byTicket[tk.ID] = a.i
			issued++
		}
		if withBookings && !now.Before(nextRelease) {
			if _, err := desk.Release(ctx); err != nil {
				return nil, err
			}
			nextRelease = now.Add(5 * time.Minute)
		}
		for k := 1; k <= pl.counters; k++ {
			if !busy[k].IsZero() {
				continue
			}
			var waiting []queue.Ticket
			if p.Check {
				waiting = e.Snapshot().Waiting
			}
			t, _, err := e.CallNext(k)
			if err != nil {
				break // nobody waiting
			}
			if p.Check {
				if err := starved(cfg, waiting, t, now); err != nil {
					return nil, err
				}
			}
			i, ok := byTicket[t.ID]
			if !ok {
				return nil, fmt.Errorf("called unknown ticket %s", t.ID)
			}
			cs[i].called = now
			busy[k] = now.Add(pl.service[nextService%len(pl.service)])
			nextService++
		}
	}
	if withBookings {
		// The end of the day: every booking's window has passed.
		now = pl.date.Add(23 * time.Hour)
		if _, err := desk.Release(ctx); err != nil {
			return nil, err
		}
	}
	return cs, verify(cs, withBookings, mem, pl.date.Format(time.DateOnly), issued)
}

// arrival is a citizen (index into the day's citizens) due at a time.
type arrival struct {
	i  int
	at time.Time
}

func insertArrival(q []arrival, a arrival) []arrival {
	i, _ := slices.BinarySearchFunc(q, a, func(x, y arrival) int { return x.at.Compare(y.at) })
	return slices.Insert(q, i, a)
}

// starved checks the no-starvation rule of one call: once a ticket's
// effective wait reaches MaxWaitMinutes, nobody whose wait started later
// is called before it.
func starved(cfg queue.Config, waiting []queue.Ticket, called queue.Ticket, now time.Time) error {
	maxWait := time.Duration(cfg.Policy.MaxWaitMinutes) * time.Minute
	for i := range waiting {
		w := &waiting[i]
		if now.Sub(w.Since()) >= maxWait && w.Since().Before(called.Since()) {
			return fmt.Errorf("at %s %s (waiting since %s) overtaken by %s (since %s)", now.Format("15:04"),
				w.Number, w.Since().Format("15:04"), called.Number, called.Since().Format("15:04"))
		}
	}
	return nil
}

// verify checks a finished day: every citizen who came got one ticket and
// was called, and no booking is left open.
func verify(cs []citizen, withBookings bool, mem *bookings.MemStore, day string, issued int) error {
	came := 0
	for _, c := range cs {
		if c.kind == NoShow {
			continue
		}
		came++
		if c.ticket == "" {
			return fmt.Errorf("a citizen arriving %s got no ticket", c.arrive.Format("15:04"))
		}
		if c.called.IsZero() {
			return fmt.Errorf("ticket %s (kind %d) never called", c.ticket, c.kind)
		}
	}
	if came != issued {
		return fmt.Errorf("%d citizens came, %d tickets issued", came, issued)
	}
	bs, err := mem.BookingsOn(context.Background(), day)
	if err != nil {
		return err
	}
	for _, b := range bs {
		if b.Open() || b.Phone != "" {
			return fmt.Errorf("booking %s still %s at the end of the day", b.Code, b.Status)
		}
	}
	return nil
}
