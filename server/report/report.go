package report

import (
	"math"
	"slices"
	"sort"
	"strconv"
	"time"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"github.com/motcua-kiosk/motcua/kiosk/queue"
	"github.com/motcua-kiosk/motcua/server/db"
)

// Stat summarises a set of durations.
type Stat struct {
	N      int
	Mean   time.Duration
	Median time.Duration
	P90    time.Duration
}

// NewStat computes the statistics of ds (which it sorts in place).
func NewStat(ds []time.Duration) Stat {
	if len(ds) == 0 {
		return Stat{}
	}
	slices.Sort(ds)
	var sum time.Duration
	for _, d := range ds {
		sum += d
	}
	return Stat{N: len(ds), Mean: sum / time.Duration(len(ds)), Median: Quantile(ds, 0.5), P90: Quantile(ds, 0.9)}
}

// Quantile is the p-quantile (0 ≤ p ≤ 1) of sorted by linear
// interpolation between closest ranks (Excel's PERCENTILE.INC, R type 7).
// It is 0 for an empty slice.
func Quantile(sorted []time.Duration, p float64) time.Duration {
	n := len(sorted)
	if n == 0 {
		return 0
	}
	p = math.Max(0, math.Min(1, p))
	h := float64(n-1) * p
	lo := int(math.Floor(h))
	if lo >= n-1 {
		return sorted[n-1]
	}
	frac := h - float64(lo)
	return sorted[lo] + time.Duration(math.Round(frac*float64(sorted[lo+1]-sorted[lo])))
}

// Ratio is a share with its parts, so a page can show "12 / 80".
type Ratio struct {
	Part, Whole int
}

// Value is Part/Whole, or NaN when Whole is 0 (shown as "—").
func (r Ratio) Value() float64 {
	if r.Whole == 0 {
		return math.NaN()
	}
	return float64(r.Part) / float64(r.Whole)
}

// Stars summarises ratings.
type Stars struct {
	Count     [5]int // Count[i] = ratings with i+1 stars
	N         int
	Sum       int
	Satisfied Ratio // 4–5 stars of all
}

// Add counts one rating of s stars (ignored unless 1..5).
func (s *Stars) Add(stars int) {
	if stars < 1 || stars > 5 {
		return
	}
	s.Count[stars-1]++
	s.N++
	s.Sum += stars
	s.Satisfied.Whole++
	if stars >= 4 {
		s.Satisfied.Part++
	}
}

// Mean is the average number of stars (NaN without ratings).
func (s Stars) Mean() float64 {
	if s.N == 0 {
		return math.NaN()
	}
	return float64(s.Sum) / float64(s.N)
}

// Group is one row of a roll-up: an officer, a service or a period.
type Group struct {
	Key     string // officer id, service code, or period label
	Name    string // the officer's or service's name, "" when not known (see SetNames)
	Office  string // the office of the group's rows, "" when several
	Tickets int    // tickets issued (by service/period) or handled (by officer)
	Called  int
	Served  int
	NoShow  Ratio // no-show tickets of called tickets
	Wait    Stat
	Service Stat
	Ratings Stars
}

type groupAcc struct {
	Group
	waits, services []time.Duration
	offices         int // distinct offices seen, up to 2
}

// seen notes the office of a row of the group.
func (g *groupAcc) seen(office string) {
	switch {
	case g.offices == 0:
		g.Office, g.offices = office, 1
	case g.offices == 1 && office != g.Office:
		g.Office, g.offices = "", 2
	}
}

// Label is what a page shows for the group: its name, else its key.
func (g Group) Label() string {
	if g.Name != "" {
		return g.Name
	}
	return g.Key
}

// SetNames names the officer and service groups: officer(office, id) and
// service(office, code) return the name or "" when unknown; office is ""
// when the group's rows come from several offices. The hubs' events
// carry only ids and codes.
func (r *Report) SetNames(officer, service func(office, id string) string) {
	for i, g := range r.Officers {
		if officer != nil {
			r.Officers[i].Name = officer(g.Office, g.Key)
		}
	}
	for i, g := range r.Services {
		if service != nil {
			r.Services[i].Name = service(g.Office, g.Key)
		}
	}
	for _, gs := range [][]Group{r.Officers, r.Services} {
		sort.SliceStable(gs, func(i, j int) bool { return CompareVI(gs[i].Label(), gs[j].Label()) < 0 })
	}
}

// CompareVI orders names as a Vietnamese reader looks them up: "Đăng ký"
// after "Dân cư" and before "Giao dịch", not after every Latin letter.
func CompareVI(a, b string) int {
	return collate.New(language.Vietnamese).CompareString(a, b)
}

func (g *groupAcc) addTicket(t db.TicketRow) {
	g.Tickets++
	if w, ok := t.Wait(); ok {
		g.Called++
		g.NoShow.Whole++
		g.waits = append(g.waits, w)
	}
	if t.Status == queue.StatusNoShow {
		g.NoShow.Part++
	}
	if t.Status == queue.StatusDone {
		g.Served++
	}
	if s, ok := t.ServiceTime(); ok {
		g.services = append(g.services, s)
	}
}

func (g *groupAcc) done() Group {
	g.Wait, g.Service = NewStat(g.waits), NewStat(g.services)
	return g.Group
}

// Period is a row of the quarterly and yearly roll-up.
type Period struct {
	Year    int
	Quarter int // 1..4, or 0 for the whole year
	Group
}

