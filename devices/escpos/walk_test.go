package escpos

import (
	"fmt"
	"strings"
)

// walked is what a stream holds, as the tests read it back: text lines
// decoded through the pages selected with ESC t, raster images, QR data.
type walked struct {
	lines  []string // text printed by LF, decoded
	images []*Bitmap
	qr     []string
	cuts   int
	udc    int              // user-defined characters downloaded
	cmds   map[string]int   // every command by its manual name ("ESC t", "GS ( k"), counted
	pages  map[int]bool     // every ESC t n page selected
	at     map[string][]int // offset of every command, by the same names
}

// walk reads back the commands this package emits. It is deliberately
// strict: any other byte below 0x20 is an error, so a test notices a
// stray command.
func walk(b []byte, p Profile) (walked, error) {
	w := walked{cmds: map[string]int{}, pages: map[int]bool{}, at: map[string][]int{}}
	page := 0
	user := false
	var cur strings.Builder
	cs := func() Charset {
		name, ok := p.CodePages[page]
		if !ok {
			return nil
		}
		c, _ := LookupCharset(name)
		return c
	}
	need := func(i, n int) error {
		if i+n > len(b) {
			return fmt.Errorf("truncated command at %d", i)
		}
		return nil
	}
	for i := 0; i < len(b); {
		c := b[i]
		switch {
		case c == lf:
			w.lines = append(w.lines, cur.String())
			cur.Reset()
			i++
		case c >= 0x20:
			if user {
				cur.WriteString(fmt.Sprintf("{%02x}", c))
			} else if t := cs(); t != nil {
				cur.WriteRune(t.Decode(c))
			} else if c < 0x80 {
				cur.WriteByte(c)
			} else {
				return w, fmt.Errorf("byte %#x at %d with page %d not in profile", c, i, page)
			}
			i++
		case c == esc:
			if err := need(i, 2); err != nil {
				return w, err
			}
			w.cmds["ESC "+string(rune(b[i+1]))]++
			w.at["ESC "+string(rune(b[i+1]))] = append(w.at["ESC "+string(rune(b[i+1]))], i)
			switch b[i+1] {
			case '@', '2':
				i += 2
			case 'a', 'E', 'M', '3', 'd', 'J':
				i += 3
			case 't':
				if err := need(i, 3); err != nil {
					return w, err
				}
				page = int(b[i+2])
				w.pages[page] = true
				i += 3
			case '%':
				if err := need(i, 3); err != nil {
					return w, err
				}
				user = b[i+2]&1 == 1
				i += 3
			case '&':
				if err := need(i, 5); err != nil {
					return w, err
				}
				y, c1, c2 := int(b[i+2]), int(b[i+3]), int(b[i+4])
				i += 5
				for k := c1; k <= c2; k++ {
					if err := need(i, 1); err != nil {
						return w, err
					}
					i += 1 + y*int(b[i])
					w.udc++
				}
			default:
				return w, fmt.Errorf("unknown ESC %q at %d", b[i+1], i)
			}
		case c == gs:
			if err := need(i, 3); err != nil {
				return w, err
			}
			name := "GS " + string(rune(b[i+1]))
			if b[i+1] == '(' || b[i+1] == 'v' {
				name += " " + string(rune(b[i+2]))
			}
			w.cmds[name]++
			w.at[name] = append(w.at[name], i)
			switch b[i+1] {
			case '!', 'a':
				i += 3
			case 'V':
				w.cuts++
				i += 4
			case '(':
				if err := need(i, 5); err != nil {
					return w, err
				}
				n := int(b[i+3]) | int(b[i+4])<<8
				if err := need(i, 5+n); err != nil {
					return w, err
				}
				if n >= 3 && b[i+5] == 49 && b[i+6] == 80 {
					w.qr = append(w.qr, string(b[i+8:i+5+n]))
				}
				i += 5 + n
			case 'v':
				if err := need(i, 8); err != nil {
					return w, err
				}
				x := int(b[i+4]) | int(b[i+5])<<8
				y := int(b[i+6]) | int(b[i+7])<<8
				if err := need(i, 8+x*y); err != nil {
					return w, err
				}
				bm := &Bitmap{W: x * 8, H: y, Stride: x, Pix: append([]byte{}, b[i+8:i+8+x*y]...)}
				if b[i+3]&1 == 1 {
					bm.W *= 2 // the walker only needs the size; keep it packed
					bm = doubleWidth(bm)
				}
				w.images = append(w.images, bm)
				i += 8 + x*y
			default:
				return w, fmt.Errorf("unknown GS %q at %d", b[i+1], i)
			}
		default:
			return w, fmt.Errorf("control byte %#x at %d", c, i)
		}
	}
	if cur.Len() > 0 {
		return w, fmt.Errorf("text %q not ended by LF", cur.String())
	}
	return w, nil
}

// doubleWidth expands a packed bitmap read from GS v 0 m=1.
func doubleWidth(b *Bitmap) *Bitmap {
	src := &Bitmap{W: b.Stride * 8, H: b.H, Stride: b.Stride, Pix: b.Pix}
	out := NewBitmap(src.W*2, src.H)
	for y := 0; y < src.H; y++ {
		for x := 0; x < src.W; x++ {
			if src.At(x, y) {
				out.Set(2*x, y, true)
				out.Set(2*x+1, y, true)
			}
		}
	}
	return out
}
