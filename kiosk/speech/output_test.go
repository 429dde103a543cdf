package speech

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/motcua-kiosk/motcua/devices/audio"
)

// aplayL is `aplay -L` on a kiosk PC with an Intel HDA card (speaker and
// HDMI) and a USB headset plugged in, with PulseAudio absent.
const aplayL = `null
    Discard all samples (playback) or generate zero samples (capture)
hw:CARD=PCH,DEV=0
    HDA Intel PCH, ALC662 rev3 Analog
    Direct hardware device without any conversions
plughw:CARD=PCH,DEV=0
    HDA Intel PCH, ALC662 rev3 Analog
    Hardware device with all software conversions
plughw:CARD=PCH,DEV=3
    HDA Intel PCH, HDMI 0
    Hardware device with all software conversions
default:CARD=PCH
    HDA Intel PCH, ALC662 rev3 Analog
    Default Audio Device
sysdefault:CARD=PCH
    HDA Intel PCH, ALC662 rev3 Analog
    Default Audio Device
front:CARD=PCH,DEV=0
    HDA Intel PCH, ALC662 rev3 Analog
    Front output / input
dmix:CARD=PCH,DEV=0
    HDA Intel PCH, ALC662 rev3 Analog
    Direct sample mixing device
plughw:CARD=Headset,DEV=0
    Logitech USB Headset H340, USB Audio
    Hardware device with all software conversions
tainghe
    Tai nghe quầy 1
`

func TestParseDevices(t *testing.T) {
	got := ParseDevices([]byte(aplayL))
	want := []Device{
		{"plughw:CARD=PCH,DEV=0", "HDA Intel PCH, ALC662 rev3 Analog", KindSpeaker},
		{"plughw:CARD=PCH,DEV=3", "HDA Intel PCH, HDMI 0", KindHDMI},
		{"plughw:CARD=Headset,DEV=0", "Logitech USB Headset H340, USB Audio", KindHeadphones},
		{"tainghe", "Tai nghe quầy 1", KindHeadphones},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d devices %+v, want %d", len(got), got, len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("device %d = %+v, want %+v", i, got[i], want[i])
		}
	}
}

func TestValidDevice(t *testing.T) {
	for _, ok := range []string{"", "plughw:CARD=Headset,DEV=0", "tainghe", "hw:1,0"} {
		if err := ValidDevice(ok); err != nil {
			t.Errorf("ValidDevice(%q) = %v", ok, err)
		}
	}
	for _, bad := range []string{"-D", "a b", "x;rm", "tai nghe", "plughw:CARD=\"x\""} {
		if ValidDevice(bad) == nil {
			t.Errorf("ValidDevice(%q) = nil, want an error", bad)
		}
	}
}

// TestSwitch_Use: a Voice on a Switch plays on the output in force.
func TestSwitch_Use(t *testing.T) {
	a, b := &audio.RecordingPlayer{}, &audio.RecordingPlayer{}
	sw := NewSwitch(namedOutput{a, ""})
	if err := sw.Play(context.Background(), audio.Silence(audio.ClipRate, time.Millisecond)); err != nil {
		t.Fatal(err)
	}
	sw.Use(namedOutput{b, "tainghe"})
	if err := sw.Play(context.Background(), audio.Silence(audio.ClipRate, time.Millisecond)); err != nil {
		t.Fatal(err)
	}
	if len(a.Played()) != 1 || len(b.Played()) != 1 || sw.Device() != "tainghe" {
		t.Errorf("played %d on the first, %d on the second, device %q", len(a.Played()), len(b.Played()), sw.Device())
	}
}

// TestALSAOutput_NoAplay: a named output without aplay says so.
func TestALSAOutput_NoAplay(t *testing.T) {
	o := &ALSAOutput{Name: "tainghe", Rate: audio.ClipRate, Path: "/nonexistent/aplay"}
	err := o.Play(context.Background(), audio.Silence(audio.ClipRate, time.Millisecond))
	if err == nil || !errors.Is(err, audio.ErrNoDevice) {
		t.Errorf("Play = %v, want ErrNoDevice", err)
	}
	if err := (&ALSAOutput{Name: "-x", Rate: audio.ClipRate}).Play(context.Background(), audio.Silence(audio.ClipRate, time.Millisecond)); err == nil {
		t.Error("a name starting with - was played")
	}
}

type namedOutput struct {
	audio.Player
	dev string
}

func (n namedOutput) Device() string { return n.dev }
