package interp

import (
	"github.com/skip2/go-qrcode"
)

// step interprets the command at the start of b (stream offset off). It
// returns the bytes consumed, or more=true when b ends inside the command.
func (in *Interpreter) step(b []byte, off int) (n int, more bool) {
	switch c := b[0]; {
	case c == 0x0A: // LF
		in.lineFeed()
		return 1, false
	case c == 0x0D: // CR: ignored while auto line feed is off
		return 1, false
	case c == 0x09: // HT
		in.tab()
		return 1, false
	case c == 0x10:
		return in.dle(b, off)
	case c == 0x1B:
		return in.esc(b, off)
	case c == 0x1D:
		return in.gs(b, off)
	case c == 0x1C:
		return in.fs(b, off)
	case c < 0x20:
		in.unknown(off, cmdName(b), "unknown control byte")
		return 1, false
	default:
		in.char(c, off)
		return 1, false
	}
}

// u16 reads a little-endian nL nH pair.
func u16(b []byte, i int) int { return int(b[i]) | int(b[i+1])<<8 }

func (in *Interpreter) dle(b []byte, off int) (int, bool) {
	if len(b) < 2 {
		return 0, true
	}
	switch b[1] {
	case 0x04: // DLE EOT n: real-time status
		if len(b) < 3 {
			return 0, true
		}
		n := b[2]
		if n == 7 || n == 8 || n == 18 {
			if len(b) < 4 {
				return 0, true
			}
			in.unknown(off, "DLE EOT", "extended status n=%d m=%d not supported", n, b[3])
			return 4, false
		}
		in.rep.StatusRequests = append(in.rep.StatusRequests, n)
		if a, ok := Answer(n, in.state()); ok {
			in.note(off, "DLE EOT", "real-time status request n=%d, answer 0x%02X", n, a)
			in.reply(off, a)
		} else {
			in.unknown(off, "DLE EOT", "real-time status request n=%d not defined", n)
		}
		return 3, false
	case 0x05: // DLE ENQ n
		if len(b) < 3 {
			return 0, true
		}
		in.note(off, "DLE ENQ", "real-time request n=%d (nothing to recover)", b[2])
		return 3, false
	case 0x14: // DLE DC4 fn ...
		if len(b) < 3 {
			return 0, true
		}
		l := 5
		if b[2] == 8 {
			l = 10
		}
		if len(b) < l {
			return 0, true
		}
		in.unknown(off, "DLE DC4", "real-time command fn=%d not supported", b[2])
		return l, false
	}
	in.unknown(off, "DLE", "unknown control byte")
	return 1, false
}

func (in *Interpreter) state() State {
	if in.opt.Status == nil {
		return State{}
	}
	return in.opt.Status()
}

func (in *Interpreter) reply(off int, b ...byte) {
	if in.opt.Reply == nil {
		return
	}
	if _, err := in.opt.Reply.Write(b); err != nil {
		in.note(off, "reply", "cannot send the answer: %v", err)
	}
}

// fixedLen returns n when b holds n bytes, else more.
// oneParam handles an ESC or GS command of one parameter byte: it waits for
// the byte, then applies it.
func oneParam(b []byte, apply func(n byte)) (int, bool) {
	if len(b) < 3 {
		return 0, true
	}
	apply(b[2])
	return 3, false
}

func fixedLen(b []byte, n int) (int, bool) {
	if len(b) < n {
		return 0, true
	}
	return n, false
}

