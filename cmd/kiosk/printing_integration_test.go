//go:build integration

package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/motcua-kiosk/motcua/devices/escpos"
)

// TestPrintTestAndRender prints the reference ticket to a file with the
// real binary, renders that stream with `kiosk render`, and reads the QR
// back from the PNG with zbarimg.
func TestPrintTestAndRender(t *testing.T) {
	if _, err := exec.LookPath("zbarimg"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("zbarimg is missing (apt-get install zbar-tools)")
		}
		t.Skip("zbarimg is missing")
	}
	bin := buildKiosk(t)
	dir := t.TempDir()
	raw := filepath.Join(dir, "ticket.bin")
	if out, err := exec.Command(bin, "print-test", "--printer", "file:"+raw, "--profile", "generic-80mm").CombinedOutput(); err != nil {
		t.Fatalf("print-test: %v\n%s", err, out)
	}
	png := filepath.Join(dir, "ticket.png")
	if out, err := exec.Command(bin, "render", raw, png).CombinedOutput(); err != nil {
		t.Fatalf("render: %v\n%s", err, out)
	}
	out, err := exec.Command("zbarimg", "--raw", "-q", png).Output()
	if err != nil {
		t.Fatalf("zbarimg: %v", err)
	}
	if got, want := strings.TrimSpace(string(out)), escpos.ReferenceURL; got != want {
		t.Errorf("QR = %q, want %q", got, want)
	}
	// A stream with an unknown command is reported, not silently skipped.
	bad := filepath.Join(dir, "bad.bin")
	os.WriteFile(bad, []byte("\x1b@hello\n\x1d\x28\x4c\x02\x00\x30\x45"), 0o644)
	if out, err := exec.Command(bin, "render", bad, filepath.Join(dir, "bad.png")).CombinedOutput(); err == nil {
		t.Errorf("render of an unknown command succeeded:\n%s", out)
	}
}
