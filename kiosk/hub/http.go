package hub

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/motcua-kiosk/motcua/kiosk/queue"
	"github.com/motcua-kiosk/motcua/kiosk/store"
)

// maxBody is the largest request body the hub reads (a full office
// configuration is under 10 KiB).
const maxBody = 64 << 10

// MaxStreams is how many live-event streams (GET /api/v1/events) the
// hub's API serves at once: an office has a few dozen screens, and each
// stream holds a goroutine and a 512-event buffer. One more is answered
// 503 with Retry-After.
const MaxStreams = 64

// streamRetryAfter is the Retry-After of a stream refused for MaxStreams.
const streamRetryAfter = "5"

// route is one API route with the roles that may call it ("" = no token).
type route struct {
	method, path string
	roles        []string
	handle       func(w http.ResponseWriter, r *http.Request, d store.Device) (any, error)
}

var (
	anyRole   = []string{store.RoleDispenser, store.RoleDesk, store.RoleDisplay, store.RoleRating, store.RoleAdmin}
	deskRoles = []string{store.RoleDesk, store.RoleAdmin}
	rateRoles = []string{store.RoleDispenser, store.RoleRating, store.RoleAdmin}
	adminOnly = []string{store.RoleAdmin}
	noToken   = []string{}
)

// Handler serves the hub's LAN API. Every route but /healthz needs a
// credential: a device token (Authorization: Bearer) checked against the
// route's roles, or for /api/v1/pair the one-time pairing code in the
// body, which is how a device gets its token. Serve it with NewServer,
// whose timeouts the API counts on.
func Handler(h *Hub) http.Handler {
	s := &server{hub: h, tokens: map[string]cachedDevice{}, fails: map[string]*failures{},
		streams: make(chan struct{}, MaxStreams)}
	mux := http.NewServeMux()
	for _, rt := range s.routes() {
		mux.Handle(rt.method+" "+rt.path, s.wrap(rt))
	}
	mux.HandleFunc("GET /api/v1/events", s.events)
	return withDeadlines(mux)
}

// Routes lists the method and path of every route Handler serves, for the
// OpenAPI check.
func Routes() []string {
	s := &server{}
	var out []string
	for _, rt := range s.routes() {
		out = append(out, rt.method+" "+rt.path)
	}
	return append(out, "GET /api/v1/events")
}

type server struct {
	hub    *Hub
	mu     sync.Mutex
	tokens map[string]cachedDevice
	fails  map[string]*failures
	keys   keyLocks // requests with the same Idempotency-Key, one at a time
	// streams holds one token per live-event stream being served.
	streams chan struct{}
}

type cachedDevice struct {
	d   store.Device
	exp time.Time
}

