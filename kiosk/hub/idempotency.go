package hub

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"

	"github.com/motcua-kiosk/motcua/kiosk/store"
)

// IdempotencyHeader names the key a client sends with every request that
// changes something. The hub answers a second request with the same key
// (from the same device, within a day) with the first answer, without
// doing it again; the same key with another request is refused.
const IdempotencyHeader = "Idempotency-Key"

// replayFor is how long a key's answer is kept: "the same day" for the
// lobby, and past midnight for a retry that straddles it.
const replayFor = 24 * time.Hour

// ErrKeyReused: an idempotency key sent again with a different request.
var ErrKeyReused = errors.New("idempotency key already used for another request")

// newIdempotencyKey returns a fresh random key (128 bits, hex).
func newIdempotencyKey() string {
	b := make([]byte, 16)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// validKey: 1 to 128 visible ASCII characters.
func validKey(k string) bool {
	if k == "" || len(k) > 128 {
		return false
	}
	for i := 0; i < len(k); i++ {
		if k[i] <= ' ' || k[i] > '~' {
			return false
		}
	}
	return true
}

// keyLocks serialises requests with the same key, so that a retry that
// arrives while the first is still being handled waits for its answer.
type keyLocks struct {
	mu    sync.Mutex
	locks map[string]*keyLock
}

type keyLock struct {
	mu   sync.Mutex
	refs int
}

func (k *keyLocks) lock(id string) func() {
	k.mu.Lock()
	if k.locks == nil {
		k.locks = map[string]*keyLock{}
	}
	l := k.locks[id]
	if l == nil {
		l = &keyLock{}
		k.locks[id] = l
	}
	l.refs++
	k.mu.Unlock()
	l.mu.Lock()
	return func() {
		l.mu.Unlock()
		k.mu.Lock()
		if l.refs--; l.refs == 0 {
			delete(k.locks, id)
		}
		k.mu.Unlock()
	}
}

// recorder keeps an answer to store it before it is sent.
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (r *recorder) Header() http.Header { return r.header }
func (r *recorder) WriteHeader(s int) {
	if r.status == 0 {
		r.status = s
	}
}
func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.body.Write(b)
}

// keep tells whether an answer is stored for its key. A 5xx is not (the
// hub could not do it: a retry tries again), nor a malformed or oversized
// request (400, 413: the hub never looked at what it asked, and a refused
// request leaves nothing behind); any other answer, a refusal included, is.
// Without a device (pairing: scope "") only a success is kept, or anyone
// on the LAN could fill the table with refusals; a retry of a refused
// code is refused again anyway.
func keep(status int, scope string) bool {
	if scope == "" {
		return status < 300
	}
	return status < 500 && status != http.StatusBadRequest && status != http.StatusRequestEntityTooLarge
}

// idempotent runs serve for a request carrying an Idempotency-Key once:
// a repeat of the same request gets the stored first answer, a different
// request under the same key is refused. Which answers are kept: see keep.
func (s *server) idempotent(w http.ResponseWriter, r *http.Request, scope, key string, serve func(http.ResponseWriter, *http.Request)) {
	if !validKey(key) {
		writeError(w, r, fmt.Errorf("%s must be 1-128 visible ASCII characters: %w", IdempotencyHeader, ErrBadRequest))
		return
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		writeError(w, r, bodyError(err))
		return
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	h := sha256.New()
	fmt.Fprintf(h, "%s %s\n", r.Method, r.URL.Path)
	h.Write(body)
	fp := hex.EncodeToString(h.Sum(nil))

	unlock := s.keys.lock(scope + "\x00" + key)
	defer unlock()
	now := time.Now()
	st := s.hub.st
	prev, ok, err := st.ReplayFor(r.Context(), scope, key, now.Add(-replayFor))
	if err != nil {
		writeError(w, r, fmt.Errorf("%v: %w", err, ErrStorage))
		return
	}
	if ok {
		if prev.Fingerprint != fp {
			writeError(w, r, fmt.Errorf("%s %s with key %q: %w", r.Method, r.URL.Path, key, ErrKeyReused))
			return
		}
		w.Header().Set("Idempotent-Replayed", "true")
		if len(prev.Body) > 0 {
			w.Header().Set("Content-Type", "application/json; charset=utf-8")
		}
		w.WriteHeader(prev.Status)
		w.Write(prev.Body)
		return
	}
	rec := &recorder{header: w.Header()}
	serve(rec, r)
	if rec.status == 0 {
		rec.status = http.StatusOK
	}
	if keep(rec.status, scope) {
		// Kept even if the client has gone (the cut connection this is for):
		// a cancelled request context must not lose the answer.
		ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), 10*time.Second)
		err := st.SaveReplay(ctx, scope, key, store.Replay{Fingerprint: fp, Status: rec.status, Body: append([]byte{}, rec.body.Bytes()...), At: now}, now.Add(-replayFor))
		cancel()
		if err != nil {
			// Done but not kept: say so, a retry could do it twice.
			s.hub.log.Error("hub: idempotency key not kept", "method", r.Method, "path", r.URL.Path, "err", err)
		}
	}
	w.WriteHeader(rec.status)
	w.Write(rec.body.Bytes())
}
