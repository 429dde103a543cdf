package load

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/motcua-kiosk/motcua/kiosk/store"
	"github.com/motcua-kiosk/motcua/kiosk/syncer"
	"github.com/motcua-kiosk/motcua/kiosk/wire"
)

// hub is one simulated office hub: its outbox (a generated stream, of
// which the first committed events are "in the outbox"), its meta keys,
// and the real kiosk/syncer that sends it. It satisfies syncer.Store with
// the contract's semantics: Outbox returns unacknowledged events in seq
// order, MarkSent is idempotent and never goes backwards.
type hub struct {
	n      int
	device string
	office string // the server's office id
	code   string // its enrollment code
	src    net.IP // the loopback address it connects from

	mu        sync.Mutex
	st        *stream
	committed int64 // events committed to the outbox: seq 1..committed
	acked     int64 // the highest up_to acknowledged
	meta      map[string]string
	drainedAt time.Time // when acked last reached committed

	sync   *syncer.Syncer
	client *http.Client
	run    *runner
	sem    chan struct{} // the run's in-flight slots (Outbox takes one, the meter frees it)
	slot   bool          // this hub holds one
}

var _ syncer.Store = (*hub)(nil)

func (h *hub) DeviceID() string { return h.device }

// Outbox takes one of the run's in-flight slots before it hands the
// syncer a batch to build and send (the meter frees it once the answer is
// in): the load generator builds only the batches it is about to send, not
// one per waiting hub (3,321 × 500 events of JSON and gzip at once).
func (h *hub) Outbox(ctx context.Context, after int64, limit int) ([]store.OutboxEvent, error) {
	h.mu.Lock()
	pending := h.committed > max(after, h.acked)
	holding := h.slot
	h.mu.Unlock()
	if !pending {
		h.release()
		return nil, nil
	}
	if !holding {
		select {
		case h.sem <- struct{}{}:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	h.slot = true
	from := max(after, h.acked) + 1
	return h.st.events(from, min(h.committed, from+int64(limit)-1)), nil
}

// release frees the hub's in-flight slot, if it holds one.
func (h *hub) release() {
	h.mu.Lock()
	held := h.slot
	h.slot = false
	h.mu.Unlock()
	if held {
		<-h.sem
	}
}

func (h *hub) MarkSent(_ context.Context, upTo int64) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	if upTo > h.committed {
		return fmt.Errorf("up_to %d beyond the last committed seq %d", upTo, h.committed)
	}
	if upTo <= h.acked {
		return nil
	}
	delta := upTo - h.acked
	h.acked = upTo
	now := time.Now()
	if h.acked == h.committed {
		h.drainedAt = now
	}
	h.run.acked(delta, now)
	return nil
}

func (h *hub) OutboxPending(context.Context) (int, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	return int(h.committed - h.acked), nil
}

func (h *hub) Meta(_ context.Context, key string) (string, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	v, ok := h.meta[key]
	if !ok {
		return "", fmt.Errorf("meta %s: %w", key, store.ErrNotFound)
	}
	return v, nil
}

func (h *hub) SetMeta(_ context.Context, key, value string) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.meta[key] = value
	return nil
}

// commit puts the stream's events up to seq into the outbox, as the hub's
// engine committing them would, and wakes the syncer as the hub does.
func (h *hub) commit(seq int64) {
	h.mu.Lock()
	grew := seq > h.committed
	if grew {
		h.run.committed(seq - h.committed)
		h.committed = seq
	}
	s := h.sync
	h.mu.Unlock()
	if grew && s != nil {
		s.Notify()
	}
}

// commitMore commits the stream's next n events.
func (h *hub) commitMore(n int64) {
	h.mu.Lock()
	seq := h.committed + n
	h.mu.Unlock()
	h.commit(seq)
}

// names is what the hub's admin named: the syncer stores them once.
func (h *hub) names(context.Context) (wire.Names, error) {
	n := wire.Names{Officers: map[string]string{}, Services: map[string]string{}}
	for _, s := range services {
		n.Services[s.code] = s.name
	}
	for c := 1; c <= 5; c++ {
		n.Officers[fmt.Sprintf("cb%d", c)] = fmt.Sprintf("Cán bộ %d", c)
	}
	return n, nil
}

// meter is a hub's round-tripper wrapper: it frees the in-flight slot
// the hub's Outbox took (the load generator's concurrency) and records each batch's
// acknowledgement latency and outcome. Other requests (enroll, names) pass
// through. The hub's 30 s timeout (the syncer's default client) starts
// when the batch leaves, not while the hub waits for a slot: a real hub has its
// own link and no such queue, and a timeout that counted the wait would
// make the queue itself time batches out (with 3,321 hubs on 12 slots
// nearly every batch reached its slot just before its deadline).
type meter struct {
	base    http.RoundTripper
	hub     *hub
	run     *runner
	timeout time.Duration
}

func (m *meter) RoundTrip(r *http.Request) (*http.Response, error) {
	events := r.URL.Path == wire.PathEvents
	if events {
		defer m.hub.release() // the slot its Outbox took
	}
	ctx, cancel := context.WithTimeout(r.Context(), m.timeout)
	defer cancel()
	t0 := time.Now()
	resp, err := m.base.RoundTrip(r.WithContext(ctx))
	if err == nil { // the answer is small: read it before the timeout's cancel
		data, rerr := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
		resp.Body.Close()
		resp.Body = io.NopCloser(bytes.NewReader(data))
		if rerr != nil {
			resp, err = nil, rerr
		}
	}
	if events {
		m.run.batch(time.Since(t0), resp, err)
	}
	return resp, err
}

// counters are the run-wide tallies the hubs update.
type counters struct {
	committed atomic.Int64 // events committed to all outboxes
	acked     atomic.Int64 // events acknowledged (up_to advanced over them)
}
