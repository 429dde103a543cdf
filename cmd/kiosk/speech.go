package main

import (
	"log/slog"

	"github.com/motcua-kiosk/motcua/devices/audio"
	"github.com/motcua-kiosk/motcua/kiosk/speech"
)

// newCitizenVoice is the dispenser's voice for its citizen screens (issue
// 16): the shipped clips for the fixed words, espeak-ng on this machine
// for the names, played through the sound card. Without clips or a sound
// card it is nil, and the screens show no speak key that would do nothing.
func newCitizenVoice(log *slog.Logger) speech.Speaker {
	bank, err := audio.Shipped()
	if err != nil {
		log.Error("speech: voice clips; the screens stay silent", "err", err)
		return nil
	}
	if !haveSoundCard() {
		log.Info("speech: this machine has no sound card; the screens show no speak key")
		return nil
	}
	player := audio.NewOtoPlayer(bank.Rate())
	if err := player.Open(); err != nil {
		log.Warn("speech: no sound device; the screens stay silent until restarted with speakers", "err", err)
	}
	return speech.NewVoice(&speech.Renderer{Bank: bank, Synth: &speech.Espeak{}}, player, log)
}
