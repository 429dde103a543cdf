package report

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
)

// Lang is a report language: "vi" (the default) or "en".
type Lang string

// The two languages of the reports.
const (
	VI Lang = "vi"
	EN Lang = "en"
)

func (l Lang) pick(vi, en string) string {
	if l == EN {
		return en
	}
	return vi
}

// Cell is one table cell: Text for the page in the report's language
// ("4,3" in Vietnamese), CSV for the file (plain "4.3", no thousands
// separator, empty when there is no value).
type Cell struct {
	Text string
	CSV  string
	Num  bool   // right-aligned on the page
	Note string // the page's tooltip ("Mã cán bộ: cb01"), "" for none
	URL  string // the page links the text here (drill down), "" for none
	// Total marks a table's total row: the page sets it apart.
	Total bool
}

// Column is one column of a table. The page shows Head (plain words a
// province supervisor reads without a glossary), under Group when several
// columns share one heading ("Thời gian chờ (phút)"), with Note as its
// tooltip. The CSV file names the column CSV instead: the wording of the
// first release ("Số vé", "Chờ p90 (phút)", "Sao TB"), kept as it was so
// that a spreadsheet or script that looks a column up by its name keeps
// working when the page's wording changes.
type Column struct {
	Head  string
	Group string
	Note  string
	CSV   string
	Num   bool // a column of numbers: header and cells right-aligned
	// CSVOnly columns are in the file, not on the page (the officer's
	// name beside the id the page already shows as a name).
	CSVOnly bool
}

// Table is one of the report's tables, the same on the page and in CSV.
type Table struct {
	ID      string // URL name: summary, hours, stars, reasons, officers, services, periods
	Title   string
	Columns []Column
	Rows    [][]Cell
	Notes   []string // footnotes under the table
}

// HeadCell is one header cell of the page's table.
type HeadCell struct {
	Label   string
	Note    string
	Num     bool
	Group   bool // a heading over several columns: centred over them
	ColSpan int
	RowSpan int // 2 for a column without a group when the header has two rows
}

// Header returns the page's header rows: one row when no column has a
// group; else a first row with the group headings (and, spanning both
// rows, the columns without one) and a second with the grouped columns.
func (t Table) Header() [][]HeadCell {
	cols := t.pageColumns()
	grouped := false
	for _, c := range cols {
		grouped = grouped || c.Group != ""
	}
	if !grouped {
		row := make([]HeadCell, len(cols))
		for i, c := range cols {
			row[i] = HeadCell{Label: c.Head, Note: c.Note, Num: c.Num, ColSpan: 1, RowSpan: 1}
		}
		return [][]HeadCell{row}
	}
	var top, sub []HeadCell
	for i, c := range cols {
		if c.Group == "" {
			top = append(top, HeadCell{Label: c.Head, Note: c.Note, Num: c.Num, ColSpan: 1, RowSpan: 2})
			continue
		}
		if i == 0 || cols[i-1].Group != c.Group {
			top = append(top, HeadCell{Label: c.Group, Group: true, RowSpan: 1})
		}
		top[len(top)-1].ColSpan++
		sub = append(sub, HeadCell{Label: c.Head, Note: c.Note, Num: c.Num, ColSpan: 1, RowSpan: 1})
	}
	return [][]HeadCell{top, sub}
}

func (t Table) pageColumns() []Column {
	var out []Column
	for _, c := range t.Columns {
		if !c.CSVOnly {
			out = append(out, c)
		}
	}
	return out
}

// PageRows are the rows without the CSV-only cells.
func (t Table) PageRows() [][]Cell {
	out := make([][]Cell, len(t.Rows))
	for i, row := range t.Rows {
		for j, c := range row {
			if j < len(t.Columns) && t.Columns[j].CSVOnly {
				continue
			}
			out[i] = append(out[i], c)
		}
	}
	return out
}

// TableIDs are the tables in page order.
var TableIDs = []string{"summary", "hours", "stars", "reasons", "officers", "services", "periods"}

// Tables returns every table of r in lang, in TableIDs order.
func (r Report) Tables(lang Lang) []Table {
	out := make([]Table, 0, len(TableIDs))
	for _, id := range TableIDs {
		t, _ := r.Table(id, lang)
		out = append(out, t)
	}
	return out
}

