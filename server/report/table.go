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
	Num  bool // right-aligned on the page
}

// Table is one of the report's tables, the same on the page and in CSV.
type Table struct {
	ID     string // URL name: summary, hours, stars, reasons, officers, services, periods
	Title  string
	Header []string
	Rows   [][]Cell
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
		return groupTable("officers", lang.pick("Theo cán bộ", "By officer"), lang.pick("Cán bộ", "Officer"), r.Officers, lang), true
	case "services":
		return groupTable("services", lang.pick("Theo lĩnh vực / dịch vụ", "By service"), lang.pick("Dịch vụ", "Service"), r.Services, lang), true
	case "periods":
		return r.periodsTable(lang), true
	}
	return Table{}, false
}

func (r Report) summaryTable(l Lang) Table {
	t := r.Total
	row := func(label string, c Cell) []Cell { return []Cell{text(label), c} }
	return Table{ID: "summary", Title: l.pick("Tổng hợp", "Summary"),
		Header: []string{l.pick("Chỉ số", "Measure"), l.pick("Giá trị", "Value")},
		Rows: [][]Cell{
			row(l.pick("Số vé đã cấp", "Tickets issued"), integer(t.Tickets, l)),
			row(l.pick("Số vé đã gọi", "Tickets called"), integer(t.Called, l)),
			row(l.pick("Số vé đã phục vụ xong", "Tickets served"), integer(t.Served, l)),
			row(l.pick("Số vé vắng mặt", "No-shows"), integer(t.NoShow.Part, l)),
			row(l.pick("Tỷ lệ vắng mặt (%)", "No-show rate (%)"), percent(t.NoShow.Value(), l)),
			row(l.pick("Thời gian chờ – trung vị (phút)", "Wait – median (min)"), minutes(t.Wait.Median, t.Wait.N, l)),
			row(l.pick("Thời gian chờ – p90 (phút)", "Wait – p90 (min)"), minutes(t.Wait.P90, t.Wait.N, l)),
			row(l.pick("Thời gian phục vụ – trung vị (phút)", "Service – median (min)"), minutes(t.Service.Median, t.Service.N, l)),
			row(l.pick("Thời gian phục vụ – p90 (phút)", "Service – p90 (min)"), minutes(t.Service.P90, t.Service.N, l)),
			row(l.pick("Số lượt đánh giá", "Ratings"), integer(t.Ratings.N, l)),
			row(l.pick("Số sao trung bình", "Average stars"), number(t.Ratings.Mean(), 2, l)),
			row(l.pick("Tỷ lệ hài lòng (%)", "Satisfaction rate (%)"), percent(t.Ratings.Satisfied.Value(), l)),
		}}
}

func (r Report) hoursTable(l Lang) Table {
	t := Table{ID: "hours", Title: l.pick("Số vé theo giờ cấp", "Tickets by hour issued"),
		Header: []string{l.pick("Giờ", "Hour"), l.pick("Số vé", "Tickets")}}
	first, last := r.hourRange()
	for h := first; h <= last; h++ {
		t.Rows = append(t.Rows, []Cell{text(fmt.Sprintf("%02d:00–%02d:59", h, h)), integer(r.Hours[h], l)})
	}
	return t
}

func (r Report) starsTable(l Lang) Table {
	t := Table{ID: "stars", Title: l.pick("Đánh giá theo số sao", "Ratings by stars"),
		Header: []string{l.pick("Số sao", "Stars"), l.pick("Mức độ", "Level"), l.pick("Số lượt", "Ratings"), l.pick("Tỷ lệ (%)", "Share (%)")}}
	for i, n := range r.Total.Ratings.Count {
		share := Ratio{n, r.Total.Ratings.N}
		t.Rows = append(t.Rows, []Cell{integer(i+1, l), text(StarLabel(i+1, l)), integer(n, l), percent(share.Value(), l)})
	}
	return t
}

func (r Report) reasonsTable(l Lang) Table {
	t := Table{ID: "reasons", Title: l.pick("Lý do chưa hài lòng", "Reasons given"),
		Header: []string{l.pick("Lý do", "Reason"), l.pick("Số lượt", "Times given")}}
	for _, c := range r.Reasons {
		t.Rows = append(t.Rows, []Cell{text(ReasonLabel(c.Key, l)), integer(c.N, l)})
	}
	return t
}

func groupHeader(first string, l Lang) []string {
	return []string{first,
		l.pick("Số vé", "Tickets"), l.pick("Đã phục vụ", "Served"), l.pick("Vắng mặt", "No-shows"),
		l.pick("Chờ trung vị (phút)", "Wait median (min)"), l.pick("Chờ p90 (phút)", "Wait p90 (min)"),
		l.pick("Phục vụ TB (phút)", "Service mean (min)"), l.pick("Phục vụ trung vị (phút)", "Service median (min)"),
		l.pick("Phục vụ p90 (phút)", "Service p90 (min)"),
		l.pick("Lượt đánh giá", "Ratings"), l.pick("Sao TB", "Avg stars"), l.pick("Hài lòng (%)", "Satisfied (%)")}
}

func groupCells(label string, g Group, l Lang) []Cell {
	return []Cell{text(label), integer(g.Tickets, l), integer(g.Served, l), integer(g.NoShow.Part, l),
		minutes(g.Wait.Median, g.Wait.N, l), minutes(g.Wait.P90, g.Wait.N, l),
		minutes(g.Service.Mean, g.Service.N, l), minutes(g.Service.Median, g.Service.N, l), minutes(g.Service.P90, g.Service.N, l),
		integer(g.Ratings.N, l), number(g.Ratings.Mean(), 2, l), percent(g.Ratings.Satisfied.Value(), l)}
}

func groupTable(id, title, first string, gs []Group, l Lang) Table {
	t := Table{ID: id, Title: title, Header: groupHeader(first, l)}
	for _, g := range gs {
		t.Rows = append(t.Rows, groupCells(g.Key, g, l))
	}
	return t
}

func (r Report) periodsTable(l Lang) Table {
	t := Table{ID: "periods", Title: l.pick("Tổng hợp theo quý và năm", "Quarterly and yearly totals"),
		Header: groupHeader(l.pick("Kỳ", "Period"), l)}
	for _, p := range r.Periods {
		t.Rows = append(t.Rows, groupCells(PeriodLabel(p.Year, p.Quarter, l), p.Group, l))
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
	if err := cw.Write(t.Header); err != nil {
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
