package syncer

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/motcua-kiosk/motcua/kiosk/queue"
	"github.com/motcua-kiosk/motcua/kiosk/store"
	"github.com/motcua-kiosk/motcua/kiosk/wire"
)

// Store is what the syncer needs from the office store (*store.Store
// satisfies it). Its contract:
//   - Outbox returns up to limit unacknowledged events with Seq above after,
//     in increasing Seq (commit) order; an event's ID never changes.
//   - MarkSent(upTo) durably marks every event with Seq <= upTo as
//     acknowledged; calling it again is harmless.
//   - OutboxPending counts the unacknowledged events.
//   - Meta returns an error wrapping store.ErrNotFound for a missing key;
//     SetMeta durably writes a key. The syncer uses keys starting "sync.".
//   - DeviceID is stable for the life of the database.
type Store interface {
	DeviceID() string
	Outbox(ctx context.Context, after int64, limit int) ([]store.OutboxEvent, error)
	MarkSent(ctx context.Context, upTo int64) error
	OutboxPending(ctx context.Context) (int, error)
	Meta(ctx context.Context, key string) (string, error)
	SetMeta(ctx context.Context, key, value string) error
}

var _ Store = (*store.Store)(nil)

// Meta keys kept in the office store.
const (
	KeyURL         = "sync.url"
	KeyToken       = "sync.token"
	KeyOffice      = "sync.office"
	KeyOfficeName  = "sync.office_name"
	KeyLastSuccess = "sync.last_success"
	KeyLastErrorVI = "sync.last_error_vi"
	KeyLastErrorEN = "sync.last_error_en"
	// KeyNamesSent is a hash of the server and the names last stored there.
	KeyNamesSent = "sync.names_sent"
)

// Options tune a Syncer. Zero values take the defaults.
type Options struct {
	Client     *http.Client  // default: 30 s timeout
	BatchSize  int           // events per batch; default wire.DefaultBatchEvents
	MinBackoff time.Duration // first retry delay; default 100 ms
	// MaxBackoff caps the delay between attempts; default 1.5 s, so that a
	// link coming back is used within 2 s. The server slows hubs down with
	// 429/503 and Retry-After, which the syncer obeys.
	MaxBackoff time.Duration
	// RejectBackoff is the delay after the server rejects a batch as
	// invalid or the credential as unknown (retrying soon will not help);
	// default 5 min. Notify and Enroll do not shorten it; a restart does.
	RejectBackoff time.Duration
	Idle          time.Duration // check the outbox anyway this often; default 30 s
	// Names, when set, returns the office's officer and service names; the
	// syncer sends them (PUT wire.PathNames) after the events whenever they
	// differ from what it last stored on this server, so that reports show
	// names. A failure there is logged and retried at the next flush; it
	// never holds up the events.
	Names  func(ctx context.Context) (wire.Names, error)
	Logger *slog.Logger
	Now    func() time.Time

	// Bookings and BookingConfig, when both set, sync the office's
	// bookings after the events (bookings.go): the rules under
	// BookingConfig (the hub's queue configuration) are put on the server,
	// the hub's booking writes pushed, the server's phone bookings pulled.
	Bookings      BookingStore
	BookingConfig func() queue.Config
}

// Syncer sends the outbox to the central server. Create it with New.
type Syncer struct {
	st   Store
	opt  Options
	log  *slog.Logger
	wake chan struct{} // Notify: new events
	kick chan struct{} // Enroll, SetServer: new target, retry now

	mu       sync.Mutex
	namesErr string // the last names failure logged, not to log it every flush
	status   Status
	cancel   context.CancelFunc
	done     chan struct{}
	started  bool

	bookingsErr string // the last booking sync failure logged (bookings.go)
}

// New returns a syncer over st. It does nothing until Start or Run.
func New(st Store, opt Options) *Syncer {
	if opt.Client == nil {
		opt.Client = &http.Client{Timeout: 30 * time.Second}
	}
	if opt.BatchSize <= 0 || opt.BatchSize > wire.MaxBatchEvents {
		opt.BatchSize = wire.DefaultBatchEvents
	}
	if opt.MinBackoff <= 0 {
		opt.MinBackoff = 100 * time.Millisecond
	}
	if opt.MaxBackoff <= 0 {
		opt.MaxBackoff = 1500 * time.Millisecond
	}
	if opt.RejectBackoff <= 0 {
		opt.RejectBackoff = 5 * time.Minute
	}
	if opt.Idle <= 0 {
		opt.Idle = 30 * time.Second
	}
	if opt.Logger == nil {
		opt.Logger = slog.Default()
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	s := &Syncer{st: st, opt: opt, log: opt.Logger, wake: make(chan struct{}, 1), kick: make(chan struct{}, 1)}
	ctx := context.Background()
	if v, err := st.Meta(ctx, KeyLastSuccess); err == nil {
		s.status.LastSuccess, _ = time.Parse(time.RFC3339Nano, v)
	}
	s.status.LastErrorVI, _ = st.Meta(ctx, KeyLastErrorVI)
	s.status.LastErrorEN, _ = st.Meta(ctx, KeyLastErrorEN)
	return s
}

// Notify tells the syncer that events were committed. It never blocks.
func (s *Syncer) Notify() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// retryNow wakes the loop even while it backs off.
func (s *Syncer) retryNow() {
	select {
	case s.kick <- struct{}{}:
	default:
	}
}

// Start runs the sync loop in the background until ctx ends or Close.
func (s *Syncer) Start(ctx context.Context) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.started {
		return
	}
	s.started = true
	ctx, s.cancel = context.WithCancel(ctx)
	s.done = make(chan struct{})
	go func() {
		defer close(s.done)
		s.Run(ctx)
	}()
}

