package interp

import (
	"errors"
	"fmt"
	"image"
	"io"
	"maps"
	"strings"

	"github.com/motcua-kiosk/motcua/devices/escpos"
)

// DefaultMaxHeight is the paper length, in dots, after which the virtual
// printer stops drawing (about 2.5 m at 203 dpi); the Report says so.
const DefaultMaxHeight = 20000

// defaultSpacing is the line spacing after ESC @ and ESC 2, in dots: the
// 1/6 inch of the Epson reference on a 180-unit vertical pitch, 24 dots of
// Font A plus 6 between lines.
const defaultSpacing = 30

// ErrClosed is returned by Write after Close.
var ErrClosed = errors.New("interp: interpreter closed")

// Options tunes an Interpreter. The zero value is a silent printer with the
// default paper length.
type Options struct {
	// MaxHeight bounds the picture's height in dots; 0 means DefaultMaxHeight.
	MaxHeight int
	// Status gives the scripted printer state used to answer DLE EOT n,
	// GS r n and GS a; nil means a ready printer.
	Status func() State
	// Reply receives the printer's answers: one byte per DLE EOT n or GS r n
	// and the 4-byte ASB when GS a enables it. Nil sends nothing.
	Reply io.Writer
}

// Interpreter is a virtual ESC/POS printer. Bytes written to it are
// interpreted as they arrive; a command split across writes waits for its
// remaining bytes. It is not safe for concurrent use.
type Interpreter struct {
	prof   escpos.Profile
	opt    Options
	paper  paper
	rep    Report
	buf    []byte // bytes not yet interpreted: the start of an incomplete command
	off    int    // stream offset of buf[0]
	y      int    // top of the next print line, in dots
	st     printState
	line   lineBuf
	udc    map[udcKey]*bitmap
	qr     qrState
	asb    byte
	closed bool
	err    error
}

type printState struct {
	align         byte // 0 left, 1 centre, 2 right
	emph, dstrike bool
	small         bool // Font B
	underline     int  // 0, 1 or 2 dots
	reverse       bool // GS B: white on black
	wmag, hmag    int  // character size, 1..8
	spacing       int  // line spacing in dots
	rightSpacing  int  // ESC SP, dots at 1× width
	leftMargin    int  // GS L, dots
	areaWidth     int  // GS W, dots
	dec           decoder
	page          byte
	userSet       bool // ESC %: user-defined characters selected
	tabs          []int
}

type udcKey struct {
	small bool
	code  byte
}

// item is something placed in the print buffer: a character cell or an
// ESC * bit image, scaled sx×sy, bottom-aligned on the line.
type item struct {
	x, w, h   int
	bm        *bitmap
	sx, sy    int
	underline int
	reverse   bool
}

type lineBuf struct {
	items []item
	x     int // next print position, relative to the left margin
	text  []rune
	data  bool // something is in the print buffer
}

// New returns an interpreter printing on paper p.DotsPerLine dots wide.
func New(p escpos.Profile, opt Options) (*Interpreter, error) {
	if p.DotsPerLine < 8 || p.DotsPerLine > 4096 {
		return nil, fmt.Errorf("interp: profile %q: dots per line %d out of range", p.Name, p.DotsPerLine)
	}
	if err := loadOutlines(); err != nil {
		return nil, fmt.Errorf("interp: %w", err)
	}
	if opt.MaxHeight <= 0 {
		opt.MaxHeight = DefaultMaxHeight
	}
	in := &Interpreter{prof: p, opt: opt}
	in.paper = paper{w: p.DotsPerLine, max: opt.MaxHeight}
	in.reset(0)
	return in, nil
}

// Render interprets a whole stream and returns the printed paper, the
// report, and an error only when the interpreter itself cannot work (bad
// profile, unreadable font); problems in the stream are in the Report.
func Render(stream []byte, p escpos.Profile) (*image.Gray, Report, error) {
	in, err := New(p, Options{})
	if err != nil {
		return nil, Report{}, err
	}
	if _, err := in.Write(stream); err != nil {
		return nil, in.Report(), err
	}
	if err := in.Close(); err != nil {
		return nil, in.Report(), err
	}
	return in.Image(), in.Report(), nil
}

