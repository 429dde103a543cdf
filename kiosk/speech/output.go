package speech

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"os/exec"
	"strconv"
	"strings"
	"sync"

	"github.com/motcua-kiosk/motcua/devices/audio"
)

// Output is one sound output the citizen screens' speech can be heard on
// (EN 301 549 §5.1.5: private listening on headphones). It plays as an
// audio.Player does: Play returns when the sound has been played, or when
// ctx ends (then the sound stops and ctx's error is returned). Device is
// the ALSA PCM it plays on, "" for the system's default output.
type Output interface {
	audio.Player
	Device() string
}

// DefaultOutput is the system's default output through oto, as the lobby
// voice plays. oto cannot choose a device, hence ALSAOutput.
type DefaultOutput struct{ *audio.OtoPlayer }

var _ Output = DefaultOutput{}

// Device is "": the system's default.
func (DefaultOutput) Device() string { return "" }

// ALSAOutput plays on one named ALSA PCM (a USB headset's "plughw:CARD=
// Headset,DEV=0", a PCM of the office's asoundrc) by piping the samples
// into aplay (Debian package alsa-utils). Each Play is one aplay run,
// which drains the device before it exits, so Play returns when the
// phrase has been heard; a cut kills it.
type ALSAOutput struct {
	Name string // the PCM, as `aplay -L` lists it
	Rate int    // the samples' rate, normally audio.ClipRate
	// Path is the aplay binary; "" looks it up in PATH.
	Path string
	// Env, when set, is the environment of aplay (ALSA_CONFIG_PATH for a
	// private configuration); nil inherits the kiosk's.
	Env []string
}

var _ Output = (*ALSAOutput)(nil)

// Device is the PCM's name.
func (o *ALSAOutput) Device() string { return o.Name }

// ErrNoAplay means aplay is not installed: the named output cannot play.
var ErrNoAplay = errors.New("aplay (alsa-utils) is not installed")

func (o *ALSAOutput) aplay() (string, error) {
	if o.Path != "" {
		return o.Path, nil
	}
	p, err := exec.LookPath("aplay")
	if err != nil {
		return "", fmt.Errorf("%w: %v", ErrNoAplay, err)
	}
	return p, nil
}

// Play plays pcm on the PCM to the end, or until ctx ends.
func (o *ALSAOutput) Play(ctx context.Context, pcm audio.PCM) error {
	if pcm.Rate != o.Rate {
		return fmt.Errorf("play on %s: audio at %d Hz, output at %d Hz", o.Name, pcm.Rate, o.Rate)
	}
	if err := ValidDevice(o.Name); err != nil || o.Name == "" {
		return fmt.Errorf("play: output %q: not a device name", o.Name)
	}
	path, err := o.aplay()
	if err != nil {
		return err
	}
	var raw bytes.Buffer
	binary.Write(&raw, binary.LittleEndian, pcm.Samples) // a bytes.Buffer write never fails
	var errb bytes.Buffer
	// A 200 ms device buffer: a tap cuts the speech off that soon.
	cmd := exec.CommandContext(ctx, path, "-q", "-D", o.Name, "-t", "raw", "-f", "S16_LE", "-c", "1",
		"-r", strconv.Itoa(o.Rate), "--buffer-time=200000", "-")
	cmd.Stdin, cmd.Stderr, cmd.Env = &raw, &errb, o.Env
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return fmt.Errorf("play on %s: %w: %s", o.Name, audio.ErrNoDevice, bytes.TrimSpace(errb.Bytes()))
	}
	return nil
}

// NewOutput is the output for a device name from the settings: "" is the
// system's default through oto (shared with the lobby voice), any other
// name that ALSA PCM through aplay.
func NewOutput(device string, rate int) Output {
	if device == "" {
		return DefaultOutput{audio.NewOtoPlayer(rate)}
	}
	return &ALSAOutput{Name: device, Rate: rate}
}

// ValidDevice checks a device name from the settings: "" (the system's
// default) or an ALSA PCM name of letters, digits and _ : = , . - that
// does not start with "-" (it is passed to aplay).
func ValidDevice(name string) error {
	if len(name) > 128 {
		return errors.New("device name too long")
	}
	if strings.HasPrefix(name, "-") {
		return errors.New("device name starts with -")
	}
	for _, c := range name {
		ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.ContainsRune("_:=,.-", c)
		if !ok {
			return fmt.Errorf("device name has %q", c)
		}
	}
	return nil
}

