package interp

import (
	"bytes"
	"image"
	"slices"
	"strings"
	"testing"

	"github.com/skip2/go-qrcode"

	"github.com/motcua-kiosk/motcua/devices/escpos"
)

func TestNew_BadProfile(t *testing.T) {
	for _, dots := range []int{0, -1, 5000} {
		if _, err := New(escpos.Profile{DotsPerLine: dots}, Options{}); err == nil {
			t.Errorf("New(dots=%d): no error", dots)
		}
	}
}

func TestRender_Text(t *testing.T) {
	img, rep := render(t, prof80, cat("AB", lf, "cd", lf))
	if got, want := img.Bounds().Dx(), 576; got != want {
		t.Errorf("width = %d, want %d", got, want)
	}
	if got, want := img.Bounds().Dy(), 2*defaultSpacing; got != want {
		t.Errorf("height = %d, want %d (two lines)", got, want)
	}
	if got, want := strings.Join(rep.Lines, "|"), "AB|cd"; got != want {
		t.Errorf("lines = %q, want %q", got, want)
	}
	box := inkBox(img)
	if box.Min.X < 0 || box.Max.X > 2*fontA.w || box.Max.Y > 2*defaultSpacing {
		t.Errorf("ink box %v outside two 12-dot cells on two lines", box)
	}
	if len(rep.Unknown) != 0 {
		t.Errorf("unknown: %v", rep.Unknown)
	}
}

func TestRender_Width48Columns(t *testing.T) {
	for _, tc := range []struct {
		p     escpos.Profile
		chars int
		lines int
	}{
		{prof80, 48, 1}, {prof80, 49, 2}, {prof58, 32, 1}, {prof58, 33, 2},
	} {
		_, rep := render(t, tc.p, cat(strings.Repeat("x", tc.chars), lf))
		if got := len(rep.Lines); got != tc.lines {
			t.Errorf("%d chars on %d dots: %d lines, want %d", tc.chars, tc.p.DotsPerLine, got, tc.lines)
		}
	}
}

func TestRender_Align(t *testing.T) {
	for _, tc := range []struct {
		n          byte
		minX, maxX int // where the centre of the ink must be
	}{
		{0, 0, 30}, {'0', 0, 30}, {1, 270, 306}, {'1', 270, 306}, {2, 546, 576}, {'2', 546, 576},
	} {
		img, _ := render(t, prof80, cat(esc, 'a', tc.n, "WW", lf))
		b := inkBox(img)
		if c := (b.Min.X + b.Max.X) / 2; c < tc.minX || c > tc.maxX {
			t.Errorf("ESC a %d: ink centre %d, want in [%d,%d]", tc.n, c, tc.minX, tc.maxX)
		}
	}
}

func TestRender_AlignIgnoredMidLine(t *testing.T) {
	img, rep := render(t, prof80, cat("A", esc, 'a', 2, "B", lf))
	if b := inkBox(img); b.Max.X > 30 {
		t.Errorf("ESC a mid-line moved the line: ink %v", b)
	}
	if len(rep.Notes) != 1 || rep.Notes[0].Offset != 1 || rep.Notes[0].Cmd != "ESC a" {
		t.Errorf("notes = %v, want one ESC a note at offset 1", rep.Notes)
	}
}

func TestRender_Emphasis(t *testing.T) {
	text := "Cap doi, cap lai"
	regular, _ := render(t, prof80, cat(text, lf))
	for _, cmd := range [][]byte{{esc, 'E', 1}, {esc, 'G', 1}, {esc, '!', 0x08}} {
		bold, _ := render(t, prof80, cat(cmd, text, lf))
		if r, b := inkCount(regular), inkCount(bold); float64(b) < 1.2*float64(r) {
			t.Errorf("%q: bold ink %d not clearly more than regular %d", cmd, b, r)
		}
	}
	off, _ := render(t, prof80, cat(esc, 'E', 1, esc, 'E', 0, text, lf))
	if inkCount(off) != inkCount(regular) {
		t.Errorf("ESC E 0 did not cancel emphasis")
	}
}

