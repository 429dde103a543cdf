package printer

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/motcua-kiosk/motcua/devices"
)

// watcher is one Watch call's queue of changes.
type watcher struct {
	mu     sync.Mutex
	queue  []devices.Status
	signal chan struct{}
}

// maxQueued bounds a slow watcher's backlog; the oldest changes go first.
const maxQueued = 64

func (w *watcher) push(st devices.Status) {
	w.mu.Lock()
	w.queue = append(w.queue, st)
	if len(w.queue) > maxQueued {
		w.queue = w.queue[len(w.queue)-maxQueued:]
	}
	w.mu.Unlock()
	select {
	case w.signal <- struct{}{}:
	default:
	}
}

func (w *watcher) take() []devices.Status {
	w.mu.Lock()
	defer w.mu.Unlock()
	q := w.queue
	w.queue = nil
	return q
}

// Watch polls the printer every interval between jobs and calls fn with
// the state first, then with every change, whether a poll or a print job
// found it, until ctx is done (it returns ctx.Err()) or the Printer is
// closed (ErrClosed). fn is called from
// Watch's goroutine only, one call at a time, so it may block briefly or
// call the Printer; UI code should hand the state over with fyne.Do.
// Polls skip while a job is printing (the job reads the state itself) and
// are what reopen an unplugged port, so keep interval at a few seconds.
func (p *Printer) Watch(ctx context.Context, interval time.Duration, fn func(devices.Status)) error {
	if interval <= 0 {
		return errors.New("watch printer: interval must be positive")
	}
	w := &watcher{signal: make(chan struct{}, 1)}
	p.mu.Lock()
	p.watchers[w] = struct{}{}
	if p.known {
		w.push(p.last)
	}
	p.mu.Unlock()
	defer func() {
		p.mu.Lock()
		delete(p.watchers, w)
		p.mu.Unlock()
	}()

	p.poll(ctx)
	tick := time.NewTicker(interval)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-p.closed:
			return ErrClosed
		case <-w.signal:
			for _, st := range w.take() {
				fn(st)
			}
		case <-tick.C:
			p.poll(ctx)
		}
	}
}

// poll reads the state unless a job holds the line.
func (p *Printer) poll(ctx context.Context) {
	if !p.io.TryLock() {
		return
	}
	if p.isClosed() {
		p.io.Unlock()
		return
	}
	st, _ := p.be.status(ctx)
	p.io.Unlock()
	p.observe(st)
}
