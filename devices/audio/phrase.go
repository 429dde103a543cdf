package audio

import (
	"strconv"
	"strings"
	"unicode"

	"github.com/motcua-kiosk/motcua/devices"
)

// Clip names shared by every language; the rest are "letter-a".."letter-z",
// "digit-0".."digit-9" and the number words listed in
// scripts/voice/clips.tsv.
const (
	ClipIntro     = "intro"      // "Xin mời số thứ tự" / "Ticket number"
	ClipToCounter = "to-counter" // "đến quầy số" / "please go to counter"
	// ClipPause is not a file: the Bank turns it into PausePhrase of
	// silence, the comma in "Xin mời số thứ tự A012, đến quầy số 3".
	ClipPause = "pause"
)

// Phrase returns the names of the clips that say call once, in order, in
// language lang ("vi", or "en" for the English variant; anything not
// starting with "en" is Vietnamese). The ticket number is spelt one
// character at a time (A012: "a", "không", "một", "hai"); the counter is
// read as a number ("mười lăm", "hai mươi mốt"). Characters that have no
// clip (a dash, a space) are skipped. A Counter of 0 or less leaves out
// "đến quầy số ...". Phrase does not repeat the call: see Bank.Render.
func Phrase(call devices.Call, lang string) []string {
	en := strings.HasPrefix(lang, "en")
	names := []string{ClipIntro}
	names = append(names, spell(call.Number)...)
	if call.Counter > 0 {
		names = append(names, ClipPause, ClipToCounter)
		if en {
			names = append(names, englishNumber(call.Counter)...)
		} else {
			names = append(names, VietnameseNumber(call.Counter)...)
		}
	}
	return names
}

// spell names one clip per letter or digit of a ticket number. Đ shares
// the clip of D, which is read "đê" anyway.
func spell(number string) []string {
	var names []string
	for _, r := range number {
		r = unicode.ToLower(r)
		switch {
		case r >= 'a' && r <= 'z':
			names = append(names, "letter-"+string(r))
		case r == 'đ':
			names = append(names, "letter-d")
		case r >= '0' && r <= '9':
			names = append(names, digit(int(r-'0')))
		}
	}
	return names
}

func digit(d int) string { return "digit-" + strconv.Itoa(d) }

// Vietnamese number words that are not plain digits.
const (
	viMuoi     = "muoi"      // "mười": ten, 10-19
	viMuoiTens = "muoi-tens" // "mươi": the tens of 20-99
	viMotTens  = "mot-tens"  // "mốt": a one after "mươi" (21 "hai mươi mốt")
	viTuTens   = "tu-tens"   // "tư": a four after "mươi" (24 "hai mươi tư")
	viLamTens  = "lam-tens"  // "lăm": a five after "mười"/"mươi" (15 "mười lăm")
	viTram     = "tram"      // "trăm": hundred
	viLinh     = "linh"      // "linh": no tens before a unit (105 "một trăm linh năm")
	viNghin    = "nghin"     // "nghìn": thousand
)

// VietnameseNumber returns the clip names that read n (0-9999) as a
// Vietnamese number, the way a counter number is announced:
//
//	1 một, 10 mười, 11 mười một, 14 mười bốn, 15 mười lăm, 20 hai mươi,
//	21 hai mươi mốt, 24 hai mươi tư, 25 hai mươi lăm, 100 một trăm,
//	105 một trăm linh năm, 110 một trăm mười,
//	1005 một nghìn không trăm linh năm.
//
// Numbers outside 0-9999 are read digit by digit.
func VietnameseNumber(n int) []string {
	switch {
	case n < 0 || n > 9999:
		return spell(strconv.Itoa(n))
	case n < 10:
		return []string{digit(n)}
	case n < 100:
		return viTens(n)
	case n < 1000:
		return viHundreds(n)
	}
	names := []string{digit(n / 1000), viNghin}
	rest := n % 1000
	switch {
	case rest == 0:
		return names
	case rest < 100: // 1005 "một nghìn không trăm linh năm", 1020 "... không trăm hai mươi"
		names = append(names, digit(0), viTram)
		return append(names, viRest(rest)...)
	}
	return append(names, viHundreds(rest)...)
}

// viHundreds reads 100-999.
func viHundreds(n int) []string {
	names := []string{digit(n / 100), viTram}
	return append(names, viRest(n%100)...)
}

// viRest reads the last two digits after a hundred: nothing for 00, "linh"
// and a digit for 01-09, else the tens.
func viRest(n int) []string {
	switch {
	case n == 0:
		return nil
	case n < 10:
		return []string{viLinh, digit(n)}
	}
	return viTens(n)
}

// viTens reads 10-99.
func viTens(n int) []string {
	tens, unit := n/10, n%10
	var names []string
	if tens == 1 {
		names = []string{viMuoi}
	} else {
		names = []string{digit(tens), viMuoiTens}
	}
	switch {
	case unit == 0:
	case unit == 5:
		names = append(names, viLamTens)
	case unit == 1 && tens > 1:
		names = append(names, viMotTens)
	case unit == 4 && tens > 1:
		names = append(names, viTuTens)
	default:
		names = append(names, digit(unit))
	}
	return names
}

// englishNumber reads 0-9999 in American English without "and"
// (105 "one hundred five"); outside that range, digit by digit.
func englishNumber(n int) []string {
	switch {
	case n < 0 || n > 9999:
		return spell(strconv.Itoa(n))
	case n == 0:
		return []string{digit(0)}
	}
	var names []string
	if n >= 1000 {
		names = append(names, digit(n/1000), "thousand")
		n %= 1000
	}
	if n >= 100 {
		names = append(names, digit(n/100), "hundred")
		n %= 100
	}
	switch {
	case n == 0:
	case n < 10:
		names = append(names, digit(n))
	case n < 20:
		names = append(names, "num-"+strconv.Itoa(n))
	default:
		names = append(names, "num-"+strconv.Itoa(n/10*10))
		if n%10 != 0 {
			names = append(names, digit(n%10))
		}
	}
	return names
}