func TestRender_CharacterSize(t *testing.T) {
	base, _ := render(t, prof80, cat("H", lf))
	b0 := inkBox(base)
	for _, tc := range []struct {
		cmd    []byte
		wm, hm int
	}{
		{[]byte{gs, '!', 0x00}, 1, 1},
		{[]byte{gs, '!', 0x10}, 2, 1},
		{[]byte{gs, '!', 0x01}, 1, 2},
		{[]byte{gs, '!', 0x11}, 2, 2},
		{[]byte{gs, '!', 0x33}, 4, 4},
		{[]byte{gs, '!', 0x77}, 8, 8},
		{[]byte{esc, '!', 0x10}, 1, 2},
		{[]byte{esc, '!', 0x20}, 2, 1},
		{[]byte{esc, '!', 0x30}, 2, 2},
	} {
		img, rep := render(t, prof80, cat(tc.cmd, "H", lf))
		b := inkBox(img)
		rh := float64(b.Dy()) / float64(b0.Dy())
		rw := float64(b.Dx()) / float64(b0.Dx())
		if rh < 0.8*float64(tc.hm) || rh > 1.25*float64(tc.hm) {
			t.Errorf("%v: height ratio %.2f, want about %d", tc.cmd, rh, tc.hm)
		}
		if rw < 0.7*float64(tc.wm) || rw > 1.3*float64(tc.wm) {
			t.Errorf("%v: width ratio %.2f, want about %d", tc.cmd, rw, tc.wm)
		}
		if got, want := rep.Height, max(defaultSpacing, fontA.h*tc.hm); got != want {
			t.Errorf("%v: paper height %d, want %d", tc.cmd, got, want)
		}
	}
}

func TestRender_FontB(t *testing.T) {
	for _, cmd := range [][]byte{{esc, 'M', 1}, {esc, '!', 0x01}} {
		_, rep := render(t, prof80, cat(cmd, strings.Repeat("x", 64), lf))
		if got := len(rep.Lines); got != 1 {
			t.Errorf("%v: 64 Font B characters took %d lines, want 1", cmd, got)
		}
	}
}

func TestRender_Underline(t *testing.T) {
	for _, tc := range []struct {
		cmd  []byte
		rows int
	}{
		{[]byte{esc, '-', 1}, 1}, {[]byte{esc, '-', 2}, 2}, {[]byte{esc, '!', 0x80}, 1},
	} {
		img, _ := render(t, prof80, cat(tc.cmd, "ab", lf))
		full := 0
		for y := 0; y < img.Bounds().Dy(); y++ {
			if img.GrayAt(0, y).Y == 0 && img.GrayAt(23, y).Y == 0 {
				full++
			}
		}
		if full != tc.rows {
			t.Errorf("%v: %d underline rows, want %d", tc.cmd, full, tc.rows)
		}
	}
}

func TestRender_Reverse(t *testing.T) {
	img, _ := render(t, prof80, cat(gs, 'B', 1, " ", lf))
	if got, want := inkCount(img), fontA.w*fontA.h; got != want {
		t.Errorf("reverse space: %d black dots, want the full cell %d", got, want)
	}
}

func TestRender_Feed(t *testing.T) {
	for _, tc := range []struct {
		name   string
		stream []byte
		height int
	}{
		{"LF", cat(lf), defaultSpacing},
		{"ESC d 3", cat(esc, 'd', 3), 3 * defaultSpacing},
		{"ESC d 0 after text", cat("x", esc, 'd', 0), fontA.h},
		{"ESC J 100", cat(esc, 'J', 100), 100},
		{"ESC 3 50 + LF", cat(esc, '3', 50, lf), 50},
		{"ESC 3 10 + text", cat(esc, '3', 10, "x", lf), fontA.h},
		{"ESC 3 then ESC 2", cat(esc, '3', 50, esc, '2', lf), defaultSpacing},
		{"CR ignored", cat("x", 0x0D, lf), defaultSpacing},
		{"ESC @ resets spacing", cat(esc, '3', 80, esc, '@', lf), defaultSpacing},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, rep := render(t, prof80, tc.stream)
			if got := rep.Height; got != tc.height {
				t.Errorf("height = %d, want %d", got, tc.height)
			}
		})
	}
}

