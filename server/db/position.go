package db

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/motcua-kiosk/motcua/kiosk/queue"
)

// Position is a waiting ticket's place in line as the server can tell it
// from the events the office's hub has synced (issue 14: "your turn is
// near"). The hub's engine decides the real order; the server counts the
// waiting tickets of the same service and day whose wait began earlier
// (queue.Ticket.Since: the arrival, or a booked ticket's effective start),
// which is the engine's order except where a priority policy lets a
// priority ticket pass (the server does not know the office's policy) or a
// ticket is held for one counter.
type Position struct {
	// Ahead is how many waiting tickets come before this one; 0 when the
	// ticket is not waiting.
	Ahead int
	// HeardAt is when the server last heard from the office's hubs: the
	// count is as stale as that (zero when it never heard).
	HeardAt time.Time
}

// PositionOf counts the tickets ahead of ticket id of office.
func (d *DB) PositionOf(ctx context.Context, office, id string) (Position, error) {
	var p Position
	var heard sql.NullInt64
	if err := d.sql.QueryRowContext(ctx, d.Rebind("SELECT max(last_seen_at) FROM devices WHERE office_id = ?"), office).Scan(&heard); err != nil {
		return p, fmt.Errorf("position: %w", err)
	}
	if heard.Valid {
		p.HeardAt = fromMS(heard.Int64)
	}
	var day, service, status, body string
	q, args := "SELECT day, service, status, body FROM tickets WHERE office_id = ? AND ticket_id = ?", []any{office, id}
	if day, ok := TicketDay(id); ok { // one month's partition, not all of them
		q, args = q+" AND day = ?", append(args, day)
	}
	err := d.sql.QueryRowContext(ctx, d.Rebind(q), args...).Scan(&day, &service, &status, &body)
	if errors.Is(err, sql.ErrNoRows) {
		return p, fmt.Errorf("position: %w", ErrNotFound)
	}
	if err != nil {
		return p, fmt.Errorf("position: %w", err)
	}
	if queue.Status(status) != queue.StatusWaiting {
		return p, nil
	}
	var me queue.Ticket
	if err := json.Unmarshal([]byte(body), &me); err != nil {
		return p, fmt.Errorf("position: ticket %s: %w", id, err)
	}
	rows, err := d.sql.QueryContext(ctx, d.Rebind(`SELECT ticket_id, body FROM tickets
		WHERE office_id = ? AND day = ? AND service = ? AND status = 'waiting' AND ticket_id <> ?`), office, day, service, id)
	if err != nil {
		return p, fmt.Errorf("position: %w", err)
	}
	defer rows.Close()
	since := sinceOf(me)
	for rows.Next() {
		var oid, ob string
		if err := rows.Scan(&oid, &ob); err != nil {
			return p, fmt.Errorf("position: %w", err)
		}
		var o queue.Ticket
		if err := json.Unmarshal([]byte(ob), &o); err != nil {
			continue // a snapshot this version cannot read: not counted
		}
		if os := sinceOf(o); os.Before(since) || os.Equal(since) && oid < id {
			p.Ahead++
		}
	}
	return p, rows.Err()
}

// sinceOf is t.Since, or the issue time for a snapshot from a hub that did
// not send arrived_at.
func sinceOf(t queue.Ticket) time.Time {
	if t.WaitFrom == nil && t.ArrivedAt.IsZero() {
		return t.IssuedAt
	}
	return t.Since()
}

// TicketDay is the service day ("YYYY-MM-DD") a ticket id starts with:
// the hub's engine names tickets "20261207-A001" and home visits
// "20261217-TN-001". ok is false for an id of another form.
func TicketDay(id string) (day string, ok bool) {
	if len(id) < 9 || id[8] != '-' {
		return "", false
	}
	for i := range 8 {
		if id[i] < '0' || id[i] > '9' {
			return "", false
		}
	}
	return id[:4] + "-" + id[4:6] + "-" + id[6:8], true
}
