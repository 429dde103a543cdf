package interp

import (
	"testing"

	"github.com/motcua-kiosk/motcua/devices/escpos"
)

// FuzzRender feeds arbitrary bytes to the interpreter: it must never panic,
// never draw past its paper limit and never keep more issues than its cap.
func FuzzRender(f *testing.F) {
	seeds := [][]byte{
		cat("Hello", lf),
		cat(esc, '@', esc, 'a', 1, gs, '!', 0x77, "A012", lf, gs, 'V', 66, 0),
		cat(esc, 't', 30, 0x53, 0xE8, lf, esc, 't', 40, 0xAF, lf),
		rasterCmd(3, "#.#.#.#.#", ".#.#"+"....."),
		cat(gs, 'v', '0', 0, 0xFF, 0xFF, 0xFF, 0xFF, 1, 2, 3),
		cat(esc, '*', 33, 2, 0, 0x80, 0, 0x01, 0xFF, 0xFF, 0xFF, lf),
		cat(esc, '&', 3, 'A', 'B', 2, 1, 2, 3, 4, 5, 6, 1, 7, 8, 9, esc, '%', 1, "AB", lf),
		cat(gs, '(', 'k', 4, 0, 49, 65, 50, 0, gs, '(', 'k', 3, 0, 49, 67, 16,
			gs, '(', 'k', 8, 0, 49, 80, 48, "hello", gs, '(', 'k', 3, 0, 49, 81, 48),
		cat(dle, 0x04, 1, dle, 0x04, 7, 1, dle, 0x14, 8, 1, 2, 3, 4, 5, 6, 7),
		cat(gs, 'L', 0xFF, 0xFF, gs, 'W', 0, 0, "x", lf, esc, '$', 0xFF, 0x7F, esc, '\\', 0, 0x80, "y", lf),
		cat(esc, 'D', 1, 2, 3, 0, 0x09, 0x09, 0x09, 0x09, "z", lf),
		cat(gs, '8', 'L', 0xFF, 0xFF, 0xFF, 0x7F, 48, 112),
		cat(esc, 'J', 255, esc, 'd', 255, esc, '3', 255, lf, lf),
		cat(gs, 'k', 73, 5, "12345", gs, 'k', 2, "1234567890128"),
	}
	for _, s := range seeds {
		f.Add(s)
	}
	// The encoder's real tickets, every strategy.
	if p, err := escpos.LookupProfile("epson-tm-t20"); err == nil {
		for _, st := range escpos.Strategies {
			if b, err := escpos.EncodeTicket(escpos.ReferenceTicket(), p, st); err == nil {
				f.Add(b)
			}
		}
	}
	f.Fuzz(func(t *testing.T, stream []byte) {
		const maxH = 3000
		in, err := New(prof80, Options{MaxHeight: maxH})
		if err != nil {
			t.Fatal(err)
		}
		// Split in two writes to exercise incomplete commands as well.
		half := len(stream) / 2
		if _, err := in.Write(stream[:half]); err != nil {
			t.Fatal(err)
		}
		if _, err := in.Write(stream[half:]); err != nil {
			t.Fatal(err)
		}
		if err := in.Close(); err != nil {
			t.Fatal(err)
		}
		img := in.Image()
		rep := in.Report()
		if h := img.Bounds().Dy(); h > maxH || h < 1 || rep.Height != h {
			t.Fatalf("image height %d, report %d, limit %d", h, rep.Height, maxH)
		}
		if img.Bounds().Dx() != prof80.DotsPerLine {
			t.Fatalf("image width %d", img.Bounds().Dx())
		}
		if len(rep.Unknown) > maxIssues || len(rep.Notes) > maxIssues {
			t.Fatalf("issues not capped: %d unknown, %d notes", len(rep.Unknown), len(rep.Notes))
		}
		if rep.Bytes != len(stream) {
			t.Fatalf("report counts %d bytes of %d", rep.Bytes, len(stream))
		}
	})
}
