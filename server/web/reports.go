package web

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/motcua-kiosk/motcua/server/db"
	"github.com/motcua-kiosk/motcua/server/report"
)

const dayLayout = "2006-01-02"

// query is a report's filter as read from the URL.
type query struct {
	db.Filter
	// FromText and ToText are what the date fields show: dd/mm/yyyy, or
	// what the supervisor typed when it is not a date.
	FromText, ToText string
	BadDate          bool   // a date was invalid and the default range is used
	DateError        string // why, in the page's language
	BadFrom, BadTo   bool   // which field to fix
	// Root is the node the supervisor is bound to ("" for all), Unit the
	// node shown (Root or one under it); Offices (in Filter) is Unit's
	// subtree. See scope.
	Root, Unit string
	tree       *db.Tree
}

// parseQuery reads from, to, office, officer and service; the default
// range is the last 7 days. A supervisor bound to one office sees only it.
// Dates are dd/mm/yyyy as typed in the form, whatever the browser's
// locale, or yyyy-mm-dd as in links made before and in the quick ranges.
func (s *Server) parseQuery(r *http.Request, sess *db.Session) query {
	v := r.URL.Query()
	l := lang(r)
	today := s.now().In(s.opt.Location)
	q := query{Filter: db.Filter{Office: v.Get("office"), Officer: v.Get("officer"), Service: v.Get("service")}}
	fromIn, toIn := strings.TrimSpace(v.Get("from")), strings.TrimSpace(v.Get("to"))
	from, err1 := parseDay(fromIn)
	to, err2 := parseDay(toIn)
	defFrom, defTo := today.AddDate(0, 0, -6), today
	var msg string
	switch {
	case fromIn == "" && toIn == "":
		from, to = defFrom, defTo
	case err1 != nil:
		msg, q.BadFrom = dateError(l, "r.from", fromIn, err1), true
	case err2 != nil:
		msg, q.BadTo = dateError(l, "r.to", toIn, err2), true
	case to.Before(from):
		msg, q.BadTo = fmt.Sprintf(tr(l, "r.date.order"), showDay(to), showDay(from)), true
	case to.Sub(from) > 5*366*24*time.Hour:
		msg, q.BadTo = tr(l, "r.date.long"), true
	}
	if msg != "" {
		q.BadDate = true
		q.DateError = msg + " " + fmt.Sprintf(tr(l, "r.date.fallback"), showDay(defFrom), showDay(defTo))
		from, to = defFrom, defTo
	}
	q.From, q.To = from.Format(dayLayout), to.Format(dayLayout)
	q.FromText, q.ToText = showDay(from), showDay(to)
	if q.BadFrom {
		q.FromText = fromIn
	}
	if q.BadTo {
		q.ToText = toIn
	}
	s.scope(r, sess, &q, strings.TrimSpace(v.Get("unit")))
	return q
}

// errDate* say why parseDay refused a date.
var (
	errDateEmpty  = errors.New("no date")
	errDateFormat = errors.New("not dd/mm/yyyy")
)

// noSuchDay is a well-formed date that is not on the calendar (31/02).
type noSuchDay struct{ day, month, year, last int }

func (e noSuchDay) Error() string {
	return fmt.Sprintf("%02d/%02d/%04d is not a day (%d days in the month)", e.day, e.month, e.year, e.last)
}

// parseDay reads "16/11/2026" (also with "-" or "." between, and a
// one-digit day or month) or "2026-11-16".
func parseDay(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, errDateEmpty
	}
	sep := strings.IndexFunc(s, func(r rune) bool { return r < '0' || r > '9' })
	if sep < 0 {
		return time.Time{}, errDateFormat
	}
	parts := strings.Split(s, s[sep:sep+1])
	if len(parts) != 3 {
		return time.Time{}, errDateFormat
	}
	if len(parts[0]) == 4 && s[sep] == '-' { // yyyy-mm-dd
		if len(parts[1]) != 2 || len(parts[2]) != 2 {
			return time.Time{}, errDateFormat
		}
		parts[0], parts[2] = parts[2], parts[0]
	}
	var n [3]int
	for i, p := range parts {
		v, err := strconv.Atoi(p)
		if err != nil || p == "" || p[0] == '+' || p[0] == '-' || len(p) > []int{2, 2, 4}[i] || (i == 2 && len(p) != 4) {
			return time.Time{}, errDateFormat
		}
		n[i] = v
	}
	d, m, y := n[0], n[1], n[2]
	if m < 1 || m > 12 || y < 1900 {
		return time.Time{}, errDateFormat
	}
	last := time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
	if d < 1 || d > last {
		return time.Time{}, noSuchDay{d, m, y, last}
	}
	return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC), nil
}

// showDay writes a day as the form shows it, dd/mm/yyyy.
func showDay(t time.Time) string { return t.Format("02/01/2006") }

// dateError explains in lang why the field called field (an i18n key)
// holds no date.
func dateError(l report.Lang, field, typed string, err error) string {
	var nd noSuchDay
	if errors.As(err, &nd) {
		return fmt.Sprintf(tr(l, "r.date.nosuch"), tr(l, field), typed, nd.month, nd.year, nd.last)
	}
	return fmt.Sprintf(tr(l, "r.date.bad"), tr(l, field), typed)
}

