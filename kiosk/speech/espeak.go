package speech

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"os/exec"
	"strconv"
	"sync"

	"github.com/motcua-kiosk/motcua/devices/audio"
)

// Espeak is the offline synthesiser: espeak-ng (Debian package espeak-ng)
// run on this machine with the same voice and speed as the shipped clips
// (scripts/voice/make-clips.sh), its output trimmed and normalised as
// they are, so that a service name sounds like the words around it.
type Espeak struct {
	// Path is the espeak-ng binary; "" looks it up in PATH.
	Path string
	// Speed in words a minute; 0 is 140, the clips' speed.
	Speed int

	mu    sync.Mutex
	cache map[string]audio.PCM // lang + text -> speech; names repeat all day
}

var _ Synthesizer = (*Espeak)(nil)

// MaxCache is how many synthesised texts an Espeak keeps.
const MaxCache = 256

// Voice of espeak-ng for a language: the clips' voices.
func espeakVoice(lang string) string {
	if en(lang) {
		return "en-us"
	}
	return "vi"
}

// Synthesize runs espeak-ng for text and returns its speech at
// audio.ClipRate.
func (e *Espeak) Synthesize(ctx context.Context, lang, text string) (audio.PCM, error) {
	key := espeakVoice(lang) + "\x00" + text
	e.mu.Lock()
	if pcm, ok := e.cache[key]; ok {
		e.mu.Unlock()
		return pcm, nil
	}
	e.mu.Unlock()
	path := e.Path
	if path == "" {
		p, err := exec.LookPath("espeak-ng")
		if err != nil {
			return audio.PCM{}, fmt.Errorf("espeak-ng: %w", err)
		}
		path = p
	}
	speed := e.Speed
	if speed == 0 {
		speed = 140
	}
	var out, errb bytes.Buffer
	cmd := exec.CommandContext(ctx, path, "-v", espeakVoice(lang), "-s", strconv.Itoa(speed), "--stdout", "--", text)
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		return audio.PCM{}, fmt.Errorf("espeak-ng: %w: %s", err, bytes.TrimSpace(errb.Bytes()))
	}
	pcm, err := audio.ReadWAV(out.Bytes())
	if err != nil {
		return audio.PCM{}, fmt.Errorf("espeak-ng output: %w", err)
	}
	if pcm.Rate != audio.ClipRate {
		return audio.PCM{}, fmt.Errorf("espeak-ng output at %d Hz, want %d Hz", pcm.Rate, audio.ClipRate)
	}
	pcm = Normalise(Trim(pcm))
	e.mu.Lock()
	if e.cache == nil || len(e.cache) >= MaxCache {
		e.cache = map[string]audio.PCM{}
	}
	e.cache[key] = pcm
	e.mu.Unlock()
	return pcm, nil
}

// Trim cuts the silence at both ends of pcm: samples under 0.5 % of full
// scale, as make-clips.sh's sox "silence" effect does.
func Trim(pcm audio.PCM) audio.PCM {
	const floor = 32768 * 5 / 1000
	s := pcm.Samples
	loud := func(v int16) bool { return v > floor || v < -floor }
	i, j := 0, len(s)
	for i < j && !loud(s[i]) {
		i++
	}
	for j > i && !loud(s[j-1]) {
		j--
	}
	return audio.PCM{Rate: pcm.Rate, Samples: s[i:j]}
}

// Normalise scales pcm so its peak is -1 dBFS, the clips' level.
func Normalise(pcm audio.PCM) audio.PCM {
	peak := 0
	for _, v := range pcm.Samples {
		peak = max(peak, abs(int(v)))
	}
	if peak == 0 {
		return pcm
	}
	g := 32767 * math.Pow(10, -1.0/20) / float64(peak)
	out := make([]int16, len(pcm.Samples))
	for i, v := range pcm.Samples {
		out[i] = int16(math.Round(float64(v) * g))
	}
	return audio.PCM{Rate: pcm.Rate, Samples: out}
}

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}
