package lookup

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/motcua-kiosk/motcua/kiosk/ui"
)

var update = flag.Bool("update", false, "rewrite the markup goldens in testdata")

func assertMarkup(t *testing.T, r *rig, name string) {
	t.Helper()
	var got string
	ui.Locked(func() { got = test.RenderToMarkup(r.w.Canvas()) })
	path := filepath.Join("testdata", name)
	if *update {
		os.MkdirAll("testdata", 0o755)
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("golden %s: %v (run with -update)", path, err)
	}
	if got != string(want) {
		os.MkdirAll(filepath.Join("testdata", "failed"), 0o755)
		os.WriteFile(filepath.Join("testdata", "failed", name), []byte(got), 0o644)
		t.Errorf("%s differs from the golden; see testdata/failed/%s", name, name)
	}
}

// TestScreen_Markup: the start page (vi, portrait), the results of "khai
// sinh" and the birth registration's first page (en, landscape) as the
// goldens hold them.
func TestScreen_Markup(t *testing.T) {
	r := newRig(t, screens[0], shipped(t), map[string]string{"ho-tich": "A"})
	assertMarkup(t, r, "start_portrait_vi.xml")
	r2 := newRig(t, screens[3], shipped(t), map[string]string{"ho-tich": "A"})
	r2.search(t, "khai sinh")
	assertMarkup(t, r2, "results_landscape_en.xml")
	openKhaiSinh(t, r2)
	assertMarkup(t, r2, "procedure_landscape_en.xml")
}