// Close stops a started loop and waits for it. An unacknowledged batch is
// simply sent again next time.
func (s *Syncer) Close() error {
	s.mu.Lock()
	cancel, done := s.cancel, s.done
	s.mu.Unlock()
	if cancel != nil {
		cancel()
		<-done
	}
	return nil
}

// Run is the sync loop; it returns when ctx ends.
func (s *Syncer) Run(ctx context.Context) {
	failures := 0
	for {
		wait := s.opt.Idle
		err := s.Flush(ctx)
		if ctx.Err() != nil {
			return
		}
		var se *Error
		switch {
		case err == nil:
			failures = 0
		case errors.As(err, &se) && se.Code == CodeNotEnrolled:
			failures = 0 // wait for Enroll's Notify
		case errors.As(err, &se) && se.Permanent:
			wait = s.opt.RejectBackoff
			failures++
		default:
			wait = s.backoff(failures)
			failures++
			if se != nil && se.RetryAfter > wait {
				wait = se.RetryAfter
			}
		}
		s.mu.Lock()
		s.status.NextAttempt = s.opt.Now().Add(wait)
		s.mu.Unlock()
		t := time.NewTimer(wait)
		if err == nil || (se != nil && se.Code == CodeNotEnrolled) {
			select {
			case <-ctx.Done():
			case <-t.C:
			case <-s.wake:
			case <-s.kick:
			}
		} else {
			select {
			case <-ctx.Done():
			case <-t.C:
			case <-s.kick:
			}
		}
		t.Stop()
		if ctx.Err() != nil {
			return
		}
	}
}

// backoff is the capped exponential delay after n consecutive failures,
// with jitter in [d/2, d) so that many hubs do not retry in step.
func (s *Syncer) backoff(n int) time.Duration {
	d := s.opt.MinBackoff << min(n, 20)
	if d > s.opt.MaxBackoff || d <= 0 {
		d = s.opt.MaxBackoff
	}
	return d/2 + rand.N(d/2+1)
}

// Flush sends every waiting event now, batch by batch, and returns when
// the outbox is empty or an attempt failed (an *Error).
func (s *Syncer) Flush(ctx context.Context) error {
	url, token, err := s.target(ctx)
	if err != nil {
		return s.fail(ctx, err)
	}
	sent := 0
	for {
		evs, err := s.st.Outbox(ctx, 0, s.opt.BatchSize)
		if err != nil {
			return s.fail(ctx, &Error{Code: CodeLocal, Err: err})
		}
		if len(evs) == 0 {
			break
		}
		ack, err := s.send(ctx, url, token, evs)
		if err != nil {
			return s.fail(ctx, err)
		}
		if err := s.st.MarkSent(ctx, ack.UpTo); err != nil {
			return s.fail(ctx, &Error{Code: CodeLocal, Err: err})
		}
		sent += len(evs)
		s.log.Debug("batch acknowledged", "events", len(evs), "stored", ack.Stored, "duplicates", ack.Duplicates, "up_to", ack.UpTo)
	}
	s.succeed(ctx, sent)
	s.sendNames(ctx, url, token)
	s.syncBookings(ctx, url, token)
	return nil
}

// sendNames stores the office's names on the server when they changed
// since the last time they were stored there (or the server changed).
func (s *Syncer) sendNames(ctx context.Context, url, token string) {
	if s.opt.Names == nil {
		return
	}
	err := func() error {
		n, err := s.opt.Names(ctx)
		if err != nil {
			return &Error{Code: CodeLocal, Err: fmt.Errorf("read names: %w", err)}
		}
		body, err := json.Marshal(n) // maps marshal in key order: the same names, the same bytes
		if err != nil {
			return &Error{Code: CodeLocal, Err: err}
		}
		sum := sha256.Sum256(append([]byte(url+"\n"), body...))
		hash := hex.EncodeToString(sum[:])
		if last, err := s.st.Meta(ctx, KeyNamesSent); err == nil && last == hash {
			return nil
		}
		req, err := http.NewRequestWithContext(ctx, http.MethodPut, url+wire.PathNames, bytes.NewReader(body))
		if err != nil {
			return &Error{Code: CodeBadURL, Err: err, Permanent: true}
		}
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+token)
		if err := s.do(req, nil); err != nil {
			return err
		}
		if err := s.st.SetMeta(ctx, KeyNamesSent, hash); err != nil {
			return &Error{Code: CodeLocal, Err: err}
		}
		s.log.Info("names stored on the central server", "officers", len(n.Officers), "services", len(n.Services))
		return nil
	}()
	s.mu.Lock()
	defer s.mu.Unlock()
	if err == nil {
		s.namesErr = ""
		return
	}
	if ctx.Err() == nil && err.Error() != s.namesErr {
		s.namesErr = err.Error()
		s.log.Warn("send names to the central server (retried at the next sync)", "err", err)
	}
}

