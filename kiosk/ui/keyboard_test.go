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

// TestKeyboard_FitsPortraitScreen: the keyboard asks no more width than a
// 1080-px portrait screen has inside the margins, in both languages, so a
// screen holding it never asks the window to grow past the panel (it
// asked 1144 px in Vietnamese and 1299 in English), and its keys are
// still laid out at least KeyMinWidth wide and MinTouch high there.
func TestKeyboard_FitsPortraitScreen(t *testing.T) {
	test.NewTempApp(t)
	const screen = 1080
	for _, lang := range []Lang{LangVI, LangEN} {
		for _, telex := range []bool{true, false} {
			tr := Tr{Lang: lang}
			k := NewKeyboard(tr, "Tên thủ tục", "", telex)
			w := test.NewWindow(container.NewThemeOverride(Inset(Margin, container.NewPadded(k)), Theme{}))
			w.SetPadded(false)
			w.Resize(fyne.NewSize(screen, 1920))
			room := float32(screen) - 2*Margin - 2*Theme{}.Size("padding")
			if got := k.MinSize().Width; got > room {
				t.Errorf("%s telex=%v: keyboard asks %.0f px, the screen has %.0f inside its margins", lang, telex, got, room)
			}
			for name, b := range k.keys {
				if s := b.Size(); s.Width < KeyMinWidth || s.Height < MinTouch {
					t.Errorf("%s telex=%v: key %q laid out %.0f×%.0f, want at least %.0f×%.0f", lang, telex, name, s.Width, s.Height, KeyMinWidth, MinTouch)
				}
			}
			w.Close()
		}
	}
}
