package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"
)

// OutboxEvent is one event waiting for the central server.
type OutboxEvent struct {
	Seq  int64           `json:"seq"`
	ID   string          `json:"id"` // DeviceID:Seq, stable across retries
	Kind string          `json:"kind"`
	At   time.Time       `json:"at"`
	Body json.RawMessage `json:"event"` // queue.Event as JSON
}

// Outbox returns up to limit unsent events with a sequence above after, in
// commit order.
func (s *Store) Outbox(ctx context.Context, after int64, limit int) ([]OutboxEvent, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT seq, kind, at, body FROM outbox WHERE sent_at IS NULL AND seq > ? ORDER BY seq LIMIT ?", after, limit)
	if err != nil {
		return nil, fmt.Errorf("read outbox: %w", err)
	}
	defer rows.Close()
	var out []OutboxEvent
	for rows.Next() {
		var e OutboxEvent
		var at, body string
		if err := rows.Scan(&e.Seq, &e.Kind, &at, &body); err != nil {
			return nil, fmt.Errorf("read outbox: %w", err)
		}
		e.ID = fmt.Sprintf("%s:%d", s.deviceID, e.Seq)
		e.At, _ = time.Parse(time.RFC3339Nano, at)
		e.Body = json.RawMessage(body)
		out = append(out, e)
	}
	return out, rows.Err()
}

// MarkSent records that the server acknowledged every event up to and
// including seq. It is idempotent.
func (s *Store) MarkSent(ctx context.Context, upTo int64) error {
	_, err := s.db.ExecContext(ctx, "UPDATE outbox SET sent_at = ? WHERE seq <= ? AND sent_at IS NULL", time.Now().UTC().Format(time.RFC3339Nano), upTo)
	if err != nil {
		return fmt.Errorf("mark outbox sent: %w", err)
	}
	return nil
}

// OutboxPending counts the events not yet acknowledged by the server.
func (s *Store) OutboxPending(ctx context.Context) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM outbox WHERE sent_at IS NULL").Scan(&n)
	return n, err
}

// PruneOutbox deletes sent events older than keep; unsent events are never
// deleted.
func (s *Store) PruneOutbox(ctx context.Context, keep time.Duration) (int64, error) {
	res, err := s.db.ExecContext(ctx, "DELETE FROM outbox WHERE sent_at IS NOT NULL AND sent_at < ?", time.Now().Add(-keep).UTC().Format(time.RFC3339Nano))
	if err != nil {
		return 0, fmt.Errorf("prune outbox: %w", err)
	}
	return res.RowsAffected()
}
