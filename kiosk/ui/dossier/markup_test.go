package dossier

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

// TestScreen_Markup: the enter page (vi, portrait), a ready dossier (en,
// landscape) and a waiting one (vi, portrait) as the goldens hold them.
func TestScreen_Markup(t *testing.T) {
	r := newRig(t, screens[0], nil)
	assertMarkup(t, r, "enter_portrait_vi.xml")
	r.open(t, waitingCode)
	assertMarkup(t, r, "waiting_portrait_vi.xml")
	r2 := newRig(t, screens[3], nil)
	r2.open(t, readyCode)
	assertMarkup(t, r2, "ready_landscape_en.xml")
}
