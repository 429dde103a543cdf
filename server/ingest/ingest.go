package ingest

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/motcua-kiosk/motcua/kiosk/wire"
	"github.com/motcua-kiosk/motcua/server/db"
)

// Options tune the ingest API. Zero values take the defaults.
type Options struct {
	MaxBody    int64   // bytes on the wire (compressed); default 4 MiB
	MaxDecoded int64   // bytes after gunzip; default 16 MiB
	Rate       float64 // batches per second per device; default 20
	Burst      int     // batches a device may send at once; default 40
	// MaxInFlight is how many batches this process stores at once; one
	// more is answered 503 with Retry-After before anything is read (load
	// shedding: the hub's syncer waits and sends it again). Default 32,
	// twice the PostgreSQL pool: more would only wait for a connection
	// while holding its decoded body.
	MaxInFlight int
	// Registerer receives the metrics; nil means none are exported.
	Registerer prometheus.Registerer
	Logger     *slog.Logger
	Now        func() time.Time
}

// Server serves the ingest and enrollment endpoints.
type Server struct {
	db      *db.DB
	opt     Options
	log     *slog.Logger
	devices *limiter
	enrolls *limiter
	slots   chan struct{} // one per batch in flight (Options.MaxInFlight)

	batches  *prometheus.CounterVec
	events   *prometheus.CounterVec
	duration prometheus.Histogram
	inflight prometheus.Gauge
}

// New returns the ingest API over d.
func New(d *db.DB, opt Options) *Server {
	if opt.MaxBody <= 0 {
		opt.MaxBody = 4 << 20
	}
	if opt.MaxDecoded <= 0 {
		opt.MaxDecoded = 16 << 20
	}
	if opt.Rate <= 0 {
		opt.Rate = 20
	}
	if opt.Burst <= 0 {
		opt.Burst = 40
	}
	if opt.MaxInFlight <= 0 {
		opt.MaxInFlight = 32
	}
	if opt.Logger == nil {
		opt.Logger = slog.Default()
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	s := &Server{db: d, opt: opt, log: opt.Logger,
		devices: newLimiter(opt.Rate, float64(opt.Burst), opt.Now),
		enrolls: newLimiter(1, 10, opt.Now),
		slots:   make(chan struct{}, opt.MaxInFlight),
		batches: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "motcua_ingest_batches_total",
			Help: "Event batches received, by result."}, []string{"result"}),
		events: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "motcua_ingest_events_total",
			Help: "Events received in accepted batches: stored (new) or duplicate (retry)."}, []string{"result"}),
		duration: prometheus.NewHistogram(prometheus.HistogramOpts{Name: "motcua_ingest_batch_seconds",
			Help: "Time to read, validate and store one batch.", Buckets: prometheus.ExponentialBuckets(0.001, 2, 14)}),
		inflight: prometheus.NewGauge(prometheus.GaugeOpts{Name: "motcua_ingest_inflight_batches",
			Help: "Batches being processed now."}),
	}
	if opt.Registerer != nil {
		opt.Registerer.MustRegister(s.batches, s.events, s.duration, s.inflight)
	}
	return s
}

// Events handles POST /api/v1/events: one gzip (or plain) JSON wire.Batch
// from an enrolled device, stored whole or not at all.
func (s *Server) Events(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	select {
	case s.slots <- struct{}{}:
		defer func() { <-s.slots }()
	default:
		writeUnavailable(w, shedRetryAfter, "the server is busy; retry later")
		s.batches.WithLabelValues("shed").Inc()
		return
	}
	s.inflight.Inc()
	defer s.inflight.Dec()
	result := s.events1(w, r)
	s.batches.WithLabelValues(result).Inc()
	s.duration.Observe(time.Since(start).Seconds())
}

// Retry-After, in seconds, of the 503 answers. A hub's syncer waits the
// longer of it and its own backoff (capped at 1.5 s with jitter), so a hub
// answered 503 comes back after exactly this long.
const (
	// shedRetryAfter: a batch shed because MaxInFlight batches are in
	// flight; about a full batch's time under load, so that the shed hubs
	// come back as slots free up (they were shed at different moments).
	shedRetryAfter = 2
	// dbRetryAfter: the database failed (down, restarting, or out of
	// connections); without it every hub would retry within 1.5 s and add
	// to the load of a database that is coming back.
	dbRetryAfter = 5
)