func (s *server) routes() []route {
	counterOp := func(op func(ctx context.Context, counter int) (queue.Ticket, error)) func(http.ResponseWriter, *http.Request, store.Device) (any, error) {
		return func(w http.ResponseWriter, r *http.Request, d store.Device) (any, error) {
			n, err := s.counterFor(r, d)
			if err != nil {
				return nil, err
			}
			return op(r.Context(), n)
		}
	}
	h := s.hub
	return append(append(append(s.dossierRoutes(), s.bookingRoutes()...), s.visitRoutes()...), []route{
		{"GET", "/healthz", noToken, func(w http.ResponseWriter, r *http.Request, d store.Device) (any, error) {
			return map[string]string{"status": "ok"}, nil
		}},
		{"POST", "/api/v1/pair", noToken, s.pair},
		{"GET", "/api/v1/state", anyRole, func(w http.ResponseWriter, r *http.Request, d store.Device) (any, error) {
			st, err := h.State(r.Context())
			return struct {
				queue.State
				Alerts []Alert `json:"alerts"`
			}{st, h.Alerts()}, err
		}},
		{"POST", "/api/v1/tickets", []string{store.RoleDispenser, store.RoleDesk, store.RoleAdmin}, func(w http.ResponseWriter, r *http.Request, d store.Device) (any, error) {
			var req struct {
				Service  string `json:"service"`
				Priority string `json:"priority"`
			}
			if err := decode(r, &req); err != nil {
				return nil, err
			}
			return created(h.Issue(r.Context(), req.Service, req.Priority))
		}},
		{"GET", "/api/v1/tickets/{ticket}", anyRole, func(w http.ResponseWriter, r *http.Request, d store.Device) (any, error) {
			return h.Ticket(r.Context(), r.PathValue("ticket"))
		}},
		{"POST", "/api/v1/tickets/{ticket}/transfer", deskRoles, func(w http.ResponseWriter, r *http.Request, d store.Device) (any, error) {
			var req struct {
				Service string `json:"service"`
				Counter int    `json:"counter"`
			}
			if err := decode(r, &req); err != nil {
				return nil, err
			}
			return h.Transfer(r.Context(), r.PathValue("ticket"), req.Service, req.Counter)
		}},
		{"POST", "/api/v1/tickets/{ticket}/return", deskRoles, func(w http.ResponseWriter, r *http.Request, d store.Device) (any, error) {
			return h.Return(r.Context(), r.PathValue("ticket"))
		}},
		{"POST", "/api/v1/tickets/{ticket}/cancel", deskRoles, func(w http.ResponseWriter, r *http.Request, d store.Device) (any, error) {
			return h.Cancel(r.Context(), r.PathValue("ticket"))
		}},
		{"POST", "/api/v1/tickets/{ticket}/rating", rateRoles, func(w http.ResponseWriter, r *http.Request, d store.Device) (any, error) {
			var req RateRequest
			if err := decode(r, &req); err != nil {
				return nil, err
			}
			req.Ticket, req.Source = r.PathValue("ticket"), "kiosk"
			if d.Role == store.RoleRating {
				req.Source = "counter"
			}
			return created(h.Rate(r.Context(), req))
		}},
		{"POST", "/api/v1/counters/{counter}/call-next", deskRoles, counterOp(h.CallNext)},
		{"POST", "/api/v1/counters/{counter}/recall", deskRoles, counterOp(h.Recall)},
		{"POST", "/api/v1/counters/{counter}/start", deskRoles, counterOp(h.Start)},
		{"POST", "/api/v1/counters/{counter}/complete", deskRoles, counterOp(h.Complete)},
		{"POST", "/api/v1/counters/{counter}/skip", deskRoles, counterOp(h.Skip)},
		{"POST", "/api/v1/counters/{counter}/pause", deskRoles, func(w http.ResponseWriter, r *http.Request, d store.Device) (any, error) {
			n, err := s.counterFor(r, d)
			if err != nil {
				return nil, err
			}
			var req struct {
				Paused *bool `json:"paused"`
			}
			if err := decode(r, &req); err != nil {
				return nil, err
			}
			if req.Paused == nil {
				return nil, fmt.Errorf("paused is required: %w", ErrBadRequest)
			}
			return nil, h.Pause(r.Context(), n, *req.Paused)
		}},
		{"POST", "/api/v1/counters/{counter}/signin", deskRoles, s.signIn},
		{"POST", "/api/v1/counters/{counter}/signout", deskRoles, func(w http.ResponseWriter, r *http.Request, d store.Device) (any, error) {
			n, err := s.counterFor(r, d)
			if err != nil {
				return nil, err
			}
			return nil, h.SignOut(r.Context(), n)
		}},
		{"POST", "/api/v1/alerts", anyRole, func(w http.ResponseWriter, r *http.Request, d store.Device) (any, error) {
			var a Alert
			if err := decode(r, &a); err != nil {
				return nil, err
			}
			a.Device, a.At = d.Name, time.Time{}
			return nil, h.Alert(r.Context(), a)
		}},
		{"GET", "/api/v1/config", anyRole, func(w http.ResponseWriter, r *http.Request, d store.Device) (any, error) {
			return h.Config(), nil
		}},
		{"PUT", "/api/v1/config", adminOnly, func(w http.ResponseWriter, r *http.Request, d store.Device) (any, error) {
			var c queue.Config
			if err := decode(r, &c); err != nil {
				return nil, err
			}
			if err := h.SetConfig(r.Context(), c); err != nil {
				return nil, err
			}
			return h.Config(), nil
		}},
		{"POST", "/api/v1/pairing-codes", adminOnly, func(w http.ResponseWriter, r *http.Request, d store.Device) (any, error) {
			var req struct {
				Role    string `json:"role"`
				Counter int    `json:"counter"`
			}
			if err := decode(r, &req); err != nil {
				return nil, err
			}
			const ttl = 10 * time.Minute
			code, err := h.st.CreatePairingCode(r.Context(), req.Role, req.Counter, ttl)
			return created(map[string]any{"code": code, "expires_at": time.Now().Add(ttl).UTC()}, err)
		}},
		{"GET", "/api/v1/devices", adminOnly, func(w http.ResponseWriter, r *http.Request, d store.Device) (any, error) {
			return h.st.Devices(r.Context())
		}},
		{"DELETE", "/api/v1/devices/{id}", adminOnly, func(w http.ResponseWriter, r *http.Request, d store.Device) (any, error) {
			err := h.st.RevokeDevice(r.Context(), r.PathValue("id"))
			s.mu.Lock()
			clear(s.tokens)
			s.mu.Unlock()
			return nil, err
		}},
		{"GET", "/api/v1/officers", anyRole, func(w http.ResponseWriter, r *http.Request, d store.Device) (any, error) {
			return h.st.Officers(r.Context())
		}},
		{"PUT", "/api/v1/officers/{id}", adminOnly, func(w http.ResponseWriter, r *http.Request, d store.Device) (any, error) {
			var req struct {
				Name string `json:"name"`
				PIN  string `json:"pin"`
			}
			if err := decode(r, &req); err != nil {
				return nil, err
			}
			return nil, h.st.SetOfficer(r.Context(), r.PathValue("id"), req.Name, req.PIN)
		}},
	}...)
}

