package interp

import (
	"fmt"
	"image"
	"strings"
	"testing"

	"github.com/motcua-kiosk/motcua/devices/escpos"
)

// referenceCase is the reference ticket encoded for one paper width and
// one text strategy.
type referenceCase struct {
	name     string
	profile  escpos.Profile
	strategy escpos.Strategy
}

// referenceCases covers every strategy at 576 and 384 dots: an Epson with
// TCVN-3 and user-defined characters (and the same printer on 58 mm paper),
// plus the generic 58 mm profile, whose QR goes as a raster image.
func referenceCases(t *testing.T) []referenceCase {
	t.Helper()
	t20, err := escpos.LookupProfile("epson-tm-t20")
	if err != nil {
		t.Fatalf("LookupProfile: %v", err)
	}
	narrow := t20
	narrow.Name, narrow.PaperMM, narrow.DotsPerLine = "epson-tm-t20-58mm", 58, 384
	generic58, err := escpos.LookupProfile("generic-58mm")
	if err != nil {
		t.Fatalf("LookupProfile: %v", err)
	}
	var cases []referenceCase
	for _, p := range []escpos.Profile{t20, narrow} {
		for _, s := range escpos.Strategies {
			cases = append(cases, referenceCase{fmt.Sprintf("%s-%d", s, p.DotsPerLine), p, s})
		}
	}
	return append(cases, referenceCase{"generic58-hybrid-rasterqr-384", generic58, escpos.StrategyHybrid})
}

func (rc referenceCase) render(t *testing.T) (*image.Gray, Report) {
	t.Helper()
	stream, err := escpos.EncodeTicket(escpos.ReferenceTicket(), rc.profile, rc.strategy)
	if err != nil {
		t.Fatalf("EncodeTicket: %v", err)
	}
	return render(t, rc.profile, stream)
}

// TestRender_ReferenceTicket renders the encoder's reference ticket with
// every strategy and checks what the printer would do with it: no unknown
// command, one cut, one QR holding the ticket URL, the number printed; and
// the picture against a golden PNG that a person has looked at.
func TestRender_ReferenceTicket(t *testing.T) {
	for _, rc := range referenceCases(t) {
		t.Run(rc.name, func(t *testing.T) {
			img, rep := rc.render(t)
			if len(rep.Unknown) != 0 {
				t.Errorf("unknown commands: %v", rep.Unknown)
			}
			wantCuts := 0
			if rc.profile.Cutter {
				wantCuts = 1 // else fed to the tear bar, never GS V
			}
			if rep.Cuts != wantCuts {
				t.Errorf("cuts = %d, want %d", rep.Cuts, wantCuts)
			}
			if got := img.Bounds().Dx(); got != rc.profile.DotsPerLine {
				t.Errorf("width %d, want %d", got, rc.profile.DotsPerLine)
			}
			if rc.profile.NativeQR {
				if len(rep.QRCodes) != 1 || rep.QRCodes[0] != escpos.ReferenceURL {
					t.Errorf("QR codes %q, want [%q]", rep.QRCodes, escpos.ReferenceURL)
				}
			} else if len(rep.QRCodes) != 0 || rep.Images == 0 {
				t.Errorf("profile without native QR: %d native QR, %d images", len(rep.QRCodes), rep.Images)
			}
			text := strings.Join(rep.Lines, " ") // the body wraps at 14 columns on 58 mm
			if rc.strategy == escpos.StrategyCodePage {
				for _, want := range []string{"A012", "Số thứ tự của bạn", "Số người đang chờ: 5", "khuyết tật"} {
					if !strings.Contains(text, want) {
						t.Errorf("printed text lacks %q:\n%s", want, text)
					}
				}
			}
			if rc.strategy != escpos.StrategyRaster && rc.strategy != escpos.StrategyUserChars && !strings.Contains(text, "A012") {
				t.Errorf("number not printed in the printer font:\n%s", text)
			}
			golden(t, "reference-"+rc.name+".png", img)
		})
	}
}
