package report

import (
	"sort"

	"github.com/motcua-kiosk/motcua/server/db"
)

// Dossiers is the report by dossier: Circular 01/2018/TT-VPCP scores a
// citizen's satisfaction per dossier and totals it per officer. A rating
// counts for every dossier its ticket carried (the desk attached them), so
// an officer who handled three dossiers at one visit has three dossiers
// rated. Officer is the one who served the rated ticket. No citizen
// identity is in it: a dossier is its code and procedure.
type Dossiers struct {
	ByDossier []DossierLine
	ByOfficer []OfficerDossiers
}

// DossierLine is one dossier with its ratings.
type DossierLine struct {
	Office, Code, Procedure string
	Officer                 string // who served its latest rated ticket
	OfficerName             string
	LastDay                 string
	Stars                   Stars
}

// OfficerDossiers is one officer's total by dossier: dossiers rated,
// satisfied ones (4-5 stars), and their mean.
type OfficerDossiers struct {
	Office, Officer, Name string
	Stars                 Stars // one entry per (dossier, rating)
	Dossiers              int   // distinct dossiers rated
}

// ComputeDossiers builds the dossier report; name gives an officer's name
// in an office ("" when none is known).
func ComputeDossiers(rows []db.DossierRating, name func(office, officer string) string) Dossiers {
	var out Dossiers
	byCode := map[string]*DossierLine{}
	type key struct{ office, officer string }
	byOfficer := map[key]*OfficerDossiers{}
	seen := map[key]map[string]bool{}
	for _, r := range rows {
		l := byCode[r.Code]
		if l == nil {
			l = &DossierLine{Office: r.Office, Code: r.Code, Procedure: r.Procedure}
			byCode[r.Code] = l
		}
		l.Stars.Add(r.Stars)
		if r.Day >= l.LastDay {
			l.LastDay, l.Officer = r.Day, r.Officer
		}
		k := key{r.Office, r.Officer}
		o := byOfficer[k]
		if o == nil {
			o = &OfficerDossiers{Office: r.Office, Officer: r.Officer}
			byOfficer[k], seen[k] = o, map[string]bool{}
		}
		o.Stars.Add(r.Stars)
		if !seen[k][r.Code] {
			seen[k][r.Code] = true
			o.Dossiers++
		}
	}
	for _, l := range byCode {
		if name != nil {
			l.OfficerName = name(l.Office, l.Officer)
		}
		out.ByDossier = append(out.ByDossier, *l)
	}
	sort.Slice(out.ByDossier, func(i, j int) bool { return out.ByDossier[i].Code < out.ByDossier[j].Code })
	for _, o := range byOfficer {
		if name != nil {
			o.Name = name(o.Office, o.Officer)
		}
		out.ByOfficer = append(out.ByOfficer, *o)
	}
	sort.Slice(out.ByOfficer, func(i, j int) bool {
		a, b := out.ByOfficer[i], out.ByOfficer[j]
		if a.Office != b.Office {
			return a.Office < b.Office
		}
		return a.Officer < b.Officer
	})
	return out
}

func or(name, id string) string {
	if name == "" {
		return id
	}
	return name
}

// Tables are the two tables of the dossier page and its CSV files:
// "dossiers" (one row per dossier) and "officers" (Circular 01's
// per-officer totals counted by dossier).
func (d Dossiers) Tables(l Lang) []Table {
	return []Table{d.dossierTable(l), d.officerTable(l)}
}

// Table returns one of Tables by id.
func (d Dossiers) Table(id string, l Lang) (Table, bool) {
	for _, t := range d.Tables(l) {
		if t.ID == id {
			return t, true
		}
	}
	return Table{}, false
}

func ratingColumns(l Lang) []Column {
	rate := l.pick("Đánh giá", "Ratings")
	return []Column{
		{Group: rate, Head: l.pick("Số lượt", "Number"), CSV: l.pick("Lượt đánh giá", "Ratings"), Num: true},
		{Group: rate, Head: l.pick("Điểm trung bình (1–5 sao)", "Average score (1–5 stars)"), CSV: l.pick("Sao TB", "Avg stars"), Num: true},
		{Group: rate, Head: l.pick("Hài lòng (%)", "Satisfied (%)"), CSV: l.pick("Hài lòng (%)", "Satisfied (%)"), Num: true,
			Note: l.pick("Tỷ lệ lượt đánh giá 4 hoặc 5 sao.", "Share of ratings with 4 or 5 stars.")},
	}
}

