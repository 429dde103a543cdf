package assets

import (
	"testing"

	"golang.org/x/image/font/sfnt"
)

func TestReadFile_FontsCoverVietnamese(t *testing.T) {
	for _, name := range []string{"fonts/NotoSans-Regular.ttf", "fonts/NotoSans-Bold.ttf"} {
		b, err := ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		f, err := sfnt.Parse(b)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		var buf sfnt.Buffer
		for _, r := range "ĐđƯưƠơẮằẵặỆễỹỵỷ" {
			if gi, err := f.GlyphIndex(&buf, r); err != nil || gi == 0 {
				t.Errorf("%s has no glyph for %q", name, r)
			}
		}
	}
}
