package procedures

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestParseCSV_TwoProcedures(t *testing.T) {
	b, err := os.ReadFile("testdata/two.csv")
	if err != nil {
		t.Fatal(err)
	}
	x, err := ParseCSV(b)
	if err != nil {
		t.Fatal(err)
	}
	checkTwo(t, x)
}

// checkTwo checks the catalogue of testdata/two.csv, however it was read.
func checkTwo(t *testing.T, x *Index) {
	t.Helper()
	m := x.Info()
	if m.Count != 2 || m.Version != "xa-an-binh-1" || m.UpdatedText() != "Cập nhật ngày 30/11/2026" || len(m.Sources) != 1 {
		t.Errorf("meta = %+v", m)
	}
	p, ok := x.Get("1.001193")
	if !ok {
		t.Fatal("no 1.001193")
	}
	if p.ID != "1.001193" || p.FieldID != "ho-tich" || p.Agency != "Ủy ban nhân dân cấp xã" {
		t.Errorf("procedure = %+v", p)
	}
	if len(p.Channels) != 2 || p.Channels[0] != (Channel{Kind: InPerson, Deadline: "Ngay trong ngày", Fee: "Miễn lệ phí"}) || p.Channels[1].Kind != Online {
		t.Errorf("channels = %+v", p.Channels)
	}
	want := []DossierCase{
		{Documents: []Document{{"Tờ khai đăng ký khai sinh", 1, 0, "Mẫu tờ khai"}, {"Giấy chứng sinh", 1, 0, ""}}},
		{Case: "Trẻ bị bỏ rơi", Documents: []Document{{"Biên bản xác nhận việc trẻ bị bỏ rơi", 1, 0, ""}}},
	}
	if got, _ := json.Marshal(p.Dossier); string(got) != string(must(json.Marshal(want))) {
		t.Errorf("dossier = %s", got)
	}
	if len(p.LegalBasis) != 2 || len(p.Keywords) != 2 || p.Popularity != 100 {
		t.Errorf("legal %q keywords %q popularity %d", p.LegalBasis, p.Keywords, p.Popularity)
	}
	if h := x.Search("sao y", 1); len(h) != 1 || h[0].Procedure.ID != "ct-ban-sao" {
		t.Errorf("search sao y = %+v", h)
	}
}

func must(b []byte, err error) []byte {
	if err != nil {
		panic(err)
	}
	return b
}

// TestParse_BadRowsImportNothing: every bad row and field is named, in
// both languages, and nothing is returned.
func TestParse_BadRowsImportNothing(t *testing.T) {
	csv := "MA,TENTTHC,TENLINHVUC,MATTHC,THANHPHANHOSO,PHOBIEN\n" +
		"a,Đăng ký khai sinh,Hộ tịch,,,\n" +
		"a,,Hộ tịch,12,Tờ khai|x,nhiều\n" +
		"c,Đăng ký kết hôn,,,,\n"
	x, err := ParseCSV([]byte(csv))
	var ie *ImportError
	if x != nil || !errors.As(err, &ie) {
		t.Fatalf("ParseCSV = %v, %v", x, err)
	}
	msg := err.Error()
	for _, want := range []string{
		"dòng 3, cột TENTTHC: thiếu tên thủ tục / row 3, field TENTTHC: the procedure's name is missing",
		"dòng 3, cột MA: mã \"a\" trùng",
		"dòng 3, cột MATTHC",
		"dòng 3, cột THANHPHANHOSO",
		"dòng 3, cột PHOBIEN",
		"dòng 4, cột TENLINHVUC: thiếu lĩnh vực / row 4",
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("error lacks %q:\n%s", want, msg)
		}
	}
	j := `{"PHIENBAN":"1","THUTUC":[{"MA":"x","TENTTHC":"A","TENLINHVUC":"B","CACHTHUCTHUCHIEN":[{"KENH":"fax"}]}]}`
	if _, err := ParseJSON([]byte(j)); err == nil || !strings.Contains(err.Error(), "thủ tục thứ 1, cột KENH: cách thức \"fax\"") {
		t.Errorf("ParseJSON with a bad channel: %v", err)
	}
	if _, err := ParseJSON([]byte("{\n\"THUTUC\": 3}")); !errors.Is(err, ErrNotCatalogue) || !strings.Contains(err.Error(), "dòng 2") {
		t.Errorf("ParseJSON of a wrong type: %v", err)
	}
}

