package audio

import (
	"context"
	"errors"
	"sync"
	"time"
)

// Player sends audio to a sound device. Play blocks until pcm has been
// played to the end, or ctx is done (then it stops the sound and returns
// ctx.Err()). An Announcer calls Play from one goroutine at a time, so a
// Player never has to mix two sounds. A Player that cannot reach a device
// returns an error wrapping ErrNoDevice; it may succeed on a later call.
type Player interface {
	Play(ctx context.Context, pcm PCM) error
}

// PlayerFunc adapts a function to a Player.
type PlayerFunc func(ctx context.Context, pcm PCM) error

// Play calls f.
func (f PlayerFunc) Play(ctx context.Context, pcm PCM) error { return f(ctx, pcm) }

// ErrNoDevice means there is no sound device to play on (a server, a CI
// machine, a kiosk with its speakers unplugged).
var ErrNoDevice = errors.New("no audio output device")

// Played is one Play call seen by a RecordingPlayer.
type Played struct {
	PCM   PCM
	Start time.Time // when Play was called
	End   time.Time // when Play returned
	Cut   bool      // ctx ended the sound before its end
}

// RecordingPlayer is a Player for tests: it records every Play call and
// can take real time over it, as a sound card would, so that tests see
// whether one sound ever overlaps another.
type RecordingPlayer struct {
	// Speed divides the real duration of each sound: 0 returns at once,
	// 1 takes as long as the sound, 100 a hundredth of it.
	Speed float64
	// Err, if set, is returned by every Play instead of playing.
	Err error
	// OnPlay, if set, is called at the start of each Play, before anything
	// is recorded (benchmarks take their timestamp here).
	OnPlay func(pcm PCM)

	mu      sync.Mutex
	played  []Played
	playing int // Play calls in progress
	overlap bool
	notify  chan struct{}
}

var _ Player = (*RecordingPlayer)(nil)

// Play records pcm and waits for its scaled duration.
func (r *RecordingPlayer) Play(ctx context.Context, pcm PCM) error {
	if r.OnPlay != nil {
		r.OnPlay(pcm)
	}
	start := time.Now()
	r.mu.Lock()
	r.playing++
	if r.playing > 1 {
		r.overlap = true
	}
	r.mu.Unlock()
	defer func() {
		r.mu.Lock()
		r.playing--
		r.mu.Unlock()
	}()
	if r.Err != nil {
		return r.Err
	}
	var err error
	if r.Speed > 0 {
		t := time.NewTimer(time.Duration(float64(pcm.Duration()) / r.Speed))
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			err = ctx.Err()
		}
	}
	r.mu.Lock()
	r.played = append(r.played, Played{PCM: pcm, Start: start, End: time.Now(), Cut: err != nil})
	if r.notify != nil {
		select {
		case r.notify <- struct{}{}:
		default:
		}
	}
	r.mu.Unlock()
	return err
}

// Played returns every sound played to the end (or cut by ctx) so far.
func (r *RecordingPlayer) Played() []Played {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Played(nil), r.played...)
}

// Overlapped reports whether two Play calls ever ran at the same time.
func (r *RecordingPlayer) Overlapped() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.overlap
}

// WaitPlayed blocks until at least n sounds have been played or ctx is
// done.
func (r *RecordingPlayer) WaitPlayed(ctx context.Context, n int) error {
	r.mu.Lock()
	if r.notify == nil {
		r.notify = make(chan struct{}, 1)
	}
	ch := r.notify
	r.mu.Unlock()
	for {
		r.mu.Lock()
		got := len(r.played)
		r.mu.Unlock()
		if got >= n {
			return nil
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}
