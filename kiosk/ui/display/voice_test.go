package display

import (
	"context"
	"sync"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/motcua-kiosk/motcua/devices"
	"github.com/motcua-kiosk/motcua/kiosk/store"
	"github.com/motcua-kiosk/motcua/kiosk/ui/desk/stafftest"
)

// voiceSpeaker records the voice settings the board gives it.
type voiceSpeaker struct {
	mu      sync.Mutex
	volume  int
	enabled bool
	langs   []string
}

var _ devices.Speaker = (*voiceSpeaker)(nil)

func (s *voiceSpeaker) Say(devices.Call) error { return nil }
func (s *voiceSpeaker) Close() error           { return nil }
func (s *voiceSpeaker) SetVolume(v int)        { s.mu.Lock(); s.volume = v; s.mu.Unlock() }
func (s *voiceSpeaker) SetEnabled(on bool)     { s.mu.Lock(); s.enabled = on; s.mu.Unlock() }
func (s *voiceSpeaker) SetLanguages(l ...string) {
	s.mu.Lock()
	s.langs = append([]string(nil), l...)
	s.mu.Unlock()
}
func (s *voiceSpeaker) get() (int, bool, string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.volume, s.enabled, fmtLangs(s.langs)
}

func fmtLangs(l []string) string {
	out := ""
	for i, x := range l {
		if i > 0 {
			out += ","
		}
		out += x
	}
	return out
}

// TestBoard_VoiceFollowsAdminSettings: the volume, on/off and English set
// for the office in the admin menu (the hub's config) reach the board's
// speaker live; a --mute on the board itself wins.
func TestBoard_VoiceFollowsAdminSettings(t *testing.T) {
	o := stafftest.Start(t, stafftest.Config(1))
	spk := &voiceSpeaker{}
	b := New(test.NewTempApp(t), o.Client(store.RoleDisplay, 0), spk, Options{Windowed: true, Lock: uiLock, Tick: -1})
	t.Cleanup(b.Close)
	eventually(t, "default voice", b, func() bool {
		v, on, l := spk.get()
		return v == 80 && on && l == "vi"
	})
	cfg := o.Hub().Config()
	cfg.Voice.Volume, cfg.Voice.English = 35, true
	if err := o.Hub().SetConfig(context.Background(), cfg); err != nil {
		t.Fatal(err)
	}
	eventually(t, "volume 35, Vietnamese and English", b, func() bool {
		v, on, l := spk.get()
		return v == 35 && on && l == "vi,en"
	})
	cfg.Voice.Off = true
	if err := o.Hub().SetConfig(context.Background(), cfg); err != nil {
		t.Fatal(err)
	}
	eventually(t, "voice off", b, func() bool { _, on, _ := spk.get(); return !on })

	muted := &voiceSpeaker{}
	cfg.Voice.Off = false
	o.Hub().SetConfig(context.Background(), cfg)
	b2 := New(test.NewTempApp(t), o.Client(store.RoleDisplay, 0), muted, Options{Windowed: true, Lock: uiLock, Tick: -1, Mute: true, Volume: 60})
	t.Cleanup(b2.Close)
	eventually(t, "board flags win", b2, func() bool { v, on, l := muted.get(); return v == 60 && !on && l == "vi,en" })
}
