package escpos

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// vietnameseLetters builds the 134 non-ASCII Vietnamese letters (67
// lowercase, 67 uppercase) from base letters and combining tone marks
// through NFC, independently of any table in this package.
func vietnameseLetters() []rune {
	bases := []string{"a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y"}
	tones := []string{"", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"}
	var lower []rune
	for _, b := range bases {
		for _, t := range tones {
			s := norm.NFC.String(b + t)
			r := []rune(s)
			if len(r) != 1 {
				panic("no precomposed form for " + b + t)
			}
			if r[0] < 0x80 {
				continue // plain a e i o u y are ASCII
			}
			lower = append(lower, r[0])
		}
	}
	lower = append(lower, 'đ')
	out := append([]rune{}, lower...)
	for _, r := range lower {
		out = append(out, unicode.ToUpper(r))
	}
	return out
}

// tonedCapitals are the 60 capitals with a tone mark, the ones TCVN-3
// page 1 lacks.
func tonedCapitals() []rune {
	var out []rune
	for _, r := range vietnameseLetters() {
		if unicode.IsUpper(r) && !strings.ContainsRune("ĂÂÊÔƠƯĐ", r) {
			out = append(out, r)
		}
	}
	return out
}
