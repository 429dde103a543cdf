package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
)

// TestKeyboard_DeleteKeyOneLine: on a 1080-px-wide portrait screen, inside
// the admin menu's margins, the delete key's label ("⌫ Xóa", "⌫ Delete")
// stays on one line, and the keys of its row stay in the row.
func TestKeyboard_DeleteKeyOneLine(t *testing.T) {
	test.NewTempApp(t)
	for _, lang := range []Lang{LangVI, LangEN} {
		t.Run(string(lang), func(t *testing.T) {
			tr := Tr{Lang: lang}
			k := NewKeyboard(tr, "Tên cơ quan", "UBND xã Hòa An", true)
			w := test.NewWindow(container.NewThemeOverride(Inset(Margin, container.NewPadded(k)), Theme{}))
			defer w.Close()
			w.SetPadded(false)
			w.Resize(fyne.NewSize(1080, 1920))
			del := k.Key("⌫")
			if got, want := del.Title, tr.L("keypad.back"); got != want {
				t.Fatalf("delete key titled %q, want %q", got, want)
			}
			title := test.WidgetRenderer(del).(*buttonRenderer).title
			if got := len(test.WidgetRenderer(title).(*textRenderer).rows); got != 1 {
				t.Errorf("%q wraps to %d lines on a key %.0f px wide, want 1", del.Title, got, del.Size().Width)
			}
			l := k.Key("l")
			if got, want := del.Position().X, l.Position().X+l.Size().Width; got < want {
				t.Errorf("delete key at x=%.1f overlaps 'l', which ends at x=%.1f", got, want)
			}
			if got, want := del.Position().Y, l.Position().Y; got != want {
				t.Errorf("delete key at y=%.1f, want %.1f (the row of 'l')", got, want)
			}
		})
	}
}
