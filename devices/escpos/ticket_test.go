package escpos

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/motcua-kiosk/motcua/devices"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

func mustProfile(t testing.TB, name string) Profile {
	t.Helper()
	p, err := LookupProfile(name)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestEncodeTicket_Golden pins the bytes of the reference ticket for each
// profile and strategy. Run with -update after a deliberate change and
// look at the virtual printer's rendering of the new bytes.
func TestEncodeTicket_Golden(t *testing.T) {
	for _, pn := range []string{"generic-80mm", "generic-58mm", "epson-tm-t82", "xprinter-xp-80-viscii"} {
		for _, s := range Strategies {
			name := fmt.Sprintf("%s-%s", pn, s)
			p := mustProfile(t, pn)
			if p.CheckStrategy(s) != nil {
				continue // refused: TestProfile_Commands
			}
			t.Run(name, func(t *testing.T) {
				got, err := EncodeTicket(ReferenceTicket(), p, s)
				if err != nil {
					t.Fatal(err)
				}
				path := filepath.Join("testdata", "golden", name+".bin")
				if *update {
					if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(path, got, 0o644); err != nil {
						t.Fatal(err)
					}
				}
				want, err := os.ReadFile(path)
				if err != nil {
					t.Fatalf("%v (run go test -update once)", err)
				}
				if !bytes.Equal(got, want) {
					t.Errorf("%d bytes differ from golden %s (%d bytes)", len(got), path, len(want))
				}
			})
		}
	}
}

// TestEncodeTicket_EveryLetter prints all 134 Vietnamese letters (and
// the ASCII vowels) with the code page strategy and reads the text back
// through the pages the stream selects: every letter must come back, on
// TCVN-3 by switching to page 31 for the toned capitals.
func TestEncodeTicket_EveryLetter(t *testing.T) {
	letters := string(vietnameseLetters()) + "aeiouyAEIOUYdD"
	p := mustProfile(t, "epson-tm-t82")
	tk := devices.Ticket{Service: letters}
	b, err := EncodeTicket(tk, p, StrategyCodePage)
	if err != nil {
		t.Fatal(err)
	}
	w, err := walk(b, p)
	if err != nil {
		t.Fatal(err)
	}
	if len(w.images) != 0 {
		t.Errorf("%d raster images: TCVN-3 pages 30+31 should write every letter", len(w.images))
	}
	if got, want := strings.Join(w.lines, ""), letters; got != want {
		t.Errorf("read back\n%q\nwant\n%q", got, want)
	}
	// One letter at a time too, so a wrong byte cannot hide in the crowd.
	for _, r := range letters {
		b, err := EncodeTicket(devices.Ticket{Heading: string(r)}, p, StrategyCodePage)
		if err != nil {
			t.Fatal(err)
		}
		w, err := walk(b, p)
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(w.lines, ""); got != string(r) {
			t.Errorf("%q read back as %q", r, got)
		}
	}
}

// TestEncodeTicket_Fallback checks that lines a profile's pages cannot
// write go as raster and nothing is dropped: the TCVN-3 page 1 alone
// lacks toned capitals, VISCII lacks six capitals, CP437 has no
// Vietnamese at all.
func TestEncodeTicket_Fallback(t *testing.T) {
	tests := []struct {
		name       string
		pages      map[int]string
		text       string
		wantText   int // text lines expected
		wantImages int
	}{
		{"tcvn3 page 1 lowercase", map[int]string{30: "tcvn3"}, "số thứ tự", 1, 0},
		{"tcvn3 page 1 toned capital", map[int]string{30: "tcvn3"}, "SỐ THỨ TỰ", 0, 1},
		{"tcvn3 page 1 plain capitals", map[int]string{30: "tcvn3"}, "ĐƯA ĂN ĐÊ", 1, 0},
		{"viscii capitals", map[int]string{27: "viscii"}, "SỐ THỨ TỰ", 1, 0},
		{"viscii lacks Ẵ", map[int]string{27: "viscii"}, "ẴN", 0, 1},
		{"cp437 only", map[int]string{0: "cp437"}, "Số", 0, 1},
		{"cp437 ascii", map[int]string{0: "cp437"}, "A012 - 5", 1, 0},
		{"eth is not Đ", map[int]string{30: "tcvn3"}, "ÐÐ", 0, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := Profile{Name: "t", DotsPerLine: 576, CodePages: tt.pages}
			b, err := EncodeTicket(devices.Ticket{Heading: tt.text}, p, StrategyCodePage)
			if err != nil {
				t.Fatal(err)
			}
			w, err := walk(b, p)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := len(w.lines), tt.wantText; got != want {
				t.Errorf("text lines = %d %q, want %d", got, w.lines, want)
			}
			if got, want := len(w.images), tt.wantImages; got != want {
				t.Errorf("images = %d, want %d", got, want)
			}
			if tt.wantText == 1 && len(w.lines) == 1 {
				if got, want := w.lines[0], tt.text; got != want {
					t.Errorf("read back %q, want %q", got, want)
				}
			}
		})
	}
}