func (in *Interpreter) esc(b []byte, off int) (int, bool) {
	if len(b) < 2 {
		return 0, true
	}
	name := cmdName(b)
	one := func(apply func(n byte)) (int, bool) { return oneParam(b, apply) }
	switch b[1] {
	case '@':
		in.reset(off)
		return 2, false
	case '!':
		return one(func(n byte) {
			in.st.small = n&0x01 != 0
			in.st.emph = n&0x08 != 0
			in.st.hmag = 1 + int(n>>4&1)
			in.st.wmag = 1 + int(n>>5&1)
			in.st.underline = int(n >> 7)
		})
	case 'E':
		return one(func(n byte) { in.st.emph = n&1 != 0 })
	case 'G':
		return one(func(n byte) { in.st.dstrike = n&1 != 0 })
	case '-':
		return one(func(n byte) {
			switch n {
			case 0, '0':
				in.st.underline = 0
			case 1, '1':
				in.st.underline = 1
			case 2, '2':
				in.st.underline = 2
			default:
				in.unknown(off, name, "underline n=%d out of range", n)
			}
		})
	case 'a':
		return one(func(n byte) {
			if in.line.data {
				in.note(off, name, "ignored: not at the beginning of a line")
				return
			}
			switch n {
			case 0, '0', 1, '1', 2, '2':
				in.st.align = n & 3
			default:
				in.unknown(off, name, "justification n=%d out of range", n)
			}
		})
	case 'd':
		return one(func(n byte) { in.advance(max(int(n)*in.st.spacing, in.printLine())) })
	case 'J':
		return one(func(n byte) { in.advance(max(int(n), in.printLine())) })
	case '2':
		in.st.spacing = defaultSpacing
		return 2, false
	case '3':
		return one(func(n byte) { in.st.spacing = int(n) })
	case ' ':
		return one(func(n byte) { in.st.rightSpacing = int(n) })
	case 'M':
		return one(func(n byte) {
			switch n {
			case 0, '0', 1, '1':
				in.st.small = n&1 != 0
			default:
				in.unknown(off, name, "font %d not available; keeping the current font", n)
			}
		})
	case 't':
		return one(func(n byte) {
			dec, _, problem := lookupPage(in.prof, n)
			in.st.dec, in.st.page = dec, n
			if problem != "" {
				in.unknown(off, name, "page %d: %s", n, problem)
			}
		})
	case 'R':
		return one(func(n byte) {
			if n != 0 {
				in.unknown(off, name, "international character set %d not drawn; USA used", n)
			}
		})
	case '%':
		return one(func(n byte) { in.st.userSet = n&1 != 0 })
	case '?':
		return one(func(n byte) { delete(in.udc, udcKey{in.st.small, n}) })
	case '&':
		return in.defineChars(b, off)
	case '*':
		return in.bitImage(b, off)
	case 'D':
		return in.setTabs(b)
	case '$':
		n, more := fixedLen(b, 4)
		if !more {
			if x := u16(b, 2); x < func() int { _, w := in.area(); return w }() {
				in.line.x = x
			}
		}
		return n, more
	case '\\':
		n, more := fixedLen(b, 4)
		if !more {
			x := in.line.x + int(int16(u16(b, 2)))
			if _, w := in.area(); x >= 0 && x < w {
				in.line.x = x
			}
		}
		return n, more
	case 'i', 'm': // obsolete cut commands
		in.cut(off, name, b[1] == 'i', 0)
		return 2, false
	case '{':
		return one(func(n byte) {
			if n&1 != 0 {
				in.unknown(off, name, "upside-down printing not drawn")
			}
		})
	case 'V':
		return one(func(n byte) {
			if n&1 != 0 {
				in.unknown(off, name, "90° rotation not drawn")
			}
		})
	case 'r':
		return one(func(n byte) {
			if n&1 != 0 {
				in.unknown(off, name, "second colour not drawn")
			}
		})
	case 'U', '=':
		return one(func(n byte) { in.note(off, name, "n=%d (no effect on paper)", n) })
	case 'c':
		n, more := fixedLen(b, 4)
		if !more {
			in.note(off, name, "paper sensor setting %d %d (no effect on paper)", b[2], b[3])
		}
		return n, more
	case 'p':
		n, more := fixedLen(b, 5)
		if !more {
			in.note(off, name, "cash drawer pulse")
		}
		return n, more
	case 'S', 0x0C:
		in.note(off, name, "page mode command ignored in standard mode")
		return 2, false
	case 'L':
		in.unknown(off, name, "page mode not supported")
		return 2, false
	case 'T', 'e', 'K', 'u':
		return one(func(n byte) { in.unknown(off, name, "n=%d not supported", n) })
	case 'W':
		n, more := fixedLen(b, 10)
		if !more {
			in.unknown(off, name, "page mode area not supported")
		}
		return n, more
	case 'v':
		in.unknown(off, name, "not supported")
		return 2, false
	case '(':
		if len(b) < 5 {
			return 0, true
		}
		l := 5 + u16(b, 3)
		if len(b) < l {
			return 0, true
		}
		in.unknown(off, name, "not supported (%d bytes skipped)", l)
		return l, false
	}
	in.unknown(off, name, "unknown command")
	return 2, false
}

