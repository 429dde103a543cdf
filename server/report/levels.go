package report

import (
	"slices"

	"github.com/motcua-kiosk/motcua/server/db"
	"github.com/motcua-kiosk/motcua/server/hist"
)

// LevelTableIDs are the tables by level of the office hierarchy: by
// province, by commune (each commune's centre with its reception points)
// and by office, each ending with the total of the unit shown.
var LevelTableIDs = []string{"provinces", "communes", "offices"}

// UnitGroup is one row of a table by level: a unit's figures and the
// province and commune it belongs to (zero Units when it has none).
type UnitGroup struct {
	Group
	Unit, Province, Commune db.Unit
}

// Levels are a report's figures by province, commune and office.
type Levels struct {
	Provinces, Communes, Offices []UnitGroup
	Total                        Group
}

// aboveID stands for a unit above the one shown: its reader is not told
// which it is (a commune's supervisor is not shown its province).
const aboveID = "\x00above"

// ComputeLevels sums roll-up rows (db.Rollups) by the province, the
// commune and the office of each row's office, found in t: a reception
// point counts in its commune and that commune's province. An office
// under no province (or no commune) is grouped under an empty Unit. With
// top not "", a province or commune above top (the unit shown) is not
// named. The figures are FromRollups' (the same rows give the same total).
func ComputeLevels(rows []db.RollupRow, t *db.Tree, top string) Levels {
	type anc struct{ province, commune, office db.Unit }
	ancestors := map[string]anc{}
	find := func(office string) anc {
		if a, ok := ancestors[office]; ok {
			return a
		}
		a := anc{office: db.Unit{ID: office, Name: office}}
		if u, ok := t.Unit(office); ok {
			a.office = u
		}
		for _, u := range t.Path(office) {
			if top != "" && !t.Under(u.ID, top) {
				u = db.Unit{ID: aboveID, Kind: u.Kind}
			}
			switch u.Kind {
			case db.KindProvince:
				a.province = u
			case db.KindCommune:
				a.commune = u
			}
		}
		ancestors[office] = a
		return a
	}
	type level struct {
		accs  map[string]*rollAcc
		units map[string]UnitGroup
	}
	levels := [3]level{}
	for i := range levels {
		levels[i] = level{accs: map[string]*rollAcc{}, units: map[string]UnitGroup{}}
	}
	total := &rollAcc{}
	var wait, svc []hist.Pair
	for i := range rows {
		row := &rows[i]
		if row.Empty() {
			continue
		}
		wait = hist.AppendPairs(wait[:0], row.WaitHist)
		svc = hist.AppendPairs(svc[:0], row.SvcHist)
		total.add(row, wait, svc)
		a := find(row.Office)
		for lv, u := range [3]db.Unit{a.province, a.commune, a.office} {
			g := levels[lv].accs[u.ID]
			if g == nil {
				g = &rollAcc{}
				levels[lv].accs[u.ID] = g
				levels[lv].units[u.ID] = UnitGroup{Unit: u, Province: a.province, Commune: a.commune}
			}
			g.add(row, wait, svc)
		}
	}
	out := [3][]UnitGroup{}
	for lv := range levels {
		for id, g := range levels[lv].accs {
			ug := levels[lv].units[id]
			ug.Group = g.done()
			ug.Key, ug.Name = ug.Unit.ID, ug.Unit.Name
			out[lv] = append(out[lv], ug)
		}
		slices.SortFunc(out[lv], func(a, b UnitGroup) int {
			for _, c := range [][2]db.Unit{{a.Province, b.Province}, {a.Commune, b.Commune}} {
				if d := compareUnits(c[0], c[1]); d != 0 {
					return d
				}
			}
			// A commune's centre before its reception points.
			if d := kindOrder(a.Unit.Kind) - kindOrder(b.Unit.Kind); d != 0 {
				return d
			}
			return compareUnits(a.Unit, b.Unit)
		})
	}
	return Levels{Provinces: out[0], Communes: out[1], Offices: out[2], Total: total.done()}
}