// TestEncodeTicket_Raster checks every raster image any strategy sends:
// no blank row or column at any edge, nothing wider than the paper.
func TestEncodeTicket_Raster(t *testing.T) {
	for _, pn := range []string{"generic-80mm", "generic-58mm", "epson-tm-t82"} {
		for _, s := range Strategies {
			p := mustProfile(t, pn)
			if p.CheckStrategy(s) != nil {
				continue // refused: TestProfile_Commands
			}
			t.Run(pn+"-"+string(s), func(t *testing.T) {
				b, err := EncodeTicket(ReferenceTicket(), p, s)
				if err != nil {
					t.Fatal(err)
				}
				w, err := walk(b, p)
				if err != nil {
					t.Fatal(err)
				}
				if got, want := w.cuts, b2i(p.Cutter); got != want {
					t.Errorf("cuts = %d, want %d", got, want)
				}
				if p.NativeQR {
					if len(w.qr) != 1 || w.qr[0] != ReferenceURL {
						t.Errorf("native QR = %q, want %q", w.qr, ReferenceURL)
					}
				}
				for i, img := range w.images {
					if img.W > p.DotsPerLine {
						t.Errorf("image %d is %d dots wide on %d-dot paper", i, img.W, p.DotsPerLine)
					}
					// Packed widths round up to a byte (doubled in m=1), so
					// measure the ink against the bytes actually sent.
					ink := img.InkBounds()
					slack := 7
					if img.W > 0 && s != StrategyRaster && i < len(w.images) {
						slack = 15
					}
					if ink.Min.X != 0 || ink.Min.Y != 0 || ink.Max.Y != img.H || img.W-ink.Max.X > slack {
						t.Errorf("image %d: ink %v in %dx%d", i, ink, img.W, img.H)
					}
				}
			})
		}
	}
}

func TestEncodeTicket_Errors(t *testing.T) {
	p := mustProfile(t, "generic-80mm")
	tests := []struct {
		name string
		t    devices.Ticket
		p    Profile
		s    Strategy
		want error
	}{
		{"unknown strategy", ReferenceTicket(), p, "magic", ErrUnknownStrategy},
		{"bad width", ReferenceTicket(), Profile{Name: "x", DotsPerLine: 100}, StrategyHybrid, nil},
		{"rune no font has", devices.Ticket{Heading: "Số 漢"}, p, StrategyHybrid, nil},
		{"rune no font has, codepage", devices.Ticket{Heading: "☃"}, p, StrategyCodePage, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := EncodeTicket(tt.t, tt.p, tt.s)
			if err == nil {
				t.Fatal("no error")
			}
			if tt.want != nil && !errors.Is(err, tt.want) {
				t.Errorf("err = %v, want %v", err, tt.want)
			}
		})
	}
}

// TestEncodeTicket_NFC: decomposed input (e + combining marks, as some
// keyboards and databases produce) prints exactly like precomposed.
func TestEncodeTicket_NFC(t *testing.T) {
	p := mustProfile(t, "epson-tm-t82")
	pre, err := EncodeTicket(devices.Ticket{Heading: "Thời gian chờ dự kiến"}, p, StrategyCodePage)
	if err != nil {
		t.Fatal(err)
	}
	dec, err := EncodeTicket(devices.Ticket{Heading: "Tho\u031b\u0300i gian cho\u031b\u0300 du\u031b\u0323 kie\u0302\u0301n"}, p, StrategyCodePage)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(pre, dec) {
		t.Errorf("decomposed input encodes differently:\n% x\n% x", dec, pre)
	}
}