// Switch is the Player a Voice plays on: the Output in force, which Use
// changes when the admin picks another one (no restart). A phrase being
// played finishes on the output it started on.
type Switch struct {
	mu  sync.Mutex
	out Output
}

var _ Output = (*Switch)(nil)

// NewSwitch starts on out.
func NewSwitch(out Output) *Switch { return &Switch{out: out} }

// Use sends the next phrases to out.
func (s *Switch) Use(out Output) {
	s.mu.Lock()
	s.out = out
	s.mu.Unlock()
}

// Output is the output in force.
func (s *Switch) Output() Output {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.out
}

// Device is the device of the output in force.
func (s *Switch) Device() string { return s.Output().Device() }

// Play plays on the output in force.
func (s *Switch) Play(ctx context.Context, pcm audio.PCM) error { return s.Output().Play(ctx, pcm) }

// Device kinds, for the names the admin menu shows.
const (
	KindSpeaker    = "speaker"    // the machine's own speaker (or the default)
	KindHeadphones = "headphones" // a headset or headphone socket
	KindHDMI       = "hdmi"       // the screen's speakers
	KindOther      = "other"
)

// Device is one sound output found on this machine.
type Device struct {
	Name string // the ALSA PCM, "" for the system's default
	Desc string // ALSA's description, one line
	Kind string // one of the Kind constants
}

// Devices lists the outputs a citizen can listen on: the system's default
// first, then each card's device with software conversions (plughw:, so
// the clips' mono 22 050 Hz plays on any card), then the PCMs the office
// defined in its ALSA configuration (a name without ":" that is not one
// of ALSA's own plugins). It runs `aplay -L`; env as ALSAOutput.Env.
func Devices(ctx context.Context, env []string) ([]Device, error) {
	o := ALSAOutput{Env: env}
	path, err := o.aplay()
	if err != nil {
		return []Device{{Kind: KindSpeaker}}, err
	}
	cmd := exec.CommandContext(ctx, path, "-L")
	cmd.Env = env
	out, err := cmd.Output()
	if err != nil {
		return []Device{{Kind: KindSpeaker}}, fmt.Errorf("aplay -L: %w", err)
	}
	return append([]Device{{Kind: KindSpeaker}}, ParseDevices(out)...), nil
}

// alsaOwn are ALSA's and the sound servers' own PCM names: not an output
// a citizen would pick by itself.
var alsaOwn = map[string]bool{"null": true, "default": true, "pulse": true, "pipewire": true, "jack": true,
	"oss": true, "upmix": true, "vdownmix": true, "lavrate": true, "samplerate": true, "speexrate": true,
	"speex": true, "sysdefault": true, "dmix": true, "dsnoop": true, "hw": true, "plughw": true}

// ParseDevices reads the output of `aplay -L` (a name at the line's
// start, its description indented under it) into the devices Devices
// offers, in its order.
func ParseDevices(out []byte) []Device {
	var devs []Device
	var cur *Device
	keep := false
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		line := sc.Text()
		if strings.TrimSpace(line) == "" {
			continue
		}
		if line[0] != ' ' && line[0] != '\t' {
			name := strings.TrimSpace(line)
			keep = strings.HasPrefix(name, "plughw:") || (!strings.Contains(name, ":") && !alsaOwn[name])
			if keep && ValidDevice(name) == nil {
				devs = append(devs, Device{Name: name})
				cur = &devs[len(devs)-1]
			} else {
				cur = nil
			}
			continue
		}
		if cur != nil {
			d := strings.TrimSpace(line)
			if cur.Desc == "" {
				cur.Desc = d
			} else if !strings.HasPrefix(d, "Hardware device") {
				cur.Desc += ", " + d
			}
		}
	}
	for i := range devs {
		devs[i].Kind = kindOf(devs[i])
	}
	return devs
}

func kindOf(d Device) string {
	s := strings.ToLower(d.Name + " " + d.Desc)
	switch {
	case strings.Contains(s, "hdmi") || strings.Contains(s, "displayport"):
		return KindHDMI
	case strings.Contains(s, "headphone") || strings.Contains(s, "headset") || strings.Contains(s, "usb") ||
		strings.Contains(s, "tai nghe") || strings.Contains(s, "bluetooth"):
		return KindHeadphones
	case strings.Contains(s, "analog") || strings.Contains(s, "speaker"):
		return KindSpeaker
	}
	return KindOther
}
