package interp

import (
	"fmt"
	"image"
	"math"
	"sync"

	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"

	"github.com/motcua-kiosk/motcua/assets"
)

// cellFont is one of the printer's resident fonts: a fixed cell in dots
// and the outline size and baseline that fill it with Noto Sans so that
// Vietnamese capitals with two stacked marks (Ẩ, Ỗ) and the dot below (Ợ)
// stay inside the cell.
type cellFont struct {
	w, h     int     // cell in dots
	size     float64 // outline size in pixels for a 1× cell
	baseline int     // baseline row from the top of a 1× cell
}

var (
	fontA = cellFont{w: 12, h: 24, size: 18, baseline: 19} // Font A, 12×24: 48 columns on 576 dots
	fontB = cellFont{w: 9, h: 17, size: 13, baseline: 14}  // Font B, 9×17: 64 columns on 576 dots
)

var outlines struct {
	once          sync.Once
	regular, bold *opentype.Font
	err           error
}

func loadOutlines() error {
	outlines.once.Do(func() {
		parse := func(name string, b []byte) *opentype.Font {
			if outlines.err != nil {
				return nil
			}
			f, err := opentype.Parse(b)
			if err != nil {
				outlines.err = fmt.Errorf("parse font %s: %w", name, err)
			}
			return f
		}
		outlines.regular = parse("regular", assets.NotoSansRegular)
		outlines.bold = parse("bold", assets.NotoSansBold)
	})
	return outlines.err
}

type glyphKey struct {
	r           rune
	bold, fontB bool
	wmag, hmag  int
}

type faceKey struct {
	bold bool
	size float64
}

// glyphs caches rendered cells; opentype faces are not safe for concurrent
// use, so one mutex guards faces and cache together.
var glyphs struct {
	sync.Mutex
	cells map[glyphKey]*bitmap
	faces map[faceKey]font.Face
}

const maxCachedGlyphs = 20000

// glyph returns the cell for r: the outline rendered at the cell's height,
// its ink centred and, where wider than the cell, condensed to fit, then
// thresholded to 1 bit as a thermal head prints it.
func glyph(r rune, bold, small bool, wmag, hmag int) (*bitmap, error) {
	if err := loadOutlines(); err != nil {
		return nil, err
	}
	k := glyphKey{r, bold, small, wmag, hmag}
	glyphs.Lock()
	defer glyphs.Unlock()
	if bm, ok := glyphs.cells[k]; ok {
		return bm, nil
	}
	if glyphs.cells == nil || len(glyphs.cells) > maxCachedGlyphs {
		glyphs.cells = map[glyphKey]*bitmap{}
	}
	if glyphs.faces == nil {
		glyphs.faces = map[faceKey]font.Face{}
	}
	cf := fontA
	if small {
		cf = fontB
	}
	fk := faceKey{bold, cf.size * float64(hmag)}
	face, ok := glyphs.faces[fk]
	if !ok {
		f := outlines.regular
		if bold {
			f = outlines.bold
		}
		var err error
		face, err = opentype.NewFace(f, &opentype.FaceOptions{Size: fk.size, DPI: 72, Hinting: font.HintingNone})
		if err != nil {
			return nil, fmt.Errorf("font face: %w", err)
		}
		glyphs.faces[fk] = face
	}
	bm := renderCell(face, r, cf, wmag, hmag)
	glyphs.cells[k] = bm
	return bm, nil
}

func renderCell(face font.Face, r rune, cf cellFont, wmag, hmag int) *bitmap {
	cw, ch := cf.w*wmag, cf.h*hmag
	out := newBitmap(cw, ch)
	pad := int(cf.size) * hmag
	tmp := image.NewAlpha(image.Rect(0, 0, 3*pad+cw, ch))
	d := font.Drawer{Dst: tmp, Src: image.Opaque, Face: face, Dot: fixed.P(pad, cf.baseline*hmag)}
	d.DrawString(string(r))

	x0, x1 := tmp.Rect.Dx(), 0
	for y := 0; y < ch; y++ {
		for x := 0; x < tmp.Rect.Dx(); x++ {
			if tmp.Pix[y*tmp.Stride+x] > 0 {
				x0, x1 = min(x0, x), max(x1, x+1)
			}
		}
	}
	if x1 <= x0 {
		return out // a space, or a rune without ink
	}
	iw := x1 - x0
	tw := int(math.Round(float64(iw) * float64(wmag) / float64(hmag)))
	tw = max(min(tw, cw-wmag), 1)
	left := (cw - tw) / 2
	for tx := 0; tx < tw; tx++ {
		s0 := x0 + tx*iw/tw
		s1 := max(x0+(tx+1)*iw/tw, s0+1)
		for y := 0; y < ch; y++ {
			sum := 0
			for sx := s0; sx < s1; sx++ {
				sum += int(tmp.Pix[y*tmp.Stride+sx])
			}
			if sum/(s1-s0) >= 100 {
				out.pix[y*cw+left+tx] = 1
			}
		}
	}
	return out
}
