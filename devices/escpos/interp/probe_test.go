package interp

import (
	"fmt"
	"strings"
	"testing"

	"github.com/motcua-kiosk/motcua/devices/escpos"
)

// probePrinter is a virtual printer with every code page the probe page
// tries: what a printer with every feature would put on paper.
func probePrinter(dots int) escpos.Profile {
	pages := map[int]string{0: "cp437"}
	for _, pc := range escpos.ProbeCodePages() {
		pages[pc.Page] = pc.Charset
	}
	return escpos.Profile{Name: fmt.Sprintf("probe-%d", dots), DotsPerLine: dots, CodePages: pages}
}

// TestRender_ProbePage prints the installer's probe page on the virtual
// printer at both widths: every section's commands seen, nothing it
// cannot draw, one cut, the native QR's data, the sample decoded in each
// code page under its label, and the user-defined glyphs drawn.
func TestRender_ProbePage(t *testing.T) {
	for _, dots := range []int{escpos.Dots80mm, escpos.Dots58mm} {
		name := map[int]string{escpos.Dots80mm: "80mm", escpos.Dots58mm: "58mm"}[dots]
		t.Run(name, func(t *testing.T) {
			stream, err := escpos.EncodeProbePage(escpos.TestPage{Office: "UBND XÃ TÂN HÒA", Time: "08:15 12/05/2025"}, dots)
			if err != nil {
				t.Fatal(err)
			}
			img, rep := render(t, probePrinter(dots), stream)
			if len(rep.Unknown) != 0 {
				t.Errorf("unknown commands: %v", rep.Unknown)
			}
			for cmd, want := range map[string]int{"ESC &": 1, "ESC %": 2, "GS V": 1, "GS ( k": 5, "ESC t": 2 * len(escpos.ProbeCodePages())} {
				if got := rep.Commands[cmd]; got != want {
					t.Errorf("%s seen %d times, want %d (all: %v)", cmd, got, want, rep.Commands)
				}
			}
			if rep.Cuts != 1 {
				t.Errorf("cuts = %d, want 1", rep.Cuts)
			}
			if len(rep.QRCodes) != 1 || rep.QRCodes[0] != escpos.ProbeNativeQR {
				t.Errorf("GS ( k QR codes %q, want [%q]", rep.QRCodes, escpos.ProbeNativeQR)
			}
			// After each page's label, its first line is the sample's
			// beginning decoded through that page.
			for _, pc := range escpos.ProbeCodePages() {
				label := fmt.Sprintf("ESC t %d (%s):", pc.Page, pc.Charset)
				i := indexLine(rep.Lines, label)
				if i < 0 || i+1 >= len(rep.Lines) {
					t.Errorf("no line %q", label)
					continue
				}
				want := "Tiếng Việt: ă â đ ê ô ơ ư"
				if pc.Charset == "tcvn3-upper" {
					want = "ẢÃẠẨẪẬỂỄỆ"
				}
				if got := strings.TrimSpace(rep.Lines[i+1]); !strings.HasPrefix(got, want) {
					t.Errorf("after %q: %q, want it to start %q", label, got, want)
				}
			}
			glyphs := 0
			for _, l := range rep.Lines {
				glyphs += strings.Count(l, "\uFFFC")
			}
			if glyphs != 8 {
				t.Errorf("%d user-defined glyphs printed, want 8", glyphs)
			}
			if i, j := indexLine(rep.Lines, "profile"), indexLine(rep.Lines, "xprinter-xp-80-viscii"); i < 0 || j < i {
				t.Errorf("profile table missing: header at %d, last row at %d", i, j)
			}
			golden(t, "probe-"+name+".png", img)
		})
	}
}

// indexLine is the first printed line that starts with prefix, spaces
// trimmed, or -1.
func indexLine(lines []string, prefix string) int {
	for i, l := range lines {
		if strings.HasPrefix(strings.TrimSpace(l), prefix) {
			return i
		}
	}
	return -1
}
