//go:build integration

package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
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

// TestPrintTest_pages prints the profile test page and the installer's
// probe page to files with the real binary and reads their QR codes back
// from `kiosk render`'s PNG with zbarimg. The probe page tries code pages
// the rendering profile lacks, so render reports them (exit status 1)
// and still writes the picture.
func TestPrintTest_pages(t *testing.T) {
	if _, err := exec.LookPath("zbarimg"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("zbarimg is missing (apt-get install zbar-tools)")
		}
		t.Skip("zbarimg is missing")
	}
	bin := buildKiosk(t)
	dir := t.TempDir()
	tests := []struct {
		page, profile string
		args          []string
		want          []string // QR codes, sorted
		renderFails   bool
	}{
		{"profile", "xprinter-xp-58", nil, []string{"https://motcua.example.gov.vn/t/test"}, false},
		{"probe", "epson-tm-t82", []string{"--paper", "58"}, []string{escpos.ProbeRasterQR, escpos.ProbeNativeQR}, true},
	}
	for _, tt := range tests {
		t.Run(tt.page, func(t *testing.T) {
			raw := filepath.Join(dir, tt.page+".bin")
			args := append([]string{"print-test", "--printer", "file:" + raw, "--page", tt.page, "--profile", tt.profile}, tt.args...)
			out, err := exec.Command(bin, args...).Output()
			if err != nil {
				t.Fatalf("print-test: %v\n%s", err, out)
			}
			vi, en := strings.Index(string(out), "Đã in "), strings.Index(string(out), "Printed the ")
			if vi < 0 || en < vi {
				t.Errorf("output is not Vietnamese then English:\n%s", out)
			}
			png := filepath.Join(dir, tt.page+".png")
			rout, err := exec.Command(bin, "render", "--profile", tt.profile, raw, png).CombinedOutput()
			if (err != nil) != tt.renderFails {
				t.Fatalf("render: err %v, want failure %v\n%s", err, tt.renderFails, rout)
			}
			zout, err := exec.Command("zbarimg", "--raw", "-q", png).Output()
			if err != nil {
				t.Fatalf("zbarimg: %v", err)
			}
			got := strings.Split(strings.TrimSpace(string(zout)), "\n")
			sort.Strings(got)
			if !slices.Equal(got, tt.want) {
				t.Errorf("QR codes %q, want %q", got, tt.want)
			}
		})
	}
	// A page it does not know is a usage error; a printer it cannot open
	// is told in Vietnamese first.
	if out, err := exec.Command(bin, "print-test", "--printer", "file:"+filepath.Join(dir, "x.bin"), "--page", "menu").CombinedOutput(); err == nil {
		t.Errorf("print-test --page menu succeeded:\n%s", out)
	}
	var stderr strings.Builder
	cmd := exec.Command(bin, "print-test", "--printer", "file:"+filepath.Join(dir, "x.bin"), "--page", "probe", "--profile", "no-such-printer")
	cmd.Stderr = &stderr
	if err := cmd.Run(); err == nil {
		t.Error("print-test with an unknown profile succeeded")
	}
	if got, want := stderr.String(), "Không có loại máy in này: hãy chọn lại loại máy in.\nUnknown printer type"; !strings.HasPrefix(got, want) {
		t.Errorf("stderr = %q, want it to start %q", got, want)
	}
}
