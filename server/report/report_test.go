package report_test

import (
	"bytes"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/motcua-kiosk/motcua/kiosk/queue"
	"github.com/motcua-kiosk/motcua/server/db"
	"github.com/motcua-kiosk/motcua/server/report"
)

func mins(ms ...float64) []time.Duration {
	out := make([]time.Duration, len(ms))
	for i, m := range ms {
		out[i] = time.Duration(m * float64(time.Minute))
	}
	return out
}

func TestQuantile(t *testing.T) {
	tests := []struct {
		name string
		data []time.Duration
		p    float64
		want time.Duration
	}{
		{"empty", nil, 0.5, 0},
		{"one", mins(7), 0.9, 7 * time.Minute},
		{"median odd", mins(1, 2, 3, 4, 5), 0.5, 3 * time.Minute},
		{"median even", mins(1, 2, 3, 4), 0.5, 150 * time.Second},
		// h = (10-1)*0.9 = 8.1 → x[8] + 0.1*(x[9]-x[8]) = 9 + 0.1*91 = 18.1 min
		{"p90 interpolated", mins(1, 2, 3, 4, 5, 6, 7, 8, 9, 100), 0.9, 18*time.Minute + 6*time.Second},
		// Excel PERCENTILE.INC({15,20,35,40,50},0.9) = 46
		{"p90 excel", mins(15, 20, 35, 40, 50), 0.9, 46 * time.Minute},
		{"p0 is min", mins(3, 9), 0, 3 * time.Minute},
		{"p1 is max", mins(3, 9), 1, 9 * time.Minute},
		{"p above 1 clamps", mins(3, 9), 2, 9 * time.Minute},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got, want := report.Quantile(tc.data, tc.p), tc.want; got != want {
				t.Errorf("Quantile(%v, %v) = %v, want %v", tc.data, tc.p, got, want)
			}
		})
	}
}

func TestNewStat(t *testing.T) {
	tests := []struct {
		name string
		data []time.Duration
		want report.Stat
	}{
		{"empty", nil, report.Stat{}},
		{"unsorted", mins(10, 2, 6, 4, 8), report.Stat{N: 5, Mean: 6 * time.Minute, Median: 6 * time.Minute, P90: 9*time.Minute + 12*time.Second}},
		{"ties", mins(5, 5, 5, 5), report.Stat{N: 4, Mean: 5 * time.Minute, Median: 5 * time.Minute, P90: 5 * time.Minute}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got, want := report.NewStat(tc.data), tc.want; got != want {
				t.Errorf("NewStat = %+v, want %+v", got, want)
			}
		})
	}
}

var base = time.Date(2026, 3, 30, 8, 0, 0, 0, report.Vietnam) // Monday, end of Q1

// tk builds a ticket row issued at base+issue minutes on day+d days with
// the given status; wait and service are minutes (negative = not reached).
func tk(d int, issue float64, status queue.Status, officer, service string, wait, svc float64) db.TicketRow {
	issued := base.AddDate(0, 0, d).Add(time.Duration(issue * float64(time.Minute)))
	t := db.TicketRow{Office: "of-1", ID: issued.Format("20060102-150405"), Day: issued.Format("2006-01-02"),
		Service: service, Status: status, Officer: officer, IssuedAt: issued.UTC()}
	if wait >= 0 {
		c := issued.Add(time.Duration(wait * float64(time.Minute))).UTC()
		t.CalledAt = &c
		if svc >= 0 {
			s := c.Add(time.Minute)
			e := s.Add(time.Duration(svc * float64(time.Minute)))
			t.ServingAt, t.DoneAt = &s, &e
		}
	}
	return t
}

func rt(d int, officer, service string, stars int, reasons ...string) db.RatingRow {
	return db.RatingRow{Office: "of-1", Rating: queue.Rating{Day: base.AddDate(0, 0, d).Format("2006-01-02"),
		Officer: officer, Service: service, Stars: stars, Reasons: reasons}}
}

func computeSample() report.Report {
	tickets, ratings := sample()
	return report.Compute(tickets, ratings, nil)
}