func ratingCells(s Stars, l Lang) []Cell {
	return []Cell{integer(s.N, l), number(s.Mean(), 2, l), percent(s.Satisfied.Value(), l)}
}

func (d Dossiers) dossierTable(l Lang) Table {
	t := Table{ID: "dossiers", Title: l.pick("Mức độ hài lòng theo hồ sơ", "Satisfaction by dossier"),
		Columns: append([]Column{
			{Head: l.pick("Mã hồ sơ", "Dossier code"), CSV: l.pick("Mã hồ sơ", "Dossier code")},
			{Head: l.pick("Thủ tục", "Procedure"), CSV: l.pick("Thủ tục", "Procedure")},
			{Head: l.pick("Cán bộ phục vụ", "Officer who served"), CSV: l.pick("Mã cán bộ", "Officer id")},
			{Head: l.pick("Ngày đánh giá gần nhất", "Last rated"), CSV: l.pick("Ngày", "Day")},
		}, append(ratingColumns(l), Column{Head: l.pick("Tên cán bộ", "Officer name"), CSV: l.pick("Tên cán bộ", "Officer name"), CSVOnly: true})...),
		Notes: []string{l.pick("Mỗi lượt đánh giá tính cho mọi hồ sơ cán bộ đã gắn với phiếu (Thông tư 01/2018/TT-VPCP đánh giá theo hồ sơ). Không lưu thông tin nhận dạng người dân.",
			"Each rating counts for every dossier the officer attached to the ticket (Circular 01/2018/TT-VPCP scores per dossier). No citizen identity is kept.")}}
	for _, x := range d.ByDossier {
		procedure := x.Procedure
		if procedure == "" {
			procedure = l.pick("(hồ sơ trên hệ thống khác)", "(dossier kept by another system)")
		}
		officer := Cell{Text: or(x.OfficerName, x.Officer), CSV: x.Officer}
		if x.OfficerName != "" {
			officer.Note = l.pick("Mã cán bộ: ", "Officer id: ") + x.Officer
		}
		row := []Cell{text(x.Code), {Text: procedure, CSV: x.Procedure}, officer, text(dayText(x.LastDay, l))}
		t.Rows = append(t.Rows, append(append(row, ratingCells(x.Stars, l)...), text(x.OfficerName)))
	}
	return t
}

func (d Dossiers) officerTable(l Lang) Table {
	t := Table{ID: "officers", Title: l.pick("Tổng hợp theo cán bộ, tính theo hồ sơ (Thông tư 01/2018/TT-VPCP)", "Totals by officer, counted by dossier (Circular 01/2018/TT-VPCP)"),
		Columns: append([]Column{
			{Head: l.pick("Cán bộ", "Officer"), CSV: l.pick("Mã cán bộ", "Officer id")},
			{Head: l.pick("Số hồ sơ được đánh giá", "Dossiers rated"), CSV: l.pick("Số hồ sơ", "Dossiers"), Num: true},
			{Head: l.pick("Số hồ sơ hài lòng", "Dossiers satisfied"), CSV: l.pick("Hồ sơ hài lòng", "Satisfied"), Num: true,
				Note: l.pick("Lượt đánh giá 4 hoặc 5 sao, tính cho từng hồ sơ.", "Ratings of 4 or 5 stars, counted per dossier.")},
		}, append(ratingColumns(l), Column{Head: l.pick("Tên cán bộ", "Officer name"), CSV: l.pick("Tên cán bộ", "Officer name"), CSVOnly: true})...)}
	for _, o := range d.ByOfficer {
		officer := Cell{Text: or(o.Name, o.Officer), CSV: o.Officer}
		if o.Name != "" {
			officer.Note = l.pick("Mã cán bộ: ", "Officer id: ") + o.Officer
		}
		row := []Cell{officer, integer(o.Dossiers, l), integer(o.Stars.Satisfied.Part, l)}
		t.Rows = append(t.Rows, append(append(row, ratingCells(o.Stars, l)...), text(o.Name)))
	}
	return t
}

// dayText shows a "YYYY-MM-DD" day as dd/mm/yyyy in Vietnamese (and English).
func dayText(day string, l Lang) string {
	if len(day) != 10 {
		return day
	}
	return day[8:10] + "/" + day[5:7] + "/" + day[0:4]
}
