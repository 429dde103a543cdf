package escpos

import (
	"fmt"
	"image"
	"sync"

	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"

	"github.com/motcua-kiosk/motcua/assets"
)

// inkThreshold is the glyph coverage (0..255) from which a dot prints
// black. A little under half keeps thin diacritics (the dot below, the
// hook above) from vanishing at small sizes.
const inkThreshold = 0x70

// glyph is one rune rendered at one size, already 1-bit.
type glyph struct {
	bounds  image.Rectangle // relative to the pen on the baseline
	alpha   []uint8         // coverage, bounds.Dx() x bounds.Dy(), row-major
	advance fixed.Int26_6
}

// rasterFont renders text with one embedded font at one pixel size,
// caching each glyph: a ticket uses few distinct letters, and building
// a ticket must stay well under 5 ms.
type rasterFont struct {
	mu    sync.Mutex
	face  font.Face
	cache map[rune]*glyph
}

type fontKey struct {
	bold bool
	px   int
}

var (
	fontsMu sync.Mutex
	fonts   = map[fontKey]*rasterFont{}
	parsed  = sync.OnceValues(parseFonts)
)

func parseFonts() ([2]*opentype.Font, error) {
	var out [2]*opentype.Font
	for i, b := range [][]byte{assets.NotoSansRegular, assets.NotoSansBold} {
		var err error
		if out[i], err = opentype.Parse(b); err != nil {
			return out, fmt.Errorf("parse font %d: %w", i, err)
		}
	}
	return out, nil
}

// getFont returns the shared renderer for a weight and pixel size.
func getFont(bold bool, px int) (*rasterFont, error) {
	fontsMu.Lock()
	defer fontsMu.Unlock()
	k := fontKey{bold, px}
	if f, ok := fonts[k]; ok {
		return f, nil
	}
	fs, err := parsed()
	if err != nil {
		return nil, err
	}
	i := 0
	if bold {
		i = 1
	}
	face, err := opentype.NewFace(fs[i], &opentype.FaceOptions{Size: float64(px), DPI: 72, Hinting: font.HintingFull})
	if err != nil {
		return nil, fmt.Errorf("font face %dpx: %w", px, err)
	}
	f := &rasterFont{face: face, cache: map[rune]*glyph{}}
	fonts[k] = f
	return f, nil
}

// glyph renders r once; the caller holds f.mu.
func (f *rasterFont) glyph(r rune) (*glyph, bool) {
	if g, ok := f.cache[r]; ok {
		return g, g != nil
	}
	dr, mask, mp, adv, ok := f.face.Glyph(fixed.Point26_6{}, r)
	if !ok {
		f.cache[r] = nil
		return nil, false
	}
	g := &glyph{bounds: dr, advance: adv, alpha: make([]uint8, dr.Dx()*dr.Dy())}
	for y := 0; y < dr.Dy(); y++ {
		for x := 0; x < dr.Dx(); x++ {
			_, _, _, a := mask.At(mp.X+x, mp.Y+y).RGBA()
			g.alpha[y*dr.Dx()+x] = uint8(a >> 8)
		}
	}
	f.cache[r] = g
	return g, true
}

// width measures s in dots (advances and kerning).
func (f *rasterFont) width(s string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	var x fixed.Int26_6
	prev := rune(-1)
	for _, r := range s {
		if prev >= 0 {
			x += f.face.Kern(prev, r)
		}
		if g, ok := f.glyph(r); ok {
			x += g.advance
		}
		prev = r
	}
	return x.Ceil()
}

// render draws s on one line and trims it to the ink. With halfWidth
// the line is sampled at half the horizontal resolution, for printing
// with GS v 0 in double-width mode: half the bytes, the same size on
// paper. It fails on a rune the font lacks instead of printing a box or
// nothing.
func (f *rasterFont) render(s string, halfWidth bool) (*Bitmap, error) {
	sx := 1
	if halfWidth {
		sx = 2
	}
	b, _, err := f.renderScaled(s, sx, 1)
	return b, err
}

