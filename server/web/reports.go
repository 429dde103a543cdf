package web

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"time"

	"github.com/motcua-kiosk/motcua/server/db"
	"github.com/motcua-kiosk/motcua/server/report"
)

const dayLayout = "2006-01-02"

// query is a report's filter as read from the URL.
type query struct {
	db.Filter
	BadDate bool // a date was invalid and the default range is used
}

// parseQuery reads from, to, office, officer and service; the default
// range is the last 7 days. A supervisor bound to one office sees only it.
func (s *Server) parseQuery(r *http.Request, sess *db.Session) query {
	v := r.URL.Query()
	today := s.now().In(s.opt.Location)
	q := query{Filter: db.Filter{From: v.Get("from"), To: v.Get("to"), Office: v.Get("office"), Officer: v.Get("officer"), Service: v.Get("service")}}
	from, err1 := time.Parse(dayLayout, q.From)
	to, err2 := time.Parse(dayLayout, q.To)
	switch {
	case q.From == "" && q.To == "":
		q.From, q.To = today.AddDate(0, 0, -6).Format(dayLayout), today.Format(dayLayout)
	case err1 != nil || err2 != nil || to.Before(from) || to.Sub(from) > 5*366*24*time.Hour:
		q.BadDate = true
		q.From, q.To = today.AddDate(0, 0, -6).Format(dayLayout), today.Format(dayLayout)
	}
	if sess != nil && sess.Supervisor.Office != "" {
		q.Office = sess.Supervisor.Office
	}
	return q
}

// values is the filter as URL values (for CSV links and quick ranges).
func (q query) values() url.Values {
	v := url.Values{}
	for k, s := range map[string]string{"from": q.From, "to": q.To, "office": q.Office, "officer": q.Officer, "service": q.Service} {
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
	OneOffice bool // the supervisor is bound to one office
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
	rep, err := s.compute(r, q.Filter)
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
	d := reportData{Q: q, OneOffice: sess.Supervisor.Office != "", Empty: rep.Total.Tickets == 0 && rep.Total.Ratings.N == 0,
		Waiting: rep.Waiting, Days: rep.Days,
		Hours: rep.HoursChart(l), Stars: rep.StarsChart(l), Reasons: rep.ReasonsChart(l)}
	d.Offices = options(l, q.Office, !d.OneOffice)
	for _, o := range offices {
		if !d.OneOffice || o.ID == q.Office {
			d.Offices = append(d.Offices, Option{Value: o.ID, Label: o.Name, Selected: o.ID == q.Office})
		}
	}
	d.Officers = append(options(l, q.Officer, true), choiceOptions(choices.Officers, q.Officer)...)
	d.Services = append(options(l, q.Service, true), choiceOptions(choices.Services, q.Service)...)
	d.Ranges = s.ranges(q, l)
	d.Cards = cards(rep, l)
	for _, t := range rep.Tables(l) {
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

// compute loads the rows of a filter and builds the report.
func (s *Server) compute(r *http.Request, f db.Filter) (report.Report, error) {
	tickets, err := s.db.Tickets(r.Context(), f)
	if err != nil {
		return report.Report{}, err
	}
	ratings, err := s.db.Ratings(r.Context(), f)
	if err != nil {
		return report.Report{}, err
	}
	zones, err := s.officeZones(r)
	if err != nil {
		return report.Report{}, err
	}
	return report.ComputeZones(tickets, ratings, zones), nil
}

// officeZones returns each office's time zone by office id, the default
// zone for an office the database does not know.
func (s *Server) officeZones(r *http.Request) (func(office string) *time.Location, error) {
	offices, err := s.db.Offices(r.Context())
	if err != nil {
		return nil, err
	}
	m := make(map[string]*time.Location, len(offices))
	for _, o := range offices {
		m[o.ID] = o.Location()
	}
	return func(office string) *time.Location {
		if loc, ok := m[office]; ok {
			return loc
		}
		return s.opt.Location
	}, nil
}

func options(l report.Lang, cur string, withAll bool) []Option {
	if !withAll {
		return nil
	}
	return []Option{{Value: "", Label: tr(l, "r.all"), Selected: cur == ""}}
}

func choiceOptions(vals []string, cur string) []Option {
	var out []Option
	if cur != "" && !slices.Contains(vals, cur) {
		vals = append([]string{cur}, vals...)
	}
	for _, v := range vals {
		out = append(out, Option{Value: v, Label: v, Selected: v == cur})
	}
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
	dur := func(st report.Stat) string {
		if st.N == 0 {
			return "—"
		}
		return report.FormatNumber(st.Median.Minutes(), 1, l) + " / " + report.FormatNumber(st.P90.Minutes(), 1, l)
	}
	pct := func(r report.Ratio) string {
		if r.Whole == 0 {
			return "—"
		}
		return report.FormatNumber(r.Value()*100, 1, l) + "%"
	}
	n := func(v int) string { return report.FormatNumber(float64(v), 0, l) }
	return []Card{
		{tr(l, "r.tickets"), n(t.Tickets), fmt.Sprintf("%s %s", n(t.Served), tr(l, "r.served_note"))},
		{tr(l, "r.wait"), dur(t.Wait), min + " · " + n(t.Wait.N) + " " + tr(l, "r.tickets_note")},
		{tr(l, "r.service_time"), dur(t.Service), min + " · " + n(t.Service.N) + " " + tr(l, "r.tickets_note")},
		{tr(l, "r.noshow"), pct(t.NoShow), n(t.NoShow.Part) + " / " + n(t.NoShow.Whole)},
		{tr(l, "r.ratings"), n(t.Ratings.N), "★ " + report.FormatNumber(t.Ratings.Mean(), 2, l)},
		{tr(l, "r.satisfaction"), pct(t.Ratings.Satisfied), n(t.Ratings.Satisfied.Part) + " / " + n(t.Ratings.Satisfied.Whole)},
	}
}

// reportCSV downloads one table of the report as CSV (UTF-8 with BOM).
func (s *Server) reportCSV(w http.ResponseWriter, r *http.Request) {
	l := lang(r)
	id := r.PathValue("table")
	q := s.parseQuery(r, sessionOf(r))
	rep, err := s.compute(r, q.Filter)
	if err != nil {
		s.fail(w, r, "report csv", err)
		return
	}
	t, ok := rep.Table(id, l)
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
