package main

import (
	"context"
	"log/slog"

	"github.com/motcua-kiosk/motcua/devices/audio"
	"github.com/motcua-kiosk/motcua/kiosk/settings"
	"github.com/motcua-kiosk/motcua/kiosk/speech"
	"github.com/motcua-kiosk/motcua/kiosk/ui/admin"
)

// newCitizenVoice is the dispenser's voice for its citizen screens (issue
// 16): the shipped clips for the fixed words, espeak-ng on this machine
// for the names, played on the output the settings name (speech_output:
// the system's default through oto, or an ALSA device such as a headset
// through aplay), switched when the admin picks another. Without clips,
// or with the default output on a machine with no sound card, the voice
// is nil and the screens show no speak key that would do nothing. The
// admin menu's sound page is returned as well (nil without clips).
func newCitizenVoice(log *slog.Logger, sf *settings.File) (speech.Speaker, admin.Sound) {
	bank, err := audio.Shipped()
	if err != nil {
		log.Error("speech: voice clips; the screens stay silent", "err", err)
		return nil, nil
	}
	r := &speech.Renderer{Bank: bank, Synth: &speech.Espeak{}}
	snd := &citizenSound{r: r, volume: func() int { return sf.Get().SpeechVolume }}
	device := sf.Get().SpeechOutput
	if device == "" && !haveSoundCard() {
		log.Info("speech: this machine has no sound card; the screens show no speak key")
		return nil, snd
	}
	out := speech.NewSwitch(speech.NewOutput(device, bank.Rate()))
	if d, ok := out.Output().(speech.DefaultOutput); ok {
		if err := d.Open(); err != nil {
			log.Warn("speech: no sound device; the screens stay silent until restarted with speakers", "err", err)
		}
	}
	log.Info("speech: output", "device", device)
	sf.OnChange(func(s settings.Settings) {
		if s.SpeechOutput != out.Device() {
			log.Info("speech: output changed", "device", s.SpeechOutput)
			out.Use(speech.NewOutput(s.SpeechOutput, bank.Rate()))
		}
	})
	return speech.NewVoice(r, out, log), snd
}

// citizenSound is the admin menu's sound page: the outputs aplay lists,
// and a ticket's sentence played on one of them.
type citizenSound struct {
	r      *speech.Renderer
	volume func() int
}

var _ admin.Sound = (*citizenSound)(nil)

func (c *citizenSound) Outputs(ctx context.Context) ([]speech.Device, error) {
	return speech.Devices(ctx, nil)
}

// Test says "Số của ông bà là A không một hai, quầy Đất đai, trước ông bà
// có năm người" on device: the clips and the synthesiser, as a citizen
// hears them, at the speech's volume.
func (c *citizenSound) Test(ctx context.Context, device string) error {
	pcm, err := c.r.Render(ctx, speech.Ticket("vi", speech.TicketInfo{Number: "A012", Service: "Đất đai", Ahead: 5}))
	if err != nil {
		return err
	}
	return speech.NewOutput(device, c.r.Bank.Rate()).Play(ctx, pcm.Scaled(c.volume()))
}
