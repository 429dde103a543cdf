//go:build integration

package interp

import (
	"image"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/skip2/go-qrcode"

	"github.com/motcua-kiosk/motcua/devices/escpos"
)

// zbar decodes the codes in img with zbarimg, the real reader, and returns
// one line per code.
func zbar(t *testing.T, img image.Image) []string {
	t.Helper()
	bin, err := exec.LookPath("zbarimg")
	if err != nil {
		if os.Getenv("CI") == "" {
			t.Skip("zbarimg (zbar-tools) not installed")
		}
		t.Fatalf("zbarimg missing under CI: %v", err)
	}
	path := filepath.Join(t.TempDir(), "ticket.png")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := WritePNG(f, img); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "--raw", "-q", path).Output()
	if err != nil {
		t.Fatalf("zbarimg found no code in %s: %v", path, err)
	}
	return strings.Split(strings.TrimRight(string(out), "\n"), "\n")
}

// rasterQR packs a go-qrcode symbol, quiet zone included, into GS v 0 with
// dot dots per module: the way a driver prints a QR on a printer without
// GS ( k.
func rasterQR(t *testing.T, data string, dot int) []byte {
	t.Helper()
	q, err := qrcode.New(data, qrcode.Medium)
	if err != nil {
		t.Fatal(err)
	}
	bits := q.Bitmap()
	w := len(bits) * dot
	xb := (w + 7) / 8
	out := []byte{gs, 'v', '0', 0, byte(xb), byte(xb >> 8), byte(w), byte(w >> 8)}
	for _, row := range bits {
		line := make([]byte, xb)
		for x := 0; x < w; x++ {
			if row[x/dot] {
				line[x/8] |= 0x80 >> (x % 8)
			}
		}
		for i := 0; i < dot; i++ {
			out = append(out, line...)
		}
	}
	return out
}

func TestRender_QRDecodesWithZbar(t *testing.T) {
	const url = "https://motcua.tanhoa.gov.vn/t/A012-K7Q2"
	native := cat(esc, '@', esc, 'a', 1, "Native", lf, esc, 'J', 40,
		gs, '(', 'k', 4, 0, 49, 65, 50, 0, gs, '(', 'k', 3, 0, 49, 67, 6, gs, '(', 'k', 3, 0, 49, 69, 49,
		gs, '(', 'k', len(url)+3, 0, 49, 80, 48, url, gs, '(', 'k', 3, 0, 49, 81, 48, esc, 'J', 40, gs, 'V', 66, 0)
	raster := cat(esc, '@', esc, 'a', 1, "Raster", lf, rasterQR(t, url, 5), esc, 'J', 40, gs, 'V', 66, 0)
	for _, tc := range []struct {
		name   string
		p      escpos.Profile
		stream []byte
	}{
		{"native-576", prof80, native},
		{"raster-576", prof80, raster},
		{"native-384", prof58, native},
		{"raster-384", prof58, raster},
	} {
		t.Run(tc.name, func(t *testing.T) {
			img, rep := render(t, tc.p, tc.stream)
			if len(rep.Unknown) != 0 {
				t.Errorf("unknown: %v", rep.Unknown)
			}
			if got := zbar(t, img); len(got) != 1 || got[0] != url {
				t.Errorf("zbarimg read %q, want %q", got, url)
			}
		})
	}
}

// TestRender_ReferenceTicketDecodesWithZbar prints the encoder's reference
// ticket with every strategy at 576 and 384 dots and reads its QR back
// with zbarimg: the URL must come back exactly.
func TestRender_ReferenceTicketDecodesWithZbar(t *testing.T) {
	for _, rc := range referenceCases(t) {
		t.Run(rc.name, func(t *testing.T) {
			img, _ := rc.render(t)
			if got := zbar(t, img); len(got) != 1 || got[0] != escpos.ReferenceURL {
				t.Errorf("zbarimg read %q, want %q", got, escpos.ReferenceURL)
			}
		})
	}
}
