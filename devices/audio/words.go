package audio

import "strings"

// Spell returns the clip names that read a ticket number one character at
// a time ("A012": letter-a, digit-0, digit-1, digit-2), as Phrase does.
// The citizen screens' speech (kiosk/speech) reads numbers the lobby's way
// with it.
func Spell(number string) []string { return spell(number) }

// Number returns the clip names that read n as a number in lang: the
// Vietnamese rules of VietnameseNumber, or English for a tag starting
// with "en".
func Number(n int, lang string) []string {
	if strings.HasPrefix(lang, "en") {
		return englishNumber(n)
	}
	return VietnameseNumber(n)
}
