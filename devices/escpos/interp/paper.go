package interp

import (
	"image"
	"image/png"
	"io"
)

// bitmap is a 1-bit picture: pix[y*w+x] != 0 is a dot of ink.
type bitmap struct {
	w, h int
	pix  []byte
}

func newBitmap(w, h int) *bitmap { return &bitmap{w: w, h: h, pix: make([]byte, w*h)} }

// paper is the roll: a fixed width in dots and a height that grows as the
// head prints, up to max rows.
type paper struct {
	w, max    int
	rows      int    // rows allocated in pix
	pix       []byte // 1 = ink
	truncated bool
}

// ensure makes rows [0, h) exist, growing the roll; it reports false when h
// is beyond the maximum height.
func (p *paper) ensure(h int) bool {
	if h > p.max {
		p.truncated = true
		h = p.max
	}
	if h > p.rows {
		need := h * p.w
		if need > cap(p.pix) {
			c := 2 * cap(p.pix)
			if c < need {
				c = need
			}
			if c > p.max*p.w {
				c = p.max * p.w
			}
			n := make([]byte, len(p.pix), c)
			copy(n, p.pix)
			p.pix = n
		}
		p.pix = p.pix[:need]
		p.rows = h
	}
	return !p.truncated || h < p.max
}

// dot inks one dot; dots outside the roll are dropped, as a printer drops
// data beyond its printable area.
func (p *paper) dot(x, y int) {
	if x < 0 || x >= p.w || y < 0 || y >= p.max {
		return
	}
	if y >= p.rows {
		p.ensure(y + 1)
	}
	p.pix[y*p.w+x] = 1
}

// fill inks (or, with ink false, clears) the rectangle [x0,x1)×[y0,y1).
func (p *paper) fill(x0, y0, x1, y1 int, ink bool) {
	x0, x1 = max(x0, 0), min(x1, p.w)
	y0, y1 = max(y0, 0), min(y1, p.max)
	if x0 >= x1 || y0 >= y1 {
		return
	}
	p.ensure(y1)
	v := byte(0)
	if ink {
		v = 1
	}
	for y := y0; y < y1; y++ {
		row := p.pix[y*p.w : (y+1)*p.w]
		for x := x0; x < x1; x++ {
			row[x] = v
		}
	}
}

// blit draws bm at (x, y), each dot sx wide and sy high.
func (p *paper) blit(bm *bitmap, x, y, sx, sy int) {
	if y >= p.max {
		p.truncated = true
		return
	}
	p.ensure(min(y+bm.h*sy, p.max))
	for by := 0; by < bm.h; by++ {
		for bx := 0; bx < bm.w; bx++ {
			if bm.pix[by*bm.w+bx] != 0 {
				for dy := 0; dy < sy; dy++ {
					for dx := 0; dx < sx; dx++ {
						p.dot(x+bx*sx+dx, y+by*sy+dy)
					}
				}
			}
		}
	}
}

// image returns the roll as white paper with black ink, height rows high.
func (p *paper) image(height int) *image.Gray {
	height = min(max(height, 1), p.max)
	img := image.NewGray(image.Rect(0, 0, p.w, height))
	for i := range img.Pix {
		img.Pix[i] = 0xFF
	}
	n := min(len(p.pix), len(img.Pix))
	for i := 0; i < n; i++ {
		if p.pix[i] != 0 {
			img.Pix[i] = 0
		}
	}
	return img
}

// WritePNG encodes img as PNG, compressed for speed: receipts are mostly
// white and compress well either way.
func WritePNG(w io.Writer, img image.Image) error {
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	return enc.Encode(w, img)
}

// blitClear clears the dots of bm drawn at (x, y): reverse printing.
func (p *paper) blitClear(bm *bitmap, x, y, sx, sy int) {
	for by := 0; by < bm.h; by++ {
		for bx := 0; bx < bm.w; bx++ {
			if bm.pix[by*bm.w+bx] == 0 {
				continue
			}
			for dy := 0; dy < sy; dy++ {
				for dx := 0; dx < sx; dx++ {
					px, py := x+bx*sx+dx, y+by*sy+dy
					if px >= 0 && px < p.w && py >= 0 && py < p.rows {
						p.pix[py*p.w+px] = 0
					}
				}
			}
		}
	}
}