func sample() ([]db.TicketRow, []db.RatingRow) {
	tickets := []db.TicketRow{
		tk(0, 0, queue.StatusDone, "lan", "A", 10, 5),
		tk(0, 20, queue.StatusDone, "lan", "A", 20, 7),
		tk(0, 70, queue.StatusDone, "minh", "B", 30, 9),
		tk(0, 75, queue.StatusNoShow, "minh", "B", 40, -1),
		tk(0, 80, queue.StatusWaiting, "", "A", -1, -1),
		tk(2, 300, queue.StatusDone, "lan", "C", 2, 3), // 1 April: Q2, 13:00
	}
	ratings := []db.RatingRow{
		rt(0, "lan", "A", 5),
		rt(0, "lan", "A", 4),
		rt(0, "minh", "B", 2, "long_wait", "attitude"),
		rt(2, "lan", "C", 3, "long_wait"),
	}
	return tickets, ratings
}

func TestCompute(t *testing.T) {
	r := computeSample()
	tot := r.Total
	checks := []struct {
		name      string
		got, want any
	}{
		{"tickets", tot.Tickets, 6},
		{"called", tot.Called, 5},
		{"served", tot.Served, 4},
		{"no-show", tot.NoShow, report.Ratio{Part: 1, Whole: 5}},
		{"waiting", r.Waiting, 1},
		{"days", r.Days, 2},
		{"wait median", tot.Wait.Median, 20 * time.Minute},               // 2,10,20,30,40
		{"wait p90", tot.Wait.P90, 36 * time.Minute},                     // h=3.6: 30+0.6*10
		{"service median", tot.Service.Median, 6 * time.Minute},          // 3,5,7,9 → 6
		{"service p90", tot.Service.P90, 8*time.Minute + 24*time.Second}, // h=2.7: 7+0.7*2
		{"service mean", tot.Service.Mean, 6 * time.Minute},              //
		{"hour 8", r.Hours[8], 2},                                        // 08:00, 08:20
		{"hour 9", r.Hours[9], 3},                                        // 09:10, 09:15, 09:20
		{"hour 13", r.Hours[13], 1},                                      //
		{"stars", tot.Ratings.Count, [5]int{0, 1, 1, 1, 1}},              //
		{"satisfaction", tot.Ratings.Satisfied, report.Ratio{Part: 2, Whole: 4}},
		{"mean stars", tot.Ratings.Mean(), 3.5},
		{"reasons", []report.Count{r.Reasons[0], r.Reasons[slices.IndexFunc(r.Reasons, func(c report.Count) bool { return c.Key == "attitude" })]}, []report.Count{{Key: "long_wait", N: 2}, {Key: "attitude", N: 1}}}, // in queue.Reasons order
		{"reason rows", len(r.Reasons), 7}, // every known reason, given or not
		{"officers", len(r.Officers), 2},
		{"lan served", r.Officers[0].Served, 3},
		{"lan service median", r.Officers[0].Service.Median, 5 * time.Minute},
		{"lan ratings", r.Officers[0].Ratings.N, 3},
		{"lan satisfied", r.Officers[0].Ratings.Satisfied, report.Ratio{Part: 2, Whole: 3}},
		{"minh no-show", r.Officers[1].NoShow, report.Ratio{Part: 1, Whole: 2}},
		{"services", len(r.Services), 3},
		{"periods", len(r.Periods), 5},
		{"Q1 tickets", r.Periods[0].Tickets, 5},
		{"Q2 tickets", r.Periods[1].Tickets, 1},
		{"Q2 ratings", r.Periods[1].Ratings.N, 1},
		{"Q3 empty", r.Periods[2].Tickets, 0},
		{"year tickets", r.Periods[4].Tickets, 6},
		{"year quarter", r.Periods[4].Quarter, 0},
		{"year ratings", r.Periods[4].Ratings.N, 4},
	}
	for _, c := range checks {
		if !equal(c.got, c.want) {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
}

func equal(a, b any) bool {
	switch x := a.(type) {
	case []report.Count:
		y := b.([]report.Count)
		if len(x) != len(y) {
			return false
		}
		for i := range x {
			if x[i] != y[i] {
				return false
			}
		}
		return true
	}
	return a == b
}

func TestCompute_Empty(t *testing.T) {
	r := report.Compute(nil, nil, nil)
	if got := r.Total.NoShow.Value(); !math.IsNaN(got) {
		t.Errorf("no-show rate of nothing = %v, want NaN", got)
	}
	for _, tb := range r.Tables(report.VI) {
		if tb.ID == "summary" && tb.Rows[4][1].Text != "—" {
			t.Errorf("empty no-show rate shows %q, want —", tb.Rows[4][1].Text)
		}
	}
}

func TestFormatNumber(t *testing.T) {
	tests := []struct {
		v    float64
		dec  int
		lang report.Lang
		want string
	}{
		{1234.5, 1, report.VI, "1.234,5"},
		{1234.5, 1, report.EN, "1,234.5"},
		{9000, 0, report.VI, "9.000"},
		{1234567, 0, report.EN, "1,234,567"},
		{12, 0, report.VI, "12"},
		{-3.25, 2, report.VI, "-3,25"},
		{math.NaN(), 1, report.VI, "—"},
		{0.04, 1, report.EN, "0.0"},
	}
	for _, tc := range tests {
		if got := report.FormatNumber(tc.v, tc.dec, tc.lang); got != tc.want {
			t.Errorf("FormatNumber(%v, %d, %s) = %q, want %q", tc.v, tc.dec, tc.lang, got, tc.want)
		}
	}
}

func TestPeriodLabel(t *testing.T) {
	tests := []struct {
		y, q int
		l    report.Lang
		want string
	}{
		{2026, 1, report.VI, "Quý I/2026"},
		{2026, 3, report.VI, "Quý III/2026"},
		{2026, 4, report.VI, "Quý IV/2026"},
		{2026, 0, report.VI, "Năm 2026"},
		{2026, 2, report.EN, "Q2 2026"},
	}
	for _, tc := range tests {
		if got := report.PeriodLabel(tc.y, tc.q, tc.l); got != tc.want {
			t.Errorf("PeriodLabel(%d, %d, %s) = %q, want %q", tc.y, tc.q, tc.l, got, tc.want)
		}
	}
}

func TestWriteCSV(t *testing.T) {
	r := computeSample()
	tests := []struct {
		id       string
		contains []string
	}{
		{"officers", []string{"Cán bộ,Số vé,Đã phục vụ", ",Hài lòng (%),Tên cán bộ\r\n", "\r\nlan,3,3,0,10.0,18.0,5.0,5.0,6.6,", ",3,4.00,66.7,\r\n", "\r\nminh,2,1,1,35.0,39.0,"}},
		{"stars", []string{"Số sao,Mức độ,Số lượt,Tỷ lệ (%)\r\n", "1,Rất không hài lòng,0,0.0\r\n", "2,Không hài lòng,1,25.0\r\n"}},
		{"reasons", []string{"Thời gian chờ lâu,2\r\n", "Thái độ cán bộ,1\r\n", "Phải đi lại nhiều lần,0\r\n"}},
		{"periods", []string{"Quý I/2026,5,", "Quý IV/2026,0,0,0,,,,,,0,,\r\n", "Năm 2026,6,4,1,"}},
		{"hours", []string{"Giờ,Số vé\r\n07:00–07:59,0\r\n08:00–08:59,2\r\n09:00–09:59,3\r\n", "13:00–13:59,1\r\n", "17:00–17:59,0\r\n"}},
		{"summary", []string{"Tỷ lệ hài lòng (%),50.0\r\n", "Tỷ lệ vắng mặt (%),20.0\r\n"}},
	}
	for _, tc := range tests {
		t.Run(tc.id, func(t *testing.T) {
			tb, ok := r.Table(tc.id, report.VI)
			if !ok {
				t.Fatalf("no table %q", tc.id)
			}
			var buf bytes.Buffer
			if err := report.WriteCSV(&buf, tb); err != nil {
				t.Fatal(err)
			}
			got := buf.String()
			if !strings.HasPrefix(got, "\ufeff") {
				t.Errorf("CSV does not start with a UTF-8 BOM: %q", got[:min(10, len(got))])
			}
			for _, want := range tc.contains {
				if !strings.Contains(got, want) {
					t.Errorf("CSV lacks %q:\n%s", want, got)
				}
			}
		})
	}
}

func TestWriteCSV_Formula(t *testing.T) {
	tb := report.Table{Columns: []report.Column{{CSV: "a"}}, Rows: [][]report.Cell{{{CSV: "=HYPERLINK(1)"}}, {{CSV: "-3", Num: true}}}}
	var buf bytes.Buffer
	if err := report.WriteCSV(&buf, tb); err != nil {
		t.Fatal(err)
	}
	if got, want := buf.String(), "\ufeffa\r\n'=HYPERLINK(1)\r\n-3\r\n"; got != want {
		t.Errorf("CSV = %q, want %q", got, want)
	}
}

func TestChart_SVG(t *testing.T) {
	tests := []struct {
		name     string
		chart    report.Chart
		contains []string
		rects    int
	}{
		{"stars", computeSample().StarsChart(report.VI), []string{`aria-label="Số lượt đánh giá theo số sao"`, `fill="#c0392b"`, ">5★<"}, 5},
		{"escapes", report.Chart{Title: `<x>&"`, Bars: []report.Bar{{Label: "<b>", Value: 3}}}, []string{"&lt;x&gt;&amp;&#34;", "&lt;b&gt;"}, 1},
		{"empty", report.Chart{Title: "t"}, []string{"<svg", "</svg>"}, 0},
		{"hours trimmed", computeSample().HoursChart(report.EN), []string{">7h<", ">17h<"}, 11},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := tc.chart.SVG()
			for _, want := range tc.contains {
				if !strings.Contains(got, want) {
					t.Errorf("SVG lacks %q:\n%s", want, got)
				}
			}
			if n := strings.Count(got, "<rect"); n != tc.rects {
				t.Errorf("SVG has %d bars, want %d", n, tc.rects)
			}
			if strings.Contains(got, "<script") || strings.Contains(got, "href") {
				t.Errorf("SVG must be self-contained: %s", got)
			}
		})
	}
}

