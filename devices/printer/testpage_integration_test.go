//go:build integration

package printer_test

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/motcua-kiosk/motcua/devices/escpos"
	"github.com/motcua-kiosk/motcua/devices/printer"
)

// TestPrinter_PrintTestPage sends the admin's test page over a socat
// serial line to the test printer, checks that the printer got exactly
// the page for the kiosk's profile, renders it with the virtual printer
// and reads its QR back with zbarimg.
func TestPrinter_PrintTestPage(t *testing.T) {
	zbarimg, err := exec.LookPath("zbarimg")
	if err != nil {
		if os.Getenv("CI") == "" {
			t.Skip("zbarimg not installed (apt-get install zbar-tools)")
		}
		t.Fatalf("zbarimg required under CI: %v", err)
	}
	l := newLine(t, serialCfg, nil)
	tp := escpos.TestPage{Office: "UBND XÃ TÂN HÒA", Time: "08:15 12/05/2025", QR: "https://motcua.example.gov.vn/t/test"}
	if err := l.kiosk.PrintTestPage(context.Background(), tp); err != nil {
		t.Fatalf("PrintTestPage: %v", err)
	}
	if err := l.far.WaitJobs(1, 30*time.Second); err != nil {
		t.Fatal(err)
	}
	prof := l.kiosk.Profile()
	want, err := escpos.EncodeTestPage(tp, prof, l.kiosk.Strategy())
	if err != nil {
		t.Fatal(err)
	}
	job := l.far.Jobs()[0]
	if !bytes.Equal(job, want) {
		t.Fatalf("printer got %d bytes, want the %d-byte test page", len(job), len(want))
	}
	png, err := printer.RenderPNG(job, prof)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "testpage.png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(zbarimg, "--raw", "-q", path).Output()
	if err != nil {
		t.Fatalf("zbarimg %s: %v", path, err)
	}
	if got := strings.TrimSpace(string(out)); got != tp.QR {
		t.Errorf("QR reads %q, want %q", got, tp.QR)
	}
}
