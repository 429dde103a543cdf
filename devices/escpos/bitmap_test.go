package escpos

import (
	"image"
	"image/color"
	"testing"
)

// assertTight fails when a bitmap has a blank row or column at an edge.
func assertTight(t *testing.T, name string, b *Bitmap) {
	t.Helper()
	if b.W == 0 || b.H == 0 {
		t.Errorf("%s: empty %dx%d", name, b.W, b.H)
		return
	}
	if got, want := b.InkBounds(), image.Rect(0, 0, b.W, b.H); got != want {
		t.Errorf("%s: ink %v in %dx%d: blank edge", name, got, b.W, b.H)
	}
}

func TestBitmap_Trim(t *testing.T) {
	tests := []struct {
		name   string
		w, h   int
		dots   []image.Point
		wantWH image.Point
	}{
		{"empty", 40, 10, nil, image.Pt(0, 0)},
		{"one dot", 40, 10, []image.Point{{13, 4}}, image.Pt(1, 1)},
		{"corners", 40, 10, []image.Point{{3, 1}, {38, 8}}, image.Pt(36, 8)},
		{"byte aligned", 40, 10, []image.Point{{8, 0}, {23, 9}}, image.Pt(16, 10)},
		{"full", 9, 3, []image.Point{{0, 0}, {8, 2}}, image.Pt(9, 3)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := NewBitmap(tt.w, tt.h)
			for _, p := range tt.dots {
				b.Set(p.X, p.Y, true)
			}
			got := b.Trim()
			if g := image.Pt(got.W, got.H); g != tt.wantWH {
				t.Fatalf("size = %v, want %v", g, tt.wantWH)
			}
			if len(tt.dots) > 0 {
				assertTight(t, tt.name, got)
				for _, p := range tt.dots {
					q := p.Sub(b.InkBounds().Min)
					if !got.At(q.X, q.Y) {
						t.Errorf("dot %v lost", p)
					}
				}
				// No stray bits past W in the last byte of a row.
				for y := 0; y < got.H; y++ {
					if rem := got.W % 8; rem != 0 && got.Pix[(y+1)*got.Stride-1]&byte(0xFF>>rem) != 0 {
						t.Errorf("row %d has bits past W", y)
					}
				}
			}
		})
	}
}

func TestFromImage(t *testing.T) {
	img := image.NewNRGBA(image.Rect(0, 0, 3, 1))
	img.Set(0, 0, color.Black)
	img.Set(1, 0, color.White)
	img.Set(2, 0, color.NRGBA{0, 0, 0, 0}) // transparent reads white
	b := FromImage(img)
	if got, want := []bool{b.At(0, 0), b.At(1, 0), b.At(2, 0)}, []bool{true, false, false}; got[0] != want[0] || got[1] != want[1] || got[2] != want[2] {
		t.Errorf("dots = %v, want %v", got, want)
	}
	if g := b.Image(); g.GrayAt(0, 0).Y != 0 || g.GrayAt(1, 0).Y != 0xFF {
		t.Errorf("Image() round trip wrong")
	}
}

func TestRenderText_Tight(t *testing.T) {
	tests := []string{"Số thứ tự của bạn", "ẬỆỘ", "gjpqy", "A012", ".", "Cấp đổi, cấp lại giấy xác nhận khuyết tật"}
	for _, s := range tests {
		for _, px := range []int{12, 20, 100} {
			b, err := RenderText(s, px > 50, px)
			if err != nil {
				t.Fatal(err)
			}
			assertTight(t, s, b)
			if b.H > px*2 {
				t.Errorf("%q at %d px is %d dots high", s, px, b.H)
			}
		}
	}
	if _, err := RenderText("漢", false, 20); err == nil {
		t.Errorf("a rune the font lacks must be an error")
	}
}

// TestRenderText_Marks checks that tone marks are really drawn: a line
// with marks has ink above the capitals of the same line without them.
func TestRenderText_Marks(t *testing.T) {
	plain, _ := RenderText("AEO", false, 20)
	marked, _ := RenderText("ẤỀỖ", false, 20)
	below, _ := RenderText("ẠẸỌ", false, 20)
	if marked.H <= plain.H+2 {
		t.Errorf("marks above: %d rows vs %d plain", marked.H, plain.H)
	}
	if below.H <= plain.H+1 {
		t.Errorf("dot below: %d rows vs %d plain", below.H, plain.H)
	}
}
