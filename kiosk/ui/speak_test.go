package ui

import (
	"reflect"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

	"github.com/motcua-kiosk/motcua/kiosk/speech"
)

func TestShown(t *testing.T) {
	test.NewTempApp(t)
	hidden := NewText("ẩn", TextBody, ColorText, false, fyne.TextAlignCenter)
	hidden.Hide()
	b := NewBigButton("Đất đai", nil)
	b.Lines = []string{"Đang chờ: 5 người"}
	sp := &speech.Recorder{}
	k, v := SpeechKeys(Tr{Lang: LangVI}, sp, nil)
	obj := container.NewVBox(NewText("Chọn lĩnh vực", TextBody, ColorText, false, fyne.TextAlignCenter), hidden, b, k, v)
	if got, want := Shown(obj), []string{"Chọn lĩnh vực", "Đất đai", "Đang chờ: 5 người"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Shown = %q, want %q", got, want)
	}
}

// TestShown_BorderTopFirst: a Border keeps its middle first in its
// objects, but the citizen reads its top first, then the middle row from
// the left, then the bottom; Shown says them in that order.
func TestShown_BorderTopFirst(t *testing.T) {
	test.NewTempApp(t)
	txt := func(s string) *Text { return NewText(s, TextBody, ColorText, false, fyne.TextAlignCenter) }
	obj := container.NewBorder(txt("Tiêu đề"), NewBigButton("Xong", nil), txt("Trái"), txt("Phải"), txt("Giữa"))
	w := test.NewWindow(obj)
	defer w.Close()
	w.Resize(fyne.NewSize(800, 600))
	if got, want := Shown(obj), []string{"Tiêu đề", "Trái", "Giữa", "Phải", "Xong"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Shown = %q, want %q", got, want)
	}
}

func TestSpeechKeys(t *testing.T) {
	test.NewTempApp(t)
	if k, v := SpeechKeys(Tr{Lang: LangVI}, nil, nil); k != nil || v != nil {
		t.Error("keys without a speaker")
	}
	sp := &speech.Recorder{}
	sp.SetVolume(80)
	u := speech.Lines("vi", "Xin chào")
	k, v := SpeechKeys(Tr{Lang: LangVI}, sp, func() speech.Utterance { return u })
	if k.Title != "Nghe hướng dẫn" || v.Title != "Âm lượng: to" {
		t.Errorf("keys %q, %q", k.Title, v.Title)
	}
	test.Tap(k)
	test.Tap(k) // again: the repeat
	said := sp.Said()
	if len(said) != 2 || !said[1].Interrupt || !reflect.DeepEqual(said[1].Utterance, u) {
		t.Errorf("two taps said %+v, want the screen twice, each cutting in", said)
	}
	test.Tap(v)
	if got := sp.Volume(); got != 40 || v.Title != "Âm lượng: nhỏ" {
		t.Errorf("volume after a tap from 80: %d, %q; want 40, nhỏ", got, v.Title)
	}
	test.Tap(v)
	test.Tap(v)
	if got := sp.Volume(); got != 100 {
		t.Errorf("volume after three taps %d, want back at 100", got)
	}
}

// TestKeys_TapOnRelease: the citizen's keys are fyne.Tappable and nothing
// else: no MouseDown handler that could act on a press, no double tap
// (which delays a tap, fyne#3901), no long press, no drag. Fyne's drivers
// call Tapped when the finger is lifted over the key (glfw: on the mouse
// button's release; mobile: on touch up), so a key acts on release, and a
// finger that slides off before lifting presses nothing.
func TestKeys_TapOnRelease(t *testing.T) {
	test.NewTempApp(t)
	keys := map[string]fyne.CanvasObject{
		"BigButton":      NewBigButton("x", nil),
		"SpeakKey":       NewSpeakKey(Tr{}, &speech.Recorder{}, nil),
		"VolumeKey":      NewVolumeKey(Tr{}, &speech.Recorder{}),
		"TapArea":        NewTapArea(nil),
		"TimeoutWarning": NewTimeoutWarning(Tr{}, nil),
	}
	for name, k := range keys {
		if _, ok := k.(fyne.Tappable); !ok {
			t.Errorf("%s is not Tappable", name)
		}
		if _, ok := k.(desktop.Mouseable); ok {
			t.Errorf("%s handles MouseDown: it could act on a press", name)
		}
		if _, ok := k.(fyne.DoubleTappable); ok {
			t.Errorf("%s is DoubleTappable: its taps are delayed", name)
		}
		if _, ok := k.(fyne.SecondaryTappable); ok {
			t.Errorf("%s has a long press", name)
		}
		if _, ok := k.(fyne.Draggable); ok {
			t.Errorf("%s is Draggable", name)
		}
	}
}