func (in *Interpreter) gs(b []byte, off int) (int, bool) {
	if len(b) < 2 {
		return 0, true
	}
	name := cmdName(b)
	one := func(apply func(n byte)) (int, bool) { return oneParam(b, apply) }
	switch b[1] {
	case '!':
		return one(func(n byte) {
			in.st.wmag = 1 + int(n>>4&7)
			in.st.hmag = 1 + int(n&7)
			if n&0x88 != 0 {
				in.unknown(off, name, "size 0x%02X out of range; high bits ignored", n)
			}
		})
	case 'B':
		return one(func(n byte) { in.st.reverse = n&1 != 0 })
	case 'V':
		return in.cutCommand(b, off)
	case 'v':
		if len(b) < 3 {
			return 0, true
		}
		if b[2] != '0' {
			in.unknown(off, name, "unknown function %d", b[2])
			return 3, false
		}
		return in.raster(b, off)
	case '(':
		if len(b) < 5 {
			return 0, true
		}
		l := 5 + u16(b, 3)
		if len(b) < l {
			return 0, true
		}
		if b[2] == 'k' {
			in.symbol(b[:l], off)
		} else {
			in.unknown(off, name, "not supported (%d bytes skipped)", l)
		}
		return l, false
	case '8':
		if len(b) < 7 {
			return 0, true
		}
		l := 7 + (int(b[3]) | int(b[4])<<8 | int(b[5])<<16 | int(b[6])<<24)
		if l < 7 || len(b) < l {
			return 0, true
		}
		in.unknown(off, name, "not supported (%d bytes skipped)", l)
		return l, false
	case 'a':
		return one(func(n byte) {
			in.asb = n
			in.rep.ASB = append(in.rep.ASB, n)
			in.note(off, name, "automatic status back mask 0x%02X", n)
			if n != 0 {
				a := ASB(in.state())
				in.reply(off, a[:]...)
			}
		})
	case 'r':
		return one(func(n byte) {
			in.note(off, name, "status request n=%d", n)
			switch n {
			case 1, '1':
				in.reply(off, paperSensor(in.state()))
			case 2, '2':
				in.reply(off, 0)
			default:
				in.unknown(off, name, "status n=%d not supported", n)
			}
		})
	case 'L', 'W':
		n, more := fixedLen(b, 4)
		if more {
			return n, more
		}
		if in.line.data {
			in.note(off, name, "ignored: not at the beginning of a line")
			return n, false
		}
		if v := u16(b, 2); b[1] == 'L' {
			in.st.leftMargin = v
		} else {
			in.st.areaWidth = v
		}
		return n, false
	case 'P':
		n, more := fixedLen(b, 4)
		if !more {
			in.note(off, name, "motion units ignored; one unit is one dot")
		}
		return n, more
	case 'H', 'h', 'w', 'f':
		return one(func(n byte) { in.note(off, name, "barcode setting %d (barcodes are not drawn)", n) })
	case 'k':
		return in.barcode(b, off)
	case 'I', 'T', 'E', 'b', '/':
		return one(func(n byte) { in.unknown(off, name, "n=%d not supported", n) })
	case '*':
		if len(b) < 4 {
			return 0, true
		}
		l := 4 + int(b[2])*int(b[3])*8
		if len(b) < l {
			return 0, true
		}
		in.unknown(off, name, "downloaded bit image not supported")
		return l, false
	case '$', '\\':
		n, more := fixedLen(b, 4)
		if !more {
			in.unknown(off, name, "page mode position not supported")
		}
		return n, more
	case '^', 'g', 'z':
		n, more := fixedLen(b, 5)
		if !more {
			in.unknown(off, name, "not supported")
		}
		return n, more
	case ':':
		in.unknown(off, name, "macros not supported")
		return 2, false
	}
	in.unknown(off, name, "unknown command")
	return 2, false
}

