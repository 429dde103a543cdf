package hub

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/motcua-kiosk/motcua/kiosk/queue"
	"github.com/motcua-kiosk/motcua/kiosk/store"
)

// Client talks to a hub over the LAN with a device token. It satisfies API
// so desks, displays and rating tablets use the same screens as the
// dispenser that embeds the hub.
type Client struct {
	base  string
	token string
	http  *http.Client
	// stream is the client for the event stream: no overall timeout.
	stream *http.Client
}

var _ API = (*Client)(nil)

// NewClient returns a client for the hub at base ("http://10.0.0.5:8700")
// authenticated by token (empty for Pair only).
func NewClient(base, token string) *Client {
	return &Client{base: strings.TrimRight(base, "/"), token: token,
		http:   &http.Client{Timeout: 10 * time.Second},
		stream: &http.Client{}}
}

// Pair spends a pairing code shown on the hub's admin screen and returns
// the device and its token (keep the token: it is shown only once).
func Pair(ctx context.Context, base, code, name string) (store.Device, string, error) {
	var out struct {
		Device store.Device `json:"device"`
		Token  string       `json:"token"`
	}
	err := NewClient(base, "").do(ctx, "POST", "/api/v1/pair", map[string]string{"code": code, "name": name}, &out)
	return out.Device, out.Token, err
}

// retryWaits are the pauses before a request is sent again after the
// connection failed or the hub answered 503 (restarting, storage busy).
// A request that changes something carries one Idempotency-Key over all
// its tries, so the hub does it once and answers every try the same.
var retryWaits = []time.Duration{150 * time.Millisecond, 500 * time.Millisecond, 1500 * time.Millisecond}

func (c *Client) do(ctx context.Context, method, path string, in, out any) error {
	var payload []byte
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return err
		}
		payload = b
	}
	key := ""
	if method != http.MethodGet {
		key = newIdempotencyKey()
	}
	for try := 0; ; try++ {
		retry, err := c.do1(ctx, method, path, payload, key, out)
		if !retry || try >= len(retryWaits) {
			return err
		}
		select {
		case <-ctx.Done():
			return err
		case <-time.After(retryWaits[try]):
		}
	}
}

