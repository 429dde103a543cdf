package hub

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/motcua-kiosk/motcua/kiosk/queue"
	"github.com/motcua-kiosk/motcua/kiosk/store"
)

// Issued is the answer to an issue: the ticket and its place in line.
type Issued struct {
	Ticket   queue.Ticket      `json:"ticket"`
	Estimate queue.Estimate    `json:"estimate"`
	Service  queue.ServiceView `json:"service"`
}

// TicketInfo is a ticket of today with its estimate (for the rating screen
// and the ticket lookup).
type TicketInfo struct {
	Ticket   queue.Ticket   `json:"ticket"`
	Estimate queue.Estimate `json:"estimate"`
}

// RateRequest is a citizen's rating of a ticket.
type RateRequest struct {
	Ticket  string   `json:"-"`
	Stars   int      `json:"stars"`
	Reasons []string `json:"reasons,omitempty"`
	Comment string   `json:"comment,omitempty"`
	Source  string   `json:"source,omitempty"` // "kiosk" or "counter"; set by the hub from the device role over HTTP
}

// Alert is a device condition staff should see, such as a printer out of
// paper. The latest alert per device and kind is kept until cleared.
type Alert struct {
	Device  string    `json:"device"`
	Kind    string    `json:"kind"`  // "printer", "scanner", "sync"
	State   string    `json:"state"` // e.g. "paper_end"; "ready" clears it
	Message string    `json:"message"`
	At      time.Time `json:"at"`
}

// Summary is the small live picture pushed with every change: services'
// waiting counts and every counter's current ticket.
type Summary struct {
	Day      string              `json:"day"`
	Office   queue.Office        `json:"office"`
	Voice    queue.Voice         `json:"voice"`
	Services []queue.ServiceView `json:"services"`
	Counters []queue.CounterView `json:"counters"`
}

// API is what screens need from a hub, in process (*Hub) or over the LAN
// (*Client). Errors from either side match the queue package's sentinels
// with errors.Is, and queue.Message turns them into sentences.
type API interface {
	Issue(ctx context.Context, service, priority string) (Issued, error)
	State(ctx context.Context) (queue.State, error)
	Ticket(ctx context.Context, idOrNumber string) (TicketInfo, error)
	CallNext(ctx context.Context, counter int) (queue.Ticket, error)
	Recall(ctx context.Context, counter int) (queue.Ticket, error)
	Start(ctx context.Context, counter int) (queue.Ticket, error)
	Complete(ctx context.Context, counter int) (queue.Ticket, error)
	Skip(ctx context.Context, counter int) (queue.Ticket, error)
	Transfer(ctx context.Context, ticket, service string, counter int) (queue.Ticket, error)
	Return(ctx context.Context, ticket string) (queue.Ticket, error)
	Cancel(ctx context.Context, ticket string) (queue.Ticket, error)
	Pause(ctx context.Context, counter int, paused bool) error
	SignIn(ctx context.Context, counter int, officer, pin string) (store.Officer, error)
	SignOut(ctx context.Context, counter int) error
	Rate(ctx context.Context, r RateRequest) (queue.Rating, error)
	Alert(ctx context.Context, a Alert) error
	// Subscribe delivers live events until ctx is done. The first event is
	// always a "state" event with the full summary.
	Subscribe(ctx context.Context) (<-chan LiveEvent, error)
}

var _ API = (*Hub)(nil)

// Issue gives a ticket. A service that cannot give one now answers with a
// *queue.Unavailable error ("Đã hết số hôm nay", "Ngoài giờ tiếp nhận").
func (h *Hub) Issue(ctx context.Context, service, priority string) (Issued, error) {
	var out Issued
	err := h.apply(func(e *queue.Engine) ([]queue.Event, error) {
		t, evs, err := e.Issue(strings.ToUpper(strings.TrimSpace(service)), priority)
		if err == nil {
			out.Ticket, out.Estimate = t, e.AheadOfNew(t)
			out.Service, _ = e.Service(t.Service)
		}
		return evs, err
	})
	return out, err
}

// State returns the full queue snapshot.
func (h *Hub) State(ctx context.Context) (queue.State, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.eng.Snapshot(), nil
}

// Summary returns the live summary pushed to subscribers.
func (h *Hub) Summary() Summary {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.summaryLocked()
}

func (h *Hub) summaryLocked() Summary {
	cfg := h.eng.Config()
	s := Summary{Day: h.eng.Day(), Office: cfg.Office, Voice: cfg.Voice}
	for _, svc := range cfg.Services {
		v, _ := h.eng.Service(svc.Code)
		s.Services = append(s.Services, v)
	}
	s.Counters = h.eng.Counters()
	return s
}

// Ticket looks up a ticket of today by ID or number.
func (h *Hub) Ticket(ctx context.Context, idOrNumber string) (TicketInfo, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	t, err := h.eng.Ticket(idOrNumber)
	if err != nil {
		return TicketInfo{}, err
	}
	est, _ := h.eng.EstimateFor(t.ID)
	return TicketInfo{Ticket: t, Estimate: est}, nil
}

func (h *Hub) counterOp(op func(e *queue.Engine) (queue.Ticket, []queue.Event, error)) (queue.Ticket, error) {
	var out queue.Ticket
	err := h.apply(func(e *queue.Engine) ([]queue.Event, error) {
		t, evs, err := op(e)
		out = t
		return evs, err
	})
	return out, err
}

// CallNext calls the next ticket at counter.
func (h *Hub) CallNext(ctx context.Context, counter int) (queue.Ticket, error) {
	return h.counterOp(func(e *queue.Engine) (queue.Ticket, []queue.Event, error) { return e.CallNext(counter) })
}

