package procedures

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"
)

// maxPart bounds what one part of an XLSX may unpack to, so that a small
// hostile file cannot fill the memory.
const maxPart = 64 << 20

// ParseXLSX reads the spreadsheet layout of doc.go from the first sheet of
// an Excel workbook (Office Open XML), with the standard library only.
func ParseXLSX(data []byte) (*Index, error) {
	rows, err := xlsxRows(data)
	if err != nil {
		p := Problem{VI: "không đọc được tệp XLSX: " + err.Error(), EN: "cannot read the XLSX file: " + err.Error()}
		return nil, fmt.Errorf("%w: %w", ErrNotCatalogue, &ImportError{Problems: []Problem{p}})
	}
	return parseRows(rows)
}

func xlsxRows(data []byte) ([][]string, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, err
	}
	files := map[string]*zip.File{}
	for _, f := range zr.File {
		files[f.Name] = f
	}
	read := func(name string) ([]byte, error) {
		f, ok := files[name]
		if !ok {
			return nil, fmt.Errorf("no %s", name)
		}
		rc, err := f.Open()
		if err != nil {
			return nil, err
		}
		defer rc.Close()
		b, err := io.ReadAll(io.LimitReader(rc, maxPart+1))
		if err == nil && len(b) > maxPart {
			err = fmt.Errorf("%s is larger than %d MiB", name, maxPart>>20)
		}
		return b, err
	}
	sheet, err := firstSheet(read)
	if err != nil {
		return nil, err
	}
	var shared []string
	if _, ok := files["xl/sharedStrings.xml"]; ok {
		b, err := read("xl/sharedStrings.xml")
		if err != nil {
			return nil, err
		}
		var sst struct {
			SI []struct {
				T string `xml:"t"`
				R []struct {
					T string `xml:"t"`
				} `xml:"r"`
			} `xml:"si"`
		}
		if err := xml.Unmarshal(b, &sst); err != nil {
			return nil, fmt.Errorf("sharedStrings.xml: %w", err)
		}
		for _, si := range sst.SI {
			s := si.T
			for _, r := range si.R {
				s += r.T
			}
			shared = append(shared, s)
		}
	}
	b, err := read(sheet)
	if err != nil {
		return nil, err
	}
	var ws struct {
		Rows []struct {
			R     int `xml:"r,attr"`
			Cells []struct {
				Ref string `xml:"r,attr"`
				T   string `xml:"t,attr"`
				V   string `xml:"v"`
				IS  struct {
					T string `xml:"t"`
					R []struct {
						T string `xml:"t"`
					} `xml:"r"`
				} `xml:"is"`
			} `xml:"c"`
		} `xml:"sheetData>row"`
	}
	if err := xml.Unmarshal(b, &ws); err != nil {
		return nil, fmt.Errorf("%s: %w", sheet, err)
	}
	var rows [][]string
	for _, r := range ws.Rows {
		n := r.R
		if n <= 0 {
			n = len(rows) + 1
		}
		if n > 1_000_000 || n < len(rows) {
			return nil, fmt.Errorf("%s: row number %d out of order", sheet, r.R)
		}
		for len(rows) < n {
			rows = append(rows, nil)
		}
		var cells []string
		for i, c := range r.Cells {
			col := i
			if c.Ref != "" {
				if col = columnIndex(c.Ref); col < 0 || col > 16384 {
					return nil, fmt.Errorf("%s: bad cell reference %q", sheet, c.Ref)
				}
			}
			var v string
			switch c.T {
			case "s":
				k, err := strconv.Atoi(strings.TrimSpace(c.V))
				if err != nil || k < 0 || k >= len(shared) {
					return nil, fmt.Errorf("%s: cell %s: no shared string %q", sheet, c.Ref, c.V)
				}
				v = shared[k]
			case "inlineStr":
				v = c.IS.T
				for _, r := range c.IS.R {
					v += r.T
				}
			default:
				v = c.V
			}
			for len(cells) <= col {
				cells = append(cells, "")
			}
			cells[col] = v
		}
		rows[n-1] = cells
	}
	return rows, nil
}

// firstSheet finds the part of the workbook's first sheet.
func firstSheet(read func(string) ([]byte, error)) (string, error) {
	wb, err := read("xl/workbook.xml")
	if err != nil {
		return "", err
	}
	var w struct {
		Sheets []struct {
			ID string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	if err := xml.Unmarshal(wb, &w); err != nil {
		return "", fmt.Errorf("workbook.xml: %w", err)
	}
	if len(w.Sheets) == 0 {
		return "", fmt.Errorf("the workbook has no sheet")
	}
	rels, err := read("xl/_rels/workbook.xml.rels")
	if err != nil {
		return "xl/worksheets/sheet1.xml", nil
	}
	var rs struct {
		Rel []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if err := xml.Unmarshal(rels, &rs); err != nil {
		return "", fmt.Errorf("workbook.xml.rels: %w", err)
	}
	for _, r := range rs.Rel {
		if r.ID == w.Sheets[0].ID {
			if strings.HasPrefix(r.Target, "/") {
				return strings.TrimPrefix(r.Target, "/"), nil
			}
			return path.Join("xl", r.Target), nil
		}
	}
	return "xl/worksheets/sheet1.xml", nil
}

// columnIndex is the zero-based column of a cell reference: "C7" → 2.
func columnIndex(ref string) int {
	n := 0
	i := 0
	for ; i < len(ref) && ref[i] >= 'A' && ref[i] <= 'Z'; i++ {
		n = n*26 + int(ref[i]-'A'+1)
		if n > 1<<20 {
			return -1
		}
	}
	if i == 0 {
		return -1
	}
	return n - 1
}