func (s *server) wrap(rt route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var d store.Device
		if len(rt.roles) > 0 {
			var err error
			if d, err = s.authenticate(r); err != nil {
				writeError(w, r, err)
				return
			}
			if !slices.Contains(rt.roles, d.Role) {
				writeError(w, r, fmt.Errorf("%s %s by %s device: %w", rt.method, rt.path, d.Role, ErrForbidden))
				return
			}
		}
		r.Body = http.MaxBytesReader(w, r.Body, maxBody)
		serve := func(w http.ResponseWriter, r *http.Request) {
			out, err := rt.handle(w, r, d)
			if err != nil {
				writeError(w, r, err)
				return
			}
			if out == nil {
				w.WriteHeader(http.StatusNoContent)
				return
			}
			status := http.StatusOK
			if c, ok := out.(createdBody); ok {
				status, out = http.StatusCreated, c.v
			}
			w.Header().Set("Content-Type", "application/json; charset=utf-8")
			w.WriteHeader(status)
			json.NewEncoder(w).Encode(out)
		}
		if key := r.Header.Get(IdempotencyHeader); key != "" && rt.method != http.MethodGet {
			// Done once even if the client has gone: its retry gets this answer.
			s.idempotent(w, r.WithContext(context.WithoutCancel(r.Context())), d.ID, key, serve)
			return
		}
		serve(w, r)
	})
}

// createdBody marks a handler's answer as a 201 Created.
type createdBody struct{ v any }

func created[T any](v T, err error) (any, error) {
	if err != nil {
		return nil, err
	}
	return createdBody{v}, nil
}

func (s *server) authenticate(r *http.Request) (store.Device, error) {
	token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok {
		return store.Device{}, store.ErrBadToken
	}
	s.mu.Lock()
	c, hit := s.tokens[token]
	s.mu.Unlock()
	if hit && time.Now().Before(c.exp) {
		return c.d, nil
	}
	d, err := s.hub.st.DeviceByToken(r.Context(), token)
	if err != nil {
		return store.Device{}, err
	}
	s.mu.Lock()
	if len(s.tokens) > 1000 {
		clear(s.tokens)
	}
	s.tokens[token] = cachedDevice{d, time.Now().Add(10 * time.Second)}
	s.mu.Unlock()
	return d, nil
}

// counterFor reads {counter} and checks that a desk paired to a counter
// acts only on its own.
func (s *server) counterFor(r *http.Request, d store.Device) (int, error) {
	n, err := strconv.Atoi(r.PathValue("counter"))
	if err != nil {
		return 0, fmt.Errorf("counter %q: %w", r.PathValue("counter"), ErrBadRequest)
	}
	if d.Role == store.RoleDesk && d.Counter != 0 && d.Counter != n {
		return 0, fmt.Errorf("desk of counter %d acting on counter %d: %w", d.Counter, n, ErrForbidden)
	}
	return n, nil
}

func (s *server) pair(w http.ResponseWriter, r *http.Request, _ store.Device) (any, error) {
	var req struct {
		Code string `json:"code"`
		Name string `json:"name"`
	}
	if err := decode(r, &req); err != nil {
		return nil, err
	}
	key := "pair/" + clientIP(r)
	if err := s.locked(key); err != nil {
		return nil, err
	}
	d, token, err := s.hub.st.Pair(r.Context(), req.Code, req.Name)
	s.record(key, err == nil || !errors.Is(err, store.ErrBadCode))
	if err != nil {
		return nil, err
	}
	return created(map[string]any{"device": d, "token": token}, nil)
}

func (s *server) signIn(w http.ResponseWriter, r *http.Request, d store.Device) (any, error) {
	n, err := s.counterFor(r, d)
	if err != nil {
		return nil, err
	}
	var req struct {
		Officer string `json:"officer"`
		PIN     string `json:"pin"`
	}
	if err := decode(r, &req); err != nil {
		return nil, err
	}
	key := "pin/" + d.ID + "/" + req.Officer
	if err := s.locked(key); err != nil {
		return nil, err
	}
	o, err := s.hub.SignIn(r.Context(), n, req.Officer, req.PIN)
	s.record(key, !errors.Is(err, store.ErrBadPIN))
	return o, err
}

// failures is a lock-out counter: five misses lock for one minute, and
// every further miss doubles the lock.
type failures struct {
	n     int
	until time.Time
}

