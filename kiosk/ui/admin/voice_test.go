package admin

import (
	"context"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/motcua-kiosk/motcua/kiosk/ui"
)

// TestMenu_VoiceVolumeIsTheOffices: the voice volume in the general page
// is the office's (hub config, followed by every lobby display), validated
// like any other value.
func TestMenu_VoiceVolumeIsTheOffices(t *testing.T) {
	r := newRig(t)
	(Guard{Meta: r.st, Now: time.Now}).SetPIN(context.Background(), "1234")
	m := r.menu()
	typePIN(m, "1234")
	waitFor(t, "menu", func() bool { return m.Stage() == StageMenu })
	set := func(v string) {
		ui.Locked(func() { m.general() })
		tap(m.Form().Field("voice.volume"))
		ui.Locked(func() {
			k := m.Editor()
			k.Clear()
			for _, c := range v {
				test.Tap(k.Key(string(c)))
			}
			test.Tap(k.Key("OK"))
		})
		tap(m.Form().SaveButton())
	}
	set("150")
	ui.Locked(func() {
		if got, want := m.Form().msgs["voice.volume"], "Âm lượng giọng đọc phải từ 0 đến 100"; got != want {
			t.Errorf("message = %q, want %q", got, want)
		}
	})
	if got := r.h.Config().Voice.Level(); got != 80 {
		t.Errorf("refused volume applied: %d", got)
	}
	set("35")
	if got := r.h.Config().Voice.Level(); got != 35 {
		t.Errorf("office voice volume = %d, want 35", got)
	}
}
