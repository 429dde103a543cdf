package web

import (
	"net/http"
	"slices"

	"github.com/motcua-kiosk/motcua/server/db"
	"github.com/motcua-kiosk/motcua/server/report"
)

func init() {
	for k, v := range map[string][2]string{
		"u.title":     {"Theo đơn vị", "By unit"},
		"u.path":      {"Đơn vị đang xem:", "Unit shown:"},
		"u.all":       {"Tất cả đơn vị", "All units"},
		"u.unit":      {"Đơn vị", "Unit"},
		"u.kind":      {"Cấp", "Level"},
		"u.code":      {"Mã đơn vị hành chính", "Administrative unit code"},
		"u.tickets":   {"Số phiếu", "Tickets"},
		"u.served":    {"Đã phục vụ", "Served"},
		"u.wait":      {"Thời gian chờ, trung vị (phút)", "Median wait (min)"},
		"u.rated":     {"Lượt đánh giá", "Ratings"},
		"u.satisfied": {"Hài lòng (4–5 sao)", "Satisfied (4–5 stars)"},
		"u.drill":     {"Bấm vào tên đơn vị để xem báo cáo của đơn vị đó.", "Click a unit's name to see its report."},
		"u.province":  {"Tỉnh, thành phố", "Province"},
		"u.commune":   {"Xã, phường (Trung tâm Phục vụ hành chính công)", "Commune or ward (one-stop centre)"},
		"u.point":     {"Điểm tiếp nhận", "Reception point"},
	} {
		messages[k] = v
	}
}

// scope limits q to what the supervisor may see: the node the account is
// bound to and everything under it (every node for an account bound to
// none), and, with ?unit=, to a node inside that. A unit or office outside
// the scope is ignored: the page shows the scope, never beside it. If the
// hierarchy cannot be read, nothing is shown.
func (s *Server) scope(r *http.Request, sess *db.Session, q *query, unit string) {
	t, err := s.db.Units(r.Context())
	if err != nil {
		s.log.Error("read the office hierarchy", "err", err)
		q.Offices = []string{}
		return
	}
	q.tree = t
	root := ""
	if sess != nil {
		root = sess.Supervisor.Office
	}
	q.Root, q.Unit = root, root
	if _, ok := t.Unit(unit); ok && (root == "" || t.Under(unit, root)) {
		q.Unit = unit
	}
	if q.Unit != "" {
		q.Offices = t.Subtree(q.Unit)
		if q.Offices == nil {
			q.Offices = []string{}
		}
	}
	if q.Office != "" && q.Offices != nil && !slices.Contains(q.Offices, q.Office) {
		q.Office = ""
	}
}

// unitView is the drill-down section: where the page is in the hierarchy
// and the figures of the nodes one level below, each a link to its own
// report.
type unitView struct {
	Path []unitLink // from the supervisor's node down to the one shown
	Rows []unitRow
}

type unitLink struct {
	Name, URL string
}

type unitRow struct {
	unitLink
	Kind, Code                              string
	Tickets, Served, Wait, Rated, Satisfied string
}

// units builds the drill-down of q from the roll-up rows of the page.
func (s *Server) units(q query, rows []db.RollupRow, l report.Lang) unitView {
	var v unitView
	t := q.tree
	if t == nil {
		return v
	}
	link := func(id, name string) unitLink { return unitLink{Name: name, URL: q.unitURL(id, l)} }
	if q.Root == "" {
		v.Path = append(v.Path, link("", tr(l, "u.all")))
	}
	for _, u := range t.Path(q.Unit) {
		if q.Root == "" || t.Under(u.ID, q.Root) {
			v.Path = append(v.Path, link(u.ID, u.Name))
		}
	}
	children := t.Children(q.Unit)
	if len(children) == 0 {
		return v
	}
	owner := map[string]int{}
	for i, c := range children {
		for _, id := range t.Subtree(c.ID) {
			owner[id] = i
		}
	}
	parts := make([][]db.RollupRow, len(children))
	for _, r := range rows {
		if i, ok := owner[r.Office]; ok {
			parts[i] = append(parts[i], r)
		}
	}
	for i, c := range children {
		g := report.FromRollups(parts[i], nil).Total
		wait := "—"
		if g.Wait.N > 0 {
			wait = report.FormatNumber(g.Wait.Median.Minutes(), 1, l)
		}
		sat := "—"
		if g.Ratings.Satisfied.Whole > 0 {
			sat = report.FormatNumber(100*g.Ratings.Satisfied.Value(), 1, l) + " %"
		}
		v.Rows = append(v.Rows, unitRow{unitLink: link(c.ID, c.Name), Kind: tr(l, "u."+string(c.Kind)), Code: c.Code,
			Tickets: count(g.Tickets, l), Served: count(g.Served, l), Wait: wait, Rated: count(g.Ratings.N, l), Satisfied: sat})
	}
	return v
}

// unitURL is the address of unit's report ("" for every unit) with q's
// dates, officer and service.
func (q query) unitURL(unit string, l report.Lang) string {
	vals := q.values()
	vals.Del("office")
	vals.Set("unit", unit)
	if unit == "" {
		vals.Del("unit")
	}
	if l == report.EN {
		vals.Set("lang", "en")
	}
	return "/reports?" + vals.Encode()
}