func TestChart_BarHeights(t *testing.T) {
	c := report.Chart{Title: "t", Width: 144, Height: 156, Bars: []report.Bar{{Label: "a", Value: 10}, {Label: "b", Value: 5}}}
	// plot height = 156-22-34 = 100; axis top for 10 is 10 → heights 100 and 50.
	got := c.SVG()
	for _, want := range []string{`height="100.0"`, `height="50.0"`} {
		if !strings.Contains(got, want) {
			t.Errorf("SVG lacks %s:\n%s", want, got)
		}
	}
}

// The page says phiếu, not vé, and no statistician's shorthand (p90, TB,
// trung vị) in a header; the CSV keeps its first-release column names.
func TestTable_PlainHeaders(t *testing.T) {
	r := computeSample()
	jargon := map[report.Lang][]string{report.VI: {"vé", "p90", "TB", "trung vị"}, report.EN: {"p90", "median", "Avg", "mean"}}
	for _, l := range []report.Lang{report.VI, report.EN} {
		for _, tb := range r.Tables(l) {
			var heads []string
			for _, row := range tb.Header() {
				for _, h := range row {
					heads = append(heads, h.Label)
				}
			}
			for _, row := range tb.PageRows() {
				if tb.ID == "summary" {
					heads = append(heads, row[0].Text)
				}
			}
			for _, h := range heads {
				for _, j := range jargon[l] {
					if strings.Contains(h, j) {
						t.Errorf("%s/%s: page heading %q says %q", l, tb.ID, h, j)
					}
				}
			}
		}
	}
	officers, _ := r.Table("officers", report.VI)
	var got []string
	for _, row := range officers.Header() {
		for _, h := range row {
			got = append(got, h.Label)
		}
	}
	for _, want := range []string{"Số phiếu", "Thời gian chờ (phút)", "Một nửa số người chờ không quá", "9/10 người chờ không quá", "Điểm trung bình (1–5 sao)"} {
		if !slices.Contains(got, want) {
			t.Errorf("officer table headings %q lack %q", got, want)
		}
	}
}

