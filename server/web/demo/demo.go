// Package demo fills a central server database with a realistic stretch
// of an office's tickets and ratings, stored through the same ingest path
// as a real hub's events: morning and afternoon sessions with a rush at
// opening, three services with their own counters and officers, a queue
// simulated counter by counter (so waits grow in the rush), a few
// no-shows, ratings at the counter that get worse with long waits, and,
// on the last day, some tickets still waiting and some served but not yet
// rated (for the public ticket page). It is for tests, screenshots,
// benchmarks and the `server demo-data` command; it is deterministic for
// a seed, so its references are NOT secret.
package demo

import (
	"context"
	"encoding/base32"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"strings"
	"time"

	"github.com/motcua-kiosk/motcua/kiosk/queue"
	"github.com/motcua-kiosk/motcua/server/db"
)

// Options shape the data. Zero values are the defaults.
type Options struct {
	Offices  []string  // office names (default: one commune centre)
	Days     int       // working days, ending on End (default 7)
	PerDay   int       // tickets per office and day (default 120)
	End      time.Time // the last day (default: today)
	Seed     uint64    // PRNG seed (default 1)
	Location *time.Location
	// NoLiveTail stops the default of leaving the last tickets of the last
	// day waiting or at a counter, and one served but unrated.
	NoLiveTail bool
}

// Result says what was stored.
type Result struct {
	Offices []db.Office
	Tickets int
	Ratings int
	From    string // first day
	To      string // last day
	// Refs are sample public references of the last day: one waiting,
	// one served and unrated, one rated ("" when there is none).
	WaitingRef, UnratedRef, RatedRef string
}

type service struct {
	code     string
	weight   float64
	meanMin  float64 // mean service minutes
	counters []counter
}

type counter struct {
	number  int
	officer string // the id the kiosk's admin gave, as the events carry it
}

var services = []service{
	{"A", 0.35, 11, []counter{{1, "cb01"}, {2, "cb02"}}},
	{"B", 0.25, 7, []counter{{3, "cb03"}}},
	{"C", 0.40, 3.5, []counter{{4, "cb04"}, {5, "cb05"}}},
}

// OfficerNames are the demo officers' names by id (the events carry the
// id; the names are stored as db.SetNames keeps them).
var OfficerNames = map[string]string{
	"cb01": "Nguyễn Thị Lan", "cb02": "Trần Văn Minh", "cb03": "Lê Thị Hoa", "cb04": "Phạm Quốc Hùng", "cb05": "Võ Thị Mai",
}

// ServiceNames are the demo services' names by code.
var ServiceNames = map[string]string{"A": "Đăng ký đất đai", "B": "Giao dịch bảo đảm", "C": "Trả kết quả"}

var vietnam = time.FixedZone("ICT", 7*3600)

// Fill creates the offices, enrolls a demo hub for each and stores the
// generated events through db.IngestBatch.
func Fill(ctx context.Context, d *db.DB, opt Options) (Result, error) {
	if len(opt.Offices) == 0 {
		opt.Offices = []string{"Trung tâm Phục vụ hành chính công xã Tân Hòa"}
	}
	if opt.Days <= 0 {
		opt.Days = 7
	}
	if opt.PerDay <= 0 {
		opt.PerDay = 120
	}
	if opt.Location == nil {
		opt.Location = vietnam
	}
	if opt.End.IsZero() {
		opt.End = time.Now()
	}
	if opt.Seed == 0 {
		opt.Seed = 1
	}
	days := workingDays(opt.End.In(opt.Location), opt.Days)
	res := Result{From: days[0].Format("2006-01-02"), To: days[len(days)-1].Format("2006-01-02")}
	rng := rand.New(rand.NewPCG(opt.Seed, opt.Seed^0x9e3779b97f4a7c15))
	for i, name := range opt.Offices {
		o, err := d.CreateOffice(ctx, name)
		if err != nil {
			return res, fmt.Errorf("demo data: %w", err)
		}
		code, err := d.CreateEnrollCode(ctx, o.ID, time.Hour)
		if err != nil {
			return res, fmt.Errorf("demo data: %w", err)
		}
		dev, _, err := d.Enroll(ctx, code, fmt.Sprintf("demo-hub-%s", o.ID), fmt.Sprintf("Demo hub %d", i+1))
		if err != nil {
			return res, fmt.Errorf("demo data: %w", err)
		}
		if err := d.SetNames(ctx, o.ID, db.OfficerNames, OfficerNames); err != nil {
			return res, fmt.Errorf("demo data: %w", err)
		}
		if err := d.SetNames(ctx, o.ID, db.ServiceNames, ServiceNames); err != nil {
			return res, fmt.Errorf("demo data: %w", err)
		}
		g := &gen{rng: rng, dev: dev.ID}
		for j, day := range days {
			live := j == len(days)-1 && !opt.NoLiveTail
			g.day(day, opt.PerDay, live, &res)
		}
		for chunk := range chunks(g.events, 500) {
			if _, err := d.IngestBatch(ctx, dev, chunk); err != nil {
				return res, fmt.Errorf("demo data: %w", err)
			}
		}
		res.Offices = append(res.Offices, o)
		res.Tickets += g.tickets
		res.Ratings += g.ratings
	}
	return res, nil
}

