//go:build integration

package interp

import (
	"slices"
	"sort"
	"testing"

	"github.com/motcua-kiosk/motcua/devices/escpos"
)

// TestRender_TestPage_zbar reads the test page's QR code with zbarimg on
// every shipped profile: native or raster, a phone must read it.
func TestRender_TestPage_zbar(t *testing.T) {
	const url = "https://motcua.example.gov.vn/t/test"
	for _, name := range escpos.ProfileNames() {
		t.Run(name, func(t *testing.T) {
			p, err := escpos.LookupProfile(name)
			if err != nil {
				t.Fatal(err)
			}
			stream, err := escpos.EncodeTestPage(escpos.TestPage{QR: url}, p, "")
			if err != nil {
				t.Fatal(err)
			}
			img, _ := render(t, p, stream)
			if got := zbar(t, img); len(got) != 1 || got[0] != url {
				t.Errorf("zbarimg read %q, want [%q]", got, url)
			}
		})
	}
}

// TestRender_ProbePage_zbar reads both QR codes of the probe page with
// zbarimg: the image one any printer prints, and the GS ( k one where the
// printer draws it.
func TestRender_ProbePage_zbar(t *testing.T) {
	for _, dots := range []int{escpos.Dots80mm, escpos.Dots58mm} {
		stream, err := escpos.EncodeProbePage(escpos.TestPage{}, dots)
		if err != nil {
			t.Fatal(err)
		}
		img, _ := render(t, probePrinter(dots), stream)
		got := zbar(t, img)
		sort.Strings(got)
		want := []string{escpos.ProbeNativeQR, escpos.ProbeRasterQR}
		sort.Strings(want)
		if !slices.Equal(got, want) {
			t.Errorf("%d dots: zbarimg read %q, want %q", dots, got, want)
		}
	}
}
