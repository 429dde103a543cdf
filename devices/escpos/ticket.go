package escpos

import (
	"errors"
	"fmt"

	qrcode "github.com/skip2/go-qrcode"

	"github.com/motcua-kiosk/motcua/devices"
)

// Strategy is how Vietnamese text reaches the paper.
type Strategy string

// The text strategies a profile can choose from.
const (
	StrategyCodePage  Strategy = "codepage"  // text in a Vietnamese code page (TCVN-3, VISCII)
	StrategyRaster    Strategy = "raster"    // every text line as a 1-bit image
	StrategyHybrid    Strategy = "hybrid"    // ASCII lines and the number in the printer font, Vietnamese lines raster
	StrategyUserChars Strategy = "userchars" // glyphs the ticket uses downloaded as user-defined characters
)

// Strategies lists every strategy, in the order the docs compare them.
var Strategies = []Strategy{StrategyCodePage, StrategyHybrid, StrategyUserChars, StrategyRaster}

// ErrUnknownStrategy is returned by EncodeTicket for a strategy it does not know.
var ErrUnknownStrategy = errors.New("unknown text strategy")

// Layout sizes in dots, chosen for 203 dpi heads (8 dots per mm).
const (
	fontAWidth  = 12 // printer font A cell: 12 x 24
	textPx      = 20 // raster text em size: a little under the printer font A, to fit 3,000 bytes
	numberSize  = 4  // GS ! magnification of the big number (48 x 96 dot cells)
	numberPx    = 100
	rasterGap   = 6   // white dots fed after each raster line
	cutFeed     = 24  // dots fed past the last line before the cut
	tearFeed    = 120 // without a cutter: 15 mm, the last line clears the tear bar
	qrModule80  = 6   // QR module on 80 mm paper: 29 modules = 22 mm
	qrModule58  = 5   // on 58 mm paper
	qrQuietDots = 16  // white fed above and below a QR
)

// line is one piece of the ticket's layout.
type line struct {
	text   string
	bold   bool
	number bool // the big queue number
}

// ticketLines lays out the ticket's fields top to bottom, NFC-normalised,
// blank fields left out.
func ticketLines(t devices.Ticket) (top, bottom []line) {
	add := func(dst *[]line, s string, bold bool) {
		if s = normalize(s); s != "" {
			*dst = append(*dst, line{text: s, bold: bold})
		}
	}
	add(&top, t.Office, true)
	add(&top, t.Address, false)
	add(&top, t.Heading, false)
	if n := normalize(t.Number); n != "" {
		top = append(top, line{text: n, bold: true, number: true})
	}
	add(&top, t.Service, true)
	add(&top, t.Priority, true)
	for _, l := range t.Lines {
		add(&top, l, false)
	}
	add(&bottom, t.QRNote, false)
	add(&bottom, t.Footer, false)
	return top, bottom
}

// EncodeTicket lays out t for the profile with the given strategy and
// returns the complete ESC/POS job: init, text, QR, feed and cut. An
// empty strategy means the profile's default. Every line is centred.
//
// No character is ever dropped or replaced: a line the profile's code
// pages cannot write goes as raster, and a rune the embedded font lacks
// too is an error.
//
// A strategy the profile's printer cannot run (userchars on a printer
// without user-defined characters) is refused with an *UnsupportedError:
// the stream never holds a command the profile says the printer lacks.
// The QR goes as GS ( k only with native_qr, the cut as GS V only with a
// cutter (else the paper is fed past the tear bar).
func EncodeTicket(t devices.Ticket, p Profile, s Strategy) ([]byte, error) {
	w, err := newTicketWriter(p, s)
	if err != nil {
		return nil, err
	}
	s = w.s
	top, bottom := ticketLines(t)
	w.e.Init()
	w.e.Align(AlignCenter)
	if s == StrategyUserChars {
		if err := w.defineUserChars(append(append([]line{}, top...), bottom...)); err != nil {
			return nil, err
		}
	}
	for _, l := range top {
		if err := w.line(l); err != nil {
			return nil, err
		}
	}
	if qr := normalize(t.QR); qr != "" {
		if err := w.qr(qr); err != nil {
			return nil, err
		}
	}
	for _, l := range bottom {
		if err := w.line(l); err != nil {
			return nil, err
		}
	}
	w.end()
	return w.e.Result()
}

// end cuts the paper where the profile has a cutter, else feeds the last
// line past the tear bar.
func (w *ticketWriter) end() {
	if w.p.Cutter {
		w.e.Cut(CutPartial, cutFeed)
	} else {
		w.e.FeedDots(tearFeed)
	}
}

