package escpos

import (
	"image"
	"image/color"
)

// Bitmap is a 1-bit image packed as GS v 0 wants it: rows of Stride
// bytes, most significant bit leftmost, 1 = a black dot.
type Bitmap struct {
	W, H   int
	Stride int // bytes per row, (W+7)/8
	Pix    []byte
}

// NewBitmap returns a white w x h bitmap.
func NewBitmap(w, h int) *Bitmap {
	if w < 0 || h < 0 {
		w, h = 0, 0
	}
	s := (w + 7) / 8
	return &Bitmap{W: w, H: h, Stride: s, Pix: make([]byte, s*h)}
}

// Set blackens (on) or whitens the dot at x, y; outside is ignored.
func (b *Bitmap) Set(x, y int, on bool) {
	if x < 0 || y < 0 || x >= b.W || y >= b.H {
		return
	}
	i, m := y*b.Stride+x/8, byte(0x80>>(x%8))
	if on {
		b.Pix[i] |= m
	} else {
		b.Pix[i] &^= m
	}
}

// At reports whether the dot at x, y is black.
func (b *Bitmap) At(x, y int) bool {
	if x < 0 || y < 0 || x >= b.W || y >= b.H {
		return false
	}
	return b.Pix[y*b.Stride+x/8]&(0x80>>(x%8)) != 0
}

// InkBounds is the smallest rectangle holding every black dot; empty
// when there is none.
func (b *Bitmap) InkBounds() image.Rectangle {
	minX, minY, maxX, maxY := b.W, b.H, -1, -1
	for y := 0; y < b.H; y++ {
		row := b.Pix[y*b.Stride : (y+1)*b.Stride]
		first, last := -1, -1
		for i, v := range row {
			if v == 0 {
				continue
			}
			if first < 0 {
				first = i
			}
			last = i
		}
		if first < 0 {
			continue
		}
		minY = min(minY, y)
		maxY = y
		x0 := first*8 + leadingZeros(row[first])
		x1 := last*8 + 7 - trailingZeros(row[last])
		minX = min(minX, x0)
		maxX = max(maxX, x1)
	}
	if maxY < 0 {
		return image.Rectangle{}
	}
	return image.Rect(minX, minY, maxX+1, maxY+1)
}

func leadingZeros(v byte) int {
	n := 0
	for m := byte(0x80); m != 0 && v&m == 0; m >>= 1 {
		n++
	}
	return n
}

func trailingZeros(v byte) int {
	n := 0
	for m := byte(1); m != 0 && v&m == 0; m <<= 1 {
		n++
	}
	return n
}

// Crop returns the part of b inside r as a new bitmap.
func (b *Bitmap) Crop(r image.Rectangle) *Bitmap {
	r = r.Intersect(image.Rect(0, 0, b.W, b.H))
	out := NewBitmap(r.Dx(), r.Dy())
	if r.Min.X%8 == 0 {
		for y := 0; y < out.H; y++ {
			src := b.Pix[(r.Min.Y+y)*b.Stride+r.Min.X/8:]
			copy(out.Pix[y*out.Stride:(y+1)*out.Stride], src)
			if rem := out.W % 8; rem != 0 { // clear dots right of W
				out.Pix[(y+1)*out.Stride-1] &= byte(0xFF << (8 - rem))
			}
		}
		return out
	}
	for y := 0; y < out.H; y++ {
		for x := 0; x < out.W; x++ {
			if b.At(r.Min.X+x, r.Min.Y+y) {
				out.Pix[y*out.Stride+x/8] |= 0x80 >> (x % 8)
			}
		}
	}
	return out
}

// Trim crops b to its ink: no blank row or column is left at any edge.
// A bitmap without ink trims to 0 x 0.
func (b *Bitmap) Trim() *Bitmap { return b.Crop(b.InkBounds()) }

// FromImage converts any image to 1-bit: a dot is black where the
// luminance, over white, is below half.
func FromImage(img image.Image) *Bitmap {
	r := img.Bounds()
	out := NewBitmap(r.Dx(), r.Dy())
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			c := color.GrayModel.Convert(img.At(x, y)).(color.Gray)
			_, _, _, a := img.At(x, y).RGBA()
			// Composite over white: transparent is white.
			lum := (uint32(c.Y)*257*a/0xFFFF + (0xFFFF - a)) >> 8
			if lum < 0x80 {
				out.Pix[(y-r.Min.Y)*out.Stride+(x-r.Min.X)/8] |= 0x80 >> ((x - r.Min.X) % 8)
			}
		}
	}
	return out
}

// Image returns b as a black-on-white grayscale image, for tests and
// previews.
func (b *Bitmap) Image() *image.Gray {
	img := image.NewGray(image.Rect(0, 0, b.W, b.H))
	for i := range img.Pix {
		img.Pix[i] = 0xFF
	}
	for y := 0; y < b.H; y++ {
		for x := 0; x < b.W; x++ {
			if b.At(x, y) {
				img.Pix[y*img.Stride+x] = 0
			}
		}
	}
	return img
}

// stackV joins bitmaps top to bottom with gap white rows between them,
// each centred in the widest.
func stackV(gap int, bs ...*Bitmap) *Bitmap {
	w, h := 0, 0
	n := 0
	for _, b := range bs {
		if b == nil || b.H == 0 {
			continue
		}
		w = max(w, b.W)
		h += b.H
		n++
	}
	if n == 0 {
		return NewBitmap(0, 0)
	}
	out := NewBitmap(w, h+gap*(n-1))
	y := 0
	for _, b := range bs {
		if b == nil || b.H == 0 {
			continue
		}
		out.blit(b, (w-b.W)/2, y)
		y += b.H + gap
	}
	return out
}

// blit ORs src into b with its top-left corner at x, y.
func (b *Bitmap) blit(src *Bitmap, x, y int) {
	for sy := 0; sy < src.H; sy++ {
		for sx := 0; sx < src.W; sx++ {
			if src.At(sx, sy) {
				b.Set(x+sx, y+sy, true)
			}
		}
	}
}