func (s *Syncer) target(ctx context.Context) (string, string, error) {
	url, err1 := s.st.Meta(ctx, KeyURL)
	token, err2 := s.st.Meta(ctx, KeyToken)
	if errors.Is(err1, store.ErrNotFound) || errors.Is(err2, store.ErrNotFound) || url == "" || token == "" {
		return "", "", &Error{Code: CodeNotEnrolled}
	}
	if err := errors.Join(err1, err2); err != nil {
		return "", "", &Error{Code: CodeLocal, Err: err}
	}
	return url, token, nil
}

// send posts one batch and returns the server's acknowledgement.
func (s *Syncer) send(ctx context.Context, url, token string, evs []store.OutboxEvent) (wire.Ack, error) {
	b := wire.Batch{Device: s.st.DeviceID(), Events: make([]wire.Event, len(evs))}
	for i, e := range evs {
		b.Events[i] = wire.Event{ID: e.ID, Seq: e.Seq, Kind: e.Kind, At: e.At, Body: e.Body}
	}
	var body bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&body, gzip.BestSpeed)
	if err := json.NewEncoder(zw).Encode(b); err != nil {
		return wire.Ack{}, &Error{Code: CodeLocal, Err: fmt.Errorf("encode batch: %w", err)}
	}
	if err := zw.Close(); err != nil {
		return wire.Ack{}, &Error{Code: CodeLocal, Err: err}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url+wire.PathEvents, &body)
	if err != nil {
		return wire.Ack{}, &Error{Code: CodeBadURL, Err: err, Permanent: true}
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Content-Encoding", "gzip")
	req.Header.Set("Authorization", "Bearer "+token)
	var ack wire.Ack
	if err := s.do(req, &ack); err != nil {
		return wire.Ack{}, err
	}
	if last := evs[len(evs)-1].Seq; ack.UpTo != last || ack.Stored+ack.Duplicates != len(evs) {
		return wire.Ack{}, &Error{Code: CodeServer, Err: fmt.Errorf("acknowledgement %+v does not match a batch of %d up to %d", ack, len(evs), last)}
	}
	return ack, nil
}

// do sends req and decodes a 200 answer into out, or classifies the failure.
func (s *Syncer) do(req *http.Request, out any) error {
	resp, err := s.opt.Client.Do(req)
	if err != nil {
		return classifyTransport(err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return &Error{Code: CodeNetwork, Err: err}
	}
	if resp.StatusCode == http.StatusNoContent && out == nil {
		return nil
	}
	if resp.StatusCode == http.StatusOK {
		if out == nil {
			return nil
		}
		if err := json.Unmarshal(data, out); err != nil {
			return &Error{Code: CodeServer, Status: resp.StatusCode, Err: fmt.Errorf("decode answer: %w", err)}
		}
		return nil
	}
	var we wire.Error
	json.Unmarshal(data, &we)
	if we.Error == "" {
		we.Error = strings.TrimSpace(string(data))
	}
	return classifyStatus(resp, we)
}

func (s *Syncer) fail(ctx context.Context, err error) error {
	var se *Error
	if !errors.As(err, &se) {
		se = &Error{Code: CodeLocal, Err: err}
	}
	if ctx.Err() != nil {
		return se
	}
	vi, en := se.Messages()
	s.mu.Lock()
	changed := s.status.LastErrorEN != en
	s.status.LastErrorVI, s.status.LastErrorEN = vi, en
	s.status.LastAttempt = s.opt.Now()
	s.mu.Unlock()
	switch {
	case changed && se.Code == CodeNotEnrolled:
		// Not a fault: a new kiosk keeps its events until the admin
		// enrolls it (admin menu → Đồng bộ); nothing is lost meanwhile.
		s.log.Info("sync waits for enrollment with a central server; events are kept until then")
	case changed:
		s.log.Warn("sync failed", "code", string(se.Code), "err", se)
	}
	if changed {
		s.st.SetMeta(ctx, KeyLastErrorVI, vi)
		s.st.SetMeta(ctx, KeyLastErrorEN, en)
	}
	return se
}

func (s *Syncer) succeed(ctx context.Context, sent int) {
	now := s.opt.Now()
	s.mu.Lock()
	hadErr := s.status.LastErrorEN != ""
	s.status.LastErrorVI, s.status.LastErrorEN = "", ""
	s.status.LastAttempt = now
	if sent > 0 {
		s.status.LastSuccess = now
	}
	s.mu.Unlock()
	if hadErr {
		s.log.Info("sync recovered")
		s.st.SetMeta(ctx, KeyLastErrorVI, "")
		s.st.SetMeta(ctx, KeyLastErrorEN, "")
	}
	if sent > 0 {
		s.st.SetMeta(ctx, KeyLastSuccess, now.UTC().Format(time.RFC3339Nano))
	}
}
