package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Replay is the first answer to a state-changing request, kept under the
// request's idempotency key so that a retry of the same request gets the
// same answer (the same ticket, not a second one).
type Replay struct {
	Fingerprint string // what the request was: method, path and body hashed
	Status      int
	Body        []byte
	At          time.Time
}

// ReplayFor returns the answer kept for key of scope (the device) since
// the given time, and false when there is none.
func (s *Store) ReplayFor(ctx context.Context, scope, key string, since time.Time) (Replay, bool, error) {
	var r Replay
	var at int64
	err := s.db.QueryRowContext(ctx, "SELECT fingerprint, status, body, at FROM idempotency WHERE scope = ? AND key = ? AND at >= ?",
		scope, key, since.UnixMilli()).Scan(&r.Fingerprint, &r.Status, &r.Body, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return Replay{}, false, nil
	}
	if err != nil {
		return Replay{}, false, fmt.Errorf("read idempotency key: %w", err)
	}
	r.At = time.UnixMilli(at)
	return r, true, nil
}

// SaveReplay keeps r under key of scope, replacing an answer older than
// expired (a key may be reused on another day), and deletes every answer
// older than that.
func (s *Store) SaveReplay(ctx context.Context, scope, key string, r Replay, expired time.Time) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("save idempotency key: %w", err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "DELETE FROM idempotency WHERE at < ?", expired.UnixMilli()); err != nil {
		return fmt.Errorf("prune idempotency keys: %w", err)
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO idempotency(scope, key, fingerprint, status, body, at) VALUES(?, ?, ?, ?, ?, ?) ON CONFLICT(scope, key) DO NOTHING",
		scope, key, r.Fingerprint, r.Status, r.Body, r.At.UnixMilli()); err != nil {
		return fmt.Errorf("save idempotency key: %w", err)
	}
	return tx.Commit()
}