// Table returns the table called id; ok is false for an unknown id.
func (r Report) Table(id string, lang Lang) (Table, bool) {
	l := lang
	switch id {
	case "summary":
		return r.summaryTable(lang), true
	case "hours":
		return r.hoursTable(lang), true
	case "stars":
		return r.starsTable(lang), true
	case "reasons":
		return r.reasonsTable(lang), true
	case "officers":
		first := Column{Head: l.pick("Cán bộ", "Officer"), CSV: l.pick("Cán bộ", "Officer")}
		name := Column{CSV: l.pick("Tên cán bộ", "Officer name"), CSVOnly: true}
		return groupTable("officers", l.pick("Theo cán bộ", "By officer"), first, name, r.Officers, l, l.pick("Mã cán bộ: ", "Officer id: ")), true
	case "services":
		first := Column{Head: l.pick("Lĩnh vực", "Service"), CSV: l.pick("Dịch vụ", "Service")}
		name := Column{CSV: l.pick("Tên lĩnh vực", "Service name"), CSVOnly: true}
		return groupTable("services", l.pick("Theo lĩnh vực", "By service"), first, name, r.Services, l, l.pick("Mã lĩnh vực: ", "Service code: ")), true
	case "periods":
		return r.periodsTable(lang), true
	}
	return Table{}, false
}

// label is a summary row's first cell: the page's plain words, the CSV's
// first-release wording (see Column).
func label(page, csv string) Cell { return Cell{Text: page, CSV: csv} }

func (r Report) summaryTable(l Lang) Table {
	t := r.Total
	row := func(label Cell, c Cell) []Cell { return []Cell{label, c} }
	return Table{ID: "summary", Title: l.pick("Tổng hợp", "Summary"),
		Columns: []Column{{Head: l.pick("Chỉ số", "Measure"), CSV: l.pick("Chỉ số", "Measure")}, {Head: l.pick("Giá trị", "Value"), CSV: l.pick("Giá trị", "Value"), Num: true}},
		Rows: [][]Cell{
			row(l.label("Số phiếu đã cấp", "Số vé đã cấp", "Tickets issued", "Tickets issued"), integer(t.Tickets, l)),
			row(l.label("Số phiếu đã gọi", "Số vé đã gọi", "Tickets called", "Tickets called"), integer(t.Called, l)),
			row(l.label("Số phiếu đã phục vụ xong", "Số vé đã phục vụ xong", "Tickets served", "Tickets served"), integer(t.Served, l)),
			row(l.label("Số phiếu gọi mà vắng mặt", "Số vé vắng mặt", "Called but not present", "No-shows"), integer(t.NoShow.Part, l)),
			row(l.label("Tỷ lệ vắng mặt (%)", "Tỷ lệ vắng mặt (%)", "No-show rate (%)", "No-show rate (%)"), percent(t.NoShow.Value(), l)),
			row(l.label("Thời gian chờ: một nửa số người chờ không quá (phút)", "Thời gian chờ – trung vị (phút)", "Waiting time: half of the people waited at most (min)", "Wait – median (min)"), minutes(t.Wait.Median, t.Wait.N, l)),
			row(l.label("Thời gian chờ: 9/10 người chờ không quá (phút)", "Thời gian chờ – p90 (phút)", "Waiting time: 9 in 10 people waited at most (min)", "Wait – p90 (min)"), minutes(t.Wait.P90, t.Wait.N, l)),
			row(l.label("Thời gian phục vụ: một nửa số lượt không quá (phút)", "Thời gian phục vụ – trung vị (phút)", "Service time: half of the visits took at most (min)", "Service – median (min)"), minutes(t.Service.Median, t.Service.N, l)),
			row(l.label("Thời gian phục vụ: 9/10 số lượt không quá (phút)", "Thời gian phục vụ – p90 (phút)", "Service time: 9 in 10 visits took at most (min)", "Service – p90 (min)"), minutes(t.Service.P90, t.Service.N, l)),
			row(l.label("Số lượt đánh giá", "Số lượt đánh giá", "Ratings", "Ratings"), integer(t.Ratings.N, l)),
			row(l.label("Điểm hài lòng trung bình (1–5 sao)", "Số sao trung bình", "Average satisfaction score (1–5 stars)", "Average stars"), number(t.Ratings.Mean(), 2, l)),
			row(l.label("Tỷ lệ hài lòng (%)", "Tỷ lệ hài lòng (%)", "Satisfaction rate (%)", "Satisfaction rate (%)"), percent(t.Ratings.Satisfied.Value(), l)),
		}}
}

