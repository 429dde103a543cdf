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
	StrategyHybrid    Strategy = "hybrid"    // the number in the printer font, every other line raster at half width
	StrategyUserChars Strategy = "userchars" // glyphs the ticket uses downloaded as user-defined characters
)

// Strategies lists every strategy, in the order the docs compare them.
var Strategies = []Strategy{StrategyCodePage, StrategyHybrid, StrategyUserChars, StrategyRaster}

// ErrUnknownStrategy is returned by EncodeTicket for a strategy it does not know.
var ErrUnknownStrategy = errors.New("unknown text strategy")

// Layout sizes in dots, chosen for 203 dpi heads (8 dots per mm) and for
// a reader without glasses: body capitals at least 3 mm tall, tone marks
// several dots tall, and 3 mm of blank paper each side of every line.
const (
	fontAWidth  = 12 // printer font A cell: 12 x 24
	marginDots  = 24 // blank each side of every line, header included: 3 mm
	bodyPx      = 36 // raster body em: capitals 26 dots (3.2 mm), x-height 19, the tilde of ã 5
	headerPx    = 28 // raster office and address em: capitals 20 dots (2.5 mm)
	bodySize    = 2  // GS ! magnification of printer-font body lines: 24 x 48 cells, capitals about 26 dots
	headerSize  = 1  // the office and address lines in the printer font: 12 x 24
	numberSize  = 6  // largest GS ! magnification of the number (72 x 144 cells), smaller if it does not fit
	numberPx    = 150
	numberSpace = 16  // blank above and below the raster number: 2 mm
	rasterGap   = 4   // white dots fed under each raster line, beyond the font's descent
	cutFeed     = 24  // dots fed past the last line before the cut
	tearFeed    = 120 // without a cutter: 15 mm, the last line clears the tear bar
	qrModule80  = 6   // QR module on 80 mm paper: 29 modules = 22 mm
	qrModule58  = 5   // on 58 mm paper
	qrQuietDots = 16  // white fed above and below a QR
)

// layout is the sizes a ticketWriter prints with.
type layout struct {
	margin               int  // dots blank each side
	bodyPx, headerPx     int  // raster em sizes
	numberPx             int  // largest raster em of the number
	bodySize, headerSize int  // GS ! magnifications in the printer font
	numberSize           int  // largest GS ! magnification of the number
	gap                  int  // dots fed under each raster line
	evenPitch            bool // raster lines of a size on evenly spaced baselines
	proportional         bool // hybrid: ASCII lines raster too, in the same face as the rest
}

// ticketLayout is the citizen's ticket (issue 12). compactLayout is the
// installer's probe page, which keeps the small sizes it was designed
// with: it is read by the installer, not by the citizen.
var (
	ticketLayout  = layout{marginDots, bodyPx, headerPx, numberPx, bodySize, headerSize, numberSize, rasterGap, true, true}
	compactLayout = layout{0, 20, 20, 100, 1, 1, 4, 6, false, false}
)

// line is one piece of the ticket's layout.
type line struct {
	text   string
	bold   bool
	header bool // the office and address: smaller than the body
	number bool // the big queue number
}

// ticketLines lays out the ticket's fields top to bottom, NFC-normalised,
// blank fields left out: the office, the number, then what was asked for
// (the field) and where to go (the counters), then the times.
func ticketLines(t devices.Ticket) (top, bottom []line) {
	add := func(dst *[]line, s string, bold bool) {
		if s = normalize(s); s != "" {
			*dst = append(*dst, line{text: s, bold: bold})
		}
	}
	header := func(s string, bold bool) {
		if s = normalize(s); s != "" {
			top = append(top, line{text: s, bold: bold, header: true})
		}
	}
	header(t.Office, true)
	header(t.Address, false)
	add(&top, t.Heading, false)
	if n := normalize(t.Number); n != "" {
		top = append(top, line{text: n, bold: true, number: true})
	}
	add(&top, t.Service, true)
	add(&top, t.Counters, true)
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
	lay   layout
}

