package speech

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/motcua-kiosk/motcua/devices/audio"
)

// PhraseGap is the silence between two phrases of an utterance: a full
// stop, shorter than a pause a listener would take for the end.
const PhraseGap = 500 * time.Millisecond

// ErrNoSynth means a phrase has text to say but no synthesiser was given.
var ErrNoSynth = errors.New("no speech synthesiser")

// Synthesizer turns text into speech. Synthesize returns mono 16-bit audio
// at the clip bank's rate, with no silence at either end; it must run on
// this machine (no network) and may be called from several goroutines.
type Synthesizer interface {
	Synthesize(ctx context.Context, lang, text string) (audio.PCM, error)
}

// SynthFunc adapts a function to a Synthesizer.
type SynthFunc func(ctx context.Context, lang, text string) (audio.PCM, error)

// Synthesize calls f.
func (f SynthFunc) Synthesize(ctx context.Context, lang, text string) (audio.PCM, error) {
	return f(ctx, lang, text)
}

// Renderer turns phrases into sound: clips from Bank, text from Synth.
type Renderer struct {
	Bank  *audio.Bank
	Synth Synthesizer // nil: a phrase with text fails with ErrNoSynth
}

// Part renders one part alone.
func (r *Renderer) Part(ctx context.Context, lang string, p Part) (audio.PCM, error) {
	if p.Clip != "" {
		return r.Bank.Clip(clipLang(lang), p.Clip)
	}
	if r.Synth == nil {
		return audio.PCM{}, fmt.Errorf("say %q: %w", p.Text, ErrNoSynth)
	}
	pcm, err := r.Synth.Synthesize(ctx, lang, p.Text)
	if err != nil {
		return audio.PCM{}, fmt.Errorf("say %q: %w", p.Text, err)
	}
	return pcm, nil
}

// Phrase renders one phrase: its parts joined with audio.Gap between them.
func (r *Renderer) Phrase(ctx context.Context, lang string, p Phrase) (audio.PCM, error) {
	parts := make([]audio.PCM, 0, len(p))
	for _, part := range p {
		pcm, err := r.Part(ctx, lang, part)
		if err != nil {
			return audio.PCM{}, err
		}
		if len(pcm.Samples) > 0 {
			parts = append(parts, pcm)
		}
	}
	out, err := audio.Join(parts)
	if err == nil && len(parts) == 0 {
		out.Rate = r.Bank.Rate()
	}
	return out, err
}

// Render renders a whole utterance, PhraseGap between its phrases: what a
// Voice plays for it, and what a WAV file of it holds.
func (r *Renderer) Render(ctx context.Context, u Utterance) (audio.PCM, error) {
	out := audio.PCM{Rate: r.Bank.Rate()}
	for i, p := range u.Phrases {
		pcm, err := r.Phrase(ctx, u.Lang, p)
		if err != nil {
			return audio.PCM{}, err
		}
		if i > 0 {
			out.Samples = append(out.Samples, audio.Silence(out.Rate, PhraseGap).Samples...)
		}
		out.Samples = append(out.Samples, pcm.Samples...)
	}
	return out, nil
}

func clipLang(lang string) string {
	if en(lang) {
		return "en"
	}
	return "vi"
}