// do1 is one try; retry tells whether another may succeed.
func (c *Client) do1(ctx context.Context, method, path string, payload []byte, key string, out any) (retry bool, err error) {
	var body io.Reader
	if payload != nil {
		body = bytes.NewReader(payload)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, body)
	if err != nil {
		return false, err
	}
	if payload != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if key != "" {
		req.Header.Set(IdempotencyHeader, key)
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return ctx.Err() == nil, fmt.Errorf("hub %s %s: %w", method, path, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 300 {
		var e struct {
			Error *Error `json:"error"`
		}
		if json.NewDecoder(io.LimitReader(resp.Body, maxBody)).Decode(&e) != nil || e.Error == nil {
			return resp.StatusCode == http.StatusServiceUnavailable, fmt.Errorf("hub %s %s: HTTP %d", method, path, resp.StatusCode)
		}
		e.Error.Status = resp.StatusCode
		return resp.StatusCode == http.StatusServiceUnavailable, fromError(e.Error)
	}
	if out == nil || resp.StatusCode == http.StatusNoContent {
		return false, nil
	}
	if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
		// The answer was cut: the same key gets it again.
		return ctx.Err() == nil, fmt.Errorf("hub %s %s: decode: %w", method, path, err)
	}
	return false, nil
}

// Issue gives a ticket.
func (c *Client) Issue(ctx context.Context, service, priority string) (Issued, error) {
	var out Issued
	err := c.do(ctx, "POST", "/api/v1/tickets", map[string]string{"service": service, "priority": priority}, &out)
	return out, err
}

// State returns the full queue snapshot.
func (c *Client) State(ctx context.Context) (queue.State, error) {
	var out queue.State
	err := c.do(ctx, "GET", "/api/v1/state", nil, &out)
	return out, err
}

// Ticket looks up a ticket of today.
func (c *Client) Ticket(ctx context.Context, idOrNumber string) (TicketInfo, error) {
	var out TicketInfo
	err := c.do(ctx, "GET", "/api/v1/tickets/"+url.PathEscape(idOrNumber), nil, &out)
	return out, err
}

func (c *Client) counterOp(ctx context.Context, counter int, op string) (queue.Ticket, error) {
	var out queue.Ticket
	err := c.do(ctx, "POST", "/api/v1/counters/"+strconv.Itoa(counter)+"/"+op, nil, &out)
	return out, err
}

// CallNext calls the next ticket at counter.
func (c *Client) CallNext(ctx context.Context, counter int) (queue.Ticket, error) {
	return c.counterOp(ctx, counter, "call-next")
}

// Recall calls the current ticket again.
func (c *Client) Recall(ctx context.Context, counter int) (queue.Ticket, error) {
	return c.counterOp(ctx, counter, "recall")
}

// Start marks the citizen as arrived.
func (c *Client) Start(ctx context.Context, counter int) (queue.Ticket, error) {
	return c.counterOp(ctx, counter, "start")
}

// Complete ends service of the current ticket.
func (c *Client) Complete(ctx context.Context, counter int) (queue.Ticket, error) {
	return c.counterOp(ctx, counter, "complete")
}

// Skip marks the current ticket as a no-show.
func (c *Client) Skip(ctx context.Context, counter int) (queue.Ticket, error) {
	return c.counterOp(ctx, counter, "skip")
}

func (c *Client) ticketOp(ctx context.Context, ticket, op string, in any) (queue.Ticket, error) {
	var out queue.Ticket
	err := c.do(ctx, "POST", "/api/v1/tickets/"+url.PathEscape(ticket)+"/"+op, in, &out)
	return out, err
}

// Transfer moves a ticket to another service (and optionally counter).
func (c *Client) Transfer(ctx context.Context, ticket, service string, counter int) (queue.Ticket, error) {
	return c.ticketOp(ctx, ticket, "transfer", map[string]any{"service": service, "counter": counter})
}

// Return puts a no-show ticket back in line.
func (c *Client) Return(ctx context.Context, ticket string) (queue.Ticket, error) {
	return c.ticketOp(ctx, ticket, "return", nil)
}

// Cancel ends a ticket.
func (c *Client) Cancel(ctx context.Context, ticket string) (queue.Ticket, error) {
	return c.ticketOp(ctx, ticket, "cancel", nil)
}

// Pause stops or resumes calls at counter.
func (c *Client) Pause(ctx context.Context, counter int, paused bool) error {
	return c.do(ctx, "POST", "/api/v1/counters/"+strconv.Itoa(counter)+"/pause", map[string]bool{"paused": paused}, nil)
}

// SignIn signs an officer in at counter.
func (c *Client) SignIn(ctx context.Context, counter int, officer, pin string) (store.Officer, error) {
	var out store.Officer
	err := c.do(ctx, "POST", "/api/v1/counters/"+strconv.Itoa(counter)+"/signin", map[string]string{"officer": officer, "pin": pin}, &out)
	return out, err
}

// SignOut signs the officer out of counter.
func (c *Client) SignOut(ctx context.Context, counter int) error {
	return c.do(ctx, "POST", "/api/v1/counters/"+strconv.Itoa(counter)+"/signout", nil, nil)
}

// Rate rates a served ticket; the hub sets the source from the device role.
func (c *Client) Rate(ctx context.Context, r RateRequest) (queue.Rating, error) {
	var out queue.Rating
	err := c.do(ctx, "POST", "/api/v1/tickets/"+url.PathEscape(r.Ticket)+"/rating", r, &out)
	return out, err
}

// Alert reports a device condition to staff.
func (c *Client) Alert(ctx context.Context, a Alert) error {
	a.Device = ""
	return c.do(ctx, "POST", "/api/v1/alerts", a, nil)
}

// Officers lists the officers (ID, name, active).
func (c *Client) Officers(ctx context.Context) ([]store.Officer, error) {
	var out []store.Officer
	err := c.do(ctx, "GET", "/api/v1/officers", nil, &out)
	return out, err
}

// Config returns the hub's configuration.
func (c *Client) Config(ctx context.Context) (queue.Config, error) {
	var out queue.Config
	err := c.do(ctx, "GET", "/api/v1/config", nil, &out)
	return out, err
}

// SetConfig replaces the hub's configuration (admin devices only).
func (c *Client) SetConfig(ctx context.Context, cfg queue.Config) error {
	return c.do(ctx, "PUT", "/api/v1/config", cfg, nil)
}

// Subscribe follows the hub's live events until ctx is done, reconnecting
// by itself with backoff. While the link is down it delivers one
// LiveEvent{Type: "reconnecting"}; every (re)connection starts with a
// "state" event.
func (c *Client) Subscribe(ctx context.Context) (<-chan LiveEvent, error) {
	ch := make(chan LiveEvent, subscriberBuffer)
	go func() {
		defer close(ch)
		backoff := 200 * time.Millisecond
		for {
			connected, err := c.stream1(ctx, ch)
			if ctx.Err() != nil {
				return
			}
			if connected {
				backoff = 200 * time.Millisecond
			}
			select {
			case ch <- LiveEvent{Type: "reconnecting"}:
			default:
			}
			wait := backoff
			var busy *streamRefused
			if errors.As(err, &busy) && busy.retryAfter > wait {
				wait = min(busy.retryAfter, 30*time.Second) // the hub's streams are all taken
			}
			select {
			case <-time.After(wait):
			case <-ctx.Done():
				return
			}
			backoff = min(backoff*2, 5*time.Second)
		}
	}()
	return ch, nil
}

// streamRefused: the hub answered the event stream with an error status,
// e.g. 503 with Retry-After when all its streams are taken.
type streamRefused struct {
	status     int
	retryAfter time.Duration
}

func (e *streamRefused) Error() string { return fmt.Sprintf("events: HTTP %d", e.status) }

// stream1 reads one SSE connection until it breaks.
func (c *Client) stream1(ctx context.Context, ch chan<- LiveEvent) (connected bool, err error) {
	req, err := http.NewRequestWithContext(ctx, "GET", c.base+"/api/v1/events", nil)
	if err != nil {
		return false, err
	}
	req.Header.Set("Accept", "text/event-stream")
	req.Header.Set("Authorization", "Bearer "+c.token)
	resp, err := c.stream.Do(req)
	if err != nil {
		return false, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		secs, _ := strconv.Atoi(resp.Header.Get("Retry-After"))
		return false, &streamRefused{status: resp.StatusCode, retryAfter: time.Duration(secs) * time.Second}
	}
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 64<<10), 4<<20)
	var data []byte
	for sc.Scan() {
		line := sc.Bytes()
		switch {
		case len(line) == 0 && len(data) > 0:
			var ev LiveEvent
			if err := json.Unmarshal(data, &ev); err == nil {
				select {
				case ch <- ev:
				case <-ctx.Done():
					return true, ctx.Err()
				}
			}
			data = data[:0]
		case bytes.HasPrefix(line, []byte("data: ")):
			data = append(data, line[6:]...)
		}
		connected = true
	}
	return connected, sc.Err()
}