// values is the filter as URL values (for CSV links and quick ranges).
func (q query) values() url.Values {
	v := url.Values{}
	for k, s := range map[string]string{"from": q.From, "to": q.To, "office": q.Office, "officer": q.Officer, "service": q.Service, "unit": q.Unit} {
		if s != "" {
			v.Set(k, s)
		}
	}
	return v
}

// Range is a quick-range link of the report form.
type Range struct {
	Label string
	URL   string
}

// Option is one choice of a select.
type Option struct {
	Value, Label string
	Selected     bool
}

// Card is one headline figure.
type Card struct {
	Label, Value, Note string
}

type reportData struct {
	Q         query
	Ranges    []Range
	Offices   []Option
	Officers  []Option
	Services  []Option
	OneOffice bool // the page's scope holds one office
	Units     unitView
	Cards     []Card
	Hours     report.Chart
	Stars     report.Chart
	Reasons   report.Chart
	Tables    []tableView
	Empty     bool
	Waiting   int
	Days      int
	Elapsed   string
}

type tableView struct {
	report.Table
	CSV string
}

func (s *Server) reports(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	sess := sessionOf(r)
	l := lang(r)
	q := s.parseQuery(r, sess)
	ctx := r.Context()
	rep, nm, rows, err := s.computeRows(r, q.Filter)
	if err != nil {
		s.fail(w, r, "report", err)
		return
	}
	offices, err := s.db.Offices(ctx)
	if err != nil {
		s.fail(w, r, "report offices", err)
		return
	}
	choices, err := s.db.FilterChoices(ctx, q.Filter)
	if err != nil {
		s.fail(w, r, "report choices", err)
		return
	}
	d := reportData{Q: q, OneOffice: q.Offices != nil && len(q.Offices) <= 1, Units: s.units(q, rows, l), Empty: rep.Total.Tickets == 0 && rep.Total.Ratings.N == 0,
		Waiting: rep.Waiting, Days: rep.Days,
		Hours: rep.HoursChart(l), Stars: rep.StarsChart(l), Reasons: rep.ReasonsChart(l)}
	d.Offices = options(l, q.Office, !d.OneOffice)
	for _, o := range offices {
		if q.Offices == nil || slices.Contains(q.Offices, o.ID) {
			d.Offices = append(d.Offices, Option{Value: o.ID, Label: o.Name, Selected: o.ID == q.Office})
		}
	}
	d.Officers = append(options(l, q.Officer, true), choiceOptions(choices.Officers, q.Officer, nm.officer(q.Office))...)
	d.Services = append(options(l, q.Service, true), choiceOptions(choices.Services, q.Service, nm.service(q.Office))...)
	d.Ranges = s.ranges(q, l)
	d.Cards = cards(rep, l)
	tables := rep.Tables(l)
	var levels []report.Table
	for _, id := range levelIDs(q) {
		if t, ok := s.levelTable(q, rows, id, l); ok {
			levels = append(levels, t)
		}
	}
	tables = slices.Insert(tables, 1, levels...) // after the summary
	for _, t := range tables {
		v := q.values()
		if l == report.EN {
			v.Set("lang", "en")
		}
		d.Tables = append(d.Tables, tableView{Table: t, CSV: "/reports/csv/" + t.ID + "?" + v.Encode()})
	}
	d.Elapsed = report.FormatNumber(float64(time.Since(start).Microseconds())/1000, 1, l) + " ms"
	s.render(w, r, http.StatusOK, "reports", page{Title: tr(l, "r.title"), Session: sess, CSRF: sess.CSRF, Data: d})
	s.log.Debug("report page", "from", q.From, "to", q.To, "office", q.Office, "tickets", rep.Total.Tickets, "duration", time.Since(start))
}

// computeRows builds the report of a filter from the roll-ups (never the
// raw rows: issue 15), its officers and services named, and returns the
// roll-up rows read.
func (s *Server) computeRows(r *http.Request, f db.Filter) (report.Report, names, []db.RollupRow, error) {
	rows, err := s.db.Rollups(r.Context(), f)
	if err != nil {
		return report.Report{}, names{}, nil, err
	}
	reasons, err := s.db.RollupReasons(r.Context(), f)
	if err != nil {
		return report.Report{}, names{}, nil, err
	}
	n, err := s.names(r)
	if err != nil {
		return report.Report{}, names{}, nil, err
	}
	rep := report.FromRollups(rows, reasons)
	rep.SetNames(n.lookup(n.officers), n.lookup(n.services))
	return rep, n, rows, nil
}

// names are the officers' and services' names the database knows.
type names struct {
	officers, services db.Names
}

func (s *Server) names(r *http.Request) (names, error) {
	var n names
	var err error
	if n.officers, err = s.db.LoadNames(r.Context(), db.OfficerNames); err != nil {
		return n, err
	}
	n.services, err = s.db.LoadNames(r.Context(), db.ServiceNames)
	return n, err
}

