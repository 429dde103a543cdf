package web

import (
	"fmt"
	"slices"

	"github.com/motcua-kiosk/motcua/server/db"
	"github.com/motcua-kiosk/motcua/server/report"
)

func init() {
	for k, v := range map[string][2]string{
		"lv.nation": {"Toàn quốc", "Nation"},
		"lv.total":  {"Tổng cộng: %s", "Total: %s"},
	} {
		messages[k] = v
	}
}

// levelIDs are the tables by level (report.LevelTableIDs) the page of q
// shows: those whose level holds more than one unit in the unit shown
// (a commune's page has no table of communes). Their CSV downloads are
// served whatever the count.
func levelIDs(q query) []string {
	t := q.tree
	if t == nil {
		return nil
	}
	var nodes []string
	if q.Unit == "" {
		for _, r := range t.Children("") {
			nodes = append(nodes, t.Subtree(r.ID)...)
		}
	} else {
		nodes = t.Subtree(q.Unit)
	}
	n := map[db.Kind]int{}
	for _, id := range nodes {
		u, _ := t.Unit(id)
		n[u.Kind]++
	}
	var out []string
	for _, c := range []struct {
		id    string
		count int
	}{{"provinces", n[db.KindProvince]}, {"communes", n[db.KindCommune]}, {"offices", n[db.KindCommune] + n[db.KindPoint]}} {
		if c.count > 1 {
			out = append(out, c.id)
		}
	}
	return out
}

// levelTable is the table by level called id of the roll-up rows of q,
// each unit's name a link to its own report when the supervisor may open
// it. A province or commune above q.Unit is not named. The file is the
// same for every supervisor who sees q.Unit.
func (s *Server) levelTable(q query, rows []db.RollupRow, id string, l report.Lang) (report.Table, bool) {
	if !slices.Contains(report.LevelTableIDs, id) || q.tree == nil {
		return report.Table{}, false
	}
	t := q.tree
	total := tr(l, "lv.nation")
	if u, ok := t.Unit(q.Unit); ok {
		total = fmt.Sprintf(tr(l, "lv.total"), u.Name)
	}
	link := func(unit string) string {
		if q.Root != "" && !t.Under(unit, q.Root) {
			return ""
		}
		return q.unitURL(unit, l)
	}
	return report.ComputeLevels(rows, t, q.Unit).Table(id, l, total, link)
}