// Write interprets b. It returns len(b) unless the interpreter is closed or
// broken; unknown commands are reported, never an error.
func (in *Interpreter) Write(b []byte) (int, error) {
	if in.closed {
		return 0, ErrClosed
	}
	if in.err != nil {
		return 0, in.err
	}
	in.rep.Bytes += len(b)
	in.buf = append(in.buf, b...)
	in.run(false)
	return len(b), in.err
}

// Close interprets what is left: an incomplete command is reported as
// truncated and a line left in the print buffer is printed (and noted, as a
// real printer would wait for LF).
func (in *Interpreter) Close() error {
	if in.closed {
		return in.err
	}
	in.run(true)
	if in.line.data {
		in.rep.add(&in.rep.Notes, in.off, "(end)", "print buffer not terminated by LF; printed anyway")
		in.lineFeed()
	}
	in.closed = true
	return in.err
}

// Image returns the paper printed so far: white paper, black ink.
func (in *Interpreter) Image() *image.Gray { return in.paper.image(max(in.y, in.paper.rows)) }

// Report returns what the interpreter met so far.
func (in *Interpreter) Report() Report {
	r := in.rep
	r.Commands = maps.Clone(in.rep.Commands)
	r.Height = min(max(in.y, in.paper.rows, 1), in.paper.max)
	r.Truncated = in.paper.truncated
	return r
}

// ASBEnabled returns n of the last GS a n: which status changes the printer
// must report by itself (0: none). A test printer whose scripted state
// changes sends ASB(state) when this is not 0.
func (in *Interpreter) ASBEnabled() byte { return in.asb }

func (in *Interpreter) run(final bool) {
	i := 0
	for i < len(in.buf) && in.err == nil {
		n, more := in.step(in.buf[i:], in.off+i)
		if more {
			if !final {
				break
			}
			in.rep.add(&in.rep.Unknown, in.off+i, cmdName(in.buf[i:]), "truncated: stream ends inside the command")
			i = len(in.buf)
			break
		}
		if c := in.buf[i]; c == 0x1B || c == 0x1D || c == 0x1C || c == 0x10 {
			if in.rep.Commands == nil {
				in.rep.Commands = map[string]int{}
			}
			in.rep.Commands[cmdName(in.buf[i:i+n])]++
		}
		i += n
	}
	in.off += i
	in.buf = append(in.buf[:0], in.buf[i:]...)
}

func (in *Interpreter) reset(off int) {
	if in.line.data {
		in.rep.add(&in.rep.Notes, off, "ESC @", "print buffer cleared before it was printed")
	}
	in.st = printState{wmag: 1, hmag: 1, spacing: defaultSpacing, areaWidth: in.paper.w}
	in.st.dec, _, _ = lookupPage(in.prof, 0)
	in.line = lineBuf{}
	in.udc = nil
	in.qr = qrState{module: 3, level: 48, model: 50}
	in.st.tabs = defaultTabs(fontA.w)
}

func defaultTabs(cw int) []int {
	t := make([]int, 32)
	for i := range t {
		t[i] = (i + 1) * 8 * cw
	}
	return t
}

// area is the printable area: left margin and width in dots.
func (in *Interpreter) area() (left, width int) {
	left = min(in.st.leftMargin, in.paper.w-1)
	width = max(min(in.st.areaWidth, in.paper.w-left), 1)
	return left, width
}

// alignOffset is where a block w dots wide starts under the current ESC a.
func (in *Interpreter) alignOffset(w int) int {
	left, width := in.area()
	switch in.st.align {
	case 1:
		return left + max((width-w)/2, 0)
	case 2:
		return left + max(width-w, 0)
	}
	return left
}

// advance feeds the paper n dots.
func (in *Interpreter) advance(n int) {
	in.y += n
	if in.y > in.paper.max {
		in.y = in.paper.max
		in.paper.truncated = true
	}
}

