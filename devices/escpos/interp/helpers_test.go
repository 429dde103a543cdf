package interp

import (
	"bytes"
	"flag"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"github.com/motcua-kiosk/motcua/devices/escpos"
)

var update = flag.Bool("update", false, "rewrite the golden PNGs under testdata")

// Command bytes spelled as in the manual, so the tests read like it.
const (
	esc = 0x1B
	gs  = 0x1D
	dle = 0x10
	lf  = 0x0A
)

var prof80 = escpos.Profile{
	Name: "test-80mm", DotsPerLine: 576, Cutter: true, NativeQR: true,
	CodePages: map[int]string{0: "cp437", 16: "cp1252", 30: "tcvn3", 31: "tcvn3-upper", 40: "viscii"},
}

var prof58 = escpos.Profile{Name: "test-58mm", DotsPerLine: 384, CodePages: map[int]string{0: "cp437"}}

// cat joins command pieces: bytes, strings and single bytes.
func cat(parts ...any) []byte {
	var b []byte
	for _, p := range parts {
		switch v := p.(type) {
		case byte:
			b = append(b, v)
		case int:
			b = append(b, byte(v))
		case rune:
			b = append(b, byte(v))
		case string:
			b = append(b, v...)
		case []byte:
			b = append(b, v...)
		default:
			panic("cat: unsupported part")
		}
	}
	return b
}

func render(t *testing.T, p escpos.Profile, stream []byte) (*image.Gray, Report) {
	t.Helper()
	img, rep, err := Render(stream, p)
	if err != nil {
		t.Fatalf("Render: %v", err)
	}
	return img, rep
}

// inkBox is the smallest rectangle holding every black dot.
func inkBox(img *image.Gray) image.Rectangle {
	r := image.Rectangle{}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if img.GrayAt(x, y).Y == 0 {
				r = r.Union(image.Rect(x, y, x+1, y+1))
			}
		}
	}
	return r
}

func inkCount(img *image.Gray) int {
	n := 0
	for _, v := range img.Pix {
		if v == 0 {
			n++
		}
	}
	return n
}

// golden compares img with testdata/name, or rewrites it under -update.
func golden(t *testing.T, name string, img image.Image) {
	t.Helper()
	var buf bytes.Buffer
	if err := WritePNG(&buf, img); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden (run with -update to create): %v", err)
	}
	if !samePixels(t, want, img) {
		os.WriteFile(path+".got.png", buf.Bytes(), 0o644)
		t.Errorf("%s differs from the golden file; got written to %s.got.png", name, path)
	}
}

// samePixels compares by pixels, not by PNG bytes, so a change in the PNG
// encoder does not fail the test.
func samePixels(t *testing.T, pngBytes []byte, img image.Image) bool {
	t.Helper()
	w, err := png.Decode(bytes.NewReader(pngBytes))
	if err != nil {
		t.Fatalf("decode golden: %v", err)
	}
	if w.Bounds() != img.Bounds() {
		return false
	}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r1, _, _, _ := w.At(x, y).RGBA()
			r2, _, _, _ := img.At(x, y).RGBA()
			if r1 != r2 {
				return false
			}
		}
	}
	return true
}