func TestRender_Cut(t *testing.T) {
	for _, tc := range []struct {
		name          string
		stream        []byte
		full, partial int
		height        int
	}{
		{"GS V 0", cat(gs, 'V', 0), 1, 0, 5},
		{"GS V 48", cat(gs, 'V', 48), 1, 0, 5},
		{"GS V 1", cat(gs, 'V', 1), 0, 1, 5},
		{"GS V 49", cat(gs, 'V', 49), 0, 1, 5},
		{"GS V 65 20", cat(gs, 'V', 65, 20), 1, 0, 25},
		{"GS V 66 20", cat(gs, 'V', 66, 20), 0, 1, 25},
		{"GS V 97 3", cat(gs, 'V', 97, 3), 1, 0, 8},
		{"GS V 98 3", cat(gs, 'V', 98, 3), 0, 1, 8},
		{"GS V 103 0", cat(gs, 'V', 103, 0), 1, 0, 5},
		{"GS V 104 0", cat(gs, 'V', 104, 0), 0, 1, 5},
		{"ESC i", cat(esc, 'i'), 1, 0, 5},
		{"ESC m", cat(esc, 'm'), 0, 1, 5},
		{"mid-line ignored", cat("x", gs, 'V', 0, lf), 0, 0, defaultSpacing},
	} {
		t.Run(tc.name, func(t *testing.T) {
			img, rep := render(t, prof80, tc.stream)
			if rep.FullCuts != tc.full || rep.PartialCuts != tc.partial || rep.Cuts != tc.full+tc.partial {
				t.Errorf("cuts = %d (full %d, partial %d), want full %d partial %d",
					rep.Cuts, rep.FullCuts, rep.PartialCuts, tc.full, tc.partial)
			}
			if got := rep.Height; got != tc.height {
				t.Errorf("height = %d, want %d", got, tc.height)
			}
			if rep.Cuts > 0 && inkCount(img) == 0 {
				t.Errorf("no cut line drawn")
			}
		})
	}
}

func TestRender_CodePage(t *testing.T) {
	// Bytes from `iconv -f UTF-8 -t VISCII` and, for TCVN-3 page 1, from
	// `iconv -t TCVN5712-1` (whose lowercase and Ă Â Ê Ô Ơ Ư Đ sit where
	// TCVN-3 puts them): independent of the escpos tables under test.
	for _, tc := range []struct {
		name   string
		stream []byte
		want   string
	}{
		{"page 0 ASCII", cat("Hello", lf), "Hello"},
		{"page 0 CP437", cat(esc, 't', 0, 0x82, 0x9C, lf), "é£"},
		{"page 16 CP1252", cat(esc, 't', 16, 0xE9, 0x80, lf), "é€"},
		{"TCVN-3", cat(esc, 't', 30, 0x53, 0xE8, ' ', 't', 'h', 0xF8, ' ', 't', 0xF9, ' ', 0xA7, ' ', 0xA6, lf), "Số thứ tự Đ Ư"},
		{"VISCII", cat(esc, 't', 40, 0x53, 0xAF, ' ', 't', 'h', 0xD1, ' ', 't', 0xF1, ' ', 0xD0, ' ', 0xBF, ' ', 0x94, ' ', 0xE7, lf), "Số thứ tự Đ Ư Ợ ẫ"},
		{"ESC @ back to page 0", cat(esc, 't', 40, esc, '@', 0x82, lf), "é"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, rep := render(t, prof80, tc.stream)
			if len(rep.Lines) != 1 || rep.Lines[0] != tc.want {
				t.Errorf("lines = %q, want %q", rep.Lines, tc.want)
			}
			if len(rep.Unknown) != 0 {
				t.Errorf("unknown: %v", rep.Unknown)
			}
		})
	}
	_, rep := render(t, prof80, cat(esc, 't', 99, 'x', lf))
	if len(rep.Unknown) != 1 || rep.Unknown[0].Cmd != "ESC t" {
		t.Errorf("page not in profile: unknown = %v, want one ESC t", rep.Unknown)
	}
}