func (in *Interpreter) fs(b []byte, off int) (int, bool) {
	if len(b) < 2 {
		return 0, true
	}
	name := cmdName(b)
	switch b[1] {
	case '&', '.':
		in.unknown(off, name, "kanji mode not supported")
		return 2, false
	case '!', '-', 'W', 'C', '?':
		n, more := fixedLen(b, 3)
		if !more {
			in.unknown(off, name, "kanji setting not supported")
		}
		return n, more
	case 'S', 'p':
		n, more := fixedLen(b, 4)
		if !more {
			in.unknown(off, name, "not supported")
		}
		return n, more
	case '(':
		if len(b) < 5 {
			return 0, true
		}
		l := 5 + u16(b, 3)
		if len(b) < l {
			return 0, true
		}
		in.unknown(off, name, "not supported (%d bytes skipped)", l)
		return l, false
	}
	in.unknown(off, name, "unknown command")
	return 2, false
}

func (in *Interpreter) setTabs(b []byte) (int, bool) {
	cw := fontA.w
	if in.st.small {
		cw = fontB.w
	}
	cw = (cw + in.st.rightSpacing) * in.st.wmag
	var tabs []int
	for i := 2; i < len(b); i++ {
		if b[i] == 0 || i == 2+32 {
			in.st.tabs = tabs
			if b[i] == 0 {
				return i + 1, false
			}
			return i, false
		}
		if len(tabs) > 0 && int(b[i])*cw <= tabs[len(tabs)-1] {
			// Values must increase; the printer ends the list here and
			// prints the rest as data.
			in.st.tabs = tabs
			return i, false
		}
		tabs = append(tabs, int(b[i])*cw)
	}
	return 0, true
}

func (in *Interpreter) barcode(b []byte, off int) (int, bool) {
	if len(b) < 3 {
		return 0, true
	}
	m := b[2]
	var l int
	switch {
	case m <= 6:
		l = -1
		for i := 3; i < len(b); i++ {
			if b[i] == 0 {
				l = i + 1
				break
			}
		}
		if l < 0 {
			return 0, true
		}
	default:
		if len(b) < 4 {
			return 0, true
		}
		l = 4 + int(b[3])
		if len(b) < l {
			return 0, true
		}
	}
	in.flushForBlock(off, "GS k")
	in.unknown(off, "GS k", "barcode system %d not drawn", m)
	return l, false
}

// cutCommand is GS V in its four forms.
func (in *Interpreter) cutCommand(b []byte, off int) (int, bool) {
	if len(b) < 3 {
		return 0, true
	}
	m := b[2]
	switch m {
	case 0, '0', 1, '1':
		in.cut(off, "GS V", m&1 == 0, 0)
		return 3, false
	case 65, 66, 97, 98, 103, 104:
		if len(b) < 4 {
			return 0, true
		}
		in.cut(off, "GS V", m&1 != 0, int(b[3]))
		return 4, false
	}
	in.unknown(off, "GS V", "cut mode %d out of range", m)
	return 3, false
}

// cut feeds n dots and draws where the knife went: a dashed line for a full
// cut, a dotted one with the uncut bridge in the middle for a partial cut.
func (in *Interpreter) cut(off int, name string, full bool, feed int) {
	if in.line.data {
		in.note(off, name, "ignored: not at the beginning of a line")
		return
	}
	in.advance(feed)
	in.rep.Cuts++
	on, period := 8, 12
	if full {
		in.rep.FullCuts++
	} else {
		in.rep.PartialCuts++
		on, period = 2, 6
	}
	y := in.y + 2
	mid := in.paper.w / 2
	for x := 0; x < in.paper.w; x += period {
		if !full && x+on > mid-12 && x < mid+12 {
			continue
		}
		in.paper.fill(x, y, x+on, y+1, true)
	}
	in.advance(5)
}