func TestEncodeTicket_Targets(t *testing.T) {
	tests := []struct {
		profile string
		s       Strategy
		max     int
	}{
		{"epson-tm-t82", StrategyCodePage, 450},
		// Issue 12 traded bytes for letters an elderly reader reads without
		// glasses (36 px body, 2.9x the ink of the 20 px of issue 3's 3,000):
		// 0.75 s at 115200 baud, 9 s at 9600. See docs/perf/escpos.md.
		{"generic-80mm", StrategyHybrid, 9000},
		{"generic-80mm", "", 9000}, // the profile's default
	}
	for _, tt := range tests {
		b, err := EncodeTicket(ReferenceTicket(), mustProfile(t, tt.profile), tt.s)
		if err != nil {
			t.Fatal(err)
		}
		if len(b) > tt.max {
			t.Errorf("%s %s: %d bytes, target %d", tt.profile, tt.s, len(b), tt.max)
		}
	}
}

func TestWrap(t *testing.T) {
	tests := []struct {
		in    string
		width int
		want  string
	}{
		{"Cấp đổi, cấp lại giấy xác nhận khuyết tật", 16, "Cấp đổi, cấp lại|giấy xác nhận|khuyết tật"},
		{"abcdefghij", 4, "abcd|efgh|ij"},
		{"  a  b  ", 10, "a b"},
		{"", 10, ""},
	}
	for _, tt := range tests {
		if got := strings.Join(wrap(tt.in, tt.width), "|"); got != tt.want {
			t.Errorf("wrap(%q, %d) = %q, want %q", tt.in, tt.width, got, tt.want)
		}
	}
}

// TestEncodeTicket_UserChars: only the glyphs the ticket uses are
// downloaded, each once, and no line needs raster on 80 mm (a printer
// with user-defined characters and no Vietnamese code page).
func TestEncodeTicket_UserChars(t *testing.T) {
	p := mustProfile(t, "xprinter-xp-80")
	tk := ReferenceTicket()
	b, err := EncodeTicket(tk, p, StrategyUserChars)
	if err != nil {
		t.Fatal(err)
	}
	w, err := walk(b, p)
	if err != nil {
		t.Fatal(err)
	}
	distinct := map[rune]bool{}
	top, bottom := ticketLines(tk)
	for _, l := range append(top, bottom...) {
		for _, r := range l.text {
			if r >= 0x80 {
				distinct[r] = true
			}
		}
	}
	if got, want := w.udc, len(distinct); got != want {
		t.Errorf("downloaded %d characters, the ticket uses %d", got, want)
	}
	if got := len(w.images); got != 0 {
		t.Errorf("%d raster images, want 0", got)
	}
	if len(b) >= 3000 {
		t.Errorf("%d bytes", len(b))
	}
}

func TestCellGlyph_FitsAndInks(t *testing.T) {
	f, err := getFont(false, cellPx)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range vietnameseLetters() {
		g, err := f.cellGlyph(r)
		if err != nil {
			t.Fatal(err)
		}
		// Rebuild the cell and compare its ink with the unclipped glyph's.
		cell := NewBitmap(cellW, cellH)
		for x := 0; x < cellW; x++ {
			for y := 0; y < cellH; y++ {
				if g.Cols[x*3+y/8]&(0x80>>(y%8)) != 0 {
					cell.Set(x, y, true)
				}
			}
		}
		full, err := RenderText(string(r), false, cellPx)
		if err != nil {
			t.Fatal(err)
		}
		ink := cell.InkBounds()
		if ink.Dy() < full.H-1 || ink.Dx() < full.W-1 {
			t.Errorf("%q clipped: %v in the cell, %dx%d drawn", r, ink, full.W, full.H)
		}
	}
}