// rasterCmd packs rows of dots (strings of '#' and '.') into GS v 0 m.
func rasterCmd(m byte, rows ...string) []byte {
	xb := (len(rows[0]) + 7) / 8
	b := []byte{gs, 'v', '0', m, byte(xb), byte(xb >> 8), byte(len(rows)), byte(len(rows) >> 8)}
	for _, r := range rows {
		line := make([]byte, xb)
		for i, c := range r {
			if c == '#' {
				line[i/8] |= 0x80 >> (i % 8)
			}
		}
		b = append(b, line...)
	}
	return b
}

func dots(img *image.Gray, r image.Rectangle) string {
	var s strings.Builder
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if img.GrayAt(x, y).Y == 0 {
				s.WriteByte('#')
			} else {
				s.WriteByte('.')
			}
		}
		s.WriteByte('\n')
	}
	return s.String()
}

func TestRender_Raster(t *testing.T) {
	pat := []string{"#.......#", ".#.....##"} // 9 dots: two bytes per row
	for _, tc := range []struct {
		m      byte
		want   string
		height int
	}{
		{0, "#.......#\n.#.....##\n", 2},
		{48, "#.......#\n.#.....##\n", 2},
		{1, "##..............##\n..##..........####\n", 2},
		{2, "#.......#\n#.......#\n.#.....##\n.#.....##\n", 4},
		{51, "##..............##\n##..............##\n..##..........####\n..##..........####\n", 4},
	} {
		img, rep := render(t, prof80, rasterCmd(tc.m, pat...))
		w := len(strings.SplitN(tc.want, "\n", 2)[0])
		if got := dots(img, image.Rect(0, 0, w, tc.height)); got != tc.want {
			t.Errorf("GS v 0 %d:\n%s\nwant\n%s", tc.m, got, tc.want)
		}
		if rep.Images != 1 || rep.Height != tc.height {
			t.Errorf("GS v 0 %d: images %d height %d, want 1 and %d", tc.m, rep.Images, rep.Height, tc.height)
		}
	}
	// Centred, and data beyond the paper discarded.
	img, _ := render(t, prof80, cat(esc, 'a', 1, rasterCmd(0, "########")))
	if b := inkBox(img); b != image.Rect(284, 0, 292, 1) {
		t.Errorf("centred raster at %v, want (284,0)-(292,1)", b)
	}
	wide := strings.Repeat("#", 640)
	img, _ = render(t, prof80, rasterCmd(0, wide))
	if got, want := inkCount(img), 576; got != want {
		t.Errorf("640-dot raster on 576 dots: %d dots, want %d", got, want)
	}
	_, rep := render(t, prof80, cat("x", rasterCmd(0, "#"), lf))
	if rep.Images != 0 || len(rep.Notes) != 1 {
		t.Errorf("raster with data in the buffer: images %d notes %v, want ignored with a note", rep.Images, rep.Notes)
	}
}

func TestRender_BitImage(t *testing.T) {
	// ESC * 33: 24-dot double density, 3 bytes per column, MSB on top.
	img, rep := render(t, prof80, cat(esc, '*', 33, 2, 0, 0x80, 0, 0x01, 0xFF, 0xFF, 0xFF, lf))
	if got, want := dots(img, image.Rect(0, 0, 2, 24)), "##\n"+strings.Repeat(".#\n", 22)+"##\n"; got != want {
		t.Errorf("ESC * 33:\n%s\nwant\n%s", got, want)
	}
	if rep.Images != 1 {
		t.Errorf("images = %d, want 1", rep.Images)
	}
	// ESC * 0: 8-dot single density: each dot 2 wide, 3 high.
	img, _ = render(t, prof80, cat(esc, '*', 0, 1, 0, 0x80, lf))
	if b := inkBox(img); b.Dx() != 2 || b.Dy() != 3 {
		t.Errorf("ESC * 0 dot is %dx%d, want 2x3", b.Dx(), b.Dy())
	}
}

