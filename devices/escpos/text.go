package escpos

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// normalize prepares ticket text for any strategy: NFC (so "ệ" is one
// rune, not e + two combining marks), tabs and newlines to spaces, other
// control characters removed (they would be printer commands).
func normalize(s string) string {
	s = norm.NFC.String(s)
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
			return ' '
		case r < 0x20 || r == 0x7F || (r >= 0x80 && r < 0xA0):
			return -1
		case r == utf8.RuneError:
			return '?'
		}
		return r
	}, s)
}

// isASCII reports whether s prints in any code page unchanged.
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7E {
			return false
		}
	}
	return true
}

// findPage finds the page that writes r, preferring the current one so
// that a run of text needs as few ESC t switches as possible.
func findPage(pages []pageCharset, current int, r rune) (page int, b byte, ok bool) {
	for _, pc := range pages {
		if pc.page == current {
			if b, ok := pc.cs.Encode(r); ok {
				return pc.page, b, true
			}
		}
	}
	for _, pc := range pages {
		if b, ok := pc.cs.Encode(r); ok {
			return pc.page, b, true
		}
	}
	return 0, 0, false
}

// encodeText writes s with the profile's pages, switching with ESC t
// where needed. It returns the bytes, the page in force afterwards, and
// the first rune no page has (0 when all were written).
func encodeText(pages []pageCharset, current int, s string) (out []byte, page int, missing rune) {
	out = make([]byte, 0, len(s)+8)
	page = current
	for _, r := range s {
		p, b, ok := findPage(pages, page, r)
		if !ok {
			return nil, current, r
		}
		if p != page {
			out = append(out, escT(p)...)
			page = p
		}
		out = append(out, b)
	}
	return out, page, 0
}

// canEncode reports whether every rune of s has a page in the profile.
func canEncode(pages []pageCharset, s string) bool {
	for _, r := range s {
		if _, _, ok := findPage(pages, -1, r); !ok {
			return false
		}
	}
	return true
}

// wrap breaks s into lines of at most width columns at spaces; a word
// longer than width is cut.
func wrap(s string, width int) []string {
	if width < 1 {
		width = 1
	}
	var lines []string
	var cur []rune
	for _, word := range strings.Fields(s) {
		w := []rune(word)
		for len(w) > width {
			if len(cur) > 0 {
				lines = append(lines, string(cur))
				cur = cur[:0]
			}
			lines = append(lines, string(w[:width]))
			w = w[width:]
		}
		switch {
		case len(cur) == 0:
			cur = append(cur, w...)
		case len(cur)+1+len(w) <= width:
			cur = append(append(cur, ' '), w...)
		default:
			lines = append(lines, string(cur))
			cur = append(cur[:0], w...)
		}
	}
	if len(cur) > 0 {
		lines = append(lines, string(cur))
	}
	return lines
}

// splitWords splits at spaces.
func splitWords(s string) []string { return strings.Fields(s) }
