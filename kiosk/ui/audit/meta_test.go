package audit

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"

	"github.com/motcua-kiosk/motcua/kiosk/ui"
)

// TestMeasure_FindsViolations: the audit's own check, on a screen built to
// break every rule: a key too small, grey text on grey, no speak key.
func TestMeasure_FindsViolations(t *testing.T) {
	test.NewTempApp(t)
	small := ui.NewBigButton("x", func() {})
	faint := ui.NewText("mờ", ui.TextBody, ui.ColorClosed, false, fyne.TextAlignCenter)
	w := test.NewWindow(container.NewVBox(container.NewGridWrap(fyne.NewSize(50, 50), small), faint))
	w.Resize(fyne.NewSize(600, 600))
	var d drawn
	ui.Locked(func() { d = look(w, w.Content()) })
	r := measure("bad", "test", d, 0.248, true)
	all := strings.Join(r.problems, "\n")
	for _, want := range []string{"target \"x\" is 12.4 mm", "text \"mờ\" contrast", "no \"Nghe hướng dẫn\" key"} {
		if !strings.Contains(all, want) {
			t.Errorf("problems lack %q:\n%s", want, all)
		}
	}
}