// label picks a summary row's label in the language: page wording and
// CSV wording (see Column) for Vietnamese, then for English.
func (l Lang) label(viPage, viCSV, enPage, enCSV string) Cell {
	return label(l.pick(viPage, enPage), l.pick(viCSV, enCSV))
}

func (r Report) hoursTable(l Lang) Table {
	t := Table{ID: "hours", Title: l.pick("Số phiếu theo giờ lấy số", "Tickets by hour taken"),
		Columns: []Column{{Head: l.pick("Giờ", "Hour"), CSV: l.pick("Giờ", "Hour")},
			{Head: l.pick("Số phiếu", "Tickets"), CSV: l.pick("Số vé", "Tickets"), Num: true}}}
	first, last := r.hourRange()
	for h := first; h <= last; h++ {
		t.Rows = append(t.Rows, []Cell{text(fmt.Sprintf("%02d:00–%02d:59", h, h)), integer(r.Hours[h], l)})
	}
	return t
}

func (r Report) starsTable(l Lang) Table {
	t := Table{ID: "stars", Title: l.pick("Đánh giá theo số sao", "Ratings by stars"),
		Columns: []Column{{Head: l.pick("Số sao", "Stars"), CSV: l.pick("Số sao", "Stars"), Num: true},
			{Head: l.pick("Mức độ", "Level"), CSV: l.pick("Mức độ", "Level")},
			{Head: l.pick("Số lượt", "Ratings"), CSV: l.pick("Số lượt", "Ratings"), Num: true},
			{Head: l.pick("Tỷ lệ (%)", "Share (%)"), CSV: l.pick("Tỷ lệ (%)", "Share (%)"), Num: true}}}
	for i, n := range r.Total.Ratings.Count {
		share := Ratio{n, r.Total.Ratings.N}
		t.Rows = append(t.Rows, []Cell{integer(i+1, l), text(StarLabel(i+1, l)), integer(n, l), percent(share.Value(), l)})
	}
	return t
}

func (r Report) reasonsTable(l Lang) Table {
	t := Table{ID: "reasons", Title: l.pick("Lý do chưa hài lòng", "Reasons given"),
		Columns: []Column{{Head: l.pick("Lý do", "Reason"), CSV: l.pick("Lý do", "Reason")},
			{Head: l.pick("Số lượt", "Times given"), CSV: l.pick("Số lượt", "Times given"), Num: true}}}
	for _, c := range r.Reasons {
		t.Rows = append(t.Rows, []Cell{text(ReasonLabel(c.Key, l)), integer(c.N, l)})
	}
	return t
}

