package interp

import (
	"strings"
	"testing"

	"github.com/motcua-kiosk/motcua/devices/escpos"
)

// testPageCases are the profiles whose test page is pinned by a golden
// PNG: one of each kind (no Vietnamese page, TCVN-3, VISCII; 80 and
// 58 mm; native and raster QR; with and without a cutter), each with its
// default strategy.
var testPageCases = []string{"generic-80mm", "generic-58mm", "epson-tm-t82", "xprinter-xp-80-viscii", "xprinter-xp-58"}

// TestRender_TestPage prints the admin's test page for each profile on the
// virtual printer: nothing it cannot draw, a cut only with a cutter, the
// QR native or raster as the profile says, and the strategy and code
// pages named on the page.
func TestRender_TestPage(t *testing.T) {
	for _, name := range testPageCases {
		t.Run(name, func(t *testing.T) {
			p, err := escpos.LookupProfile(name)
			if err != nil {
				t.Fatal(err)
			}
			stream, err := escpos.EncodeTestPage(escpos.TestPage{Office: "UBND XÃ TÂN HÒA", Time: "08:15 12/05/2025"}, p, "")
			if err != nil {
				t.Fatalf("EncodeTestPage: %v", err)
			}
			img, rep := render(t, p, stream)
			if len(rep.Unknown) != 0 {
				t.Errorf("unknown commands: %v", rep.Unknown)
			}
			wantCuts := 0
			if p.Cutter {
				wantCuts = 1
			}
			if got := rep.Cuts; got != wantCuts {
				t.Errorf("cuts = %d, want %d (cutter %v)", got, wantCuts, p.Cutter)
			}
			if p.NativeQR {
				if len(rep.QRCodes) != 1 || rep.QRCodes[0] != escpos.ReferenceURL {
					t.Errorf("QR codes %q, want [%q]", rep.QRCodes, escpos.ReferenceURL)
				}
			} else if len(rep.QRCodes) != 0 {
				t.Errorf("profile without native QR got GS ( k: %q", rep.QRCodes)
			}
			if got := img.Bounds().Dx(); got != p.DotsPerLine {
				t.Errorf("width %d, want %d", got, p.DotsPerLine)
			}
			if p.DefaultStrategy() == escpos.StrategyCodePage {
				// Lines wrap at spaces: join them back with one.
				var parts []string
				for _, l := range rep.Lines {
					parts = append(parts, strings.TrimSpace(l))
				}
				text := strings.Join(parts, " ")
				for _, want := range []string{"Hồ sơ máy in: " + p.Name, "Cách in chữ: codepage", escpos.VietnameseSample} {
					if !strings.Contains(text, want) {
						t.Errorf("printed text lacks %q:\n%s", want, text)
					}
				}
			}
			golden(t, "testpage-"+name+".png", img)
		})
	}
}
