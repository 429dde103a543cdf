package escpos

import (
	"fmt"
	"image"
	"slices"
)

// Glyph is one user-defined character for ESC & with y = 3 (24 dots
// high): W columns of 3 bytes each, top byte first, most significant
// bit on top. W is at most 12 in font A.
type Glyph struct {
	W    int
	Cols []byte
}

// The user-defined character cell: font A is 12 x 24 dots. Noto Sans at
// 18 px puts a capital with two stacked marks (Ẫ) and a descender inside
// 24 rows when the baseline is on row 19, about where font A has it.
const (
	cellW        = 12
	cellH        = 24
	cellBaseline = 19
	cellPx       = 18
)

// userChars maps the non-ASCII runes a ticket needs to the character
// codes they were downloaded to. Codes are taken from printable ASCII
// that the Vietnamese lines do not use themselves, because while ESC % 1
// is on every downloaded code prints its glyph.
type userChars struct {
	code map[rune]byte
}

// covers reports whether every non-ASCII rune of s has a code.
func (u *userChars) covers(s string) bool {
	if u == nil {
		return false
	}
	for _, r := range s {
		if r >= 0x20 && r < 0x7F {
			continue
		}
		if _, ok := u.code[r]; !ok {
			return false
		}
	}
	return true
}

// defineUserChars renders and downloads (ESC &) the glyphs the ticket's
// non-ASCII lines need, only those. Runes beyond the free codes are left
// out; their lines go as raster.
func (w *ticketWriter) defineUserChars(lines []line) error {
	var used [128]bool
	var need []rune
	for _, l := range lines {
		if l.number || isASCII(l.text) {
			continue
		}
		for _, r := range l.text {
			if r < 0x80 {
				used[r] = true
			} else if !slices.Contains(need, r) {
				need = append(need, r)
			}
		}
	}
	slices.Sort(need)
	u := &userChars{code: map[rune]byte{}}
	w.user = u
	if len(need) == 0 {
		return nil
	}
	f, err := getFont(false, cellPx)
	if err != nil {
		return fmt.Errorf("encode ticket: %w", err)
	}
	type def struct {
		code byte
		g    Glyph
	}
	var defs []def
	c := byte(0x21)
	for _, r := range need {
		for c <= 0x7E && used[c] {
			c++
		}
		if c > 0x7E {
			break // out of codes: the remaining lines go as raster
		}
		g, err := f.cellGlyph(r)
		if err != nil {
			return fmt.Errorf("encode ticket: %w", err)
		}
		u.code[r] = c
		defs = append(defs, def{c, g})
		c++
	}
	// One ESC & per run of consecutive codes.
	for i := 0; i < len(defs); {
		j := i + 1
		for j < len(defs) && defs[j].code == defs[j-1].code+1 {
			j++
		}
		gl := make([]Glyph, 0, j-i)
		for _, d := range defs[i:j] {
			gl = append(gl, d.g)
		}
		w.e.DefineChars(defs[i].code, gl)
		i = j
	}
	return nil
}

// cellGlyph draws r centred in a 12 x 24 cell, baseline on row 19.
func (f *rasterFont) cellGlyph(r rune) (Glyph, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	g, ok := f.glyph(r)
	if !ok {
		return Glyph{}, fmt.Errorf("user character: font lacks %q (U+%04X)", r, r)
	}
	// Centre the ink box in the cell: vowels with marks are narrower
	// than 12 dots at 18 px; anything wider is clipped symmetrically.
	dx := (cellW-g.bounds.Dx())/2 - g.bounds.Min.X
	cols := make([]byte, 3*cellW)
	for y := 0; y < g.bounds.Dy(); y++ {
		for x := 0; x < g.bounds.Dx(); x++ {
			if g.alpha[y*g.bounds.Dx()+x] < inkThreshold {
				continue
			}
			p := image.Pt(g.bounds.Min.X+x+dx, g.bounds.Min.Y+y+cellBaseline)
			if p.X < 0 || p.X >= cellW || p.Y < 0 || p.Y >= cellH {
				continue
			}
			cols[p.X*3+p.Y/8] |= 0x80 >> (p.Y % 8)
		}
	}
	return Glyph{W: cellW, Cols: cols}, nil
}

// userLine writes l with downloaded glyphs for its non-ASCII runes.
func (w *ticketWriter) userLine(l line, size int) error {
	w.setBold(l.bold)
	w.setSize(size)
	w.e.UserChars(true)
	for _, part := range wrap(l.text, w.usable()/(fontAWidth*size)) {
		for _, r := range part {
			if r >= 0x20 && r < 0x7F {
				w.e.Raw(byte(r))
			} else {
				w.e.Raw(w.user.code[r])
			}
		}
		w.e.LF()
	}
	w.e.UserChars(false)
	return nil
}