// raster is GS v 0 m xL xH yL yH d1...dk.
func (in *Interpreter) raster(b []byte, off int) (int, bool) {
	if len(b) < 8 {
		return 0, true
	}
	m, xb, rows := b[3], u16(b, 4), u16(b, 6)
	l := 8 + xb*rows
	if len(b) < l {
		return 0, true
	}
	if !(m <= 3 || (m >= 48 && m <= 51)) {
		in.unknown(off, "GS v 0", "mode %d out of range; image skipped", m)
		return l, false
	}
	if xb*rows == 0 {
		in.unknown(off, "GS v 0", "empty image")
		return l, false
	}
	if in.line.data {
		in.note(off, "GS v 0", "ignored: print buffer not empty")
		return l, false
	}
	sx, sy := 1+int(m&1), 1+int(m>>1&1)
	w := xb * 8 * sx
	x0 := in.alignOffset(w)
	left, width := in.area()
	data := b[8:l]
	for r := 0; r < rows; r++ {
		y := in.y + r*sy
		if y >= in.paper.max {
			in.paper.truncated = true
			break
		}
		for i, v := range data[r*xb : (r+1)*xb] {
			if v == 0 {
				continue
			}
			for bit := 0; bit < 8; bit++ {
				if v&(0x80>>bit) == 0 {
					continue
				}
				x := x0 + (i*8+bit)*sx
				if x < left || x+sx > left+width {
					continue // outside the printing area: read and discarded
				}
				in.paper.fill(x, y, x+sx, y+sy, true)
			}
		}
	}
	in.advance(rows * sy)
	in.rep.Images++
	return l, false
}

// bitImage is ESC * m nL nH d1...dk: a column image placed in the line.
func (in *Interpreter) bitImage(b []byte, off int) (int, bool) {
	if len(b) < 5 {
		return 0, true
	}
	m, cols := b[2], u16(b, 3)
	var bpc, sx, sy int
	switch m {
	case 0:
		bpc, sx, sy = 1, 2, 3
	case 1:
		bpc, sx, sy = 1, 1, 3
	case 32:
		bpc, sx, sy = 3, 2, 1
	case 33:
		bpc, sx, sy = 3, 1, 1
	default:
		in.unknown(off, "ESC *", "mode %d out of range", m)
		return 5, false
	}
	l := 5 + cols*bpc
	if len(b) < l {
		return 0, true
	}
	if cols == 0 {
		return l, false
	}
	bm := newBitmap(cols, bpc*8)
	for c := 0; c < cols; c++ {
		for j := 0; j < bpc; j++ {
			v := b[5+c*bpc+j]
			for i := 0; i < 8; i++ {
				if v&(0x80>>i) != 0 {
					bm.pix[(j*8+i)*cols+c] = 1
				}
			}
		}
	}
	it := item{x: in.line.x, w: cols * sx, h: bpc * 8 * sy, bm: bm, sx: sx, sy: sy}
	in.line.items = append(in.line.items, it)
	in.line.x += it.w
	in.line.data = true
	in.rep.Images++
	return l, false
}