func (s *Server) events1(w http.ResponseWriter, r *http.Request) string {
	dev, err := s.db.Authenticate(r.Context(), bearer(r))
	if errors.Is(err, db.ErrBadToken) {
		writeErr(w, http.StatusUnauthorized, "device credential is unknown or revoked: enroll the device again")
		return "unauthorized"
	}
	if err != nil {
		s.log.Error("authenticate device", "err", err)
		writeUnavailable(w, dbRetryAfter, "database unavailable")
		return "error"
	}
	if wait, ok := s.devices.allow(dev.ID); !ok {
		w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(wait.Seconds()))))
		writeErr(w, http.StatusTooManyRequests, "too many batches from this device; retry later")
		return "rate_limited"
	}
	body, status, err := s.readBody(w, r)
	if err != nil {
		writeErr(w, status, err.Error())
		return "bad_request"
	}
	device, batch, err := decodeBatch(body)
	if err != nil {
		var b wire.Batch
		if err := json.Unmarshal(body, &b); err != nil {
			writeErr(w, http.StatusBadRequest, "batch is not valid JSON: "+err.Error())
			return "bad_request"
		}
		device, batch = b.Device, make([]decoded, len(b.Events))
		for i, e := range b.Events {
			batch[i].Event = e
		}
	}
	if device != dev.ID {
		writeErr(w, http.StatusForbidden, fmt.Sprintf("batch of device %q sent with the credential of %q", device, dev.ID))
		return "forbidden"
	}
	if len(batch) == 0 || len(batch) > wire.MaxBatchEvents {
		writeErr(w, http.StatusBadRequest, fmt.Sprintf("a batch holds 1 to %d events, not %d", wire.MaxBatchEvents, len(batch)))
		return "bad_request"
	}
	now := s.opt.Now()
	evs := make([]db.Event, len(batch))
	for i := range batch {
		if evs[i], err = validate(dev.ID, i, &batch[i], now); err != nil {
			var ee *EventError
			errors.As(err, &ee)
			s.log.Warn("reject batch", "device", dev.ID, "event", ee.ID, "index", ee.Index, "reason", ee.Msg)
			writeJSON(w, http.StatusUnprocessableEntity, wire.Error{Error: err.Error(), EventID: ee.ID, Index: &ee.Index})
			return "invalid"
		}
	}
	res, err := s.db.IngestBatch(r.Context(), dev, evs)
	if err != nil {
		s.log.Error("store batch", "device", dev.ID, "events", len(evs), "err", err)
		writeUnavailable(w, dbRetryAfter, "could not store the batch; retry")
		return "error"
	}
	s.events.WithLabelValues("stored").Add(float64(res.Stored))
	s.events.WithLabelValues("duplicate").Add(float64(res.Duplicates))
	s.log.Debug("batch stored", "device", dev.ID, "office", dev.Office, "stored", res.Stored, "duplicates", res.Duplicates, "up_to", res.UpTo)
	writeJSON(w, http.StatusOK, wire.Ack{Stored: res.Stored, Duplicates: res.Duplicates, UpTo: res.UpTo})
	return "ok"
}

