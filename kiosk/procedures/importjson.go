package procedures

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
)

// Parse reads a catalogue file by its name's extension: .json, .csv or
// .xlsx (anything else is sniffed). It checks everything before it returns
// an Index, so a file with one bad row imports nothing.
func Parse(name string, data []byte) (*Index, error) {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".json":
		return ParseJSON(data)
	case ".csv", ".tsv", ".txt":
		return ParseCSV(data)
	case ".xlsx":
		return ParseXLSX(data)
	}
	switch {
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		return ParseXLSX(data)
	case len(bytes.TrimLeft(data, " \t\r\n\ufeff")) > 0 && strings.ContainsRune("{[", rune(bytes.TrimLeft(data, " \t\r\n\ufeff")[0])):
		return ParseJSON(data)
	}
	return ParseCSV(data)
}

// ParseJSON reads the JSON shape of doc.go: the catalogue object, or a
// bare array of procedure objects as the national database exports them.
func ParseJSON(data []byte) (*Index, error) {
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	trimmed := bytes.TrimLeft(data, " \t\r\n")
	var f File
	var err error
	if len(trimmed) > 0 && trimmed[0] == '[' {
		err = json.Unmarshal(data, &f.Procedures)
	} else {
		err = json.Unmarshal(data, &f)
	}
	if err != nil {
		return nil, jsonProblem(data, err)
	}
	return New(f)
}

// jsonProblem turns a decoding error into an ImportError naming the line
// and, for a wrong type, the key.
func jsonProblem(data []byte, err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	p := Problem{VI: "không đọc được JSON: " + err.Error(), EN: "cannot read the JSON: " + err.Error()}
	switch {
	case errors.As(err, &syn):
		l := lineOf(data, syn.Offset)
		p = Problem{WhereVI: fmt.Sprintf("dòng %d", l), WhereEN: fmt.Sprintf("line %d", l),
			VI: "JSON sai cú pháp: " + syn.Error(), EN: "JSON syntax error: " + syn.Error()}
	case errors.As(err, &typ):
		l := lineOf(data, typ.Offset)
		p = Problem{WhereVI: fmt.Sprintf("dòng %d", l), WhereEN: fmt.Sprintf("line %d", l), Field: typ.Field,
			VI: fmt.Sprintf("giá trị %s không đúng kiểu, cần %s", typ.Value, typ.Type), EN: fmt.Sprintf("value %s has the wrong type, want %s", typ.Value, typ.Type)}
	}
	return fmt.Errorf("%w: %w", ErrNotCatalogue, &ImportError{Problems: []Problem{p}})
}

func lineOf(data []byte, off int64) int {
	off = min(max(off, 0), int64(len(data)))
	return bytes.Count(data[:off], []byte("\n")) + 1
}