// compareUnits orders units by name, Vietnamese-wise, the missing one
// ("no province") last.
func compareUnits(a, b db.Unit) int {
	switch {
	case a.ID == b.ID:
		return 0
	case a.ID == "":
		return 1
	case b.ID == "":
		return -1
	}
	if d := CompareVI(a.Name, b.Name); d != 0 {
		return d
	}
	if a.ID < b.ID {
		return -1
	}
	return 1
}

func kindOrder(k db.Kind) int {
	return map[db.Kind]int{db.KindProvince: 1, db.KindCommune: 2, db.KindPoint: 3}[k]
}

// KindLabel is a level's name as the page writes it.
func KindLabel(k db.Kind, l Lang) string {
	switch k {
	case db.KindProvince:
		return l.pick("Tỉnh/Thành phố", "Province")
	case db.KindCommune:
		return l.pick("Xã/Phường", "Commune/Ward")
	case db.KindPoint:
		return l.pick("Điểm tiếp nhận", "Reception point")
	}
	return string(k)
}

// Table returns the table by level called id (LevelTableIDs): one row per
// unit with figures, then the total of the unit shown, labelled total
// ("Toàn quốc" for the nation). link(unitID) is the address of a unit's
// own report ("" for no link: a unit the reader may not open); the page
// links each unit's name there, the CSV has no links.
func (lv Levels) Table(id string, l Lang, total string, link func(unitID string) string) (Table, bool) {
	var gs []UnitGroup
	var title string
	switch id {
	case "provinces":
		gs, title = lv.Provinces, l.pick("Theo tỉnh, thành phố", "By province")
	case "communes":
		gs, title = lv.Communes, l.pick("Theo xã, phường", "By commune or ward")
	case "offices":
		gs, title = lv.Offices, l.pick("Theo đơn vị (trung tâm và điểm tiếp nhận)", "By office (centres and reception points)")
	default:
		return Table{}, false
	}
	col := func(vi, en string) Column { return Column{Head: l.pick(vi, en), CSV: l.pick(vi, en)} }
	province := col("Tỉnh/Thành phố", "Province")
	commune := col("Xã/Phường", "Commune/Ward")
	code := col("Mã đơn vị hành chính", "Administrative unit code")
	var first []Column
	switch id {
	case "provinces":
		first = []Column{province, code}
	case "communes":
		first = []Column{province, commune, code}
	default:
		first = []Column{province, commune, col("Đơn vị", "Office"), col("Cấp", "Level"), code}
	}
	t := Table{ID: id, Title: title, Columns: append(first, groupColumns(l)...)}
	none := map[string]string{"provinces": l.pick("(chưa thuộc tỉnh nào)", "(no province)"), "communes": l.pick("(chưa thuộc xã nào)", "(no commune)")}
	unit := func(u db.Unit, level string, linked bool) Cell {
		switch u.ID {
		case "":
			return text(none[level])
		case aboveID:
			return text("")
		}
		c := text(u.Name)
		if linked && link != nil {
			c.URL = link(u.ID)
		}
		return c
	}
	for _, g := range gs {
		var cells []Cell
		switch id {
		case "provinces":
			cells = []Cell{unit(g.Unit, "provinces", true), text(g.Unit.Code)}
		case "communes":
			cells = []Cell{unit(g.Province, "provinces", false), unit(g.Unit, "communes", true), text(g.Unit.Code)}
		default:
			cells = []Cell{unit(g.Province, "provinces", false), unit(g.Commune, "communes", false), unit(g.Unit, "offices", true),
				text(KindLabel(g.Unit.Kind, l)), text(g.Unit.Code)}
		}
		t.Rows = append(t.Rows, append(cells, groupCells(Cell{}, g.Group, l)[1:]...))
	}
	if len(gs) > 0 {
		cells := make([]Cell, len(first))
		cells[0] = Cell{Text: total, CSV: total, Total: true}
		t.Rows = append(t.Rows, append(cells, groupCells(Cell{}, lv.Total, l)[1:]...))
	}
	return t, true
}
