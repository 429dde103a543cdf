package load

import (
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"time"

	"github.com/motcua-kiosk/motcua/kiosk/queue"
	"github.com/motcua-kiosk/motcua/kiosk/store"
)

// Model shapes an office's generated days. The volumes are DOMAIN.md's and
// kiosk/bookings/sim's (stated there, not measured in an office): a mean of
// 300 citizens a day, arriving 07:00-11:30 and 13:30-17:00 with the
// opening burst (the first three half-hours, 07:00-08:30, carry the most),
// served FIFO by 3 to 5 counters with log-normal service times (mean 5 min,
// sd 3 min) and a lunch break 11:30-13:30; 4 % do not come to the counter
// when called; 60 % of the served rate their visit. Every ticket gives the
// events a hub commits: ticket.issued, ticket.called, then ticket.serving
// and ticket.done, or ticket.no_show; and rating.given when rated: about
// 4.6 events a ticket, 1,380 an office-day.
type Model struct {
	TicketsPerDay float64       // mean citizens a day (300)
	CountersMin   int           // counters open, drawn per day (3)
	CountersMax   int           // (5)
	ServiceMean   time.Duration // (5 min)
	ServiceSD     time.Duration // (3 min)
	NoShowShare   float64       // (0.04)
	RatedShare    float64       // (0.60)
	Zone          *time.Location
}

// DefaultModel is the model above in the offices' zone.
func DefaultModel() Model {
	return Model{TicketsPerDay: 300, CountersMin: 3, CountersMax: 5, ServiceMean: 5 * time.Minute,
		ServiceSD: 3 * time.Minute, NoShowShare: 0.04, RatedShare: 0.60, Zone: queue.Zone(queue.DefaultTimeZone)}
}

// Half-hour arrival weights from 07:00 and from 13:30, the same shape as
// kiosk/bookings/sim: the queue forms at opening and thins towards lunch and
// closing. The first three (07:00-08:30) are the opening burst: 7.6 of 21.5,
// 35 % of a day's citizens in 1.5 of 8 hours.
var (
	morning   = []float64{3.0, 2.6, 2.0, 1.6, 1.3, 1.1, 1.0, 0.9, 0.7}
	afternoon = []float64{1.6, 1.4, 1.2, 1.0, 0.9, 0.7, 0.5}
)

// slot is a half-hour citizens arrive in, from the day's midnight.
type slot struct {
	from time.Duration
	w    float64
}

var slots, totalWeight = func() ([]slot, float64) {
	var out []slot
	var sum float64
	for i, w := range morning {
		out = append(out, slot{7*time.Hour + time.Duration(i)*30*time.Minute, w})
		sum += w
	}
	for i, w := range afternoon {
		out = append(out, slot{13*time.Hour + 30*time.Minute + time.Duration(i)*30*time.Minute, w})
		sum += w
	}
	return out, sum
}()

// services are the generated offices' services and their shares.
var services = []struct {
	code, name string
	share      float64
}{{"A", "Tiếp nhận hồ sơ", 0.6}, {"B", "Trả kết quả", 0.25}, {"C", "Tư vấn", 0.15}}

// stage is the step of a ticket's life an event records.
type stage uint8

const (
	stIssued stage = iota
	stCalled
	stServing
	stDone
	stNoShow
	stRated
)

var stageKind = [...]queue.EventKind{queue.EventIssued, queue.EventCalled, queue.EventServing, queue.EventDone,
	queue.EventNoShow, queue.EventRated}

// plannedTicket is one citizen's ticket over the day.
type plannedTicket struct {
	number, service, ref, officer string
	seq, counter, stars           int
	noShow, rated                 bool
	reason, source                string
	issued, called, serving, done time.Time // done: ended (served or no-show)
	ratedAt                       time.Time
}

// ref is one event of the day: which ticket, which step, when.
type ref struct {
	at     time.Time
	ticket int32
	stage  stage
}

// day is one office's generated service day, its events in time order.
type day struct {
	date    time.Time // 00:00 in the office's zone
	tickets []plannedTicket
	events  []ref
}

