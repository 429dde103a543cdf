package audio

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sync"

	"github.com/motcua-kiosk/motcua/devices"
)

// ErrClosed is returned by Say after Close.
var ErrClosed = errors.New("announcer closed")

// ErrQueueFull is returned by Say when MaxQueue calls are already
// waiting: something is calling far faster than a voice can speak.
var ErrQueueFull = errors.New("announcement queue full")

// MaxQueue is how many calls may wait behind the one being spoken.
const MaxQueue = 64

// Options configure an Announcer. The zero value says each call twice in
// Vietnamese at full volume.
type Options struct {
	// Languages are said in order for each call; nil means ["vi"]. An
	// office that enables the English variant sets ["vi", "en"].
	Languages []string
	// Repeat is how many times each language's sentence is said; 0 means 2.
	Repeat int
	// Logger receives playback failures; nil means slog.Default().
	Logger *slog.Logger
}

// Announcer says queued calls aloud, one at a time, in the order Say
// received them. It implements devices.Speaker. Volume, on/off and
// languages can change at any time and apply from the next call on; the
// call being spoken is never cut off, except by Close.
//
// A failing Player (no sound device) never stops the Announcer: the
// failure is logged, kept for LastError, and the next call is tried.
type Announcer struct {
	bank   renderer
	player Player
	log    *slog.Logger

	mu       sync.Mutex
	queue    []devices.Call
	speaking bool
	closed   bool
	volume   int
	enabled  bool
	langs    []string
	repeat   int
	lastErr  error
	idle     chan struct{} // closed when queue is empty and nothing is speaking

	wake   chan struct{}
	ctx    context.Context
	cancel context.CancelFunc
	done   chan struct{}
}

// renderer is the part of *Bank the Announcer needs; an interface so that
// tests can make rendering fail.
type renderer interface {
	Render(call devices.Call, langs []string, repeat int) (PCM, error)
}

var _ devices.Speaker = (*Announcer)(nil)

// NewAnnouncer starts an Announcer that renders calls from clips and plays
// them on player. Call Close to stop it.
func NewAnnouncer(clips *Bank, player Player, opts Options) *Announcer {
	return newAnnouncer(clips, player, opts)
}

func newAnnouncer(b renderer, player Player, opts Options) *Announcer {
	ctx, cancel := context.WithCancel(context.Background())
	a := &Announcer{
		bank:    b,
		player:  player,
		log:     opts.Logger,
		volume:  100,
		enabled: true,
		langs:   slices.Clone(opts.Languages),
		repeat:  opts.Repeat,
		wake:    make(chan struct{}, 1),
		ctx:     ctx,
		cancel:  cancel,
		done:    make(chan struct{}),
	}
	if a.log == nil {
		a.log = slog.Default()
	}
	if len(a.langs) == 0 {
		a.langs = []string{"vi"}
	}
	if a.repeat <= 0 {
		a.repeat = 2
	}
	go a.run()
	return a
}

// Say queues c and returns at once. A call identical to one still waiting
// (not yet being spoken) is dropped as a double press, unless it is a
// recall, which is always said again. While the voice is off, Say drops
// the call and returns nil.
func (a *Announcer) Say(c devices.Call) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	switch {
	case a.closed:
		return ErrClosed
	case !a.enabled:
		return nil
	case !c.Recall && slices.Contains(a.queue, c):
		return nil
	case len(a.queue) >= MaxQueue:
		return fmt.Errorf("say %s: %w", c.Number, ErrQueueFull)
	}
	a.queue = append(a.queue, c)
	select {
	case a.wake <- struct{}{}:
	default:
	}
	return nil
}

// SetVolume sets the volume, 0 (silent) to 100 (the clips as recorded);
// values outside are clamped.
func (a *Announcer) SetVolume(v int) {
	a.mu.Lock()
	a.volume = clampVolume(v)
	a.mu.Unlock()
}

// Volume returns the current volume, 0-100.
func (a *Announcer) Volume() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.volume
}

// SetEnabled turns the voice on or off. Turning it off drops the calls
// still waiting; the one being spoken finishes.
func (a *Announcer) SetEnabled(on bool) {
	a.mu.Lock()
	a.enabled = on
	if !on {
		a.queue = nil
	}
	a.mu.Unlock()
}

// Enabled reports whether the voice is on.
func (a *Announcer) Enabled() bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.enabled
}

// SetLanguages sets the languages each call is said in, in order, e.g.
// ["vi", "en"] for the English variant; empty means ["vi"].
func (a *Announcer) SetLanguages(langs ...string) {
	if len(langs) == 0 {
		langs = []string{"vi"}
	}
	a.mu.Lock()
	a.langs = slices.Clone(langs)
	a.mu.Unlock()
}

// LastError returns the last playback or rendering failure, or nil once a
// call has been played successfully since. The admin screen shows it
// ("Không có thiết bị âm thanh").
func (a *Announcer) LastError() error {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.lastErr
}

// Pending returns how many calls wait, not counting the one being spoken.
func (a *Announcer) Pending() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return len(a.queue)
}

// Flush blocks until every queued call has been spoken (or has failed),
// or ctx is done.
func (a *Announcer) Flush(ctx context.Context) error {
	for {
		a.mu.Lock()
		idle := len(a.queue) == 0 && !a.speaking
		if idle || a.closed {
			a.mu.Unlock()
			return nil
		}
		if a.idle == nil {
			a.idle = make(chan struct{})
		}
		ch := a.idle
		a.mu.Unlock()
		select {
		case <-ch:
		case <-a.done:
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// Close stops the announcer: calls still waiting are dropped and the one
// being spoken is stopped. Close waits for the player to return.
func (a *Announcer) Close() error {
	a.mu.Lock()
	if a.closed {
		a.mu.Unlock()
		return nil
	}
	a.closed = true
	a.queue = nil
	a.mu.Unlock()
	a.cancel()
	<-a.done
	return nil
}

func (a *Announcer) run() {
	defer close(a.done)
	for {
		c, ok := a.next()
		if !ok {
			return
		}
		a.speak(c)
	}
}

// next takes the oldest call, waiting for one; false once closed.
func (a *Announcer) next() (devices.Call, bool) {
	for {
		a.mu.Lock()
		a.speaking = false
		if a.closed {
			a.mu.Unlock()
			return devices.Call{}, false
		}
		if len(a.queue) > 0 {
			c := a.queue[0]
			a.queue = a.queue[1:]
			a.speaking = true
			a.mu.Unlock()
			return c, true
		}
		if a.idle != nil {
			close(a.idle)
			a.idle = nil
		}
		a.mu.Unlock()
		select {
		case <-a.wake:
		case <-a.ctx.Done():
		}
	}
}

// speak renders and plays one call with the settings of this moment.
func (a *Announcer) speak(c devices.Call) {
	a.mu.Lock()
	on, vol, langs, repeat := a.enabled, a.volume, a.langs, a.repeat
	a.mu.Unlock()
	if !on || vol == 0 {
		return
	}
	pcm, err := a.bank.Render(c, langs, repeat)
	if err == nil {
		err = a.player.Play(a.ctx, pcm.Scaled(vol))
	}
	if errors.Is(err, context.Canceled) && a.ctx.Err() != nil {
		return // closing
	}
	a.mu.Lock()
	a.lastErr = err
	a.mu.Unlock()
	if err != nil {
		a.log.Warn("announce call failed; the kiosk carries on without sound",
			"number", c.Number, "counter", c.Counter, "recall", c.Recall, "err", err)
	}
}