func TestRender_QR(t *testing.T) {
	const url = "https://motcua.example/t/A012?k=abcdef12"
	store := cat(gs, '(', 'k', len(url)+3, 0, 49, 80, 48, url)
	print := cat(gs, '(', 'k', 3, 0, 49, 81, 48)
	ref, err := qrcode.New(url, qrcode.Medium)
	if err != nil {
		t.Fatal(err)
	}
	ref.DisableBorder = true
	n := len(ref.Bitmap())
	for _, size := range []int{1, 3, 6} {
		stream := cat(gs, '(', 'k', 4, 0, 49, 65, 50, 0,
			gs, '(', 'k', 3, 0, 49, 67, size,
			gs, '(', 'k', 3, 0, 49, 69, 49,
			store, print)
		img, rep := render(t, prof80, stream)
		if len(rep.QRCodes) != 1 || rep.QRCodes[0] != url {
			t.Fatalf("QR codes = %q, want [%q]", rep.QRCodes, url)
		}
		b := inkBox(img)
		if b.Dx() != n*size || b.Dy() != n*size || b.Min != (image.Point{}) {
			t.Errorf("module %d: QR ink %v, want %d×%d at the origin", size, b, n*size, n*size)
		}
		for y, row := range ref.Bitmap() {
			for x, v := range row {
				if got := img.GrayAt(x*size, y*size).Y == 0; got != v {
					t.Fatalf("module %d: module (%d,%d) = %v, want %v", size, x, y, got, v)
				}
			}
		}
	}
	_, rep := render(t, prof80, print)
	if len(rep.QRCodes) != 0 || len(rep.Unknown) != 1 {
		t.Errorf("print with nothing stored: QR %v unknown %v", rep.QRCodes, rep.Unknown)
	}
	_, rep = render(t, prof80, cat(store, print, print))
	if len(rep.QRCodes) != 2 {
		t.Errorf("stored data printed twice: %d QR codes, want 2", len(rep.QRCodes))
	}
	_, rep = render(t, prof80, cat(gs, '(', 'k', 3, 0, 48, 65, 0))
	if len(rep.Unknown) != 1 || !strings.Contains(rep.Unknown[0].Detail, "cn=48") {
		t.Errorf("PDF417: unknown = %v, want one report", rep.Unknown)
	}
}

func TestRender_UserDefinedChars(t *testing.T) {
	// Define 'A' as a 3-column glyph: full column, top dot, bottom dot.
	def := cat(esc, '&', 3, 'A', 'A', 3, 0xFF, 0xFF, 0xFF, 0x80, 0, 0, 0, 0, 0x01)
	img, rep := render(t, prof80, cat(def, esc, '%', 1, "A", lf))
	want := "##.\n" + strings.Repeat("#..\n", 22) + "#.#\n"
	if got := dots(img, image.Rect(0, 0, 3, 24)); got != want {
		t.Errorf("user-defined A:\n%s\nwant\n%s", got, want)
	}
	if got := inkCount(img); got != 24+2 {
		t.Errorf("user-defined A: %d dots, want 26", got)
	}
	if len(rep.Lines) != 1 || rep.Lines[0] != "\uFFFC" {
		t.Errorf("lines = %q", rep.Lines)
	}
	internal, _ := render(t, prof80, cat(def, esc, '%', 1, esc, '%', 0, "A", lf))
	plain, _ := render(t, prof80, cat("A", lf))
	if !bytes.Equal(internal.Pix, plain.Pix) {
		t.Errorf("ESC %% 0 did not return to the internal character")
	}
	big, _ := render(t, prof80, cat(def, esc, '%', 1, gs, '!', 0x11, "A", lf))
	if got := inkCount(big); got != 4*26 {
		t.Errorf("double-size user-defined A: %d dots, want %d", got, 4*26)
	}
	deleted, _ := render(t, prof80, cat(def, esc, '%', 1, esc, '?', 'A', "A", lf))
	if !bytes.Equal(deleted.Pix, plain.Pix) {
		t.Errorf("ESC ? did not delete the definition")
	}
}

