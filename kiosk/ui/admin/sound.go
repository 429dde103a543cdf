package admin

import (
	"context"
	"time"

	"fyne.io/fyne/v2"

	"github.com/motcua-kiosk/motcua/kiosk/speech"
	"github.com/motcua-kiosk/motcua/kiosk/ui"
)

// Sound is what the sound page needs: the outputs this machine has and a
// way to hear one (issue 16: a headphone output chosen in the admin menu).
type Sound interface {
	// Outputs lists the sound outputs, the system's default first
	// (speech.Devices).
	Outputs(ctx context.Context) ([]speech.Device, error)
	// Test says a short phrase on the output named device ("" the
	// default) and returns when it has been said.
	Test(ctx context.Context, device string) error
}

// SoundTestKey returns the sound page's "Thử âm thanh" key (tests).
func (m *Menu) SoundTestKey() *ui.BigButton { return m.soundKey }

// outputLabel is what the admin reads for an output: "Loa của máy", "Tai
// nghe: Logitech USB Headset", in the menu's language.
func outputLabel(tr ui.Tr, d speech.Device) string {
	if d.Name == "" {
		return tr.L("admin.sound.default")
	}
	desc := d.Desc
	if desc == "" {
		desc = d.Name
	}
	return tr.L("admin.sound."+d.Kind, map[string]any{"Desc": desc})
}

// outputChoices are the outputs found, and the one set now if it was not
// found (unplugged), so that it is never silently lost.
func outputChoices(tr ui.Tr, devs []speech.Device, now string) []choice {
	var out []choice
	seen := false
	for _, d := range devs {
		out = append(out, choice{d.Name, outputLabel(tr, d)})
		seen = seen || d.Name == now
	}
	if len(devs) == 0 || devs[0].Name != "" {
		out = append([]choice{{"", tr.L("admin.sound.default")}}, out...)
		seen = seen || now == ""
	}
	if !seen {
		out = append(out, choice{now, tr.L("admin.sound.missing", map[string]any{"Name": now})})
	}
	return out
}

// sound is the page of the citizen screens' sound output: the output
// (speech_output), and "Thử âm thanh" to hear the one chosen, saved or
// not yet.
func (m *Menu) sound() {
	tr := m.tr
	s := m.o.Settings.Get()
	var devs []speech.Device
	status := ui.NewText("", ui.TextBody, ui.ColorText, true, fyne.TextAlignCenter)
	if m.o.Sound != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		var err error
		devs, err = m.o.Sound.Outputs(ctx)
		cancel()
		if err != nil {
			m.o.Log.Warn("admin: listing sound outputs", "err", err)
			status.SetText(tr.L("admin.sound.list_failed"))
		}
	} else {
		status.SetText(tr.L("admin.sound.none"))
	}
	fm := m.newForm(tr.L("admin.section.sound"), []*field{
		{key: "speech_output", label: tr.L("admin.field.speech_output"), kind: kindChoice, choices: outputChoices(tr, devs, s.SpeechOutput),
			get: func() string { return s.SpeechOutput }, set: strField(&s.SpeechOutput)},
	}, m.saveSettings(&s))
	key := ui.NewBigButton(tr.L("admin.sound.test"), nil)
	key.TitleSize = ui.TextBody
	key.Disabled = m.o.Sound == nil
	key.OnTapped = func() {
		device := s.SpeechOutput
		status.SetText(tr.L("admin.sound.testing"))
		key.Disabled = true
		key.Refresh()
		go func() {
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			err := m.o.Sound.Test(ctx, device)
			text := tr.L("admin.sound.test_ok")
			if err != nil {
				m.o.Log.Warn("admin: sound test", "device", device, "err", err)
				text = tr.L("admin.sound.test_failed")
			}
			ui.Do(func() {
				status.SetText(text)
				key.Disabled = false
				key.Refresh()
			})
		}()
	}
	m.soundKey = key
	fm.extra = append(fm.extra, key, status)
	fm.show()
	m.stage = StageForm
}
