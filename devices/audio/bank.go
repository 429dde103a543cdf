package audio

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strings"
	"time"

	"github.com/motcua-kiosk/motcua/assets"
	"github.com/motcua-kiosk/motcua/devices"
)

// PausePhrase is the silence ClipPause stands for: the comma before
// "đến quầy số".
const PausePhrase = 250 * time.Millisecond

// RepeatGap is the silence between two sayings of the same call.
const RepeatGap = 900 * time.Millisecond

// ErrNoClip means an announcement needs a clip the bank does not have,
// e.g. a language that was never generated.
var ErrNoClip = errors.New("no voice clip")

// Bank holds decoded voice clips by language and name. It is read-only
// after LoadBank and safe for concurrent use.
type Bank struct {
	rate  int
	clips map[string]map[string]PCM // lang -> name -> clip
}

// LoadBank decodes every <lang>/<name>.wav under the root of fsys (the
// layout of assets/voice). All clips must share one sample rate.
func LoadBank(fsys fs.FS) (*Bank, error) {
	b := &Bank{clips: map[string]map[string]PCM{}}
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || path.Ext(p) != ".wav" {
			return nil
		}
		lang, file := path.Split(p)
		lang = strings.TrimSuffix(lang, "/")
		if lang == "" || strings.Contains(lang, "/") {
			return nil // clips live exactly one folder deep
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		pcm, err := ReadWAV(data)
		if err != nil {
			return fmt.Errorf("%s: %w", p, err)
		}
		if b.rate == 0 {
			b.rate = pcm.Rate
		} else if pcm.Rate != b.rate {
			return fmt.Errorf("%s: rate %d Hz, other clips %d Hz", p, pcm.Rate, b.rate)
		}
		if b.clips[lang] == nil {
			b.clips[lang] = map[string]PCM{}
		}
		b.clips[lang][strings.TrimSuffix(file, ".wav")] = pcm
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("load voice clips: %w", err)
	}
	if len(b.clips) == 0 {
		return nil, fmt.Errorf("load voice clips: %w: the folder has no <lang>/*.wav", ErrNoClip)
	}
	return b, nil
}

// Shipped loads the clips embedded in the binary from assets/voice.
func Shipped() (*Bank, error) {
	sub, err := fs.Sub(assets.FS, "voice")
	if err != nil {
		return nil, fmt.Errorf("shipped voice clips: %w", err)
	}
	return LoadBank(sub)
}

// Rate is the sample rate shared by all clips.
func (b *Bank) Rate() int { return b.rate }

// Languages lists the languages that have clips.
func (b *Bank) Languages() []string {
	var out []string
	for l := range b.clips {
		out = append(out, l)
	}
	return out
}

// Clip returns one clip by language and name; ClipPause is PausePhrase of
// silence.
func (b *Bank) Clip(lang, name string) (PCM, error) {
	if name == ClipPause {
		return Silence(b.rate, PausePhrase), nil
	}
	c, ok := b.clips[lang][name]
	if !ok {
		return PCM{}, fmt.Errorf("%w %s/%s", ErrNoClip, lang, name)
	}
	return c, nil
}

// Sentence joins the clips that say call once in lang (see Phrase).
func (b *Bank) Sentence(call devices.Call, lang string) (PCM, error) {
	lang = langDir(lang)
	names := Phrase(call, lang)
	clips := make([]PCM, len(names))
	for i, n := range names {
		c, err := b.Clip(lang, n)
		if err != nil {
			return PCM{}, fmt.Errorf("say %s: %w", call.Number, err)
		}
		clips[i] = c
	}
	return Join(clips)
}

// Render builds the whole announcement of call: for each language in
// langs, in order, the sentence said repeat times, RepeatGap apart. With
// langs ["vi"] and repeat 2 that is the office's usual "Xin mời số thứ tự
// A012, đến quầy số 3" twice.
func (b *Bank) Render(call devices.Call, langs []string, repeat int) (PCM, error) {
	if len(langs) == 0 {
		langs = []string{"vi"}
	}
	repeat = max(repeat, 1)
	gap := Silence(b.rate, RepeatGap)
	var parts []PCM
	for _, l := range langs {
		s, err := b.Sentence(call, l)
		if err != nil {
			return PCM{}, err
		}
		for range repeat {
			if len(parts) > 0 {
				parts = append(parts, gap)
			}
			parts = append(parts, s)
		}
	}
	out := PCM{Rate: b.rate}
	n := 0
	for _, p := range parts {
		n += len(p.Samples)
	}
	out.Samples = make([]int16, 0, n)
	for _, p := range parts {
		out.Samples = append(out.Samples, p.Samples...)
	}
	return out, nil
}

// langDir maps a language tag to the clip folder: "en", "en-US" -> "en";
// everything else -> "vi".
func langDir(lang string) string {
	if strings.HasPrefix(lang, "en") {
		return "en"
	}
	return "vi"
}