func TestRender_Margins(t *testing.T) {
	img, _ := render(t, prof80, cat(gs, 'L', 100, 0, rasterCmd(0, "#")))
	if b := inkBox(img); b.Min.X != 100 {
		t.Errorf("GS L 100: dot at x=%d, want 100", b.Min.X)
	}
	img, _ = render(t, prof80, cat(gs, 'W', 200, 0, esc, 'a', 2, rasterCmd(0, "#")))
	if b := inkBox(img); b.Min.X != 192 {
		t.Errorf("GS W 200 right-aligned 8-dot image: dot at x=%d, want 192", b.Min.X)
	}
	_, rep := render(t, prof80, cat(gs, 'W', 120, 0, strings.Repeat("x", 11), lf))
	if len(rep.Lines) != 2 {
		t.Errorf("GS W 120 (10 columns): 11 chars in %d lines, want 2", len(rep.Lines))
	}
}

func TestRender_Tab(t *testing.T) {
	img, rep := render(t, prof80, cat("a", 0x09, "b", lf))
	b := inkBox(img)
	if b.Max.X < 96 || b.Max.X > 96+fontA.w {
		t.Errorf("HT: ink ends at %d, want in the cell at 96", b.Max.X)
	}
	if rep.Lines[0] != "a\tb" {
		t.Errorf("line = %q", rep.Lines[0])
	}
	img, _ = render(t, prof80, cat(esc, 'D', 2, 0, 0x09, "b", lf))
	if b := inkBox(img); b.Min.X < 24 || b.Max.X > 36 {
		t.Errorf("ESC D 2: ink %v, want in the cell at 24", b)
	}
}

func TestRender_Unknown(t *testing.T) {
	for _, tc := range []struct {
		name   string
		stream []byte
		cmds   []string
		offs   []int
		lines  []string
	}{
		{"bell", cat("a", 0x07, "b", lf), []string{"0x07"}, []int{1}, []string{"ab"}},
		{"ESC z", cat(esc, 'z', "b", lf), []string{"ESC z"}, []int{0}, []string{"b"}},
		{"GS ( L skipped whole", cat("ab", lf, gs, '(', 'L', 2, 0, 48, 69, "c", lf), []string{"GS ( L"}, []int{3}, []string{"ab", "c"}},
		{"barcode", cat(gs, 'k', 4, "123", 0, "x", lf), []string{"GS k"}, []int{0}, []string{"x"}},
		{"truncated raster", cat("a", lf, gs, 'v', '0', 0, 10, 0, 10, 0, 1, 2), []string{"GS v 0"}, []int{2}, []string{"a"}},
		{"page mode", cat(esc, 'L', "x", lf), []string{"ESC L"}, []int{0}, []string{"x"}},
		{"two", cat(0x00, esc, 0x01), []string{"0x00", "ESC 0x01"}, []int{0, 1}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, rep := render(t, prof80, tc.stream)
			var cmds []string
			var offs []int
			for _, u := range rep.Unknown {
				cmds, offs = append(cmds, u.Cmd), append(offs, u.Offset)
			}
			if !slices.Equal(cmds, tc.cmds) || !slices.Equal(offs, tc.offs) {
				t.Errorf("unknown = %v, want %v at %v", rep.Unknown, tc.cmds, tc.offs)
			}
			if !slices.Equal(rep.Lines, tc.lines) {
				t.Errorf("lines = %q, want %q", rep.Lines, tc.lines)
			}
		})
	}
}

func TestRender_MaxHeight(t *testing.T) {
	in, err := New(prof80, Options{MaxHeight: 100})
	if err != nil {
		t.Fatal(err)
	}
	in.Write(bytes.Repeat([]byte("line\n"), 10))
	in.Write(rasterCmd(0, strings.Repeat("#", 8)))
	in.Close()
	rep := in.Report()
	if !rep.Truncated || rep.Height != 100 || in.Image().Bounds().Dy() != 100 {
		t.Errorf("truncated %v height %d image %v, want true, 100", rep.Truncated, rep.Height, in.Image().Bounds())
	}
}