// Report is everything the report page shows.
type Report struct {
	Total    Group
	Waiting  int      // tickets still waiting, called or serving at last sync
	Hours    [24]int  // tickets issued per hour of the day, office time
	Reasons  []Count  // reasons given, known ones first in display order
	Officers []Group  // by officer id, "" (never called) left out
	Services []Group  // by service code
	Periods  []Period // per year: Q1..Q4 then the year
	Days     int      // distinct service days with tickets
}

// Count is a label and how often it occurred.
type Count struct {
	Key string
	N   int
}

// Compute builds the report of tickets and ratings; loc is the offices'
// time zone for the hour-of-day counts (nil means Vietnam, UTC+7).
func Compute(tickets []db.TicketRow, ratings []db.RatingRow, loc *time.Location) Report {
	return ComputeZones(tickets, ratings, func(string) *time.Location { return loc })
}

// ComputeZones is Compute with each office's own time zone: zone returns
// the zone of an office id (nil, or a nil result, means Vietnam). A
// ticket's hour of the day is the hour its office's clock showed.
func ComputeZones(tickets []db.TicketRow, ratings []db.RatingRow, zone func(office string) *time.Location) Report {
	zones := map[string]*time.Location{}
	locOf := func(office string) *time.Location {
		loc, ok := zones[office]
		if !ok {
			if zone != nil {
				loc = zone(office)
			}
			if loc == nil {
				loc = Vietnam
			}
			zones[office] = loc
		}
		return loc
	}
	var r Report
	total := &groupAcc{}
	officers := map[string]*groupAcc{}
	services := map[string]*groupAcc{}
	periods := map[[2]int]*groupAcc{}
	days := map[string]bool{}
	get := func(m map[string]*groupAcc, k string) *groupAcc {
		g := m[k]
		if g == nil {
			g = &groupAcc{Group: Group{Key: k}}
			m[k] = g
		}
		return g
	}
	getPeriod := func(day string) []*groupAcc {
		y, q, ok := quarterOf(day)
		if !ok {
			return nil
		}
		var out []*groupAcc
		for _, k := range [][2]int{{y, q}, {y, 0}} {
			g := periods[k]
			if g == nil {
				g = &groupAcc{}
				periods[k] = g
			}
			out = append(out, g)
		}
		return out
	}
	for _, t := range tickets {
		total.addTicket(t)
		days[t.Day] = true
		if t.Status.Active() {
			r.Waiting++
		}
		r.Hours[t.IssuedAt.In(locOf(t.Office)).Hour()]++
		if t.Officer != "" {
			g := get(officers, t.Officer)
			g.addTicket(t)
			g.seen(t.Office)
		}
		g := get(services, t.Service)
		g.addTicket(t)
		g.seen(t.Office)
		for _, g := range getPeriod(t.Day) {
			g.addTicket(t)
		}
	}
	reasons := map[string]int{}
	for _, rt := range ratings {
		total.Ratings.Add(rt.Stars)
		if rt.Officer != "" {
			g := get(officers, rt.Officer)
			g.Ratings.Add(rt.Stars)
			g.seen(rt.Office)
		}
		g := get(services, rt.Service)
		g.Ratings.Add(rt.Stars)
		g.seen(rt.Office)
		for _, g := range getPeriod(rt.Day) {
			g.Ratings.Add(rt.Stars)
		}
		for _, reason := range rt.Reasons {
			reasons[reason]++
		}
	}
	r.Total = total.done()
	r.Days = len(days)
	r.Officers = sortedGroups(officers)
	r.Services = sortedGroups(services)
	r.Reasons = reasonCounts(reasons)
	r.Periods = sortedPeriods(periods)
	return r
}

func sortedGroups(m map[string]*groupAcc) []Group {
	out := make([]Group, 0, len(m))
	for _, g := range m {
		out = append(out, g.done())
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out
}

// reasonCounts lists every known reason (zero counts included, so the
// table always has the same rows) and then unknown codes by count.
func reasonCounts(m map[string]int) []Count {
	var out []Count
	for _, k := range queue.Reasons {
		out = append(out, Count{Key: k, N: m[k]})
		delete(m, k)
	}
	var extra []Count
	for k, n := range m {
		extra = append(extra, Count{Key: k, N: n})
	}
	sort.Slice(extra, func(i, j int) bool {
		if extra[i].N != extra[j].N {
			return extra[i].N > extra[j].N
		}
		return extra[i].Key < extra[j].Key
	})
	return append(out, extra...)
}

// sortedPeriods lists, for each year with data, its four quarters (empty
// ones too: a roll-up reads better complete) and then the year.
func sortedPeriods(m map[[2]int]*groupAcc) []Period {
	var years []int
	for k := range m {
		if k[1] == 0 {
			years = append(years, k[0])
		}
	}
	slices.Sort(years)
	var out []Period
	for _, y := range years {
		for q := 1; q <= 4; q++ {
			p := Period{Year: y, Quarter: q}
			if g := m[[2]int{y, q}]; g != nil {
				p.Group = g.done()
			}
			out = append(out, p)
		}
		out = append(out, Period{Year: y, Group: m[[2]int{y, 0}].done()})
	}
	return out
}

// quarterOf reads the year and quarter of a "YYYY-MM-DD" day.
func quarterOf(day string) (year, quarter int, ok bool) {
	if len(day) < 7 {
		return 0, 0, false
	}
	y, err1 := strconv.Atoi(day[:4])
	m, err2 := strconv.Atoi(day[5:7])
	if err1 != nil || err2 != nil || m < 1 || m > 12 {
		return 0, 0, false
	}
	return y, (m-1)/3 + 1, true
}

// Vietnam is the offices' time zone (Indochina Time, UTC+7, no DST); a
// fixed zone so that the server needs no tzdata.
var Vietnam = time.FixedZone("ICT", 7*3600)
