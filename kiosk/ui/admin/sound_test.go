package admin

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"

	"github.com/motcua-kiosk/motcua/kiosk/speech"
	"github.com/motcua-kiosk/motcua/kiosk/ui"
)

// fakeSound lists a fixed set of outputs and records each test.
type fakeSound struct {
	devs []speech.Device
	fail error

	mu     sync.Mutex
	tested []string
}

var _ Sound = (*fakeSound)(nil)

func (f *fakeSound) Outputs(context.Context) ([]speech.Device, error) { return f.devs, nil }

func (f *fakeSound) Test(_ context.Context, device string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.tested = append(f.tested, device)
	return f.fail
}

func (f *fakeSound) Tested() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.tested...)
}

var kioskOutputs = []speech.Device{
	{Kind: speech.KindSpeaker},
	{Name: "plughw:CARD=PCH,DEV=0", Desc: "HDA Intel PCH, ALC662 rev3 Analog", Kind: speech.KindSpeaker},
	{Name: "plughw:CARD=Headset,DEV=0", Desc: "Logitech USB Headset H340, USB Audio", Kind: speech.KindHeadphones},
}

// TestMenu_SoundOutput: the sound page lists the outputs found under
// Vietnamese names ("Loa của máy", "Tai nghe: …"); "Thử âm thanh" plays
// on the output chosen before it is saved; saving puts it in the
// settings; a device set earlier and now unplugged stays offered.
func TestMenu_SoundOutput(t *testing.T) {
	for _, s := range screens {
		t.Run(s.name(), func(t *testing.T) {
			r := newRig(t)
			tr := ui.Tr{Lang: s.lang}
			if err := (Guard{Meta: r.st, Now: time.Now}).SetPIN(context.Background(), "1234"); err != nil {
				t.Fatal(err)
			}
			snd := &fakeSound{devs: kioskOutputs}
			var m *Menu
			var w fyne.Window
			ui.Locked(func() {
				m = New(Options{Hub: r.h, Store: r.st, Settings: r.sf, Lang: s.lang, Now: func() time.Time { return r.now }, Sound: snd})
				w = test.NewWindow(container.NewThemeOverride(m.Content(), ui.Theme{}))
				w.SetPadded(false)
				w.Resize(s.size)
			})
			typePIN(m, "1234")
			waitFor(t, "menu", func() bool { return m.Stage() == StageMenu })
			tap(m.Section("sound"))
			ui.Locked(func() {
				row := m.Form().Field("speech_output")
				if row == nil || len(row.Lines) != 1 || row.Lines[0] != tr.L("admin.sound.default") {
					t.Fatalf("speech_output row %+v, want the default output", row)
				}
			})
			tap(m.Form().Field("speech_output"))
			headset := "plughw:CARD=Headset,DEV=0"
			ui.Locked(func() {
				want := map[string]string{"": "Loa của máy (mặc định)", headset: "Tai nghe: Logitech USB Headset H340, USB Audio",
					"plughw:CARD=PCH,DEV=0": "Loa của máy: HDA Intel PCH, ALC662 rev3 Analog"}
				if s.lang == ui.LangEN {
					want = map[string]string{"": "This machine's speaker (default)", headset: "Headphones: Logitech USB Headset H340, USB Audio",
						"plughw:CARD=PCH,DEV=0": "Speaker: HDA Intel PCH, ALC662 rev3 Analog"}
				}
				for v, label := range want {
					if b := m.Form().Choice(v); b == nil || b.Title != label {
						t.Errorf("choice %q = %v, want %q", v, b, label)
					}
				}
			})
			s.capture(t, w, "sound-choice")
			tap(m.Form().Choice(headset))
			tap(m.SoundTestKey())
			waitFor(t, "tested", func() bool { return len(snd.Tested()) == 1 && !m.SoundTestKey().Disabled })
			if got := snd.Tested(); got[0] != headset {
				t.Errorf("tested %q, want the chosen %q before saving", got[0], headset)
			}
			if got := r.sf.Get().SpeechOutput; got != "" {
				t.Errorf("speech_output %q before saving", got)
			}
			tap(m.Form().SaveButton())
			if got := r.sf.Get().SpeechOutput; got != headset {
				t.Errorf("saved speech_output %q, want %q", got, headset)
			}
			s.capture(t, w, "sound")

			// Unplugged: the saved headset is still offered, as missing.
			snd.devs = kioskOutputs[:2]
			tap(m.Form().BackButton())
			tap(m.Section("sound"))
			ui.Locked(func() {
				row := m.Form().Field("speech_output")
				if want := tr.L("admin.sound.missing", map[string]any{"Name": headset}); row.Lines[0] != want {
					t.Errorf("row %q, want %q", row.Lines[0], want)
				}
			})
			snd.fail = errors.New("aplay: no such device")
			tap(m.SoundTestKey())
			waitFor(t, "test failed", func() bool { return len(snd.Tested()) == 2 && !m.SoundTestKey().Disabled })
		})
	}
}

// TestMenu_SoundRefusesABadName: a device name that is not an ALSA name
// is refused on save with the message beside the field.
func TestMenu_SoundRefusesABadName(t *testing.T) {
	r := newRig(t)
	(Guard{Meta: r.st, Now: time.Now}).SetPIN(context.Background(), "1234")
	snd := &fakeSound{devs: []speech.Device{{Kind: speech.KindSpeaker}, {Name: "-Dnull", Kind: speech.KindOther}}}
	var m *Menu
	ui.Locked(func() {
		m = New(Options{Hub: r.h, Store: r.st, Settings: r.sf, Sound: snd})
		test.NewWindow(m.Content()).Resize(fyne.NewSize(1080, 1920))
	})
	typePIN(m, "1234")
	waitFor(t, "menu", func() bool { return m.Stage() == StageMenu })
	tap(m.Section("sound"))
	tap(m.Form().Field("speech_output"))
	tap(m.Form().Choice("-Dnull"))
	tap(m.Form().SaveButton())
	ui.Locked(func() {
		if got := m.Form().msgs["speech_output"]; got == "" {
			t.Error("no message beside the output")
		}
	})
	if got := r.sf.Get().SpeechOutput; got != "" {
		t.Errorf("refused output saved: %q", got)
	}
}
