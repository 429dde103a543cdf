package scanner

import "bytes"

// DefaultMaxLen is the longest code a Lines delivers, in bytes. A slip's
// QR (a look-up URL with its secret key) is well under 500 bytes; the
// dossier parser itself reads at most 2048 (dossiers.MaxInput).
const DefaultMaxLen = 4096

// Lines cuts a scanner's byte stream into codes. CR and LF always end a
// code (so CR LF is one end, never an empty code); Suffix, when set, ends
// one too, for scanners set to send e.g. TAB or ETX after each code.
// Empty codes are not delivered. A code longer than MaxLen is dropped up
// to its end and reported to OnDrop. The zero value is ready to use.
// Lines is not safe for concurrent use.
type Lines struct {
	// Suffix is an extra terminator ("" none); it is removed from the code.
	Suffix string
	// MaxLen bounds a code; 0 is DefaultMaxLen.
	MaxLen int
	// OnDrop, if set, hears each over-long line dropped, with how many
	// bytes had come when it was given up (at least MaxLen+1).
	OnDrop func(n int)

	buf      []byte
	dropping bool // inside an over-long line: skip to its end
	dropped  int
}

// Write takes the next bytes from the line and calls emit for each code
// they complete, in order. Bytes after the last terminator are kept for
// the next Write.
func (l *Lines) Write(b []byte, emit func(code string)) {
	max := l.MaxLen
	if max <= 0 {
		max = DefaultMaxLen
	}
	l.buf = append(l.buf, b...)
	for {
		i, n := l.end()
		if i < 0 {
			break
		}
		code := l.buf[:i]
		l.buf = l.buf[i+n:]
		if l.dropping {
			l.finishDrop(len(code))
			continue
		}
		if len(code) > max {
			l.dropped = len(code)
			l.finishDrop(0)
			continue
		}
		if len(code) > 0 {
			emit(string(code))
		}
	}
	if len(l.buf) > max {
		// No end in sight: forget what came, remember that the rest of
		// this line must go too.
		if !l.dropping {
			l.dropping, l.dropped = true, 0
		}
		l.dropped += len(l.buf)
		l.buf = l.buf[:0]
	}
	// Keep memory bounded by the line, not by the stream.
	if cap(l.buf) > 4*max && len(l.buf) == 0 {
		l.buf = nil
	}
}

// end finds the first terminator in buf: its index and length, or -1.
func (l *Lines) end() (int, int) {
	i := bytes.IndexAny(l.buf, "\r\n")
	n := 1
	if l.Suffix != "" {
		if j := bytes.Index(l.buf, []byte(l.Suffix)); j >= 0 && (i < 0 || j < i) {
			i, n = j, len(l.Suffix)
		}
	}
	return i, n
}

func (l *Lines) finishDrop(tail int) {
	total := l.dropped + tail
	l.dropping, l.dropped = false, 0
	if l.OnDrop != nil {
		l.OnDrop(total)
	}
}

// Reset forgets a code half received (the port went away mid-code).
func (l *Lines) Reset() {
	l.buf, l.dropping, l.dropped = l.buf[:0], false, 0
}
