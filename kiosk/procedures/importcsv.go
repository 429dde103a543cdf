package procedures

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// columns are the spreadsheet's columns by their key; each accepts the
// key itself or a Vietnamese label, compared folded and without spaces
// ("Tên thủ tục" = "TENTHUTUC").
var columns = map[string][]string{
	"MA":                {"ma"},
	"MATTHC":            {"matthc", "mathutuc"},
	"TENTTHC":           {"tentthc", "tenthutuc"},
	"MALINHVUC":         {"malinhvuc"},
	"TENLINHVUC":        {"tenlinhvuc", "linhvuc"},
	"CAPTHUCHIEN":       {"capthuchien"},
	"COQUANTHUCHIEN":    {"coquanthuchien"},
	"DOITUONGTHUCHIEN":  {"doituongthuchien"},
	"TRUCTIEP_THOIHAN":  {"tructiepthoihan", "thoihantructiep"},
	"TRUCTIEP_PHI":      {"tructiepphi", "phitructiep"},
	"TRUCTUYEN_THOIHAN": {"tructuyenthoihan", "thoihantructuyen"},
	"TRUCTUYEN_PHI":     {"tructuyenphi", "phitructuyen"},
	"BUUCHINH_THOIHAN":  {"buuchinhthoihan", "thoihanbuuchinh"},
	"BUUCHINH_PHI":      {"buuchinhphi", "phibuuchinh"},
	"THANHPHANHOSO":     {"thanhphanhoso"},
	"TRINHTUTHUCHIEN":   {"trinhtuthuchien", "trinhtu"},
	"KETQUATHUCHIEN":    {"ketquathuchien", "ketqua"},
	"YEUCAUDIEUKIEN":    {"yeucaudieukien"},
	"CANCUPHAPLY":       {"cancuphaply"},
	"QUYETDINHCONGBO":   {"quyetdinhcongbo"},
	"DUONGDAN":          {"duongdan"},
	"TUKHOA":            {"tukhoa"},
	"PHOBIEN":           {"phobien"},
	"DICHVU":            {"dichvu"},
}

// columnKey maps a header cell to its key, "" if unknown.
func columnKey(h string) string {
	f := strings.ReplaceAll(strings.ReplaceAll(Fold(h), " ", ""), "_", "")
	for k, names := range columns {
		if strings.EqualFold(strings.ReplaceAll(k, "_", ""), f) {
			return k
		}
		for _, n := range names {
			if n == f {
				return k
			}
		}
	}
	return ""
}

// ParseCSV reads the spreadsheet layout of doc.go exported as CSV (comma
// or semicolon separated, UTF-8 with or without BOM).
func ParseCSV(data []byte) (*Index, error) {
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	first, _, _ := bytes.Cut(data, []byte("\n"))
	if bytes.Count(first, []byte(";")) > bytes.Count(first, []byte(",")) {
		r.Comma = ';'
	} else if bytes.Count(first, []byte("\t")) > bytes.Count(first, []byte(",")) {
		r.Comma = '\t'
	}
	rows, err := r.ReadAll()
	if err != nil {
		var pe *csv.ParseError
		p := Problem{VI: "không đọc được CSV: " + err.Error(), EN: "cannot read the CSV: " + err.Error()}
		if errors.As(err, &pe) {
			p.WhereVI, p.WhereEN = fmt.Sprintf("dòng %d", pe.StartLine), fmt.Sprintf("line %d", pe.StartLine)
		}
		return nil, fmt.Errorf("%w: %w", ErrNotCatalogue, &ImportError{Problems: []Problem{p}})
	}
	return parseRows(rows)
}

