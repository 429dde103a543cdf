package speech

import (
	"context"
	"errors"
	"log/slog"
	"sync"

	"github.com/motcua-kiosk/motcua/devices/audio"
)

// Speaker says the citizen screens aloud. Every method returns at once;
// the sound plays in the background, one phrase at a time.
//
// Say is a screen's own speech (a screen that speaks when it opens): it
// replaces whatever waits to be said, but the phrase being said is
// finished first, never cut off. Interrupt is a citizen's tap (the "Nghe
// hướng dẫn" key): it cuts off what is being said and says u now. Stop
// cuts off and forgets everything. Repeat says the last utterance again
// from its start, as a tap. Volume is 0-100.
type Speaker interface {
	Say(u Utterance)
	Interrupt(u Utterance)
	Stop()
	Repeat()
	SetVolume(v int)
	Volume() int
}

// Voice is the Speaker that renders phrases with a Renderer and plays
// them on an audio.Player. A failing player or synthesiser never stops
// it: the failure is logged, kept for LastError, and the next phrase is
// tried.
type Voice struct {
	r      *Renderer
	player audio.Player
	log    *slog.Logger

	mu      sync.Mutex
	queue   []queued
	last    Utterance
	volume  int
	cut     context.CancelFunc // cuts the phrase being played
	busy    bool
	closed  bool
	lastErr error
	idle    chan struct{}
	wake    chan struct{}
	done    chan struct{}
}

type queued struct {
	lang   string
	phrase Phrase
}

var _ Speaker = (*Voice)(nil)

// DefaultVolume is a new Voice's volume: loud enough at arm's length in a
// lobby, under the lobby voice's 100.
const DefaultVolume = 80

// NewVoice starts a Voice; Close stops it.
func NewVoice(r *Renderer, player audio.Player, log *slog.Logger) *Voice {
	if log == nil {
		log = slog.Default()
	}
	v := &Voice{r: r, player: player, log: log, volume: DefaultVolume,
		wake: make(chan struct{}, 1), done: make(chan struct{})}
	go v.run()
	return v
}

func phrases(u Utterance) []queued {
	var q []queued
	for _, p := range u.Phrases {
		if len(p) > 0 {
			q = append(q, queued{u.Lang, p})
		}
	}
	return q
}

// Say queues u after the phrase being said, in place of anything waiting.
func (v *Voice) Say(u Utterance) { v.put(u, false) }

// Interrupt cuts off what is being said and says u.
func (v *Voice) Interrupt(u Utterance) { v.put(u, true) }

func (v *Voice) put(u Utterance, cut bool) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.closed {
		return
	}
	v.queue, v.last = phrases(u), u
	if cut && v.cut != nil {
		v.cut()
	}
	select {
	case v.wake <- struct{}{}:
	default:
	}
}

// Stop cuts off what is being said and drops what waits.
func (v *Voice) Stop() {
	v.mu.Lock()
	v.queue = nil
	if v.cut != nil {
		v.cut()
	}
	v.mu.Unlock()
}

// Repeat says the last utterance again, cutting off what is being said.
func (v *Voice) Repeat() {
	v.mu.Lock()
	u := v.last
	v.mu.Unlock()
	v.Interrupt(u)
}

// SetVolume sets the volume from the next phrase on, clamped to 0-100.
func (v *Voice) SetVolume(vol int) {
	v.mu.Lock()
	v.volume = min(max(vol, 0), 100)
	v.mu.Unlock()
}

// Volume is the volume, 0-100.
func (v *Voice) Volume() int {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.volume
}

// LastError is the last rendering or playing failure, nil after a success.
func (v *Voice) LastError() error {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.lastErr
}

// Flush waits until nothing is being said or waits, or ctx ends.
func (v *Voice) Flush(ctx context.Context) error {
	for {
		v.mu.Lock()
		if (!v.busy && len(v.queue) == 0) || v.closed {
			v.mu.Unlock()
			return nil
		}
		if v.idle == nil {
			v.idle = make(chan struct{})
		}
		ch := v.idle
		v.mu.Unlock()
		select {
		case <-ch:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// Close cuts off the sound and stops the Voice.
func (v *Voice) Close() error {
	v.mu.Lock()
	if v.closed {
		v.mu.Unlock()
		return nil
	}
	v.closed, v.queue = true, nil
	if v.cut != nil {
		v.cut()
	}
	v.mu.Unlock()
	close(v.wake)
	<-v.done
	return nil
}

func (v *Voice) run() {
	defer close(v.done)
	for {
		v.mu.Lock()
		if v.closed {
			v.mu.Unlock()
			return
		}
		if len(v.queue) == 0 {
			v.busy = false
			if v.idle != nil {
				close(v.idle)
				v.idle = nil
			}
			v.mu.Unlock()
			if _, ok := <-v.wake; !ok {
				return
			}
			continue
		}
		q := v.queue[0]
		v.queue = v.queue[1:]
		ctx, cut := context.WithCancel(context.Background())
		v.cut, v.busy = cut, true
		vol := v.volume
		v.mu.Unlock()
		v.play(ctx, q, vol)
		cut()
	}
}

func (v *Voice) play(ctx context.Context, q queued, vol int) {
	pcm, err := v.r.Phrase(ctx, q.lang, q.phrase)
	if err == nil && vol > 0 {
		err = v.player.Play(ctx, pcm.Scaled(vol))
	}
	if errors.Is(err, context.Canceled) {
		return // a tap cut it off
	}
	v.mu.Lock()
	v.lastErr = err
	v.mu.Unlock()
	if err != nil {
		v.log.Warn("speech failed; the screen carries on silent", "err", err)
	}
}