func TestRender_ResetClearsState(t *testing.T) {
	plain, _ := render(t, prof80, cat("H", lf))
	reset, _ := render(t, prof80, cat(gs, '!', 0x11, esc, 'E', 1, esc, 'a', 1, gs, 'B', 1, esc, '@', "H", lf))
	if !bytes.Equal(plain.Pix, reset.Pix) {
		t.Errorf("ESC @ left print modes set")
	}
	_, rep := render(t, prof80, cat("lost", esc, '@', lf))
	if len(rep.Lines) != 0 || len(rep.Notes) != 1 {
		t.Errorf("ESC @ with data: lines %q notes %v, want buffer cleared and noted", rep.Lines, rep.Notes)
	}
}

func TestRender_UnterminatedLine(t *testing.T) {
	_, rep := render(t, prof80, cat("tail"))
	if !slices.Equal(rep.Lines, []string{"tail"}) || len(rep.Notes) != 1 {
		t.Errorf("lines %q notes %v", rep.Lines, rep.Notes)
	}
}

// A command split anywhere across writes must print as if written whole,
// as bytes arrive in pieces from a serial line.
func TestInterpreter_WriteSplit(t *testing.T) {
	const url = "https://motcua.example/t/B001"
	stream := cat(esc, '@', esc, 'a', 1, gs, '!', 0x11, "B001", lf, gs, '!', 0,
		esc, 't', 30, 0x53, 0xE8, lf,
		rasterCmd(1, "#.#.#.#.#", ".#.#.#.#."),
		esc, '&', 3, 'A', 'A', 1, 0xFF, 0, 0xFF, esc, '%', 1, "AA", lf,
		gs, '(', 'k', len(url)+3, 0, 49, 80, 48, url, gs, '(', 'k', 3, 0, 49, 81, 48,
		dle, 0x04, 4, gs, 'V', 66, 0)
	whole, wrep := render(t, prof80, stream)
	for _, chunk := range []int{1, 2, 3, 7, 64} {
		in, err := New(prof80, Options{})
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i < len(stream); i += chunk {
			if _, err := in.Write(stream[i:min(i+chunk, len(stream))]); err != nil {
				t.Fatal(err)
			}
		}
		in.Close()
		if !bytes.Equal(in.Image().Pix, whole.Pix) {
			t.Errorf("chunks of %d: picture differs from a whole write", chunk)
		}
		rep := in.Report()
		if !slices.Equal(rep.Lines, wrep.Lines) || rep.Cuts != 1 || len(rep.QRCodes) != 1 || len(rep.Unknown) != 0 {
			t.Errorf("chunks of %d: report %v", chunk, rep)
		}
	}
	in, _ := New(prof80, Options{})
	in.Close()
	if _, err := in.Write([]byte("x")); err != ErrClosed {
		t.Errorf("Write after Close: %v, want ErrClosed", err)
	}
}

func TestInterpreter_StatusReplies(t *testing.T) {
	st := State{}
	var reply bytes.Buffer
	in, err := New(prof80, Options{Status: func() State { return st }, Reply: &reply})
	if err != nil {
		t.Fatal(err)
	}
	in.Write([]byte{dle, 0x04, 1, dle, 0x04, 4})
	st = State{PaperEnd: true, PaperNearEnd: true}
	in.Write([]byte{dle, 0x04, 1, dle, 0x04, 4, dle, 0x04, 2})
	st = State{CoverOpen: true}
	in.Write([]byte{gs, 'a', 0xFF, gs, 'r', 1})
	in.Close()
	want := []byte{0x12, 0x12, 0x1A, 0x7E, 0x32, 0x38, 0, 0, 0, 0x00}
	if got := reply.Bytes(); !bytes.Equal(got, want) {
		t.Errorf("replies % X, want % X", got, want)
	}
	rep := in.Report()
	if !slices.Equal(rep.StatusRequests, []byte{1, 4, 1, 4, 2}) || !slices.Equal(rep.ASB, []byte{0xFF}) {
		t.Errorf("status requests %v ASB %v", rep.StatusRequests, rep.ASB)
	}
	if in.ASBEnabled() != 0xFF {
		t.Errorf("ASBEnabled = %#x", in.ASBEnabled())
	}
}