// readBody reads the request body within both size bounds, un-gzipping it
// when Content-Encoding says so.
func (s *Server) readBody(w http.ResponseWriter, r *http.Request) ([]byte, int, error) {
	in := http.MaxBytesReader(w, r.Body, s.opt.MaxBody)
	var src io.Reader = in
	switch enc := strings.ToLower(strings.TrimSpace(r.Header.Get("Content-Encoding"))); enc {
	case "", "identity":
	case "gzip":
		zr, err := gzip.NewReader(in)
		if err != nil {
			return nil, tooLargeOr(err, http.StatusBadRequest), fmt.Errorf("read gzip body: %w", err)
		}
		defer zr.Close()
		src = zr
	default:
		return nil, http.StatusUnsupportedMediaType, fmt.Errorf("content encoding %q is not supported (use gzip)", enc)
	}
	var buf bytes.Buffer
	n, err := io.Copy(&buf, io.LimitReader(src, s.opt.MaxDecoded+1))
	if err != nil {
		return nil, tooLargeOr(err, http.StatusBadRequest), fmt.Errorf("read body: %w", err)
	}
	if n > s.opt.MaxDecoded {
		return nil, http.StatusRequestEntityTooLarge, fmt.Errorf("batch is larger than %d bytes after decompression", s.opt.MaxDecoded)
	}
	return buf.Bytes(), 0, nil
}

func tooLargeOr(err error, status int) int {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return http.StatusRequestEntityTooLarge
	}
	return status
}

// Enroll handles POST /api/v1/enroll: a hub spends a one-time code and
// receives its own credential.
func (s *Server) Enroll(w http.ResponseWriter, r *http.Request) {
	ip, _, _ := net.SplitHostPort(r.RemoteAddr)
	if wait, ok := s.enrolls.allow(ip); !ok {
		w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(wait.Seconds()))))
		writeErr(w, http.StatusTooManyRequests, "too many enrollment attempts; retry later")
		return
	}
	var req wire.EnrollRequest
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 4096)).Decode(&req); err != nil {
		writeErr(w, http.StatusBadRequest, "enrollment request is not valid JSON")
		return
	}
	dev, token, err := s.db.Enroll(r.Context(), req.Code, req.Device, req.Name)
	switch {
	case errors.Is(err, db.ErrBadCode):
		writeErr(w, http.StatusForbidden, err.Error())
		return
	case errors.Is(err, db.ErrBadDevice):
		writeErr(w, http.StatusBadRequest, err.Error())
		return
	case err != nil:
		s.log.Error("enroll", "device", req.Device, "err", err)
		writeUnavailable(w, dbRetryAfter, "database unavailable")
		return
	}
	office, err := s.db.Office(r.Context(), dev.Office)
	if err != nil {
		s.log.Error("enroll", "device", req.Device, "err", err)
	}
	s.log.Info("device enrolled", "device", dev.ID, "office", dev.Office)
	writeJSON(w, http.StatusOK, wire.EnrollResponse{Device: dev.ID, Office: dev.Office, OfficeName: office.Name, Token: token})
}

func bearer(r *http.Request) string {
	h := r.Header.Get("Authorization")
	if len(h) > 7 && strings.EqualFold(h[:7], "bearer ") {
		return strings.TrimSpace(h[7:])
	}
	return ""
}

func writeErr(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, wire.Error{Error: msg})
}

// writeUnavailable answers 503 with Retry-After (seconds).
func writeUnavailable(w http.ResponseWriter, retryAfter int, msg string) {
	w.Header().Set("Retry-After", strconv.Itoa(retryAfter))
	writeErr(w, http.StatusServiceUnavailable, msg)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

// limiter is a token bucket per key.
type limiter struct {
	mu      sync.Mutex
	rate    float64
	burst   float64
	now     func() time.Time
	buckets map[string]*bucket
}

type bucket struct {
	tokens float64
	at     time.Time
}

func newLimiter(rate, burst float64, now func() time.Time) *limiter {
	return &limiter{rate: rate, burst: burst, now: now, buckets: map[string]*bucket{}}
}

// allow takes a token for key, or says how long until one is free.
func (l *limiter) allow(key string) (time.Duration, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	b := l.buckets[key]
	if b == nil {
		if len(l.buckets) > 100000 { // bound memory against many keys
			clear(l.buckets)
		}
		b = &bucket{tokens: l.burst, at: now}
		l.buckets[key] = b
	}
	b.tokens = min(l.burst, b.tokens+now.Sub(b.at).Seconds()*l.rate)
	b.at = now
	if b.tokens >= 1 {
		b.tokens--
		return 0, true
	}
	return time.Duration((1 - b.tokens) / l.rate * float64(time.Second)), false
}