func (s *server) locked(key string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if f := s.fails[key]; f != nil && time.Now().Before(f.until) {
		return ErrLocked
	}
	return nil
}

func (s *server) record(key string, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if ok {
		delete(s.fails, key)
		return
	}
	f := s.fails[key]
	if f == nil {
		f = &failures{}
		s.fails[key] = f
	}
	f.n++
	if f.n >= 5 {
		f.until = time.Now().Add(time.Minute << min(f.n-5, 10))
	}
}

func clientIP(r *http.Request) string {
	host := r.RemoteAddr
	if i := strings.LastIndexByte(host, ':'); i > 0 {
		host = host[:i]
	}
	return host
}

// decode reads a request body strictly: one JSON object and nothing after
// it, no field the request does not have, values of the right types, valid
// UTF-8, at most maxBody bytes (ErrTooLarge, 413). Every handler decodes
// before it acts, so a refused body has changed nothing.
func decode(r *http.Request, v any) error {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return bodyError(err)
	}
	return decodeJSON(body, v)
}

// decodeJSON is decode on a body already read.
func decodeJSON(body []byte, v any) error {
	trimmed := bytes.TrimLeft(body, " \t\r\n")
	switch {
	case len(trimmed) == 0:
		return fmt.Errorf("empty body: %w", ErrBadRequest)
	case trimmed[0] != '{':
		return fmt.Errorf("body is not a JSON object: %w", ErrBadRequest)
	case !utf8.Valid(body):
		// encoding/json would quietly turn the bad bytes into U+FFFD.
		return fmt.Errorf("body is not valid UTF-8: %w", ErrBadRequest)
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("%v: %w", err, ErrBadRequest)
	}
	// Decode stops after the object; More would miss a stray '}' or ']'.
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return fmt.Errorf("data after the JSON object: %w", ErrBadRequest)
	}
	return nil
}

// bodyError is the answer to a body that could not be read: too large
// (http.MaxBytesReader's limit) or cut.
func bodyError(err error) error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return fmt.Errorf("body over %d bytes: %w", mbe.Limit, ErrTooLarge)
	}
	return fmt.Errorf("read body: %v: %w", err, ErrBadRequest)
}

func writeError(w http.ResponseWriter, r *http.Request, err error) {
	e := toError(err)
	level := slog.LevelInfo
	switch {
	case errors.Is(err, ErrBusy):
		level = slog.LevelWarn // load, not a fault
	case e.Status >= 500:
		level = slog.LevelError
	}
	slog.Log(r.Context(), level, "hub request refused", "method", r.Method, "path", r.URL.Path, "status", e.Status, "code", e.Code, "err", err)
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(e.Status)
	json.NewEncoder(w).Encode(map[string]*Error{"error": e})
}

// events streams LiveEvents as Server-Sent Events: "event: <type>" and
// "data: <LiveEvent JSON>", with a comment every 15 s to keep the line up.
// At most MaxStreams at once.
func (s *server) events(w http.ResponseWriter, r *http.Request) {
	if _, err := s.authenticate(r); err != nil {
		writeError(w, r, err)
		return
	}
	select {
	case s.streams <- struct{}{}:
		defer func() { <-s.streams }()
	default:
		w.Header().Set("Retry-After", streamRetryAfter)
		writeError(w, r, fmt.Errorf("%d streams already open: %w", cap(s.streams), ErrBusy))
		return
	}
	// A stream outlives the server's WriteTimeout, which is for answers
	// that end: lift it for this one. (ReadTimeout needs nothing: net/http
	// clears the read deadline once the request is read.)
	rc := http.NewResponseController(w)
	rc.SetWriteDeadline(time.Time{})
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-cache")
	w.Header().Set("X-Accel-Buffering", "no")
	ch, _ := s.hub.Subscribe(r.Context())
	keep := time.NewTicker(15 * time.Second)
	defer keep.Stop()
	for {
		select {
		case ev, ok := <-ch:
			if !ok {
				return
			}
			b, _ := json.Marshal(ev)
			fmt.Fprintf(w, "event: %s\ndata: %s\n\n", ev.Type, b)
			// Send everything already queued before flushing once.
			for drained := false; !drained; {
				select {
				case ev, ok := <-ch:
					if !ok {
						rc.Flush()
						return
					}
					b, _ := json.Marshal(ev)
					fmt.Fprintf(w, "event: %s\ndata: %s\n\n", ev.Type, b)
				default:
					drained = true
				}
			}
			if err := rc.Flush(); err != nil {
				return
			}
		case <-keep.C:
			fmt.Fprint(w, ": keepalive\n\n")
			if err := rc.Flush(); err != nil {
				return
			}
		case <-r.Context().Done():
			return
		}
	}
}