// ticketWriter holds the printer modes in force so that each command is
// sent only when it changes something.
type ticketWriter struct {
	p     Profile
	s     Strategy
	pages []pageCharset
	e     *Encoder
	page  int  // ESC t in force (ESC @ selects 0)
	bold  bool // ESC E in force
	size  int  // GS ! in force (1 = normal)
	user  *userChars
}

func newTicketWriter(p Profile, s Strategy) (*ticketWriter, error) {
	s, err := p.ResolveStrategy(s)
	if err != nil {
		return nil, fmt.Errorf("encode ticket: %w", err)
	}
	if p.DotsPerLine < 64 || p.DotsPerLine%8 != 0 {
		return nil, fmt.Errorf("encode ticket: profile %q: bad dots_per_line %d", p.Name, p.DotsPerLine)
	}
	return &ticketWriter{p: p, s: s, pages: p.pages(), e: NewEncoder(), size: 1}, nil
}

func (w *ticketWriter) setBold(b bool) {
	if w.bold != b {
		w.e.Emphasis(b)
		w.bold = b
	}
}

func (w *ticketWriter) setSize(n int) {
	if w.size != n {
		w.e.Size(n, n)
		w.size = n
	}
}

// line writes one laid-out field, wrapped to the paper.
func (w *ticketWriter) line(l line) error {
	size := 1
	if l.number {
		size = numberSize
	}
	printable := canEncode(w.pages, l.text)
	switch {
	case w.s == StrategyRaster:
		return w.rasterLine(l)
	case w.s == StrategyCodePage && printable:
		return w.textLine(l, size)
	case isASCII(l.text) && printable:
		return w.textLine(l, size) // hybrid, userchars: ASCII in the printer's font
	case w.s == StrategyUserChars && w.user.covers(l.text):
		return w.userLine(l, size)
	}
	return w.rasterLine(l) // codepage fallback for runes no page has, hybrid
}

// textLine writes l in the printer's font, switching pages as needed.
func (w *ticketWriter) textLine(l line, size int) error {
	w.setBold(l.bold)
	w.setSize(size)
	for _, part := range wrap(l.text, w.p.DotsPerLine/(fontAWidth*size)) {
		b, page, missing := encodeText(w.pages, w.page, part)
		if missing != 0 {
			return fmt.Errorf("encode ticket: no code page has %q", missing)
		}
		w.page = page
		w.e.Raw(b...).LF()
	}
	return nil
}

// rasterLine renders l with the embedded font, one trimmed image per
// wrapped line.
func (w *ticketWriter) rasterLine(l line) error {
	px := textPx
	if l.number {
		px = numberPx
	}
	f, err := getFont(l.bold, px)
	if err != nil {
		return fmt.Errorf("encode ticket: %w", err)
	}
	// Hybrid lines go at half horizontal resolution, printed double
	// width: the same size on paper for half the bytes.
	half := w.s != StrategyRaster && !l.number
	for _, part := range f.wrapPixels(l.text, w.p.DotsPerLine) {
		b, err := f.render(part, half)
		if err != nil {
			return fmt.Errorf("encode ticket: %w", err)
		}
		if half {
			w.e.RasterScaled(b, true, false)
		} else {
			w.e.Raster(b)
		}
		w.e.FeedDots(rasterGap)
	}
	return nil
}

// qr prints the ticket's QR code: native where the profile has GS ( k,
// else as a raster image of the same symbol.
func (w *ticketWriter) qr(data string) error {
	module := qrModule80
	if w.p.DotsPerLine < 576 {
		module = qrModule58
	}
	w.e.FeedDots(qrQuietDots)
	if w.p.NativeQR {
		w.e.QR(data, module)
	} else {
		b, err := qrBitmap(data, module)
		if err != nil {
			return fmt.Errorf("encode ticket: %w", err)
		}
		w.e.Raster(b)
	}
	w.e.FeedDots(qrQuietDots)
	return nil
}

// qrBitmap draws data as a QR code (level M, no quiet zone: the paper
// around it is white) with module x module dots per module.
func qrBitmap(data string, module int) (*Bitmap, error) {
	q, err := qrcode.New(data, qrcode.Medium)
	if err != nil {
		return nil, fmt.Errorf("qr code: %w", err)
	}
	q.DisableBorder = true
	m := q.Bitmap()
	n := len(m)
	b := NewBitmap(n*module, n*module)
	for y := range b.H {
		for x := range b.W {
			if m[y/module][x/module] {
				b.Pix[y*b.Stride+x/8] |= 0x80 >> (x % 8)
			}
		}
	}
	return b, nil
}
