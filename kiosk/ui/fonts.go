package ui

import (
	"sync"

	"fyne.io/fyne/v2"
	"golang.org/x/image/font/sfnt"

	"github.com/motcua-kiosk/motcua/assets"
)

// Text is drawn in the kiosk's own fonts only, each run of it with its
// font named (canvas.Text.FontSource). Left to the theme, Fyne draws a
// text style from a chain of fonts it parses in full on first use: the
// theme's, its own Noto Sans, its 4 MB colour emoji font and a font it
// picks from the system's font folders after indexing them. On the
// dispenser that chain was ~18 MB of the Go heap, and what a symbol looked
// like depended on the fonts installed on the machine. Now letters, digits
// and punctuation come from Noto Sans; the few symbols Noto Sans lacks
// (⇧ ⌫ ▶ ◀ ● ★) from a dozen-glyph cut of Noto Sans Symbols 2 shipped in
// assets (scripts/fonts/make-symbols.sh).
var fontSymbols = fyne.NewStaticResource("NotoSansSymbols2-Kiosk.ttf", assets.NotoSansSymbols2Kiosk)

// coverage answers whether Noto Sans has a glyph for a rune (the regular
// and bold files cover the same runes).
var coverage struct {
	sync.Mutex
	font  *sfnt.Font
	buf   sfnt.Buffer
	known map[rune]bool
}

// inNotoSans reports whether Noto Sans draws r.
func inNotoSans(r rune) bool {
	if r < 0x7F || r >= 0xC0 && r <= 0x24F || r >= 0x1EA0 && r <= 0x1EFF {
		return r >= 0x20 // ASCII, Latin-1 letters, Latin Extended, Vietnamese
	}
	coverage.Lock()
	defer coverage.Unlock()
	if ok, seen := coverage.known[r]; seen {
		return ok
	}
	if coverage.font == nil {
		f, err := sfnt.Parse(assets.NotoSansRegular)
		if err != nil {
			return true // cannot tell: leave it to Noto Sans
		}
		coverage.font, coverage.known = f, map[rune]bool{}
	}
	gi, err := coverage.font.GlyphIndex(&coverage.buf, r)
	ok := err == nil && gi != 0
	coverage.known[r] = ok
	return ok
}

// Font returns the kiosk's Noto Sans (bold or regular) for a canvas.Text
// drawn outside Text (the lobby board's own texts): set it as the text's
// FontSource so Fyne does not load its fallback chain of fonts for it.
// It has no symbols beyond Noto Sans's; Text handles those.
func Font(bold bool) fyne.Resource { return fontFor(bold, false) }

// fontFor returns the font a run is drawn in.
func fontFor(bold, symbols bool) fyne.Resource {
	switch {
	case symbols:
		return fontSymbols
	case bold:
		return fontBold
	}
	return fontRegular
}

// fontRun is a piece of a line drawn in one font.
type fontRun struct {
	text    string
	symbols bool // drawn in fontSymbols
}

// fontRuns cuts s where the font changes; with digits set, every digit is
// a run of its own too ("Số 12" → "Số ", "1", "2"; "◀ Trang trước" →
// "◀ ", "Trang trước").
func fontRuns(s string, digits bool) []fontRun {
	var out []fontRun
	start, startSym := 0, false
	for i, c := range s {
		sym := !inNotoSans(c)
		if c == ' ' && i > start {
			sym = startSym // both fonts have a space: no new run for it
		}
		digit := digits && c >= '0' && c <= '9'
		if i > start && (sym != startSym || digit) {
			out = append(out, fontRun{s[start:i], startSym})
			start = i
		}
		if i == start {
			startSym = sym
		}
		if digit {
			out = append(out, fontRun{s[i : i+1], false})
			start = i + 1
		}
	}
	if start < len(s) || len(out) == 0 {
		out = append(out, fontRun{s[start:], startSym})
	}
	return out
}

// measure returns the size of s drawn in the kiosk's fonts.
func measure(s string, size float32, bold bool) fyne.Size {
	var out fyne.Size
	for _, r := range fontRuns(s, false) {
		m := measureRun(r, size, bold)
		out.Width += m.Width
		out.Height = max(out.Height, m.Height)
	}
	return out
}

func measureRun(r fontRun, size float32, bold bool) fyne.Size {
	m, _ := fyne.CurrentApp().Driver().RenderedTextSize(r.text, size, fyne.TextStyle{Bold: bold}, fontFor(bold, r.symbols))
	return m
}
