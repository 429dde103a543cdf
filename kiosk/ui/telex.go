package ui

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Telex turns the keys typed on the on-screen keyboard into Vietnamese, the
// way the Telex input method does, because desktop Fyne has no input-method
// support and a kiosk has no keyboard:
//
//	aa → â, ee → ê, oo → ô, aw → ă, ow → ơ, uw → ư, uow → ươ, w → ư, dd → đ
//	s sắc, f huyền, r hỏi, x ngã, j nặng, z removes the tone
//
// A modifier or tone key typed twice undoes itself and stays a letter
// ("aaa" → "aa", "ass" → "as"), so every word can be typed. A tone key
// before the word has a vowel is a letter ("sao", "rau", "xin").
//
// Tone placement follows the traditional rule (kiểu cũ), the one used in
// the names of our offices ("Hòa An") and by Unikey's default: in an open
// syllable of two vowels the tone sits on the first ("hòa", "thủy",
// "khỏe", "mùa"); with a final consonant it sits on the second ("hoàn",
// "thuyết"); a vowel with a hat or horn (â ê ô ơ ư ă) always takes it, ơ
// rather than ư in "ươ"; of three vowels the middle one ("người" aside,
// which the hat rule decides). "qu" and "gi" count as consonants. The
// result is NFC.
func Telex(keys string) string {
	var out strings.Builder
	var w word
	for _, r := range keys {
		if unicode.IsLetter(r) && r < 0x80 {
			w.key(r)
			continue
		}
		out.WriteString(w.String())
		w = word{}
		out.WriteRune(r)
	}
	out.WriteString(w.String())
	return norm.NFC.String(out.String())
}

// Tones in Telex key order; 0 is no tone.
const (
	toneNone = iota
	toneAcute
	toneGrave
	toneHook
	toneTilde
	toneDot
)

var toneKeys = map[rune]int{'s': toneAcute, 'f': toneGrave, 'r': toneHook, 'x': toneTilde, 'j': toneDot}