func newTicketWriter(p Profile, s Strategy) (*ticketWriter, error) {
	s, err := p.ResolveStrategy(s)
	if err != nil {
		return nil, fmt.Errorf("encode ticket: %w", err)
	}
	if p.DotsPerLine < 64 || p.DotsPerLine%8 != 0 {
		return nil, fmt.Errorf("encode ticket: profile %q: bad dots_per_line %d", p.Name, p.DotsPerLine)
	}
	return &ticketWriter{p: p, s: s, pages: p.pages(), e: NewEncoder(), size: 1, lay: ticketLayout}, nil
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

// usable is the width lines are wrapped to: the paper less a margin
// each side. Lines are centred, so each has at least marginDots blank
// on both sides.
func (w *ticketWriter) usable() int { return w.p.DotsPerLine - 2*w.lay.margin }

// printerSize is the GS ! magnification of l in the printer's font: the
// number as large as fits the paper, the header at 1, the body at 2.
func (w *ticketWriter) printerSize(l line) int {
	switch {
	case l.number:
		n := max(len([]rune(l.text)), 1)
		return max(min(w.lay.numberSize, w.usable()/(fontAWidth*n)), 1)
	case l.header:
		return w.lay.headerSize
	}
	return w.lay.bodySize
}

// line writes one laid-out field, wrapped to the paper less its margins.
// Only the number goes in the printer's font in hybrid: every other line,
// English ones too, is drawn in the embedded proportional face, so both
// languages look the same.
func (w *ticketWriter) line(l line) error {
	size := w.printerSize(l)
	printable := canEncode(w.pages, l.text)
	switch {
	case w.s == StrategyRaster:
		return w.rasterLine(l)
	case w.s == StrategyCodePage && printable:
		return w.textLine(l, size)
	case w.s == StrategyHybrid && (l.number || !w.lay.proportional) && isASCII(l.text) && printable:
		return w.textLine(l, size)
	case w.s == StrategyUserChars && isASCII(l.text) && printable:
		return w.textLine(l, size) // ASCII in the printer's font
	case w.s == StrategyUserChars && w.user.covers(l.text):
		return w.userLine(l, size)
	}
	return w.rasterLine(l) // codepage fallback for runes no page has, hybrid
}

// textLine writes l in the printer's font, switching pages as needed.
func (w *ticketWriter) textLine(l line, size int) error {
	w.setBold(l.bold)
	w.setSize(size)
	for _, part := range wrap(l.text, w.usable()/(fontAWidth*size)) {
		b, page, missing := encodeText(w.pages, w.page, part)
		if missing != 0 {
			return fmt.Errorf("encode ticket: no code page has %q", missing)
		}
		w.page = page
		w.e.Raw(b...).LF()
	}
	return nil
}

// rasterFontFor is the embedded face for l: the number at the largest
// size up to numberPx that fits the paper on one line.
func (w *ticketWriter) rasterFontFor(l line) (*rasterFont, error) {
	switch {
	case l.header:
		return getFont(l.bold, w.lay.headerPx)
	case !l.number:
		return getFont(l.bold, w.lay.bodyPx)
	}
	for px := w.lay.numberPx; ; px -= 10 {
		f, err := getFont(l.bold, px)
		if err != nil || px <= w.lay.bodyPx || f.width(l.text) <= w.usable() {
			return f, err
		}
	}
}

// rasterLine renders l with the embedded font, one trimmed image per
// wrapped line.
func (w *ticketWriter) rasterLine(l line) error {
	f, err := w.rasterFontFor(l)
	if err != nil {
		return fmt.Errorf("encode ticket: %w", err)
	}
	// Outside the raster strategy lines go at half horizontal resolution,
	// printed double width: the same size on paper for half the bytes.
	half := w.s != StrategyRaster && !l.number
	ascent, descent := f.lineMetrics()
	for _, part := range f.wrapPixels(l.text, w.usable()) {
		b, top, err := f.renderScaled(part, b2i(half)+1, 1)
		if err != nil {
			return fmt.Errorf("encode ticket: %w", err)
		}
		// The image is trimmed to its ink; the blank above and below it
		// is fed instead, so that every line of a size has the same
		// pitch whatever its letters (a line of "tật" and one of "Quầy"
		// sit on evenly spaced baselines). The number is trimmed tight.
		above, below := 0, w.lay.gap
		switch {
		case w.lay.evenPitch && l.number:
			above, below = numberSpace, numberSpace
		case w.lay.evenPitch:
			above = max(ascent+top, 0)
			below += max(descent-(top+b.H), 0)
		}
		if above > 0 {
			w.e.FeedDots(min(above, 255))
		}
		w.e.RasterScaled(b, half, false)
		w.e.FeedDots(min(below, 255))
	}
	return nil
}

// b2i is 1 for true.
func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
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
