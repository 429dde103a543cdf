package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/motcua-kiosk/motcua/kiosk/queue"
)

// Filter selects rows for reports. From and To are service days
// ("YYYY-MM-DD", inclusive; empty means open-ended); Office, Officer and
// Service are exact matches and empty means any. Offices, when not nil,
// is the set of offices rows may come from (a supervisor's scope in the
// hierarchy, Tree.Subtree): an empty non-nil set matches nothing.
type Filter struct {
	From, To string
	Office   string
	Officer  string
	Service  string
	Offices  []string
}

func (f Filter) where(dayCol string) (string, []any) {
	var conds []string
	var args []any
	add := func(cond string, v string) {
		if v != "" {
			conds = append(conds, cond)
			args = append(args, v)
		}
	}
	add(dayCol+" >= ?", f.From)
	add(dayCol+" <= ?", f.To)
	add("office_id = ?", f.Office)
	add("officer = ?", f.Officer)
	add("service = ?", f.Service)
	if f.Offices != nil {
		if len(f.Offices) == 0 {
			conds = append(conds, "1 = 0")
		}
		if len(f.Offices) > 0 {
			conds = append(conds, "office_id IN ("+strings.TrimSuffix(strings.Repeat("?, ", len(f.Offices)), ", ")+")")
			for _, o := range f.Offices {
				args = append(args, o)
			}
		}
	}
	if len(conds) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

// TicketRow is a ticket's newest known state at the server.
type TicketRow struct {
	Office    string
	ID        string
	Day       string
	Number    string
	Service   string
	Origin    string
	Priority  string
	Ref       string
	Status    queue.Status
	Counter   int
	Officer   string
	IssuedAt  time.Time
	CalledAt  *time.Time
	ServingAt *time.Time
	DoneAt    *time.Time
	NoShowAt  *time.Time
	EndedAt   *time.Time
	Recalls   int
	Transfers int
	Rated     bool
	UpdatedAt time.Time // when the server last changed the row
}

// Wait is the time from issue to the (last) call; ok is false when the
// ticket was never called.
func (t TicketRow) Wait() (d time.Duration, ok bool) {
	if t.CalledAt == nil {
		return 0, false
	}
	return t.CalledAt.Sub(t.IssuedAt), true
}

// Service time is from the start of service to done; ok is false unless
// both happened.
func (t TicketRow) ServiceTime() (d time.Duration, ok bool) {
	if t.ServingAt == nil || t.DoneAt == nil {
		return 0, false
	}
	return t.DoneAt.Sub(*t.ServingAt), true
}

const ticketSelect = `SELECT office_id, ticket_id, day, number, service, origin, priority, ref, status, counter, officer,
	issued_at, called_at, serving_at, done_at, no_show_at, ended_at, recalls, transfers, rated, updated_at FROM tickets`

// Tickets returns the tickets matching f, by office, day and ticket id.
func (d *DB) Tickets(ctx context.Context, f Filter) ([]TicketRow, error) {
	where, args := f.where("day")
	rows, err := d.sql.QueryContext(ctx, d.Rebind(ticketSelect+where+" ORDER BY office_id, day, ticket_id"), args...)
	if err != nil {
		return nil, fmt.Errorf("tickets: %w", err)
	}
	defer rows.Close()
	var out []TicketRow
	for rows.Next() {
		t, err := scanTicket(rows)
		if err != nil {
			return nil, fmt.Errorf("tickets: %w", err)
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// TicketByRef finds a ticket by its unguessable public reference (the QR).
func (d *DB) TicketByRef(ctx context.Context, ref string) (TicketRow, error) {
	if ref == "" {
		return TicketRow{}, ErrNotFound
	}
	t, err := scanTicket(d.sql.QueryRowContext(ctx, d.Rebind(ticketSelect+" WHERE ref = ?"), ref))
	if errors.Is(err, sql.ErrNoRows) {
		return TicketRow{}, fmt.Errorf("ticket: %w", ErrNotFound)
	}
	return t, err
}

func scanTicket(r scanner) (TicketRow, error) {
	var t TicketRow
	var issued, updated int64
	var called, serving, done, noShow, ended sql.NullInt64
	var rated int
	err := r.Scan(&t.Office, &t.ID, &t.Day, &t.Number, &t.Service, &t.Origin, &t.Priority, &t.Ref, &t.Status,
		&t.Counter, &t.Officer, &issued, &called, &serving, &done, &noShow, &ended, &t.Recalls, &t.Transfers,
		&rated, &updated)
	if err != nil {
		return TicketRow{}, err
	}
	t.IssuedAt, t.UpdatedAt = fromMS(issued), fromMS(updated)
	t.CalledAt, t.ServingAt, t.DoneAt = fromNullMS(called), fromNullMS(serving), fromNullMS(done)
	t.NoShowAt, t.EndedAt = fromNullMS(noShow), fromNullMS(ended)
	t.Rated = rated != 0
	return t, nil
}

// RatingRow is one stored rating with its office.
type RatingRow struct {
	Office string
	queue.Rating
	EventID string // "" for ratings not from a hub event
}

// Ratings returns the ratings matching f, by office, day and ticket id.
func (d *DB) Ratings(ctx context.Context, f Filter) ([]RatingRow, error) {
	where, args := f.where("day")
	rows, err := d.sql.QueryContext(ctx, d.Rebind("SELECT "+ratingCols+" FROM ratings"+where+" ORDER BY office_id, day, ticket_id"), args...)
	if err != nil {
		return nil, fmt.Errorf("ratings: %w", err)
	}
	defer rows.Close()
	var out []RatingRow
	for rows.Next() {
		var r RatingRow
		var reasons string
		var at int64
		err := rows.Scan(&r.Office, &r.TicketID, &r.Day, &r.Number, &r.Service, &r.Counter, &r.Officer, &r.Stars,
			&reasons, &r.Comment, &r.Source, &at, &r.EventID)
		if err != nil {
			return nil, fmt.Errorf("ratings: %w", err)
		}
		if reasons != "" {
			r.Reasons = strings.Split(reasons, ",")
		}
		r.At = fromMS(at)
		out = append(out, r)
	}
	return out, rows.Err()
}

// StoredEvent is one event as the server keeps it.
type StoredEvent struct {
	ID         string
	Device     string
	Seq        int64
	Office     string
	Kind       string
	At         time.Time
	Body       string
	ReceivedAt time.Time
}

// Events returns a device's stored events with seq above after, in seq
// order (for audits and the sync tests' side-by-side comparison).
func (d *DB) Events(ctx context.Context, device string, after int64, limit int) ([]StoredEvent, error) {
	rows, err := d.sql.QueryContext(ctx, d.Rebind(`SELECT id, device_id, seq, office_id, kind, at, body, received_at FROM events
		WHERE device_id = ? AND seq > ? ORDER BY seq LIMIT ?`), device, after, limit)
	if err != nil {
		return nil, fmt.Errorf("events: %w", err)
	}
	defer rows.Close()
	var out []StoredEvent
	for rows.Next() {
		var e StoredEvent
		var at, recv int64
		if err := rows.Scan(&e.ID, &e.Device, &e.Seq, &e.Office, &e.Kind, &at, &e.Body, &recv); err != nil {
			return nil, fmt.Errorf("events: %w", err)
		}
		e.At, e.ReceivedAt = fromMS(at), fromMS(recv)
		out = append(out, e)
	}
	return out, rows.Err()
}

// CountEvents counts the stored events of a device ("" for all).
func (d *DB) CountEvents(ctx context.Context, device string) (int64, error) {
	var n int64
	err := d.sql.QueryRowContext(ctx, d.Rebind("SELECT count(*) FROM events WHERE ? = '' OR device_id = ?"), device, device).Scan(&n)
	return n, err
}
