package escpos

import (
	"fmt"
)

// Command bytes, named as in Epson's ESC/POS reference.
const (
	esc = 0x1B
	gs  = 0x1D
	dle = 0x10
	eot = 0x04
	lf  = 0x0A
)

func escT(page int) []byte { return []byte{esc, 't', byte(page)} }

// Align is the justification ESC a selects.
type Align byte

// The three justifications.
const (
	AlignLeft   Align = 0
	AlignCenter Align = 1
	AlignRight  Align = 2
)

// Cut is the kind of cut GS V makes.
type Cut byte

// Full and partial cuts (GS V function B: feed then cut).
const (
	CutFull    Cut = 65 // GS V 65 n: feed n dots then full cut
	CutPartial Cut = 66 // GS V 66 n: feed n dots then partial cut (one point left)
)

// ASB flags for GS a n: which changes the printer reports by itself.
const (
	ASBDrawer byte = 1 << 0
	ASBOnline byte = 1 << 1
	ASBError  byte = 1 << 2
	ASBPaper  byte = 1 << 3
	ASBAll    byte = ASBDrawer | ASBOnline | ASBError | ASBPaper
)

const (
	qrModel2   byte = 50
	qrLevelM   byte = 49
	maxRasterH      = 1024 // rows per GS v 0 band: small printer buffers cope
	maxQRData       = 7089
)

// Encoder builds an ESC/POS byte stream. Methods append one command and
// return the Encoder so calls chain; it never does I/O. The first invalid
// argument is kept in Err and later calls still append, so a caller
// checks once at the end.
//
//	b, err := escpos.NewEncoder().Init().Align(escpos.AlignCenter).
//		Size(3, 3).Text("A012").LF().Cut(escpos.CutPartial, 0).Result()
type Encoder struct {
	buf []byte
	err error
}

// NewEncoder returns an empty Encoder.
func NewEncoder() *Encoder { return &Encoder{buf: make([]byte, 0, 512)} }

// Bytes returns the stream so far; it aliases the Encoder's buffer.
func (e *Encoder) Bytes() []byte { return e.buf }

// Err returns the first invalid argument met, or nil.
func (e *Encoder) Err() error { return e.err }

// Result returns the stream and the first error.
func (e *Encoder) Result() ([]byte, error) { return e.buf, e.err }

// Len is the number of bytes so far.
func (e *Encoder) Len() int { return len(e.buf) }

func (e *Encoder) fail(format string, a ...any) *Encoder {
	if e.err == nil {
		e.err = fmt.Errorf("escpos: "+format, a...)
	}
	return e
}

// Raw appends bytes as they are.
func (e *Encoder) Raw(b ...byte) *Encoder {
	e.buf = append(e.buf, b...)
	return e
}

// Init resets the printer's modes (ESC @). It does not clear the paper.
func (e *Encoder) Init() *Encoder { return e.Raw(esc, '@') }

// Align sets the justification for following lines (ESC a n).
func (e *Encoder) Align(a Align) *Encoder {
	if a > AlignRight {
		return e.fail("align %d out of range", a)
	}
	return e.Raw(esc, 'a', byte(a))
}

// Emphasis turns bold on or off (ESC E n).
func (e *Encoder) Emphasis(on bool) *Encoder { return e.Raw(esc, 'E', b2b(on)) }

// Size sets the character magnification, width and height 1..8 (GS ! n).
func (e *Encoder) Size(w, h int) *Encoder {
	if w < 1 || w > 8 || h < 1 || h > 8 {
		return e.fail("character size %dx%d out of 1..8", w, h)
	}
	return e.Raw(gs, '!', byte((w-1)<<4|(h-1)))
}

// Font selects font A (12x24) or B (9x17) (ESC M n).
func (e *Encoder) Font(n int) *Encoder {
	if n < 0 || n > 1 {
		return e.fail("font %d out of range", n)
	}
	return e.Raw(esc, 'M', byte(n))
}

// LineSpacing sets the line spacing in dots (ESC 3 n).
func (e *Encoder) LineSpacing(dots int) *Encoder {
	if dots < 0 || dots > 255 {
		return e.fail("line spacing %d out of 0..255", dots)
	}
	return e.Raw(esc, '3', byte(dots))
}

// DefaultLineSpacing restores the default line spacing (ESC 2).
func (e *Encoder) DefaultLineSpacing() *Encoder { return e.Raw(esc, '2') }

// CodePage selects the character table for bytes 0x80..0xFF (ESC t n).
func (e *Encoder) CodePage(n int) *Encoder {
	if n < 0 || n > 255 {
		return e.fail("code page %d out of range", n)
	}
	return e.Raw(escT(n)...)
}

// Text appends bytes already in the selected code page. Control bytes
// are refused: they would be taken as commands.
func (e *Encoder) Text(s string) *Encoder {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] == 0x7F {
			return e.fail("control byte %#x in text", s[i])
		}
	}
	e.buf = append(e.buf, s...)
	return e
}

