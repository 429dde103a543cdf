//go:build integration

package escpos_test

import (
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/motcua-kiosk/motcua/devices/escpos"
	"github.com/motcua-kiosk/motcua/devices/escpos/interp"
)

// TestEncodeTicket_VirtualPrinter prints the reference ticket with every
// strategy on the virtual printer (an interpreter written from Epson's
// reference, not from this encoder), then reads the picture's QR code
// with zbarimg: the citizen's phone must get the exact URL back.
func TestEncodeTicket_VirtualPrinter(t *testing.T) {
	zbar, err := exec.LookPath("zbarimg")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("zbarimg missing under CI: %v", err)
		}
		t.Skip("zbarimg not installed (apt-get install zbar-tools)")
	}
	dir := t.TempDir()
	for _, pn := range []string{"generic-80mm", "generic-58mm", "epson-tm-t82", "bixolon-srp-330ii"} {
		for _, s := range escpos.Strategies {
			name := pn + "-" + string(s)
			p, err := escpos.LookupProfile(pn)
			if err != nil {
				t.Fatal(err)
			}
			if p.CheckStrategy(s) != nil {
				continue // refused: TestProfile_Commands
			}
			t.Run(name, func(t *testing.T) {
				b, err := escpos.EncodeTicket(escpos.ReferenceTicket(), p, s)
				if err != nil {
					t.Fatal(err)
				}
				img, rep, err := interp.Render(b, p)
				if err != nil {
					t.Fatal(err)
				}
				if len(rep.Unknown) > 0 {
					t.Errorf("virtual printer met unknown commands: %v", rep.Unknown)
				}
				want := 0
				if p.Cutter {
					want = 1 // else fed to the tear bar, never GS V
				}
				if got := rep.Cuts; got != want {
					t.Errorf("cuts = %d, want %d", got, want)
				}
				if s == escpos.StrategyCodePage && strings.HasPrefix(pn, "generic") == false {
					want := []string{"UBND XÃ TÂN HÒA - TRUNG TÂM PHỤC VỤ HÀNH", "CHÍNH CÔNG", "Số thứ tự của bạn"} // 44 columns inside the margins
					for i, w := range want {
						if i >= len(rep.Lines) || strings.TrimSpace(rep.Lines[i]) != w {
							t.Errorf("line %d = %q, want %q", i, at(rep.Lines, i), w)
						}
					}
				}
				path := filepath.Join(dir, name+".png")
				f, err := os.Create(path)
				if err != nil {
					t.Fatal(err)
				}
				if err := png.Encode(f, img); err != nil {
					t.Fatal(err)
				}
				f.Close()
				out, err := exec.Command(zbar, "--raw", "-q", path).Output()
				if err != nil {
					t.Fatalf("zbarimg %s: %v", path, err)
				}
				if got, want := strings.TrimSpace(string(out)), escpos.ReferenceURL; got != want {
					t.Errorf("QR read %q, want %q", got, want)
				}
			})
		}
	}
}

func at(s []string, i int) string {
	if i < len(s) {
		return s[i]
	}
	return ""
}