// workingDays are the n Monday–Friday days ending on or before end.
func workingDays(end time.Time, n int) []time.Time {
	var out []time.Time
	d := time.Date(end.Year(), end.Month(), end.Day(), 0, 0, 0, 0, end.Location())
	for len(out) < n {
		if wd := d.Weekday(); wd != time.Saturday && wd != time.Sunday {
			out = append(out, d)
		}
		d = d.AddDate(0, 0, -1)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Before(out[j]) })
	return out
}

func chunks(evs []db.Event, n int) func(func([]db.Event) bool) {
	return func(yield func([]db.Event) bool) {
		for len(evs) > 0 {
			k := min(n, len(evs))
			if !yield(evs[:k]) {
				return
			}
			evs = evs[k:]
		}
	}
}

type gen struct {
	rng              *rand.Rand
	dev              string
	seq              int64
	events           []db.Event
	tickets, ratings int
}

func (g *gen) emit(kind queue.EventKind, at time.Time, t queue.Ticket, r *queue.Rating) {
	g.seq++
	snap := t
	ev := queue.Event{Kind: kind, At: at, Ticket: &snap, Rating: r}
	if r != nil {
		snap.Rated = true
	}
	body, _ := json.Marshal(ev)
	g.events = append(g.events, db.Event{ID: fmt.Sprintf("%s:%d", g.dev, g.seq), Device: g.dev, Seq: g.seq,
		Kind: string(kind), At: at, Body: body, Ticket: ev.Ticket, Rating: r})
}

// arrival draws an issue time: 60% in the morning (a rush in its first
// hour), 40% in the afternoon.
func (g *gen) arrival(day time.Time) time.Time {
	at := func(h, m int) time.Time { return day.Add(time.Duration(h)*time.Hour + time.Duration(m)*time.Minute) }
	var start, end time.Time
	switch u := g.rng.Float64(); {
	case u < 0.25:
		start, end = at(7, 15), at(8, 15) // the opening rush
	case u < 0.6:
		start, end = at(8, 15), at(11, 15)
	case u < 0.75:
		start, end = at(13, 15), at(14, 0)
	default:
		start, end = at(14, 0), at(16, 15)
	}
	return start.Add(time.Duration(g.rng.Float64() * float64(end.Sub(start))))
}

func (g *gen) pickService() service {
	u := g.rng.Float64()
	for _, s := range services {
		if u < s.weight {
			return s
		}
		u -= s.weight
	}
	return services[len(services)-1]
}

func (g *gen) ref() string {
	b := make([]byte, 10)
	for i := range b {
		b[i] = byte(g.rng.UintN(256))
	}
	return strings.ToLower(base32.StdEncoding.EncodeToString(b))
}

