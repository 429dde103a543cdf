package procedures

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Fold is the form every text is compared in: lower case, tone and vowel
// marks removed, đ as d, anything but letters and digits as a space.
// "Đăng ký Khai sinh!" folds to "dang ky khai sinh".
func Fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := true
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case r == 'đ' || r == 'Đ':
			r = 'd'
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			r = unicode.ToLower(r)
		default:
			if !space {
				b.WriteByte(' ')
				space = true
			}
			continue
		}
		b.WriteRune(r)
		space = false
	}
	return strings.TrimSuffix(b.String(), " ")
}

// words splits a folded text into its words.
func words(folded string) []string { return strings.Fields(folded) }

// Untelex undoes what Telex typing leaves in a word when the keyboard's
// input method is off: "chuwng" → "chung", "thuwcj" → "thuc", "ddawng" →
// "dang", "kys" → "ky", "hoon" → "hon". It works on a folded word and
// relies on Vietnamese spelling: no native word has f, j, w or z; s, x
// and r only begin a word (r also in "tr"); a doubled a, e, o or d is a
// Telex mark. A word with none of these comes back unchanged.
func Untelex(w string) string {
	out := make([]byte, 0, len(w))
	for i := 0; i < len(w); i++ {
		c := w[i]
		switch {
		case c == 'f' || c == 'j' || c == 'w' || c == 'z':
			continue
		case (c == 's' || c == 'x') && i > 0:
			continue
		case c == 'r' && i > 0 && !(i == 1 && w[0] == 't'):
			continue
		case len(out) > 0 && out[len(out)-1] == c && strings.IndexByte("adeo", c) >= 0:
			continue
		}
		out = append(out, c)
	}
	if len(out) == 0 {
		return w
	}
	return string(out)
}

// abbreviations are what citizens type for long phrases, folded.
var abbreviations = map[string]string{
	"cmnd":    "chung minh nhan dan",
	"cccd":    "can cuoc cong dan",
	"gks":     "giay khai sinh",
	"dkks":    "dang ky khai sinh",
	"dkkh":    "dang ky ket hon",
	"dkkt":    "dang ky khai tu",
	"tthn":    "tinh trang hon nhan",
	"xntthn":  "xac nhan tinh trang hon nhan",
	"xn":      "xac nhan",
	"dk":      "dang ky",
	"dki":     "dang ky",
	"gcn":     "giay chung nhan",
	"gcnqsdd": "giay chung nhan quyen su dung dat",
	"qsdd":    "quyen su dung dat",
	"sd":      "so do",
	"gpxd":    "giay phep xay dung",
	"hkd":     "ho kinh doanh",
	"bhyt":    "bao hiem y te",
	"bhxh":    "bao hiem xa hoi",
	"nkt":     "nguoi khuyet tat",
	"ncc":     "nguoi co cong",
	"btxh":    "bao tro xa hoi",
	"hk":      "ho khau",
	"ct":      "chung thuc",
	"hd":      "hop dong",
	"bs":      "ban sao",
	"ks":      "khai sinh",
	"kh":      "ket hon",
	"kt":      "khai tu",
	"ubnd":    "uy ban nhan dan",
	"tl":      "trich luc",
}

// stopWords carry no meaning in a query ("làm … thế nào", "xin …"); they
// are dropped before matching. Short words that are also parts of names
// ("thủ", "căn", "cho", "đầu") are not here: the IDF weight keeps them
// light instead.
var stopWords = map[string]bool{
	"lam": true, "xin": true, "gi": true, "nao": true, "toi": true,
	"muon": true, "voi": true, "a": true, "cua": true,
}

// stopPairs are two-word phrases dropped from a query.
var stopPairs = [][2]string{{"thu", "tuc"}, {"o", "dau"}, {"the", "nao"}, {"nhu", "the"}}