// renderScaled draws s like render, sampled every sx dots across and sy
// dots down (1 or 2 each): each printed dot is the mean coverage of an
// sx x sy block, for GS v 0 with the matching double width/height. top
// is the first row of ink relative to the baseline (negative: above it),
// in dots on paper, so that the caller can keep the baselines of
// successive lines evenly spaced.
func (f *rasterFont) renderScaled(s string, sx, sy int) (b *Bitmap, top int, err error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	type placed struct {
		g *glyph
		x int
	}
	var gs []placed
	var x fixed.Int26_6
	var box image.Rectangle
	prev := rune(-1)
	for _, r := range s {
		if prev >= 0 {
			x += f.face.Kern(prev, r)
		}
		g, ok := f.glyph(r)
		if !ok {
			return nil, 0, fmt.Errorf("render %q: font lacks %q (U+%04X)", s, r, r)
		}
		px := x.Round()
		gs = append(gs, placed{g, px})
		box = box.Union(g.bounds.Add(image.Pt(px, 0)))
		x += g.advance
		prev = r
	}
	w, h := box.Dx(), box.Dy()
	cov := make([]uint8, w*h)
	for _, p := range gs {
		r := p.g.bounds.Add(image.Pt(p.x, 0)).Sub(box.Min)
		gw := p.g.bounds.Dx()
		for y := 0; y < r.Dy(); y++ {
			dst := cov[(r.Min.Y+y)*w+r.Min.X:]
			for gx, a := range p.g.alpha[y*gw : (y+1)*gw] {
				dst[gx] = max(dst[gx], a)
			}
		}
	}
	b = NewBitmap((w+sx-1)/sx, (h+sy-1)/sy)
	for Y := 0; Y < b.H; Y++ {
		for X := 0; X < b.W; X++ {
			sum := 0
			for y := Y * sy; y < (Y+1)*sy; y++ {
				for x := X * sx; x < (X+1)*sx; x++ {
					if x < w && y < h {
						sum += int(cov[y*w+x])
					}
				}
			}
			if sum/(sx*sy) >= inkThreshold {
				b.Pix[Y*b.Stride+X/8] |= 0x80 >> (X % 8)
			}
		}
	}
	ink := b.InkBounds()
	return b.Crop(ink), box.Min.Y + ink.Min.Y*sy, nil
}

// lineMetrics are the rows above and below the baseline that one line of
// f takes, in dots: the font's ascent and descent.
func (f *rasterFont) lineMetrics() (ascent, descent int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	m := f.face.Metrics()
	return m.Ascent.Ceil(), m.Descent.Ceil()
}

// RenderText renders one line of text with the embedded Noto Sans at px
// dots high (the em size), trimmed to its ink. The virtual printer and
// previews use it too.
func RenderText(s string, bold bool, px int) (*Bitmap, error) {
	if px < 6 || px > 400 {
		return nil, fmt.Errorf("render text: size %d out of 6..400", px)
	}
	f, err := getFont(bold, px)
	if err != nil {
		return nil, fmt.Errorf("render text: %w", err)
	}
	return f.render(normalize(s), false)
}

// wrapPixels breaks s into lines no wider than width dots.
func (f *rasterFont) wrapPixels(s string, width int) []string {
	// Column wrapping with a generous column count, then re-split by
	// measured width: words are the unit either way.
	var lines []string
	cur := ""
	for _, w := range wrap(s, 1<<20) {
		for _, word := range splitWords(w) {
			try := word
			if cur != "" {
				try = cur + " " + word
			}
			if cur == "" || f.width(try) <= width {
				cur = try
				continue
			}
			lines = append(lines, cur)
			cur = word
		}
	}
	if cur != "" {
		lines = append(lines, cur)
	}
	// A single word wider than the paper is cut by runes.
	var out []string
	for _, l := range lines {
		for f.width(l) > width && len([]rune(l)) > 1 {
			rs := []rune(l)
			n := len(rs) - 1
			for n > 1 && f.width(string(rs[:n])) > width {
				n--
			}
			out = append(out, string(rs[:n]))
			l = string(rs[n:])
		}
		out = append(out, l)
	}
	return out
}