// lookup is a report.SetNames function over m: "" when the id has no name.
func (names) lookup(m db.Names) func(office, id string) string {
	return func(office, id string) string {
		var s string
		if office != "" {
			s = m.Name(office, id)
		} else {
			s = m.Any(id)
		}
		if s == id {
			return ""
		}
		return s
	}
}

// officer and service name the choices of a filter on office ("" = all).
func (n names) officer(office string) func(string) string {
	f := n.lookup(n.officers)
	return func(id string) string { return f(office, id) }
}

func (n names) service(office string) func(string) string {
	f := n.lookup(n.services)
	return func(id string) string { return f(office, id) }
}

func options(l report.Lang, cur string, withAll bool) []Option {
	if !withAll {
		return nil
	}
	return []Option{{Value: "", Label: tr(l, "r.all"), Selected: cur == ""}}
}

// choiceOptions are the choices of a select: each value shown by its
// name ("" from name means unknown: the value itself), sorted by what is
// shown.
func choiceOptions(vals []string, cur string, name func(string) string) []Option {
	var out []Option
	if cur != "" && !slices.Contains(vals, cur) {
		vals = append([]string{cur}, vals...)
	}
	for _, v := range vals {
		label := v
		if n := name(v); n != "" {
			label = n
		}
		out = append(out, Option{Value: v, Label: label, Selected: v == cur})
	}
	slices.SortStableFunc(out, func(a, b Option) int { return report.CompareVI(a.Label, b.Label) })
	return out
}

// ranges are the quick-range links: last 7 days, this month, quarter, year.
func (s *Server) ranges(q query, l report.Lang) []Range {
	today := s.now().In(s.opt.Location)
	y, m, _ := today.Date()
	qStart := time.Month((int(m)-1)/3*3 + 1)
	mk := func(label string, from, to time.Time) Range {
		v := q.values()
		v.Set("from", from.Format(dayLayout))
		v.Set("to", to.Format(dayLayout))
		return Range{Label: tr(l, label), URL: "/reports?" + v.Encode()}
	}
	loc := s.opt.Location
	return []Range{
		mk("r.7d", today.AddDate(0, 0, -6), today),
		mk("r.month", time.Date(y, m, 1, 0, 0, 0, 0, loc), today),
		mk("r.quarter", time.Date(y, qStart, 1, 0, 0, 0, 0, loc), today),
		mk("r.year", time.Date(y, 1, 1, 0, 0, 0, 0, loc), today),
	}
}

func cards(rep report.Report, l report.Lang) []Card {
	t := rep.Total
	min := tr(l, "r.minutes")
	mins := func(d time.Duration, n int) string {
		if n == 0 {
			return "—"
		}
		return report.FormatNumber(d.Minutes(), 1, l) + " " + min
	}
	half := func(st report.Stat, key string) string {
		if st.N == 0 {
			return ""
		}
		return fmt.Sprintf(tr(l, key), mins(st.Median, st.N)) + " · " + count(st.N, l) + " " + tr(l, "r.tickets_note")
	}
	pct := func(r report.Ratio) string {
		if r.Whole == 0 {
			return "—"
		}
		return report.FormatNumber(r.Value()*100, 1, l) + "%"
	}
	return []Card{
		{tr(l, "r.tickets"), count(t.Tickets, l), fmt.Sprintf("%s %s", count(t.Served, l), tr(l, "r.served_note"))},
		{tr(l, "r.wait"), mins(t.Wait.P90, t.Wait.N), half(t.Wait, "r.wait_half")},
		{tr(l, "r.service_time"), mins(t.Service.P90, t.Service.N), half(t.Service, "r.service_half")},
		{tr(l, "r.noshow"), pct(t.NoShow), count(t.NoShow.Part, l) + " / " + count(t.NoShow.Whole, l)},
		{tr(l, "r.ratings"), count(t.Ratings.N, l), tr(l, "r.mean_stars") + " " + report.FormatNumber(t.Ratings.Mean(), 2, l) + " ★"},
		{tr(l, "r.satisfaction"), pct(t.Ratings.Satisfied), count(t.Ratings.Satisfied.Part, l) + " / " + count(t.Ratings.Satisfied.Whole, l)},
	}
}

func count(v int, l report.Lang) string { return report.FormatNumber(float64(v), 0, l) }

// reportCSV downloads one table of the report as CSV (UTF-8 with BOM).
func (s *Server) reportCSV(w http.ResponseWriter, r *http.Request) {
	l := lang(r)
	id := r.PathValue("table")
	q := s.parseQuery(r, sessionOf(r))
	rep, _, rows, err := s.computeRows(r, q.Filter)
	if err != nil {
		s.fail(w, r, "report csv", err)
		return
	}
	t, ok := rep.Table(id, l)
	if !ok {
		t, ok = s.levelTable(q, rows, id, l)
	}
	if !ok {
		s.message(w, r, http.StatusNotFound, "nf.title", "nf.text")
		return
	}
	var buf bytes.Buffer
	if err := report.WriteCSV(&buf, t); err != nil {
		s.fail(w, r, "report csv", err)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="bao-cao-%s_%s_%s.csv"`, id, q.From, q.To))
	w.Write(buf.Bytes())
}