// genDay generates office's day number n (dates from the stream's start,
// weekdays only). The same arguments give the same day.
func (m Model) genDay(seed uint64, office, n int, date time.Time) *day {
	r := rand.New(rand.NewPCG(seed^0x9e3779b97f4a7c15, uint64(office)<<32|uint64(n)))
	d := &day{date: date}
	count := max(1, int(math.Round(m.TicketsPerDay+math.Sqrt(m.TicketsPerDay)*r.NormFloat64()))) // Poisson, normal approximation
	arrivals := make([]time.Time, count)
	for i := range arrivals {
		x := r.Float64() * totalWeight
		k := 0
		for k < len(slots)-1 && x >= slots[k].w {
			x -= slots[k].w
			k++
		}
		arrivals[i] = date.Add(slots[k].from + time.Duration(r.Int64N(int64(30*time.Minute))))
	}
	slices.SortFunc(arrivals, func(a, b time.Time) int { return a.Compare(b) })
	counters := m.CountersMin + r.IntN(m.CountersMax-m.CountersMin+1)
	free := make([]time.Time, counters)
	lunchFrom, lunchTo := date.Add(11*time.Hour+30*time.Minute), date.Add(13*time.Hour+30*time.Minute)
	// log-normal with the model's mean and sd
	sigma2 := math.Log(1 + math.Pow(m.ServiceSD.Seconds()/m.ServiceMean.Seconds(), 2))
	mu := math.Log(m.ServiceMean.Seconds()) - sigma2/2
	perService := map[string]int{}
	d.tickets = make([]plannedTicket, count)
	for i, at := range arrivals {
		t := &d.tickets[i]
		x := r.Float64()
		t.service = services[len(services)-1].code
		for _, s := range services {
			if x < s.share {
				t.service = s.code
				break
			}
			x -= s.share
		}
		perService[t.service]++
		t.seq = perService[t.service]
		t.number = fmt.Sprintf("%s%03d", t.service, t.seq)
		var b [8]byte
		for k := range b {
			b[k] = byte(r.UintN(256))
		}
		t.ref = hex.EncodeToString(b[:])
		t.issued = at
		c := 0 // the counter free first
		for k := range free {
			if free[k].Before(free[c]) {
				c = k
			}
		}
		call := at
		if free[c].After(call) {
			call = free[c]
		}
		if !call.Before(lunchFrom) && call.Before(lunchTo) {
			call = lunchTo
		}
		call = call.Add(time.Duration(5+r.IntN(25)) * time.Second)
		t.called, t.counter, t.officer = call, c+1, "cb"+strconv.Itoa(c+1)
		if r.Float64() < m.NoShowShare {
			t.noShow = true
			t.done = call.Add(3 * time.Minute)
		} else {
			t.serving = call.Add(time.Duration(20+r.IntN(70)) * time.Second)
			svc := time.Duration(math.Exp(mu+math.Sqrt(sigma2)*r.NormFloat64()) * float64(time.Second))
			t.done = t.serving.Add(max(svc, 30*time.Second))
			if r.Float64() < m.RatedShare {
				t.rated, t.ratedAt = true, t.done.Add(time.Duration(5+r.IntN(35))*time.Second)
				t.stars = starsOf(r.Float64())
				if t.stars <= 3 {
					t.reason = queue.Reasons[r.IntN(len(queue.Reasons))]
				}
				t.source = "counter"
				if r.IntN(5) == 0 {
					t.source = "kiosk"
				}
			}
		}
		free[c] = t.done
		id := int32(i)
		d.events = append(d.events, ref{t.issued, id, stIssued}, ref{t.called, id, stCalled})
		if t.noShow {
			d.events = append(d.events, ref{t.done, id, stNoShow})
		} else {
			d.events = append(d.events, ref{t.serving, id, stServing}, ref{t.done, id, stDone})
		}
		if t.rated {
			d.events = append(d.events, ref{t.ratedAt, id, stRated})
		}
	}
	slices.SortStableFunc(d.events, func(a, b ref) int { return a.at.Compare(b.at) })
	return d
}

// starsOf maps a uniform draw to stars: 60 % five, 25 % four, 10 % three,
// 3 % two, 2 % one.
func starsOf(x float64) int {
	switch {
	case x < 0.60:
		return 5
	case x < 0.85:
		return 4
	case x < 0.95:
		return 3
	case x < 0.98:
		return 2
	}
	return 1
}

// event builds the outbox event of d's k-th event as a hub commits it: the
// queue.Event JSON with the ticket's snapshot after that step.
func (d *day) event(device string, seq int64, k int) store.OutboxEvent {
	e := d.events[k]
	p := &d.tickets[e.ticket]
	dayStr := d.date.Format("2006-01-02")
	t := &queue.Ticket{ID: d.date.Format("20060102") + "-" + p.number, Day: dayStr, Prefix: p.service, Seq: p.seq,
		Number: p.number, Service: p.service, Origin: p.service, Ref: p.ref, Status: queue.StatusWaiting,
		IssuedAt: p.issued, ArrivedAt: p.issued}
	at := func(x time.Time) *time.Time { return &x }
	if e.stage >= stCalled {
		t.Status, t.Counter, t.Officer, t.CalledAt = queue.StatusCalled, p.counter, p.officer, at(p.called)
	}
	switch e.stage {
	case stServing:
		t.Status, t.ServingAt = queue.StatusServing, at(p.serving)
	case stDone, stRated:
		t.Status, t.ServingAt, t.DoneAt = queue.StatusDone, at(p.serving), at(p.done)
	case stNoShow:
		t.Status, t.NoShowAt = queue.StatusNoShow, at(p.done)
	}
	ev := queue.Event{Kind: stageKind[e.stage], At: e.at, Ticket: t}
	if e.stage == stRated {
		t.Rated, t.Stars = true, p.stars
		ev.Rating = &queue.Rating{TicketID: t.ID, Day: dayStr, Number: p.number, Service: p.service, Counter: p.counter,
			Officer: p.officer, Stars: p.stars, Source: p.source, At: e.at}
		if p.reason != "" {
			ev.Rating.Reasons = []string{p.reason}
		}
	}
	body, err := json.Marshal(ev)
	if err != nil {
		panic(err) // plain structs: cannot fail
	}
	return store.OutboxEvent{Seq: seq, ID: device + ":" + strconv.FormatInt(seq, 10), Kind: string(ev.Kind),
		At: e.at.UTC(), Body: body}
}
