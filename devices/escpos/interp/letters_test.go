package interp

import (
	"os"
	"strings"
	"testing"
)

// TestRender_VietnameseLetters prints every Vietnamese letter that VISCII
// puts outside the control range (140 of 146; Ẳ Ẵ Ẫ Ỷ Ỹ Ỵ sit on control
// bytes a printer takes as commands), from bytes made by
// `iconv -f UTF-8 -t VISCII testdata/vietnamese-letters.txt`. The decoded
// text must match the UTF-8 file letter for letter, and the picture the
// golden PNG a person has checked for diacritics.
func TestRender_VietnameseLetters(t *testing.T) {
	want, err := os.ReadFile("testdata/vietnamese-letters.txt")
	if err != nil {
		t.Fatal(err)
	}
	viscii, err := os.ReadFile("testdata/vietnamese-letters.viscii")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		pre  []byte
	}{
		{"regular", cat(esc, 't', 40)},
		{"bold", cat(esc, 't', 40, esc, 'E', 1)},
		{"double", cat(esc, 't', 40, gs, '!', 0x11)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			img, rep := render(t, prof80, cat(tc.pre, viscii))
			got := strings.Join(rep.Lines, "\n") + "\n"
			if tc.name != "double" && got != string(want) {
				t.Errorf("decoded\n%s\nwant\n%s", got, want)
			}
			if len(rep.Unknown) != 0 {
				t.Errorf("unknown: %v", rep.Unknown)
			}
			golden(t, "vietnamese-letters-"+tc.name+".png", img)
		})
	}
}