// Recall calls the counter's current ticket again.
func (h *Hub) Recall(ctx context.Context, counter int) (queue.Ticket, error) {
	return h.counterOp(func(e *queue.Engine) (queue.Ticket, []queue.Event, error) { return e.Recall(counter) })
}

// Start marks the current ticket's citizen as arrived at the counter.
func (h *Hub) Start(ctx context.Context, counter int) (queue.Ticket, error) {
	return h.counterOp(func(e *queue.Engine) (queue.Ticket, []queue.Event, error) { return e.Start(counter) })
}

// Complete ends service of the counter's current ticket.
func (h *Hub) Complete(ctx context.Context, counter int) (queue.Ticket, error) {
	return h.counterOp(func(e *queue.Engine) (queue.Ticket, []queue.Event, error) { return e.Complete(counter) })
}

// Skip marks the counter's current ticket as a no-show.
func (h *Hub) Skip(ctx context.Context, counter int) (queue.Ticket, error) {
	return h.counterOp(func(e *queue.Engine) (queue.Ticket, []queue.Event, error) { return e.Skip(counter) })
}

// Transfer moves a ticket to another service (and optionally counter).
func (h *Hub) Transfer(ctx context.Context, ticket, service string, counter int) (queue.Ticket, error) {
	return h.counterOp(func(e *queue.Engine) (queue.Ticket, []queue.Event, error) {
		return e.Transfer(ticket, strings.ToUpper(strings.TrimSpace(service)), counter)
	})
}

// Return puts a no-show ticket back in line.
func (h *Hub) Return(ctx context.Context, ticket string) (queue.Ticket, error) {
	return h.counterOp(func(e *queue.Engine) (queue.Ticket, []queue.Event, error) { return e.Return(ticket) })
}

// Cancel ends a ticket.
func (h *Hub) Cancel(ctx context.Context, ticket string) (queue.Ticket, error) {
	return h.counterOp(func(e *queue.Engine) (queue.Ticket, []queue.Event, error) { return e.Cancel(ticket) })
}

// Pause stops or resumes calls at a counter.
func (h *Hub) Pause(ctx context.Context, counter int, paused bool) error {
	return h.apply(func(e *queue.Engine) ([]queue.Event, error) { return e.Pause(counter, paused) })
}

// SignIn checks the officer's PIN and records the officer at counter.
func (h *Hub) SignIn(ctx context.Context, counter int, officer, pin string) (store.Officer, error) {
	o, err := h.st.CheckOfficer(ctx, officer, pin)
	if err != nil {
		return store.Officer{}, err
	}
	err = h.apply(func(e *queue.Engine) ([]queue.Event, error) { return e.SignIn(counter, o.ID) })
	return o, err
}

// SignOut clears the counter's officer.
func (h *Hub) SignOut(ctx context.Context, counter int) error {
	return h.apply(func(e *queue.Engine) ([]queue.Event, error) { return e.SignOut(counter) })
}

// Rate records a rating; Source defaults to "kiosk".
func (h *Hub) Rate(ctx context.Context, r RateRequest) (queue.Rating, error) {
	if r.Source == "" {
		r.Source = "kiosk"
	}
	var out queue.Rating
	codes := h.ratedDossiers(ctx, r.Ticket)
	err := h.apply(func(e *queue.Engine) ([]queue.Event, error) {
		rt, evs, err := e.Rate(r.Ticket, r.Stars, r.Reasons, r.Comment, r.Source)
		withDossiers(&rt, evs, codes)
		out = rt
		return evs, err
	})
	return out, err
}

// Alert records a device condition and tells live subscribers; an alert
// whose State is "ready" or "ok" clears the previous one.
func (h *Hub) Alert(ctx context.Context, a Alert) error {
	if a.Device == "" || a.Kind == "" {
		return fmt.Errorf("alert needs device and kind: %w", store.ErrInvalidInput)
	}
	if a.At.IsZero() {
		a.At = h.now()
	}
	key := a.Device + "/" + a.Kind
	h.mu.Lock()
	if a.State == "ready" || a.State == "ok" {
		delete(h.alerts, key)
	} else {
		h.alerts[key] = a
	}
	h.mu.Unlock()
	h.log.Warn("device alert", "device", a.Device, "kind", a.Kind, "state", a.State)
	h.bus.publishAlert(a)
	return nil
}

// Alerts lists the standing device alerts.
func (h *Hub) Alerts() []Alert {
	h.mu.Lock()
	defer h.mu.Unlock()
	out := make([]Alert, 0, len(h.alerts))
	for _, a := range h.alerts {
		out = append(out, a)
	}
	return out
}

// Officers lists the officers (names for desks, displays and rating
// tablets; never PINs).
func (h *Hub) Officers(ctx context.Context) ([]store.Officer, error) { return h.st.Officers(ctx) }

// Config returns the configuration in force.
func (h *Hub) Config() queue.Config {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.eng.Config()
}

// SetConfig validates cfg, stores it and puts it in force, all or nothing.
func (h *Hub) SetConfig(ctx context.Context, cfg queue.Config) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	old := h.eng.Config()
	if err := h.eng.SetConfig(cfg); err != nil {
		return err
	}
	if err := h.st.SaveConfig(ctx, cfg); err != nil {
		h.eng.SetConfig(old)
		return fmt.Errorf("%w: %v", ErrStorage, err)
	}
	sum := h.summaryLocked()
	go h.bus.publishSummary(sum)
	return nil
}

// Subscribe delivers live events until ctx is done.
func (h *Hub) Subscribe(ctx context.Context) (<-chan LiveEvent, error) {
	return h.bus.subscribe(ctx, h.Summary()), nil
}
