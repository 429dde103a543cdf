package admin

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"sync"
	"time"

	"github.com/motcua-kiosk/motcua/kiosk/store"
)

// Meta keys in the store.
const (
	KeyPINHash = "admin_pin_hash"
	KeyLock    = "admin_lock"
)

// MaxTries is how many wrong PINs in a row lock the menu.
const MaxTries = 5

// Meta is the store's small key-value table (implemented by *store.Store).
type Meta interface {
	Meta(ctx context.Context, key string) (string, error)
	SetMeta(ctx context.Context, key, value string) error
}

// getMeta reads a key; a key never set reads as "".
func getMeta(ctx context.Context, m Meta, key string) (string, error) {
	v, err := m.Meta(ctx, key)
	if errors.Is(err, store.ErrNotFound) {
		return "", nil
	}
	return v, err
}

// lockState is what survives a restart.
type lockState struct {
	Fails int       `json:"fails"` // wrong PINs since the last success or lock
	Locks int       `json:"locks"` // locks since the last success
	Until time.Time `json:"until"`
}

// lockFor is the lock after the n-th lock: 1 minute, doubling, at most an hour.
func lockFor(n int) time.Duration {
	d := time.Minute << min(max(n-1, 0), 6)
	return min(d, time.Hour)
}

// Guard checks admin PINs with the lock-out.
type Guard struct {
	Meta Meta
	Now  func() time.Time
}

func (g Guard) state(ctx context.Context) lockState {
	var s lockState
	if v, err := getMeta(ctx, g.Meta, KeyLock); err == nil && v != "" {
		json.Unmarshal([]byte(v), &s)
	}
	return s
}

func (g Guard) save(ctx context.Context, s lockState) error {
	b, _ := json.Marshal(s)
	return g.Meta.SetMeta(ctx, KeyLock, string(b))
}

// LockedFor returns how long the menu stays locked (0: not locked).
func (g Guard) LockedFor(ctx context.Context) time.Duration {
	s := g.state(ctx)
	if d := s.Until.Sub(g.Now()); d > 0 {
		return d
	}
	return 0
}

// Result of a PIN check.
type Result struct {
	OK        bool
	Left      int           // tries left before a lock (wrong PIN)
	LockedFor time.Duration // > 0 when locked now
}

// checkMu makes each check's read-count-write of the lock state whole.
var checkMu sync.Mutex

// Check verifies pin, counting failures and locking after MaxTries.
func (g Guard) Check(ctx context.Context, pin string) (Result, error) {
	checkMu.Lock()
	defer checkMu.Unlock()
	s := g.state(ctx)
	now := g.Now()
	if d := s.Until.Sub(now); d > 0 {
		return Result{LockedFor: d}, nil
	}
	hash, err := getMeta(ctx, g.Meta, KeyPINHash)
	if err != nil {
		return Result{}, fmt.Errorf("admin pin: %w", err)
	}
	if hash != "" && store.VerifyPIN(hash, pin) {
		return Result{OK: true}, g.save(ctx, lockState{})
	}
	s.Fails++
	if s.Fails >= MaxTries {
		s.Locks++
		s.Fails = 0
		s.Until = now.Add(lockFor(s.Locks))
		return Result{LockedFor: lockFor(s.Locks)}, g.save(ctx, s)
	}
	return Result{Left: MaxTries - s.Fails}, g.save(ctx, s)
}

// SetPIN stores a new admin PIN (hashed).
func (g Guard) SetPIN(ctx context.Context, pin string) error {
	if err := store.ValidPIN(pin); err != nil {
		return err
	}
	return g.Meta.SetMeta(ctx, KeyPINHash, store.HashPIN(pin))
}

// EnsurePIN gives a store without an admin PIN a random six-digit one and
// returns it (to be shown once to the installer); "" if one was set.
func EnsurePIN(ctx context.Context, m Meta) (string, error) {
	if h, err := getMeta(ctx, m, KeyPINHash); err != nil || h != "" {
		return "", err
	}
	n, err := rand.Int(rand.Reader, big.NewInt(1_000_000))
	if err != nil {
		return "", err
	}
	pin := fmt.Sprintf("%06d", n.Int64())
	return pin, Guard{Meta: m, Now: time.Now}.SetPIN(ctx, pin)
}
