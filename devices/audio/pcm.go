package audio

import (
	"fmt"
	"math"
	"time"
)

// PCM is mono 16-bit audio: the one format of every clip, announcement and
// player in this package.
type PCM struct {
	Rate    int     // samples per second, e.g. 22050
	Samples []int16 // one channel
}

// ClipRate is the sample rate of the shipped clips (see assets/voice/README.md).
const ClipRate = 22050

// Gap is the silence Join puts between two clips: long enough that words
// do not run into each other, short enough that digits still sound like
// one number.
const Gap = 60 * time.Millisecond

// Duration is how long the audio lasts when played.
func (p PCM) Duration() time.Duration {
	if p.Rate <= 0 {
		return 0
	}
	return time.Duration(len(p.Samples)) * time.Second / time.Duration(p.Rate)
}

// RMS is the root mean square of the samples relative to full scale, from
// 0 (silence) to 1.
func (p PCM) RMS() float64 {
	if len(p.Samples) == 0 {
		return 0
	}
	var sum float64
	for _, s := range p.Samples {
		f := float64(s) / 32768
		sum += f * f
	}
	return math.Sqrt(sum / float64(len(p.Samples)))
}

// Silence returns d of silence at the given rate.
func Silence(rate int, d time.Duration) PCM {
	n := int(time.Duration(rate) * d / time.Second)
	return PCM{Rate: rate, Samples: make([]int16, n)}
}

// Join plays clips one after the other with a Gap of silence between
// each pair, and returns the result as one PCM. All clips must share one
// rate; an empty list gives an empty PCM at ClipRate.
func Join(clips []PCM) (PCM, error) {
	if len(clips) == 0 {
		return PCM{Rate: ClipRate}, nil
	}
	rate := clips[0].Rate
	gap := int(time.Duration(rate) * Gap / time.Second)
	n := gap * (len(clips) - 1)
	for i, c := range clips {
		if c.Rate != rate {
			return PCM{}, fmt.Errorf("join clip %d: rate %d Hz, want %d Hz", i, c.Rate, rate)
		}
		n += len(c.Samples)
	}
	out := make([]int16, n)
	pos := 0
	for i, c := range clips {
		if i > 0 {
			pos += gap // already zero
		}
		pos += copy(out[pos:], c.Samples)
	}
	return PCM{Rate: rate, Samples: out}, nil
}

// Scaled returns a copy of p at volume v (0-100). The gain is (v/100)²,
// so that the admin's volume slider feels even to the ear: 50 is about
// -12 dB, 10 about -40 dB. 100 returns p itself, unchanged.
func (p PCM) Scaled(v int) PCM {
	v = clampVolume(v)
	if v == 100 {
		return p
	}
	g := float64(v) / 100
	g *= g
	out := make([]int16, len(p.Samples))
	for i, s := range p.Samples {
		out[i] = int16(math.Round(float64(s) * g))
	}
	return PCM{Rate: p.Rate, Samples: out}
}

func clampVolume(v int) int {
	return min(max(v, 0), 100)
}