// groupColumns are the figures of a roll-up row after its first column.
func groupColumns(l Lang) []Column {
	wait := l.pick("Thời gian chờ (phút)", "Waiting time (min)")
	serv := l.pick("Thời gian phục vụ (phút)", "Service time (min)")
	rate := l.pick("Đánh giá", "Ratings")
	half := l.pick("Trung vị: một nửa số người chờ không quá ngần này phút, một nửa chờ lâu hơn.", "Median: half of the people waited at most this long, half waited longer.")
	p90 := l.pick("Phân vị 90 (p90): 9 trong 10 người được gọi sau không quá ngần này phút; chỉ 1 trong 10 người chờ lâu hơn.", "90th percentile (p90): 9 in 10 people were called within this many minutes; only 1 in 10 waited longer.")
	return []Column{
		{Head: l.pick("Số phiếu", "Tickets"), CSV: l.pick("Số vé", "Tickets"), Num: true,
			Note: l.pick("Theo lĩnh vực và theo kỳ: số phiếu đã cấp. Theo cán bộ: số phiếu cán bộ đã gọi hoặc phục vụ.", "By service and period: tickets issued. By officer: tickets the officer called or served.")},
		{Head: l.pick("Đã phục vụ xong", "Served"), CSV: l.pick("Đã phục vụ", "Served"), Num: true},
		{Head: l.pick("Vắng mặt khi gọi", "Not present when called"), CSV: l.pick("Vắng mặt", "No-shows"), Num: true},
		{Group: wait, Head: l.pick("Một nửa số người chờ không quá", "Half waited at most"), CSV: l.pick("Chờ trung vị (phút)", "Wait median (min)"), Num: true, Note: half},
		{Group: wait, Head: l.pick("9/10 người chờ không quá", "9 in 10 waited at most"), CSV: l.pick("Chờ p90 (phút)", "Wait p90 (min)"), Num: true, Note: p90},
		{Group: serv, Head: l.pick("Trung bình", "Average"), CSV: l.pick("Phục vụ TB (phút)", "Service mean (min)"), Num: true},
		{Group: serv, Head: l.pick("Một nửa số lượt không quá", "Half took at most"), CSV: l.pick("Phục vụ trung vị (phút)", "Service median (min)"), Num: true},
		{Group: serv, Head: l.pick("9/10 số lượt không quá", "9 in 10 took at most"), CSV: l.pick("Phục vụ p90 (phút)", "Service p90 (min)"), Num: true},
		{Group: rate, Head: l.pick("Số lượt", "Number"), CSV: l.pick("Lượt đánh giá", "Ratings"), Num: true},
		{Group: rate, Head: l.pick("Điểm trung bình (1–5 sao)", "Average score (1–5 stars)"), CSV: l.pick("Sao TB", "Avg stars"), Num: true,
			Note: l.pick("Trung bình cộng số sao: 1 sao = Rất không hài lòng … 5 sao = Rất hài lòng.", "Mean number of stars: 1 = Very dissatisfied … 5 = Very satisfied.")},
		{Group: rate, Head: l.pick("Hài lòng (%)", "Satisfied (%)"), CSV: l.pick("Hài lòng (%)", "Satisfied (%)"), Num: true,
			Note: l.pick("Tỷ lệ lượt đánh giá 4 hoặc 5 sao.", "Share of ratings with 4 or 5 stars.")},
	}
}

func groupCells(first Cell, g Group, l Lang) []Cell {
	return []Cell{first, integer(g.Tickets, l), integer(g.Served, l), integer(g.NoShow.Part, l),
		minutes(g.Wait.Median, g.Wait.N, l), minutes(g.Wait.P90, g.Wait.N, l),
		minutes(g.Service.Mean, g.Service.N, l), minutes(g.Service.Median, g.Service.N, l), minutes(g.Service.P90, g.Service.N, l),
		integer(g.Ratings.N, l), number(g.Ratings.Mean(), 2, l), percent(g.Ratings.Satisfied.Value(), l)}
}

// groupTable is the roll-up by officer or by service. The page shows a
// group by its name (its id when no name is known, with the id as the
// tooltip); the CSV keeps the id in the first column, as before, and adds
// the name as the last.
func groupTable(id, title string, first, name Column, gs []Group, l Lang, idNote string) Table {
	t := Table{ID: id, Title: title, Columns: append(append([]Column{first}, groupColumns(l)...), name)}
	for _, g := range gs {
		c := Cell{Text: g.Label(), CSV: g.Key}
		if c.Text != g.Key {
			c.Note = idNote + g.Key
		}
		t.Rows = append(t.Rows, append(groupCells(c, g, l), text(g.Name)))
	}
	return t
}

func (r Report) periodsTable(l Lang) Table {
	first := Column{Head: l.pick("Kỳ", "Period"), CSV: l.pick("Kỳ", "Period")}
	t := Table{ID: "periods", Title: l.pick("Tổng hợp theo quý và năm", "Quarterly and yearly totals"),
		Columns: append([]Column{first}, groupColumns(l)...)}
	for _, p := range r.Periods {
		t.Rows = append(t.Rows, groupCells(text(PeriodLabel(p.Year, p.Quarter, l)), p.Group, l))
	}
	return t
}

