package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/motcua-kiosk/motcua/kiosk/procedures"
)

func init() {
	register("procedures", "the procedure catalogue: 'procedures import FILE' (.json, .csv, .xlsx), 'procedures search QUERY' (JSON lines), 'procedures reset' (back to the shipped one)", func(ctx context.Context, args []string) error {
		return runProcedures(ctx, args, os.Stdout, os.Stderr)
	})
}

func runProcedures(ctx context.Context, args []string, out, errOut io.Writer) error {
	if len(args) == 0 {
		return fmt.Errorf("procedures: import FILE, search QUERY or reset: %w", errUsage)
	}
	switch args[0] {
	case "import":
		return runProceduresImport(args[1:], out)
	case "search":
		return runProceduresSearch(args[1:], out, errOut)
	case "reset":
		return runProceduresReset(args[1:], out)
	}
	return fmt.Errorf("procedures: unknown %q (import, search, reset): %w", args[0], errUsage)
}

// runProceduresReset removes the imported catalogue of the data
// directory, so the kiosk shows the shipped one again (after a restart,
// as after an import).
func runProceduresReset(args []string, out io.Writer) error {
	fs := newFlags("procedures reset")
	data := fs.String("data", defaultDataDir(), "data directory of the kiosk")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return fmt.Errorf("procedures reset: no arguments besides --data: %w", errUsage)
	}
	if err := procedures.Remove(*data); err != nil {
		return fmt.Errorf("procedures reset: %w", err)
	}
	x, err := procedures.Shipped()
	if err != nil {
		return fmt.Errorf("procedures reset: %w", err)
	}
	m := x.Info()
	fmt.Fprintf(out, "Đã bỏ danh mục đã nhập; máy dùng lại danh mục có sẵn: %d thủ tục (phiên bản %q).\n", m.Count, m.Version)
	fmt.Fprintf(out, "Removed the imported catalogue; the kiosk uses the shipped one again: %d procedures (version %q).\n", m.Count, m.Version)
	return nil
}

// parseInterleaved parses flags that may come before or after the
// positional arguments ("import FILE --data DIR" as well as "import --data
// DIR FILE") and returns the positional ones.
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := parse(fs, args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// runProceduresImport checks FILE whole and, only if it is sound, stores
// it in the data directory in place of the shipped catalogue.
func runProceduresImport(args []string, out io.Writer) error {
	fs := newFlags("procedures import")
	data := fs.String("data", defaultDataDir(), "data directory of the kiosk (the imported catalogue is stored here)")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return fmt.Errorf("procedures import: one FILE (.json, .csv or .xlsx): %w", errUsage)
	}
	b, err := os.ReadFile(pos[0])
	if err != nil {
		return fmt.Errorf("procedures import: %w", err)
	}
	x, err := procedures.Parse(pos[0], b)
	if err != nil {
		return fmt.Errorf("procedures import %s: %w", pos[0], err)
	}
	if err := procedures.Install(*data, x); err != nil {
		return fmt.Errorf("procedures import: %w", err)
	}
	m := x.Info()
	fields := x.Fields()
	dest := filepath.Join(*data, procedures.FileName)
	fmt.Fprintf(out, "Đã nhập %d thủ tục, %d lĩnh vực (phiên bản %q", m.Count, len(fields), m.Version)
	if m.Updated.IsZero() {
		fmt.Fprint(out, ", không ghi ngày cập nhật")
	} else {
		fmt.Fprintf(out, ", %s", strings.ToLower(m.UpdatedText()[:1])+m.UpdatedText()[1:])
	}
	fmt.Fprintf(out, ") vào %s; danh mục này thay cho danh mục có sẵn.\n", dest)
	fmt.Fprintf(out, "Imported %d procedures in %d fields (version %q", m.Count, len(fields), m.Version)
	if !m.Updated.IsZero() {
		fmt.Fprintf(out, ", updated %s", m.Updated.Format("2006-01-02"))
	}
	fmt.Fprintf(out, ") into %s; it replaces the shipped catalogue.\n", dest)
	for _, f := range fields {
		fmt.Fprintf(out, "  %-24s %4d  %s\n", f.ID, len(x.ByField(f.ID)), f.Name)
	}
	return nil
}

// searchLine is one result of 'procedures search'.
type searchLine struct {
	ID    string  `json:"id"`
	Code  string  `json:"code,omitempty"` // MATTHC, when known
	Name  string  `json:"name"`
	Field string  `json:"field"`
	Score float64 `json:"score"`
}

func runProceduresSearch(args []string, out, errOut io.Writer) error {
	fs := newFlags("procedures search")
	data := fs.String("data", defaultDataDir(), "data directory of the kiosk (its imported catalogue, if any, is searched)")
	n := fs.Int("n", 5, "at most this many results")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	query := strings.TrimSpace(strings.Join(pos, " "))
	if query == "" || *n <= 0 {
		return fmt.Errorf("procedures search: a QUERY and -n of 1 or more: %w", errUsage)
	}
	x, _, err := procedures.Open(*data)
	if x == nil {
		return fmt.Errorf("procedures search: %w", err)
	}
	if err != nil {
		fmt.Fprintf(errOut, "Cảnh báo: danh mục đã nhập không đọc được, tìm trong danh mục có sẵn.\nWarning: the imported catalogue does not read, searching the shipped one: %v\n", err)
	}
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	for _, h := range x.Search(query, *n) {
		p := h.Procedure
		if err := enc.Encode(searchLine{p.ID, p.Code, p.Name, p.FieldName, h.Score}); err != nil {
			return err
		}
	}
	return nil
}