// TestParseJSON_RoundTrip: what Install stores reads back the same, and a
// bare array of procedures (a portal export) reads too.
func TestParseJSON_RoundTrip(t *testing.T) {
	x, err := Shipped()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := Install(dir, x); err != nil {
		t.Fatal(err)
	}
	y, imported, err := Open(dir)
	if err != nil || !imported {
		t.Fatalf("Open = %v, %v", imported, err)
	}
	if a, b := must(json.Marshal(x.File())), must(json.Marshal(y.File())); !bytes.Equal(a, b) {
		t.Error("the installed catalogue differs from the one installed")
	}
	arr := must(json.Marshal(x.All()[:3]))
	z, err := ParseJSON(arr)
	if err != nil || z.Info().Count != 3 {
		t.Fatalf("bare array: %v", err)
	}
	// A broken imported file falls back to the shipped catalogue, with the error.
	os.WriteFile(filepath.Join(dir, FileName), []byte("{"), 0o644)
	if s, imported, err := Open(dir); err == nil || imported || s == nil || s.Info().Count != x.Info().Count {
		t.Errorf("Open of a broken file = %v, %v", imported, err)
	}
	if err := Remove(dir); err != nil {
		t.Fatal(err)
	}
	if _, imported, err := Open(dir); err != nil || imported {
		t.Errorf("after Remove: %v, %v", imported, err)
	}
}

// xlsx builds a minimal workbook whose first sheet holds rows, with
// shared strings, as spreadsheet programs write them.
func xlsx(t testing.TB, rows [][]string) []byte {
	var shared []string
	var sheet strings.Builder
	sheet.WriteString(`<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`)
	for r, row := range rows {
		fmt.Fprintf(&sheet, `<row r="%d">`, r+1)
		for c, v := range row {
			if v == "" {
				continue
			}
			fmt.Fprintf(&sheet, `<c r="%c%d" t="s"><v>%d</v></c>`, 'A'+c, r+1, len(shared))
			shared = append(shared, v)
		}
		sheet.WriteString(`</row>`)
	}
	sheet.WriteString(`</sheetData></worksheet>`)
	var sst strings.Builder
	sst.WriteString(`<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`)
	for _, s := range shared {
		var esc bytes.Buffer
		xmlEscape(&esc, s)
		fmt.Fprintf(&sst, `<si><t xml:space="preserve">%s</t></si>`, esc.String())
	}
	sst.WriteString(`</sst>`)
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, body := range map[string]string{
		"xl/workbook.xml":            `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="TTHC" sheetId="1" r:id="rId1"/></sheets></workbook>`,
		"xl/_rels/workbook.xml.rels": `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
		"xl/worksheets/sheet1.xml":   sheet.String(),
		"xl/sharedStrings.xml":       sst.String(),
	} {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(body))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestParseXLSX_SameAsCSV(t *testing.T) {
	b, err := os.ReadFile("testdata/two.csv")
	if err != nil {
		t.Fatal(err)
	}
	rows := csvRows(t, b)
	x, err := Parse("thu-tuc.xlsx", xlsx(t, rows))
	if err != nil {
		t.Fatal(err)
	}
	checkTwo(t, x)
	if _, err := ParseXLSX([]byte("PK\x03\x04 not a zip")); !errors.Is(err, ErrNotCatalogue) {
		t.Errorf("ParseXLSX of garbage: %v", err)
	}
}