// LF prints the line buffer and feeds one line.
func (e *Encoder) LF() *Encoder { return e.Raw(lf) }

// Feed prints the line buffer and feeds n lines (ESC d n).
func (e *Encoder) Feed(lines int) *Encoder {
	if lines < 0 || lines > 255 {
		return e.fail("feed %d out of 0..255", lines)
	}
	return e.Raw(esc, 'd', byte(lines))
}

// FeedDots feeds n dots (ESC J n).
func (e *Encoder) FeedDots(dots int) *Encoder {
	if dots < 0 || dots > 255 {
		return e.fail("feed %d dots out of 0..255", dots)
	}
	return e.Raw(esc, 'J', byte(dots))
}

// Cut feeds the paper to the cutter plus feedDots and cuts (GS V m n).
func (e *Encoder) Cut(c Cut, feedDots int) *Encoder {
	if c != CutFull && c != CutPartial {
		return e.fail("cut %d unknown", c)
	}
	if feedDots < 0 || feedDots > 255 {
		return e.fail("cut feed %d out of 0..255", feedDots)
	}
	return e.Raw(gs, 'V', byte(c), byte(feedDots))
}

// EnableASB turns on Automatic Status Back for the given items (GS a n);
// 0 turns it off.
func (e *Encoder) EnableASB(flags byte) *Encoder { return e.Raw(gs, 'a', flags) }

// QR prints data as a native QR code (GS ( k): model 2, error level M,
// module size 1..16 dots, store then print. The caller sets alignment.
func (e *Encoder) QR(data string, module int) *Encoder {
	if module < 1 || module > 16 {
		return e.fail("QR module size %d out of 1..16", module)
	}
	if len(data) == 0 || len(data) > maxQRData {
		return e.fail("QR data length %d out of 1..%d", len(data), maxQRData)
	}
	e.Raw(gs, '(', 'k', 4, 0, 49, 65, qrModel2, 0)  // fn 165: model 2
	e.Raw(gs, '(', 'k', 3, 0, 49, 67, byte(module)) // fn 167: module size
	e.Raw(gs, '(', 'k', 3, 0, 49, 69, qrLevelM)     // fn 169: error correction M
	n := len(data) + 3                              // fn 180: store
	e.Raw(gs, '(', 'k', byte(n), byte(n>>8), 49, 80, 48)
	e.buf = append(e.buf, data...)
	return e.Raw(gs, '(', 'k', 3, 0, 49, 81, 48) // fn 181: print
}

// Raster prints a 1-bit image (GS v 0, normal density), in bands of at
// most 1024 rows. An empty image prints nothing: it would only feed paper.
func (e *Encoder) Raster(b *Bitmap) *Encoder { return e.RasterScaled(b, false, false) }

// RasterScaled prints a 1-bit image with each dot doubled across
// (doubleWidth) and/or down (doubleHeight): GS v 0 m = 0..3.
func (e *Encoder) RasterScaled(b *Bitmap, doubleWidth, doubleHeight bool) *Encoder {
	if b == nil || b.W == 0 || b.H == 0 {
		return e
	}
	if b.Stride > 0xFFFF {
		return e.fail("raster %d bytes wide", b.Stride)
	}
	for y := 0; y < b.H; y += maxRasterH {
		h := min(maxRasterH, b.H-y)
		e.Raw(gs, 'v', '0', b2b(doubleWidth)|b2b(doubleHeight)<<1, byte(b.Stride), byte(b.Stride>>8), byte(h), byte(h>>8))
		e.buf = append(e.buf, b.Pix[y*b.Stride:(y+h)*b.Stride]...)
	}
	return e
}

// DefineChars downloads user-defined characters (ESC & 3 c1 c2 ...) for
// codes first.. from glyphs of 24 dots high, each a column-major bitmap:
// x bytes... see Glyph. ESC % 1 selects them; ESC % 0 returns to the
// built-in font.
func (e *Encoder) DefineChars(first byte, glyphs []Glyph) *Encoder {
	if len(glyphs) == 0 {
		return e
	}
	last := int(first) + len(glyphs) - 1
	if first < 0x20 || last > 0x7E {
		return e.fail("user-defined characters %#x..%#x outside 0x20..0x7e", first, last)
	}
	e.Raw(esc, '&', 3, first, byte(last))
	for _, g := range glyphs {
		if len(g.Cols) != 3*g.W || g.W < 0 || g.W > 12 {
			return e.fail("glyph of width %d with %d bytes", g.W, len(g.Cols))
		}
		e.buf = append(e.buf, byte(g.W))
		e.buf = append(e.buf, g.Cols...)
	}
	return e
}

// UserChars selects (true) or cancels (false) the user-defined character set (ESC % n).
func (e *Encoder) UserChars(on bool) *Encoder { return e.Raw(esc, '%', b2b(on)) }

func b2b(on bool) byte {
	if on {
		return 1
	}
	return 0
}