// toneMarks are the combining marks NFC composes with the base letters.
var toneMarks = [...]string{"", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"}

// word is one syllable being typed: its letters (hats and horns already
// applied, case kept), its tone and the last change, so that the same key
// again can undo it.
type word struct {
	letters []rune
	tone    int
	last    rune // the key that made the last change ("" for a plain letter)
	undo    func()
}

func isVowel(r rune) bool { return strings.ContainsRune("aăâeêioôơuưy", unicode.ToLower(r)) }

func (w *word) hasVowel() bool {
	for _, r := range w.letters {
		if isVowel(r) {
			return true
		}
	}
	return false
}

func (w *word) plain(r rune) {
	w.letters = append(w.letters, r)
	w.last, w.undo = 0, nil
}

// changed records that key k changed the word; the same key next time
// calls undo and then is typed as a letter.
func (w *word) changed(k rune, undo func()) { w.last, w.undo = k, undo }

func (w *word) key(r rune) {
	lower := unicode.ToLower(r)
	if w.undo != nil && lower == w.last {
		w.undo()
		w.plain(r)
		w.last = -1 // a third press is a plain letter again
		return
	}
	if t, ok := toneKeys[lower]; ok && w.hasVowel() {
		old := w.tone
		if old == t {
			w.tone = toneNone
			w.plain(r)
			return
		}
		w.tone = t
		w.changed(lower, func() { w.tone = old })
		return
	}
	if lower == 'z' && w.hasVowel() && w.tone != toneNone {
		old := w.tone
		w.tone = toneNone
		w.changed('z', func() { w.tone = old })
		return
	}
	switch lower {
	case 'a', 'e', 'o':
		hat := map[rune]rune{'a': 'â', 'e': 'ê', 'o': 'ô'}[lower]
		if i := w.lastVowel(func(v rune) bool { return v == lower }); i >= 0 {
			w.set(i, hat, lower)
			return
		}
	case 'd':
		if len(w.letters) == 1 && unicode.ToLower(w.letters[0]) == 'd' {
			w.set(0, 'đ', 'd')
			return
		}
	case 'w':
		if w.horn() {
			return
		}
		// A bare w is ư.
		w.letters = append(w.letters, matchCase('ư', r))
		n := len(w.letters) - 1
		w.changed('w', func() { w.letters = w.letters[:n] })
		return
	}
	w.plain(r)
}

// lastVowel returns the index of the last letter of the final vowel group
// that is plain v (no hat yet), or -1.
func (w *word) lastVowel(match func(rune) bool) int {
	for i := len(w.letters) - 1; i >= 0; i-- {
		l := unicode.ToLower(w.letters[i])
		if !isVowel(l) {
			if w.hasVowelBefore(i) {
				continue // skip final consonants: "tieng" + e
			}
			return -1
		}
		if match(l) {
			return i
		}
	}
	return -1
}

func (w *word) hasVowelBefore(i int) bool {
	for j := i - 1; j >= 0; j-- {
		if isVowel(w.letters[j]) {
			return true
		}
	}
	return false
}

// set replaces letter i by to (keeping its case) and remembers how to undo.
func (w *word) set(i int, to rune, k rune) {
	old := w.letters[i]
	w.letters[i] = matchCase(to, old)
	w.changed(k, func() { w.letters[i] = old })
}

// horn applies w: "uo" → "ươ", else the last a/o/u of the vowel group
// becomes ă/ơ/ư. It reports whether it changed anything.
func (w *word) horn() bool {
	for i := len(w.letters) - 1; i >= 1; i-- {
		a, b := unicode.ToLower(w.letters[i-1]), unicode.ToLower(w.letters[i])
		if (a == 'u' || a == 'ư') && (b == 'o' || b == 'ơ') && (a == 'u' || b == 'o') {
			if i-2 >= 0 && unicode.ToLower(w.letters[i-2]) == 'q' {
				break // "quo": the u belongs to qu
			}
			oa, ob := w.letters[i-1], w.letters[i]
			w.letters[i-1], w.letters[i] = matchCase('ư', oa), matchCase('ơ', ob)
			w.changed('w', func() { w.letters[i-1], w.letters[i] = oa, ob })
			return true
		}
	}
	i := w.lastVowel(func(v rune) bool { return v == 'a' || v == 'o' || v == 'u' })
	if i < 0 {
		return false
	}
	to := map[rune]rune{'a': 'ă', 'o': 'ơ', 'u': 'ư'}[unicode.ToLower(w.letters[i])]
	w.set(i, to, 'w')
	return true
}

func matchCase(to, like rune) rune {
	if unicode.IsUpper(like) {
		return unicode.ToUpper(to)
	}
	return to
}

// toneIndex picks the vowel that carries the tone (see Telex).
func (w *word) toneIndex() int {
	l := make([]rune, len(w.letters))
	for i, r := range w.letters {
		l[i] = unicode.ToLower(r)
	}
	start := 0
	for start < len(l) && !isVowel(l[start]) {
		start++
	}
	if start == len(l) {
		return -1
	}
	end := start
	for end < len(l) && isVowel(l[end]) {
		end++
	}
	// "qu" and "gi" followed by another vowel: the u / i is part of the consonant.
	if start > 0 && end-start > 1 && ((l[start-1] == 'q' && l[start] == 'u') || (l[start-1] == 'g' && l[start] == 'i')) {
		start++
	}
	v := l[start:end]
	for i, r := range v {
		if r == 'ơ' || (strings.ContainsRune("ăâêôư", r) && !(r == 'ư' && i+1 < len(v) && v[i+1] == 'ơ')) {
			return start + i
		}
	}
	switch {
	case len(v) == 1:
		return start
	case len(v) >= 3:
		return start + 1
	case end < len(l): // closed syllable: on the second vowel
		return start + 1
	default: // open syllable of two vowels: on the first (traditional)
		return start
	}
}

// String is the word as text: letters with the tone mark on its vowel.
func (w *word) String() string {
	if len(w.letters) == 0 {
		return ""
	}
	i := -1
	if w.tone != toneNone {
		i = w.toneIndex()
	}
	var b strings.Builder
	for j, r := range w.letters {
		b.WriteRune(r)
		if j == i {
			b.WriteString(toneMarks[w.tone])
		}
	}
	return b.String()
}
