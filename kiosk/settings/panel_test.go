package settings

import (
	"errors"
	"math"
	"testing"

	"github.com/motcua-kiosk/motcua/kiosk/queue"
)

func TestSettings_MMPerPixel(t *testing.T) {
	s := Defaults()
	if got, want := s.MMPerPixel(), 21.5*25.4/math.Hypot(1920, 1080); math.Abs(got-want) > 1e-9 {
		t.Errorf("21.5\" 1080p: %.4f mm a pixel, want %.4f", got, want)
	}
	s.PanelInches, s.PanelWidth, s.PanelHeight = 15.6, 1366, 768
	if got := s.MMPerPixel(); math.Abs(got-0.2522) > 0.001 {
		t.Errorf("15.6\" 1366x768: %.4f mm a pixel, want about 0.252", got)
	}
}

func TestSettings_ValidateSpeechAndPanel(t *testing.T) {
	for name, mod := range map[string]func(*Settings){
		"speech_volume": func(s *Settings) { s.SpeechVolume = 101 },
		"panel_inches":  func(s *Settings) { s.PanelInches = 3 },
		"panel_width":   func(s *Settings) { s.PanelHeight = 100 },
	} {
		s := Defaults()
		mod(&s)
		var fe *queue.FieldError
		if err := s.Validate(); !errors.As(err, &fe) || fe.Field != name {
			t.Errorf("%s: Validate = %v, want a field error for %s", name, err, name)
		}
	}
	if err := Defaults().Validate(); err != nil {
		t.Errorf("defaults: %v", err)
	}
}
