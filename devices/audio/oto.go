package audio

import (
	"bytes"
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/ebitengine/oto/v3"
)

// OtoPlayer plays through github.com/ebitengine/oto/v3: ALSA on Linux,
// the system mixer elsewhere. It is the only code here that touches a
// sound device.
//
// oto allows one audio context per process, opened at one sample rate, so
// every OtoPlayer shares it. The device is opened on the first Play (or
// Open); if that fails, the failure wraps ErrNoDevice and is returned by
// every later Play: oto cannot retry within the process, so plugging in
// speakers takes a restart of the kiosk.
type OtoPlayer struct {
	rate int
}

var _ Player = (*OtoPlayer)(nil)

var otoDevice struct {
	once sync.Once
	rate int
	ctx  *oto.Context
	err  error
}

// otoOpenTimeout bounds the wait for the device to become ready.
const otoOpenTimeout = 5 * time.Second

// otoPoll is how often Play checks whether the sound has finished.
const otoPoll = 5 * time.Millisecond

// NewOtoPlayer returns a player for mono 16-bit audio at rate (normally
// Bank.Rate()). It does not open the device yet.
func NewOtoPlayer(rate int) *OtoPlayer { return &OtoPlayer{rate: rate} }

// Open opens the sound device if it is not open yet and reports whether
// it works. The kiosk calls it at start to log a missing device early.
func (p *OtoPlayer) Open() error {
	otoDevice.once.Do(func() {
		otoDevice.rate = p.rate
		otoDevice.ctx, otoDevice.err = openOto(p.rate)
	})
	if otoDevice.err != nil {
		return otoDevice.err
	}
	if otoDevice.rate != p.rate {
		return fmt.Errorf("open audio device: already open at %d Hz, not %d Hz", otoDevice.rate, p.rate)
	}
	return nil
}

func openOto(rate int) (*oto.Context, error) {
	ctx, ready, err := oto.NewContext(&oto.NewContextOptions{
		SampleRate:   rate,
		ChannelCount: 1,
		Format:       oto.FormatSignedInt16LE,
		BufferSize:   60 * time.Millisecond, // a short device buffer: the first word comes out sooner
	})
	if err != nil {
		return nil, fmt.Errorf("open audio device: %w: %v", ErrNoDevice, err)
	}
	select {
	case <-ready:
	case <-time.After(otoOpenTimeout):
		return nil, fmt.Errorf("open audio device: %w: not ready after %v", ErrNoDevice, otoOpenTimeout)
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("open audio device: %w: %v", ErrNoDevice, err)
	}
	return ctx, nil
}

// Play plays pcm to the end, or until ctx is done.
func (p *OtoPlayer) Play(ctx context.Context, pcm PCM) error {
	if err := p.Open(); err != nil {
		return err
	}
	if pcm.Rate != p.rate {
		return fmt.Errorf("play: audio at %d Hz, device at %d Hz", pcm.Rate, p.rate)
	}
	pl := otoDevice.ctx.NewPlayer(bytes.NewReader(pcmBytes(pcm.Samples)))
	pl.Play()
	t := time.NewTicker(otoPoll)
	defer t.Stop()
	for pl.IsPlaying() {
		select {
		case <-t.C:
		case <-ctx.Done():
			pl.Pause()
			return ctx.Err()
		}
	}
	if err := pl.Err(); err != nil {
		return fmt.Errorf("play: %w", err)
	}
	if err := otoDevice.ctx.Err(); err != nil {
		return fmt.Errorf("play: %w", err)
	}
	return nil
}