// Every CSV keeps the column names of the first release, so that a
// spreadsheet that reads a column by its name keeps working; the officer
// and service tables only add the name as a last column.
func TestTable_CSVHeadersStable(t *testing.T) {
	group := "Số vé,Đã phục vụ,Vắng mặt,Chờ trung vị (phút),Chờ p90 (phút),Phục vụ TB (phút),Phục vụ trung vị (phút),Phục vụ p90 (phút),Lượt đánh giá,Sao TB,Hài lòng (%)"
	groupEN := "Tickets,Served,No-shows,Wait median (min),Wait p90 (min),Service mean (min),Service median (min),Service p90 (min),Ratings,Avg stars,Satisfied (%)"
	want := map[report.Lang]map[string]string{
		report.VI: {"summary": "Chỉ số,Giá trị", "hours": "Giờ,Số vé", "stars": "Số sao,Mức độ,Số lượt,Tỷ lệ (%)", "reasons": "Lý do,Số lượt",
			"officers": "Cán bộ," + group + ",Tên cán bộ", "services": "Dịch vụ," + group + ",Tên lĩnh vực", "periods": "Kỳ," + group},
		report.EN: {"summary": "Measure,Value", "hours": "Hour,Tickets", "stars": "Stars,Level,Ratings,Share (%)", "reasons": "Reason,Times given",
			"officers": "Officer," + groupEN + ",Officer name", "services": "Service," + groupEN + ",Service name", "periods": "Period," + groupEN},
	}
	r := computeSample()
	for l, tables := range want {
		for id, head := range tables {
			tb, _ := r.Table(id, l)
			var buf bytes.Buffer
			if err := report.WriteCSV(&buf, tb); err != nil {
				t.Fatal(err)
			}
			first, _, _ := strings.Cut(strings.TrimPrefix(buf.String(), "\ufeff"), "\r\n")
			if first != head {
				t.Errorf("%s/%s CSV header = %q, want %q", l, id, first, head)
			}
		}
	}
	summary, _ := r.Table("summary", report.VI)
	var buf bytes.Buffer
	report.WriteCSV(&buf, summary)
	for _, row := range []string{"Số vé đã cấp,6\r\n", "Thời gian chờ – p90 (phút),", "Số sao trung bình,3.50\r\n"} {
		if !strings.Contains(buf.String(), row) {
			t.Errorf("summary CSV lacks the first-release row %q:\n%s", row, buf.String())
		}
	}
}