// defineChars is ESC & y c1 c2 [x d1...d(y×x)]...: user-defined characters,
// column by column, most significant bit at the top.
func (in *Interpreter) defineChars(b []byte, off int) (int, bool) {
	if len(b) < 5 {
		return 0, true
	}
	y, c1, c2 := int(b[2]), b[3], b[4]
	if y < 1 || y > 3 || c1 < 32 || c2 > 126 || c1 > c2 {
		in.unknown(off, "ESC &", "y=%d c1=%d c2=%d out of range; definition skipped", y, c1, c2)
		return 5, false
	}
	i := 5
	type def struct {
		code byte
		bm   *bitmap
	}
	var defs []def
	for c := int(c1); c <= int(c2); c++ {
		if len(b) < i+1 {
			return 0, true
		}
		x := int(b[i])
		i++
		if len(b) < i+x*y {
			return 0, true
		}
		bm := newBitmap(x, y*8)
		for col := 0; col < x; col++ {
			for j := 0; j < y; j++ {
				v := b[i+col*y+j]
				for k := 0; k < 8; k++ {
					if v&(0x80>>k) != 0 {
						bm.pix[(j*8+k)*x+col] = 1
					}
				}
			}
		}
		i += x * y
		defs = append(defs, def{byte(c), bm})
	}
	if in.udc == nil {
		in.udc = map[udcKey]*bitmap{}
	}
	for _, d := range defs {
		in.udc[udcKey{in.st.small, d.code}] = d.bm
	}
	return i, false
}

// qrState is the QR symbol storage area and settings of GS ( k cn=49.
type qrState struct {
	data   []byte
	module int  // dots per module, 1..16
	level  byte // 48..51: L, M, Q, H
	model  byte // 49, 50 (model 2), 51 (micro)
}

// symbol is GS ( k pL pH cn fn [parameters]; b is the whole command.
func (in *Interpreter) symbol(b []byte, off int) {
	if len(b) < 7 {
		in.unknown(off, "GS ( k", "too short")
		return
	}
	cn, fn, p := b[5], b[6], b[7:]
	if cn != 49 {
		in.unknown(off, "GS ( k", "symbol cn=%d fn=%d not supported (only QR Code, cn=49)", cn, fn)
		return
	}
	switch fn {
	case 65: // 165: model
		if len(p) < 1 {
			break
		}
		in.qr.model = p[0]
		if p[0] != 50 {
			in.unknown(off, "GS ( k", "QR model %d not supported; model 2 drawn", p[0])
		}
		return
	case 67: // 167: module size
		if len(p) < 1 {
			break
		}
		in.qr.module = min(max(int(p[0]), 1), 16)
		return
	case 69: // 169: error correction level
		if len(p) < 1 {
			break
		}
		if p[0] < 48 || p[0] > 51 {
			in.unknown(off, "GS ( k", "QR error level %d out of range", p[0])
			return
		}
		in.qr.level = p[0]
		return
	case 80: // 180: store data
		if len(p) < 1 {
			break
		}
		in.qr.data = append(in.qr.data[:0], p[1:]...)
		return
	case 81: // 181: print
		in.printQR(off)
		return
	case 82: // 182: transmit size
		in.unknown(off, "GS ( k", "QR size information (fn 182) not supported")
		return
	default:
		in.unknown(off, "GS ( k", "QR function %d not supported", int(fn)+100)
		return
	}
	in.unknown(off, "GS ( k", "QR function %d: missing parameters", int(fn)+100)
}

func (in *Interpreter) printQR(off int) {
	if len(in.qr.data) == 0 {
		in.unknown(off, "GS ( k", "print QR with no data stored; nothing printed")
		return
	}
	levels := map[byte]qrcode.RecoveryLevel{48: qrcode.Low, 49: qrcode.Medium, 50: qrcode.High, 51: qrcode.Highest}
	q, err := qrcode.New(string(in.qr.data), levels[in.qr.level])
	if err != nil {
		in.unknown(off, "GS ( k", "QR data cannot be encoded: %v", err)
		return
	}
	q.DisableBorder = true
	bits := q.Bitmap()
	n := len(bits)
	bm := newBitmap(n, n)
	for y, row := range bits {
		for x, v := range row {
			if v {
				bm.pix[y*n+x] = 1
			}
		}
	}
	in.flushForBlock(off, "GS ( k")
	s := in.qr.module
	in.paper.blit(bm, in.alignOffset(n*s), in.y, s, s)
	in.advance(n * s)
	in.rep.QRCodes = append(in.rep.QRCodes, string(in.qr.data))
}
