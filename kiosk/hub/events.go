package hub

import (
	"context"
	"sync"

	"github.com/motcua-kiosk/motcua/kiosk/queue"
)

// LiveEvent is one message of the live stream. Type is "state" (Summary
// only: sent first and whenever the picture changes without a ticket
// event), a queue event kind such as "ticket.called" (Event, and Summary
// on the last event of a commit), or "alert".
type LiveEvent struct {
	Type    string       `json:"type"`
	Event   *queue.Event `json:"event,omitempty"`
	Summary *Summary     `json:"summary,omitempty"`
	Alert   *Alert       `json:"alert,omitempty"`
}

// subscriberBuffer bounds how far a subscriber may fall behind before it is
// cut off (it reconnects and starts again from a "state" event).
const subscriberBuffer = 512

type broker struct {
	mu     sync.Mutex
	subs   map[chan LiveEvent]struct{}
	closed bool
}

func newBroker() *broker { return &broker{subs: map[chan LiveEvent]struct{}{}} }

func (b *broker) subscribe(ctx context.Context, first Summary) <-chan LiveEvent {
	ch := make(chan LiveEvent, subscriberBuffer)
	ch <- LiveEvent{Type: "state", Summary: &first}
	b.mu.Lock()
	if b.closed {
		b.mu.Unlock()
		close(ch)
		return ch
	}
	b.subs[ch] = struct{}{}
	b.mu.Unlock()
	go func() {
		<-ctx.Done()
		b.drop(ch)
	}()
	return ch
}

func (b *broker) drop(ch chan LiveEvent) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if _, ok := b.subs[ch]; ok {
		delete(b.subs, ch)
		close(ch)
	}
}

func (b *broker) send(evs ...LiveEvent) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for ch := range b.subs {
		for _, ev := range evs {
			select {
			case ch <- ev:
			default: // too slow: cut it off rather than hold up the hub
				delete(b.subs, ch)
				close(ch)
			}
			if _, ok := b.subs[ch]; !ok {
				break
			}
		}
	}
}

func (b *broker) publish(events []queue.Event, sum Summary) {
	out := make([]LiveEvent, len(events))
	for i := range events {
		out[i] = LiveEvent{Type: string(events[i].Kind), Event: &events[i]}
	}
	out[len(out)-1].Summary = &sum
	b.send(out...)
}

func (b *broker) publishSummary(sum Summary) { b.send(LiveEvent{Type: "state", Summary: &sum}) }

func (b *broker) publishAlert(a Alert) { b.send(LiveEvent{Type: "alert", Alert: &a}) }

func (b *broker) close() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.closed = true
	for ch := range b.subs {
		close(ch)
	}
	b.subs = map[chan LiveEvent]struct{}{}
}