func TestAnswer(t *testing.T) {
	for _, tc := range []struct {
		name string
		n    byte
		st   State
		want byte
	}{
		{"ready 1", 1, State{}, 0x12},
		{"ready 2", 2, State{}, 0x12},
		{"ready 3", 3, State{}, 0x12},
		{"ready 4", 4, State{}, 0x12},
		{"offline", 1, State{Offline: true}, 0x1A},
		{"cover open 1", 1, State{CoverOpen: true}, 0x1A},
		{"cover open 2", 2, State{CoverOpen: true}, 0x16},
		{"paper end 2", 2, State{PaperEnd: true}, 0x32},
		{"paper end 4", 4, State{PaperEnd: true}, 0x72},
		{"near end 4", 4, State{PaperNearEnd: true}, 0x1E},
		{"near end online", 1, State{PaperNearEnd: true}, 0x12},
		{"cutter 2", 2, State{CutterError: true}, 0x52},
		{"cutter 3", 3, State{CutterError: true}, 0x1A},
		{"unrecoverable 3", 3, State{Unrecoverable: true}, 0x32},
		{"overheat 3", 3, State{AutoRecoverable: true}, 0x52},
	} {
		got, ok := Answer(tc.n, tc.st)
		if !ok || got != tc.want {
			t.Errorf("%s: Answer(%d) = %#02x, %v; want %#02x", tc.name, tc.n, got, ok, tc.want)
		}
		// Every answer is recognisable as a DLE EOT answer: 0xx1xx10.
		if got&0x93 != 0x12 {
			t.Errorf("%s: %#02x does not have the DLE EOT signature", tc.name, got)
		}
	}
	if _, ok := Answer(5, State{}); ok {
		t.Errorf("Answer(5) answered")
	}
}

func TestASB(t *testing.T) {
	for _, tc := range []struct {
		st   State
		want [4]byte
	}{
		{State{}, [4]byte{0x10, 0, 0, 0}},
		{State{CoverOpen: true}, [4]byte{0x38, 0, 0, 0}},
		{State{PaperNearEnd: true}, [4]byte{0x10, 0, 0x03, 0}},
		{State{PaperEnd: true, PaperNearEnd: true}, [4]byte{0x18, 0, 0x0F, 0}},
		{State{CutterError: true}, [4]byte{0x18, 0x08, 0, 0}},
		{State{Unrecoverable: true}, [4]byte{0x18, 0x20, 0, 0}},
	} {
		got := ASB(tc.st)
		if got != tc.want {
			t.Errorf("ASB(%+v) = % X, want % X", tc.st, got, tc.want)
		}
		if got[0]&0x93 != 0x10 {
			t.Errorf("ASB(%+v) first byte %#02x lacks the ASB signature 0xx1xx00", tc.st, got[0])
		}
	}
}

func TestReport_String(t *testing.T) {
	_, rep := render(t, prof80, cat("x", lf, esc, 'z', gs, 'V', 0))
	s := rep.String()
	for _, want := range []string{"cuts: 1", "ESC z", "@2", "unknown or unsupported commands: 1"} {
		if !strings.Contains(s, want) {
			t.Errorf("String() lacks %q:\n%s", want, s)
		}
	}
}

func TestWritePNG(t *testing.T) {
	img, _ := render(t, prof58, cat("x", lf))
	var buf bytes.Buffer
	if err := WritePNG(&buf, img); err != nil {
		t.Fatal(err)
	}
	if !samePixels(t, buf.Bytes(), img) {
		t.Errorf("PNG does not decode to the same picture")
	}
}