// day simulates one service day: each service's tickets are called in
// arrival order by whichever of its counters is free first.
func (g *gen) day(day time.Time, n int, live bool, res *Result) {
	type issued struct {
		at  time.Time
		svc service
	}
	var arrivals []issued
	for range n {
		arrivals = append(arrivals, issued{g.arrival(day), g.pickService()})
	}
	sort.Slice(arrivals, func(i, j int) bool { return arrivals[i].at.Before(arrivals[j].at) })
	seqs := map[string]int{}
	free := map[int]time.Time{}
	dayStr := day.Format("2006-01-02")
	for i, a := range arrivals {
		svc := a.svc
		seqs[svc.code]++
		num := fmt.Sprintf("%s%03d", svc.code, seqs[svc.code])
		t := queue.Ticket{ID: day.Format("20060102") + "-" + num, Day: dayStr, Prefix: svc.code, Seq: seqs[svc.code], Number: num,
			Service: svc.code, Origin: svc.code, Ref: g.ref(), Status: queue.StatusWaiting, IssuedAt: a.at.UTC(), ArrivedAt: a.at.UTC()}
		g.tickets++
		g.emit(queue.EventIssued, t.IssuedAt, t, nil)
		tail := live && i >= len(arrivals)-3
		if tail && i == len(arrivals)-1 {
			res.WaitingRef = t.Ref // left waiting
			continue
		}
		c := svc.counters[0]
		for _, k := range svc.counters[1:] {
			if free[k.number].Before(free[c.number]) {
				c = k
			}
		}
		called := a.at
		if f := free[c.number]; f.After(called) {
			called = f
		}
		called = called.Add(time.Duration(10+g.rng.IntN(50)) * time.Second).UTC()
		t.Status, t.CalledAt, t.Counter, t.Officer = queue.StatusCalled, &called, c.number, c.officer
		g.emit(queue.EventCalled, called, t, nil)
		if tail {
			continue // at the counter now
		}
		if g.rng.Float64() < 0.05 { // did not come up
			ns := called.Add(2 * time.Minute)
			t.Status, t.NoShowAt = queue.StatusNoShow, &ns
			g.emit(queue.EventNoShow, ns, t, nil)
			free[c.number] = ns
			continue
		}
		serving := called.Add(time.Duration(30+g.rng.IntN(60)) * time.Second)
		mins := svc.meanMin * math.Exp(g.rng.NormFloat64()*0.45-0.1)
		done := serving.Add(time.Duration(mins * float64(time.Minute))).Truncate(time.Second)
		t.Status, t.ServingAt = queue.StatusServing, &serving
		g.emit(queue.EventServing, serving, t, nil)
		t.Status, t.DoneAt = queue.StatusDone, &done
		g.emit(queue.EventDone, done, t, nil)
		free[c.number] = done
		wait := called.Sub(a.at)
		if live && res.UnratedRef == "" && i >= len(arrivals)-10 {
			res.UnratedRef = t.Ref
			continue
		}
		if g.rng.Float64() < 0.72 {
			r := g.rating(t, wait, done)
			g.emit(queue.EventRated, r.At, t, r)
			g.ratings++
			if live {
				res.RatedRef = t.Ref
			}
		}
	}
}

// rating draws a citizen's stars: mostly satisfied, less so after a long
// wait, with reasons at three stars or fewer.
func (g *gen) rating(t queue.Ticket, wait time.Duration, done time.Time) *queue.Rating {
	p := []float64{0.02, 0.04, 0.09, 0.30, 0.55}
	if wait > 40*time.Minute {
		p = []float64{0.08, 0.16, 0.24, 0.30, 0.22}
	} else if wait > 20*time.Minute {
		p = []float64{0.04, 0.08, 0.16, 0.34, 0.38}
	}
	stars, u := 5, g.rng.Float64()
	for i, pi := range p {
		if u < pi {
			stars = i + 1
			break
		}
		u -= pi
	}
	r := &queue.Rating{TicketID: t.ID, Day: t.Day, Number: t.Number, Service: t.Service, Counter: t.Counter,
		Officer: t.Officer, Stars: stars, Source: "counter", At: done.Add(time.Duration(5+g.rng.IntN(25)) * time.Second)}
	if stars <= 3 {
		if wait > 20*time.Minute || g.rng.Float64() < 0.3 {
			r.Reasons = append(r.Reasons, queue.ReasonLongWait)
		}
		for _, reason := range []string{queue.ReasonAttitude, queue.ReasonUnclear, queue.ReasonManyVisits, queue.ReasonOther} {
			if g.rng.Float64() < 0.25 {
				r.Reasons = append(r.Reasons, reason)
			}
		}
		if len(r.Reasons) == 0 {
			r.Reasons = []string{queue.ReasonUnclear}
		}
	}
	return r
}