// StarLabel is the wording of a star count (1..5), as on the rating form.
func StarLabel(stars int, l Lang) string {
	vi := []string{"Rất không hài lòng", "Không hài lòng", "Bình thường", "Hài lòng", "Rất hài lòng"}
	en := []string{"Very dissatisfied", "Dissatisfied", "Neutral", "Satisfied", "Very satisfied"}
	if stars < 1 || stars > 5 {
		return ""
	}
	return l.pick(vi[stars-1], en[stars-1])
}

// ReasonLabel is the wording of a rating reason code; an unknown code is
// shown as it is.
func ReasonLabel(code string, l Lang) string {
	switch code {
	case "long_wait":
		return l.pick("Thời gian chờ lâu", "Long wait")
	case "late_result":
		return l.pick("Trả kết quả trễ hẹn", "Result later than promised")
	case "fees":
		return l.pick("Phí, lệ phí chưa đúng quy định", "Fees and charges not as published")
	case "attitude":
		return l.pick("Thái độ cán bộ", "Officer's attitude")
	case "unclear":
		return l.pick("Hướng dẫn chưa rõ", "Unclear guidance")
	case "many_visits":
		return l.pick("Phải đi lại nhiều lần", "Had to come back several times")
	case "other":
		return l.pick("Khác", "Other")
	}
	return code
}

// PeriodLabel names a quarter ("Quý III/2026") or, for quarter 0, a year
// ("Năm 2026").
func PeriodLabel(year, quarter int, l Lang) string {
	if quarter == 0 {
		return l.pick("Năm ", "Year ") + strconv.Itoa(year)
	}
	roman := []string{"I", "II", "III", "IV"}[quarter-1]
	return l.pick(fmt.Sprintf("Quý %s/%d", roman, year), fmt.Sprintf("Q%d %d", quarter, year))
}

func text(s string) Cell { return Cell{Text: s, CSV: s} }

func integer(n int, l Lang) Cell {
	return Cell{Text: FormatNumber(float64(n), 0, l), CSV: strconv.Itoa(n), Num: true}
}

func number(v float64, dec int, l Lang) Cell {
	if math.IsNaN(v) {
		return Cell{Text: "—", Num: true}
	}
	return Cell{Text: FormatNumber(v, dec, l), CSV: strconv.FormatFloat(v, 'f', dec, 64), Num: true}
}

func percent(v float64, l Lang) Cell { return number(v*100, 1, l) }

// minutes shows a duration in minutes with one decimal; n = 0 means no
// data ("—").
func minutes(d time.Duration, n int, l Lang) Cell {
	if n == 0 {
		return Cell{Text: "—", Num: true}
	}
	return number(d.Minutes(), 1, l)
}

// FormatNumber writes v with dec decimals in the language's convention:
// Vietnamese "1.234,5", English "1,234.5".
func FormatNumber(v float64, dec int, l Lang) string {
	if math.IsNaN(v) {
		return "—"
	}
	s := strconv.FormatFloat(math.Abs(v), 'f', dec, 64)
	intPart, frac, _ := strings.Cut(s, ".")
	thou, point := ".", ","
	if l == EN {
		thou, point = ",", "."
	}
	var b strings.Builder
	if v < 0 && strings.Trim(s, "0.") != "" {
		b.WriteByte('-')
	}
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteString(thou)
		}
		b.WriteRune(c)
	}
	if frac != "" {
		b.WriteString(point + frac)
	}
	return b.String()
}

// WriteCSV writes t as CSV with a UTF-8 byte order mark first, so that
// Excel opens the Vietnamese text correctly, and CRLF line ends.
func WriteCSV(w io.Writer, t Table) error {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	head := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		head[i] = c.CSV
	}
	if err := cw.Write(head); err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	for _, row := range t.Rows {
		rec := make([]string, len(row))
		for i, c := range row {
			rec[i] = c.CSV
			if !c.Num && c.CSV != "" && strings.ContainsRune("=+-@\t\r", rune(c.CSV[0])) {
				rec[i] = "'" + c.CSV // keep text from an office's device from running as a formula
			}
		}
		if err := cw.Write(rec); err != nil {
			return fmt.Errorf("write csv: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	return nil
}
