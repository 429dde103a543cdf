package hub

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/motcua-kiosk/motcua/kiosk/bookings"
	"github.com/motcua-kiosk/motcua/kiosk/queue"
	"github.com/motcua-kiosk/motcua/kiosk/store"
	"github.com/motcua-kiosk/motcua/kiosk/visits"
)

// ErrStorage means a change could not be saved; nothing of it was applied.
var ErrStorage = errors.New("could not save the change")

// ErrClosed is returned by operations after Close.
var ErrClosed = errors.New("hub closed")

// Options configure Open.
type Options struct {
	Store  *store.Store
	Now    func() time.Time // nil: time.Now
	Logger *slog.Logger     // nil: slog.Default()
	// OnCommit is called after every durable commit (e.g. to wake the
	// central-server sync). It must not block.
	OnCommit func()
	// TickEvery is how often the hub rolls the day over and refreshes
	// displays without any operation; 0 means 20 s.
	TickEvery time.Duration
}

// Hub is one office's queue service. Its methods are safe for concurrent use.
type Hub struct {
	st       *store.Store
	now      func() time.Time
	log      *slog.Logger
	onCommit func()

	mu      sync.Mutex // guards eng, pending, alerts, closing
	eng     *queue.Engine
	pending *batch
	alerts  map[string]Alert
	closing bool
	// broken is set when a commit failed and reloading the engine from the
	// store failed too: the engine may hold changes that are not on disk,
	// so no operation runs until a reload succeeds.
	broken bool

	// checkins serialises booking check-ins, so that one booking never
	// gives two tickets.
	checkins sync.Mutex

	// visits is the office's home-visit book (visits.go), made on first use.
	visitsOnce sync.Once
	visits     *visits.Office

	kick   chan struct{}
	bus    *broker
	stop   chan struct{}
	done   sync.WaitGroup
	closed sync.Once
}

type batch struct {
	events []queue.Event
	// bookings are written in the events' transaction: a check-in's
	// booking is marked used exactly when its ticket is stored.
	bookings []bookings.Booking
	summary  Summary
	done     chan struct{}
	err      error
}

// Open builds the engine from the stored configuration and tickets, rolls
// the day over if needed, and starts the committer.
func Open(ctx context.Context, o Options) (*Hub, error) {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.TickEvery == 0 {
		o.TickEvery = 20 * time.Second
	}
	cfg, err := o.Store.Config(ctx)
	if err != nil {
		return nil, fmt.Errorf("open hub: %w", err)
	}
	eng, err := queue.New(cfg, o.Now)
	if err != nil {
		return nil, fmt.Errorf("open hub: stored config: %w", err)
	}
	h := &Hub{st: o.Store, now: o.Now, log: o.Logger, onCommit: o.OnCommit, eng: eng,
		alerts: map[string]Alert{}, kick: make(chan struct{}, 1), bus: newBroker(), stop: make(chan struct{})}
	if err := h.restore(ctx); err != nil {
		return nil, fmt.Errorf("open hub: %w", err)
	}
	if err := o.Store.Commit(ctx, eng.Tick()); err != nil {
		return nil, fmt.Errorf("open hub: rollover: %w", err)
	}
	h.done.Add(2)
	go h.committer()
	go h.ticker(o.TickEvery)
	return h, nil
}

// Close stops the hub after committing what is pending. Live subscribers
// are disconnected.
func (h *Hub) Close() error {
	h.closed.Do(func() {
		h.mu.Lock()
		h.closing = true
		h.mu.Unlock()
		close(h.stop)
		h.done.Wait()
		h.bus.close()
	})
	return nil
}

// Store returns the hub's store (for the admin screens).
func (h *Hub) Store() *store.Store { return h.st }

func (h *Hub) restore(ctx context.Context) error {
	tickets, counters, err := h.st.Load(ctx, h.eng.ServiceDay(h.now()))
	if err != nil {
		return err
	}
	h.eng.Restore(tickets, counters)
	return nil
}

// apply runs op on the engine under the lock, queues its events for the
// next commit and waits until they are durable. The error of op itself is
// returned after its events (e.g. a rollover) are committed.
func (h *Hub) apply(op func(e *queue.Engine) ([]queue.Event, error)) error {
	return h.applyWith(func(e *queue.Engine) ([]queue.Event, []bookings.Booking, error) {
		evs, err := op(e)
		return evs, nil, err
	})
}

// applyWith is apply for an operation that also settles bookings, which
// are committed in the same transaction as its events.
func (h *Hub) applyWith(op func(e *queue.Engine) ([]queue.Event, []bookings.Booking, error)) error {
	h.mu.Lock()
	if h.closing {
		h.mu.Unlock()
		return ErrClosed
	}
	if h.broken {
		if err := h.restore(context.Background()); err != nil {
			h.mu.Unlock()
			return fmt.Errorf("%w: %v", ErrStorage, err)
		}
		h.broken = false
		h.log.Info("queue reloaded from the store after a storage failure")
	}
	evs, bs, opErr := op(h.eng)
	if len(evs) == 0 {
		h.mu.Unlock()
		return opErr
	}
	b := h.pending
	if b == nil {
		b = &batch{done: make(chan struct{})}
		h.pending = b
	}
	b.events = append(b.events, evs...)
	b.bookings = append(b.bookings, bs...)
	b.summary = h.summaryLocked()
	h.mu.Unlock()
	select {
	case h.kick <- struct{}{}:
	default:
	}
	<-b.done
	if b.err != nil {
		return fmt.Errorf("%w: %v", ErrStorage, b.err)
	}
	return opErr
}

func (h *Hub) committer() {
	defer h.done.Done()
	for {
		select {
		case <-h.kick:
		case <-h.stop:
			h.commitPending() // what was queued before Close
			return
		}
		h.commitPending()
	}
}

func (h *Hub) commitPending() {
	h.mu.Lock()
	b := h.pending
	h.pending = nil
	h.mu.Unlock()
	if b == nil {
		return
	}
	if err := h.st.CommitBookings(context.Background(), b.events, b.bookings); err != nil {
		h.log.Error("commit failed; reloading the queue from the store", "events", len(b.events), "err", err)
		h.mu.Lock()
		next := h.pending // built on b's state: fails with it
		h.pending = nil
		if rerr := h.restore(context.Background()); rerr != nil {
			h.broken = true
			h.log.Error("reload after a failed commit failed; refusing operations until the store answers", "err", rerr)
		}
		h.mu.Unlock()
		for _, x := range []*batch{b, next} {
			if x != nil {
				x.err = err
				close(x.done)
			}
		}
		return
	}
	close(b.done)
	h.bus.publish(b.events, b.summary)
	if h.onCommit != nil {
		h.onCommit()
	}
}

func (h *Hub) ticker(every time.Duration) {
	defer h.done.Done()
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			if err := h.apply(func(e *queue.Engine) ([]queue.Event, error) { return e.Tick(), nil }); err != nil {
				h.log.Error("rollover tick", "err", err)
			}
			h.bus.publishSummary(h.Summary())
			h.releaseBookings()
		case <-h.stop:
			return
		}
	}
}