// parseRows reads rows of cells (from CSV or XLSX): optional "#KEY,value"
// rows, a header row, then one procedure per row.
func parseRows(rows [][]string) (*Index, error) {
	var f File
	var ps problems
	row := 0
	for ; row < len(rows); row++ {
		cells := rows[row]
		if len(cells) == 0 || strings.Join(cells, "") == "" {
			continue
		}
		key := strings.TrimSpace(cells[0])
		if !strings.HasPrefix(key, "#") {
			break
		}
		val := func(i int) string {
			if i < len(cells) {
				return strings.TrimSpace(cells[i])
			}
			return ""
		}
		ps.at(fmt.Sprintf("dòng %d", row+1), fmt.Sprintf("row %d", row+1))
		switch strings.ToUpper(strings.TrimPrefix(key, "#")) {
		case "PHIENBAN":
			f.Version = val(1)
		case "NGAYCAPNHAT":
			f.Updated = val(1)
		case "NGUON":
			f.Sources = append(f.Sources, Source{Name: val(1), URL: val(2), Note: val(3)})
		case "CANXACMINH":
			f.Unverified = append(f.Unverified, val(1))
		case "GHICHU":
			f.Note = val(1)
		default:
			ps.add(key, "dòng thông tin không rõ (chỉ có #PHIENBAN, #NGAYCAPNHAT, #NGUON, #CANXACMINH, #GHICHU)", "unknown information row (only #PHIENBAN, #NGAYCAPNHAT, #NGUON, #CANXACMINH, #GHICHU)")
		}
	}
	if row == len(rows) {
		return nil, fmt.Errorf("%w: %w", ErrNotCatalogue, &ImportError{Problems: []Problem{{VI: "không có dòng tiêu đề cột", EN: "no header row"}}})
	}
	col := map[string]int{}
	ps.at(fmt.Sprintf("dòng %d (tiêu đề)", row+1), fmt.Sprintf("row %d (header)", row+1))
	for i, h := range rows[row] {
		if k := columnKey(h); k != "" {
			if _, dup := col[k]; dup {
				ps.add(k, "cột có hai lần", "the column appears twice")
			}
			col[k] = i
		}
	}
	if _, ok := col["TENTTHC"]; !ok {
		ps.add("TENTTHC", "thiếu cột tên thủ tục", "no column for the procedure's name")
	}
	_, ma := col["MA"]
	_, code := col["MATTHC"]
	if !ma && !code {
		ps.add("MA", "thiếu cột mã (MA hoặc MATTHC)", "no code column (MA or MATTHC)")
	}
	if err := ps.err(); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrNotCatalogue, err)
	}
	header := row
	var rowOf []int
	for row++; row < len(rows); row++ {
		cells := rows[row]
		if strings.TrimSpace(strings.Join(cells, "")) == "" {
			continue
		}
		get := func(k string) string {
			if i, ok := col[k]; ok && i < len(cells) {
				return cells[i]
			}
			return ""
		}
		ps.at(fmt.Sprintf("dòng %d", row+1), fmt.Sprintf("row %d", row+1))
		p := Procedure{
			ID: get("MA"), Code: get("MATTHC"), Name: get("TENTTHC"),
			FieldID: get("MALINHVUC"), FieldName: get("TENLINHVUC"),
			Level: get("CAPTHUCHIEN"), Agency: get("COQUANTHUCHIEN"), Applicants: get("DOITUONGTHUCHIEN"),
			Steps: lines(get("TRINHTUTHUCHIEN")), Result: get("KETQUATHUCHIEN"),
			Requirements: get("YEUCAUDIEUKIEN"), LegalBasis: lines(get("CANCUPHAPLY")),
			Decision: get("QUYETDINHCONGBO"), PortalURL: get("DUONGDAN"), Service: get("DICHVU"),
		}
		for _, k := range lines(get("TUKHOA")) {
			p.Keywords = append(p.Keywords, strings.Split(k, ";")...)
		}
		if s := strings.TrimSpace(get("PHOBIEN")); s != "" {
			n, err := strconv.Atoi(s)
			if err != nil {
				ps.add("PHOBIEN", fmt.Sprintf("%q không phải số nguyên", s), fmt.Sprintf("%q is not a whole number", s))
			}
			p.Popularity = n
		}
		for _, ch := range []struct{ kind, key string }{{InPerson, "TRUCTIEP"}, {Online, "TRUCTUYEN"}, {Post, "BUUCHINH"}} {
			d, fee := get(ch.key+"_THOIHAN"), get(ch.key+"_PHI")
			if strings.TrimSpace(d+fee) != "" {
				p.Channels = append(p.Channels, Channel{Kind: ch.kind, Deadline: d, Fee: fee})
			}
		}
		p.Dossier = dossierCell(get("THANHPHANHOSO"), &ps)
		f.Procedures = append(f.Procedures, p)
		rowOf = append(rowOf, row+1)
	}
	if len(f.Procedures) == 0 && len(ps.list) == 0 {
		return nil, &ImportError{Problems: []Problem{{WhereVI: fmt.Sprintf("sau dòng %d", header+1), WhereEN: fmt.Sprintf("after row %d", header+1), VI: "không có thủ tục nào", EN: "no procedures"}}}
	}
	x, err := build(f, func(i int) (string, string) {
		return fmt.Sprintf("dòng %d", rowOf[i]), fmt.Sprintf("row %d", rowOf[i])
	})
	if len(ps.list) == 0 {
		return x, err
	}
	// The cells' own problems and the procedures' together, in one list.
	var ie *ImportError
	if errors.As(err, &ie) {
		ps.list = append(ps.list, ie.Problems...)
	}
	return nil, ps.err()
}

// lines splits a cell into its non-empty lines.
func lines(cell string) []string {
	var out []string
	for _, l := range strings.Split(strings.ReplaceAll(cell, "\r", ""), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// dossierCell reads THANHPHANHOSO: one document a line, "name | originals
// | copies | form", and "[case]" lines that start a case.
func dossierCell(cell string, ps *problems) []DossierCase {
	var cases []DossierCase
	for _, l := range lines(cell) {
		if strings.HasPrefix(l, "[") && strings.HasSuffix(l, "]") {
			cases = append(cases, DossierCase{Case: strings.TrimSpace(l[1 : len(l)-1])})
			continue
		}
		if len(cases) == 0 {
			cases = append(cases, DossierCase{})
		}
		parts := strings.Split(l, "|")
		d := Document{Name: parts[0]}
		for i, dst := range []*int{&d.Originals, &d.Copies} {
			if len(parts) <= i+1 || strings.TrimSpace(parts[i+1]) == "" {
				continue
			}
			n, err := strconv.Atoi(strings.TrimSpace(parts[i+1]))
			if err != nil {
				ps.add("THANHPHANHOSO", fmt.Sprintf("giấy tờ %q: số bản %q không phải số", strings.TrimSpace(parts[0]), strings.TrimSpace(parts[i+1])), fmt.Sprintf("document %q: count %q is not a number", strings.TrimSpace(parts[0]), strings.TrimSpace(parts[i+1])))
			}
			*dst = n
		}
		if len(parts) > 3 {
			d.Form = strings.Join(parts[3:], "|")
		}
		cases[len(cases)-1].Documents = append(cases[len(cases)-1].Documents, d)
	}
	return cases
}