// A header is aligned like its column: right over numbers, left over
// text ("Mức độ" was right-aligned over its words).
func TestTable_HeaderAlignsWithColumn(t *testing.T) {
	r := computeSample()
	for _, l := range []report.Lang{report.VI, report.EN} {
		for _, tb := range r.Tables(l) {
			rows := tb.PageRows()
			if len(rows) == 0 {
				continue
			}
			var leaf []report.HeadCell // the header cell over each column
			h := tb.Header()
			sub := 0
			for _, c := range h[0] {
				if c.Group {
					leaf = append(leaf, h[1][sub:sub+c.ColSpan]...)
					sub += c.ColSpan
				} else {
					leaf = append(leaf, c)
				}
			}
			if len(leaf) != len(rows[0]) {
				t.Fatalf("%s/%s: %d header cells over %d columns", l, tb.ID, len(leaf), len(rows[0]))
			}
			for i, hc := range leaf {
				for _, row := range rows {
					if row[i].Num != hc.Num {
						t.Errorf("%s/%s: header %q num=%v over a cell %q num=%v", l, tb.ID, hc.Label, hc.Num, row[i].Text, row[i].Num)
						break
					}
				}
			}
		}
	}
}

// The officer and service tables show names where known, ids otherwise;
// the CSV keeps the id first and adds the name last.
func TestReport_SetNames(t *testing.T) {
	r := computeSample()
	r.SetNames(func(office, id string) string {
		if id == "lan" {
			return "Nguyễn Thị Lan"
		}
		return ""
	}, func(office, code string) string {
		return map[string]string{"A": "Đăng ký đất đai"}[code]
	})
	officers, _ := r.Table("officers", report.VI)
	var shown []string
	for _, row := range officers.PageRows() {
		shown = append(shown, row[0].Text)
	}
	if got, want := strings.Join(shown, "|"), "minh|Nguyễn Thị Lan"; got != want {
		t.Errorf("officers shown as %q, want %q", got, want)
	}
	if got, want := officers.PageRows()[1][0].Note, "Mã cán bộ: lan"; got != want {
		t.Errorf("named officer's tooltip = %q, want %q", got, want)
	}
	var buf bytes.Buffer
	report.WriteCSV(&buf, officers)
	for _, want := range []string{"\r\nlan,3,3,0,", ",66.7,Nguyễn Thị Lan\r\n", "\r\nminh,2,"} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("officer CSV lacks %q:\n%s", want, buf.String())
		}
	}
	services, _ := r.Table("services", report.VI)
	var names []string
	for _, row := range services.PageRows() {
		names = append(names, row[0].Text)
	}
	if !slices.Contains(names, "Đăng ký đất đai") || !slices.Contains(names, "C") {
		t.Errorf("services shown as %q, want the name of A and the code C", names)
	}
}

func TestCompareVI(t *testing.T) {
	names := []string{"Giao dịch bảo đảm", "Đăng ký đất đai", "Trả kết quả", "Dân cư", "Ân"}
	slices.SortFunc(names, report.CompareVI)
	if got, want := strings.Join(names, "|"), "Ân|Dân cư|Đăng ký đất đai|Giao dịch bảo đảm|Trả kết quả"; got != want {
		t.Errorf("sorted = %q, want %q", got, want)
	}
}
