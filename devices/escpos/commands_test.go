package escpos

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

func TestEncoder_Commands(t *testing.T) {
	bm := NewBitmap(10, 2) // 2 bytes wide
	bm.Set(0, 0, true)
	bm.Set(9, 1, true)
	tests := []struct {
		name  string
		build func(e *Encoder)
		want  []byte
	}{
		{"init", func(e *Encoder) { e.Init() }, []byte{0x1B, 0x40}},
		{"align left", func(e *Encoder) { e.Align(AlignLeft) }, []byte{0x1B, 0x61, 0}},
		{"align center", func(e *Encoder) { e.Align(AlignCenter) }, []byte{0x1B, 0x61, 1}},
		{"align right", func(e *Encoder) { e.Align(AlignRight) }, []byte{0x1B, 0x61, 2}},
		{"bold on", func(e *Encoder) { e.Emphasis(true) }, []byte{0x1B, 0x45, 1}},
		{"bold off", func(e *Encoder) { e.Emphasis(false) }, []byte{0x1B, 0x45, 0}},
		{"size 1x1", func(e *Encoder) { e.Size(1, 1) }, []byte{0x1D, 0x21, 0x00}},
		{"size 4x4", func(e *Encoder) { e.Size(4, 4) }, []byte{0x1D, 0x21, 0x33}},
		{"size 2w 3h", func(e *Encoder) { e.Size(2, 3) }, []byte{0x1D, 0x21, 0x12}},
		{"size 8x8", func(e *Encoder) { e.Size(8, 8) }, []byte{0x1D, 0x21, 0x77}},
		{"font B", func(e *Encoder) { e.Font(1) }, []byte{0x1B, 0x4D, 1}},
		{"line spacing", func(e *Encoder) { e.LineSpacing(30) }, []byte{0x1B, 0x33, 30}},
		{"default spacing", func(e *Encoder) { e.DefaultLineSpacing() }, []byte{0x1B, 0x32}},
		{"feed lines", func(e *Encoder) { e.Feed(3) }, []byte{0x1B, 0x64, 3}},
		{"feed dots", func(e *Encoder) { e.FeedDots(6) }, []byte{0x1B, 0x4A, 6}},
		{"lf", func(e *Encoder) { e.LF() }, []byte{0x0A}},
		{"partial cut", func(e *Encoder) { e.Cut(CutPartial, 24) }, []byte{0x1D, 0x56, 66, 24}},
		{"full cut", func(e *Encoder) { e.Cut(CutFull, 0) }, []byte{0x1D, 0x56, 65, 0}},
		{"code page 30", func(e *Encoder) { e.CodePage(30) }, []byte{0x1B, 0x74, 30}},
		{"asb all", func(e *Encoder) { e.EnableASB(ASBAll) }, []byte{0x1D, 0x61, 0x0F}},
		{"asb off", func(e *Encoder) { e.EnableASB(0) }, []byte{0x1D, 0x61, 0}},
		{"user chars on", func(e *Encoder) { e.UserChars(true) }, []byte{0x1B, 0x25, 1}},
		{"text", func(e *Encoder) { e.Text("A012") }, []byte("A012")},
		{"qr", func(e *Encoder) { e.QR("AB", 6) }, []byte{
			0x1D, 0x28, 0x6B, 4, 0, 49, 65, 50, 0, // model 2
			0x1D, 0x28, 0x6B, 3, 0, 49, 67, 6, // module 6
			0x1D, 0x28, 0x6B, 3, 0, 49, 69, 49, // level M
			0x1D, 0x28, 0x6B, 5, 0, 49, 80, 48, 'A', 'B', // store
			0x1D, 0x28, 0x6B, 3, 0, 49, 81, 48, // print
		}},
		{"raster", func(e *Encoder) { e.Raster(bm) }, []byte{0x1D, 0x76, 0x30, 0, 2, 0, 2, 0, 0x80, 0x00, 0x00, 0x40}},
		{"raster double width", func(e *Encoder) { e.RasterScaled(bm, true, false) }, []byte{0x1D, 0x76, 0x30, 1, 2, 0, 2, 0, 0x80, 0x00, 0x00, 0x40}},
		{"raster empty", func(e *Encoder) { e.Raster(NewBitmap(0, 0)) }, []byte{}},
		{"define chars", func(e *Encoder) {
			e.DefineChars('A', []Glyph{{W: 1, Cols: []byte{1, 2, 3}}, {W: 0, Cols: []byte{}}})
		}, []byte{0x1B, 0x26, 3, 'A', 'B', 1, 1, 2, 3, 0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := NewEncoder()
			tt.build(e)
			got, err := e.Result()
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, tt.want) {
				t.Errorf("bytes = % x, want % x", got, tt.want)
			}
		})
	}
}

func TestEncoder_QRLongData(t *testing.T) {
	data := strings.Repeat("x", 300)
	b := NewEncoder().QR(data, 4).Bytes()
	store := []byte{0x1D, 0x28, 0x6B, byte(303 % 256), byte(303 / 256), 49, 80, 48}
	if !bytes.Contains(b, append(store, data...)) {
		t.Errorf("store block with pL pH = 303 not found")
	}
}

func TestEncoder_RasterBands(t *testing.T) {
	bm := NewBitmap(8, 2500)
	b := NewEncoder().Raster(bm).Bytes()
	if got, want := len(b), 3*8+2500; got != want {
		t.Fatalf("len = %d, want %d (three bands)", got, want)
	}
	if got, want := b[8+1024:8+1024+8], []byte{0x1D, 0x76, 0x30, 0, 1, 0, 0, 4}; !bytes.Equal(got, want) {
		t.Errorf("second band header = % x, want % x", got, want)
	}
}

func TestEncoder_Errors(t *testing.T) {
	tests := []struct {
		name  string
		build func(e *Encoder)
	}{
		{"size 0", func(e *Encoder) { e.Size(0, 1) }},
		{"size 9", func(e *Encoder) { e.Size(1, 9) }},
		{"align", func(e *Encoder) { e.Align(3) }},
		{"font", func(e *Encoder) { e.Font(2) }},
		{"feed", func(e *Encoder) { e.Feed(256) }},
		{"cut kind", func(e *Encoder) { e.Cut(7, 0) }},
		{"cut feed", func(e *Encoder) { e.Cut(CutFull, -1) }},
		{"code page", func(e *Encoder) { e.CodePage(300) }},
		{"qr empty", func(e *Encoder) { e.QR("", 4) }},
		{"qr module", func(e *Encoder) { e.QR("x", 17) }},
		{"text control", func(e *Encoder) { e.Text("a\x1b@") }},
		{"chars range", func(e *Encoder) { e.DefineChars(0x7E, []Glyph{{}, {}}) }},
		{"glyph size", func(e *Encoder) { e.DefineChars('A', []Glyph{{W: 2, Cols: []byte{1}}}) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := NewEncoder()
			tt.build(e)
			if e.Err() == nil {
				t.Errorf("no error")
			}
		})
	}
}

func ExampleEncoder() {
	b, err := NewEncoder().Init().Align(AlignCenter).Size(4, 4).Text("A012").LF().
		Size(1, 1).Cut(CutPartial, 24).Result()
	fmt.Printf("% x %v\n", b, err)
	// Output: 1b 40 1b 61 01 1d 21 33 41 30 31 32 0a 1d 21 00 1d 56 42 18 <nil>
}