// printLine prints the print buffer at the current position and returns the
// height of the line, without feeding.
func (in *Interpreter) printLine() int {
	if !in.line.data {
		return 0
	}
	h, w := 0, 0
	for _, it := range in.line.items {
		h, w = max(h, it.h), max(w, it.x+it.w)
	}
	x0 := in.alignOffset(w)
	for _, it := range in.line.items {
		x, y := x0+it.x, in.y+h-it.h
		if it.reverse {
			in.paper.fill(x, y, x+it.w, y+it.h, true)
			in.paper.blitClear(it.bm, x, y, it.sx, it.sy)
		} else {
			in.paper.blit(it.bm, x, y, it.sx, it.sy)
		}
		if it.underline > 0 {
			in.paper.fill(x, y+it.h-it.underline, x+it.w, y+it.h, !it.reverse)
		}
	}
	if t := strings.TrimRight(string(in.line.text), " "); t != "" {
		in.rep.Lines = append(in.rep.Lines, t)
	}
	in.line = lineBuf{}
	return h
}

// lineFeed is LF: print the buffer and feed one line (or the line's height
// when it is taller than the line spacing).
func (in *Interpreter) lineFeed() { in.advance(max(in.st.spacing, in.printLine())) }

// flushForBlock prints pending text before a QR code or image so that
// nothing is lost, noting that the stream relied on it.
func (in *Interpreter) flushForBlock(off int, cmd string) {
	if in.line.data {
		in.rep.add(&in.rep.Notes, off, cmd, "print buffer not empty; pending line printed first")
		in.advance(in.printLine())
	}
}

func (in *Interpreter) unknown(off int, cmd, format string, args ...any) {
	in.rep.add(&in.rep.Unknown, off, cmd, format, args...)
}

func (in *Interpreter) note(off int, cmd, format string, args ...any) {
	in.rep.add(&in.rep.Notes, off, cmd, format, args...)
}

// char places one printable byte in the print buffer.
func (in *Interpreter) char(c byte, off int) {
	cf := fontA
	if in.st.small {
		cf = fontB
	}
	wm, hm := in.st.wmag, in.st.hmag
	it := item{sx: 1, sy: 1, underline: in.st.underline * min(wm, 2), reverse: in.st.reverse}
	r := in.st.dec.Decode(c)
	if u, ok := in.udc[udcKey{in.st.small, c}]; ok && in.st.userSet {
		it.bm, it.sx, it.sy = u, wm, hm
		it.h = cf.h * hm
		r = '\uFFFC'
	} else {
		bm, err := glyph(r, in.st.emph || in.st.dstrike, in.st.small, wm, hm)
		if err != nil {
			in.err = err
			return
		}
		it.bm, it.h = bm, bm.h
	}
	it.w = cf.w * wm
	adv := it.w + in.st.rightSpacing*wm
	if _, width := in.area(); in.line.x+it.w > width && in.line.x > 0 {
		in.lineFeed() // the line is full: the printer prints it and goes on
	}
	it.x = in.line.x
	in.line.items = append(in.line.items, it)
	in.line.text = append(in.line.text, r)
	in.line.x += adv
	in.line.data = true
}

func (in *Interpreter) tab() {
	_, width := in.area()
	for _, t := range in.st.tabs {
		if t > in.line.x {
			if t <= width {
				in.line.x = t
				in.line.text = append(in.line.text, '\t')
				in.line.data = true
			}
			return
		}
	}
}

// cmdName spells the command at the start of b as the manual does.
func cmdName(b []byte) string {
	if len(b) == 0 {
		return "(end)"
	}
	var prefix string
	switch b[0] {
	case 0x1B:
		prefix = "ESC"
	case 0x1D:
		prefix = "GS"
	case 0x1C:
		prefix = "FS"
	case 0x10:
		prefix = "DLE"
	default:
		return fmt.Sprintf("0x%02X", b[0])
	}
	if len(b) < 2 {
		return prefix
	}
	s := prefix + " " + byteName(b[1])
	if (b[1] == '(' || (b[0] == 0x1D && (b[1] == '8' || b[1] == 'v'))) && len(b) > 2 {
		s += " " + byteName(b[2])
	}
	return s
}

func byteName(c byte) string {
	switch {
	case c == 0x04:
		return "EOT"
	case c == 0x05:
		return "ENQ"
	case c == 0x14:
		return "DC4"
	case c == ' ':
		return "SP"
	case c > ' ' && c < 0x7F:
		return string(rune(c))
	}
	return fmt.Sprintf("0x%02X", c)
}
