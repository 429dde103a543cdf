package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/motcua-kiosk/motcua/kiosk/procedures"
)

// TestProcedures_ImportThenSearch: 'kiosk procedures import' stores a
// sound file in the data directory and 'search' then finds in it, best
// first, as JSON lines; a file with a bad row changes nothing.
func TestProcedures_ImportThenSearch(t *testing.T) {
	ctx := context.Background()
	data := t.TempDir()
	var out, errOut bytes.Buffer

	// Before any import: the shipped catalogue.
	if err := Run(ctx, []string{"procedures", "search", "--data", data, "-n", "3", "chuwng", "thuwcj", "ban", "sao"}); err != nil {
		t.Fatal(err)
	}
	if err := runProcedures(ctx, []string{"search", "--data", data, "-n", "3", "chuwng thuwcj ban sao"}, &out, &errOut); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	var first struct {
		ID, Code, Name, Field string
		Score                 float64
	}
	if err := json.Unmarshal([]byte(lines[0]), &first); err != nil || len(lines) != 3 {
		t.Fatalf("search printed %q: %v", out.String(), err)
	}
	if first.ID != "ct-ban-sao" || first.Field != "Chứng thực" || first.Score <= 0 {
		t.Errorf("first hit = %+v", first)
	}

	csv := filepath.Join(t.TempDir(), "xa.csv")
	os.WriteFile(csv, []byte("#PHIENBAN,xa-1\n#NGAYCAPNHAT,2026-11-30\nMATTHC,Tên thủ tục,Lĩnh vực\n1.001193,Đăng ký khai sinh,Hộ tịch\n2.000884,Chứng thực bản sao từ bản chính,Chứng thực\n"), 0o644)
	out.Reset()
	if err := runProcedures(ctx, []string{"import", csv, "--data", data}, &out, &errOut); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Đã nhập 2 thủ tục, 2 lĩnh vực (phiên bản \"xa-1\", cập nhật ngày 30/11/2026)", "Imported 2 procedures in 2 fields"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("import printed %q, want %q", out.String(), want)
		}
	}
	out.Reset()
	if err := runProcedures(ctx, []string{"search", "--data", data, "khai", "sinh"}, &out, &errOut); err != nil {
		t.Fatal(err)
	}
	if got := out.String(); !strings.HasPrefix(got, `{"id":"1.001193","code":"1.001193","name":"Đăng ký khai sinh","field":"Hộ tịch","score":`) || strings.Count(got, "\n") != 1 {
		t.Errorf("search after import printed %q", got)
	}

	// A bad file: every problem named, the stored catalogue unchanged.
	bad := filepath.Join(t.TempDir(), "bad.csv")
	os.WriteFile(bad, []byte("MA,TENTTHC,TENLINHVUC\nx,,Hộ tịch\ny,Đăng ký kết hôn,\n"), 0o644)
	before, _ := os.ReadFile(filepath.Join(data, procedures.FileName))
	err := runProcedures(ctx, []string{"import", "--data", data, bad}, &out, &errOut)
	var ie *procedures.ImportError
	if !errors.As(err, &ie) || len(ie.Problems) != 2 || !strings.Contains(err.Error(), "dòng 2, cột TENTTHC") || !strings.Contains(err.Error(), "dòng 3, cột TENLINHVUC") {
		t.Errorf("import of a bad file: %v", err)
	}
	if after, _ := os.ReadFile(filepath.Join(data, procedures.FileName)); !bytes.Equal(before, after) {
		t.Error("a bad import changed the stored catalogue")
	}
	if err := runProcedures(ctx, []string{"search", "--data", data}, &out, &errOut); !errors.Is(err, errUsage) {
		t.Errorf("search without a query: %v", err)
	}

	// Reset: the shipped catalogue again, and a second reset is harmless.
	for range 2 {
		out.Reset()
		if err := runProcedures(ctx, []string{"reset", "--data", data}, &out, &errOut); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(out.String(), "máy dùng lại danh mục có sẵn") {
			t.Errorf("reset printed %q", out.String())
		}
	}
	out.Reset()
	if err := runProcedures(ctx, []string{"search", "--data", data, "-n", "1", "khai", "sinh"}, &out, &errOut); err != nil {
		t.Fatal(err)
	}
	if got := out.String(); !strings.HasPrefix(got, `{"id":"khai-sinh"`) {
		t.Errorf("search after reset printed %q, want the shipped khai-sinh", got)
	}
}
