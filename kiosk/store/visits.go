package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/motcua-kiosk/motcua/kiosk/queue"
	"github.com/motcua-kiosk/motcua/kiosk/visits"
)

var _ visits.Store = (*Store)(nil)

const visitCols = "body, citizen, phone, address, note"

// VisitRules returns the stored home-visit rules, or visits.DefaultRules
// (the third Thursday of each month) when none have been saved.
func (s *Store) VisitRules(ctx context.Context) (visits.Rules, error) {
	v, err := s.Meta(ctx, "visit_rules")
	if errors.Is(err, ErrNotFound) {
		return visits.DefaultRules(), nil
	}
	if err != nil {
		return visits.Rules{}, err
	}
	var r visits.Rules
	if err := json.Unmarshal([]byte(v), &r); err != nil {
		return visits.Rules{}, fmt.Errorf("stored visit rules: %w", err)
	}
	return r, nil
}

// SaveVisitRules validates r and stores it.
func (s *Store) SaveVisitRules(ctx context.Context, r visits.Rules) error {
	if err := r.Validate(); err != nil {
		return err
	}
	b, err := json.Marshal(r)
	if err != nil {
		return err
	}
	return s.SetMeta(ctx, "visit_rules", string(b))
}

// Visit implements visits.Store.
func (s *Store) Visit(ctx context.Context, id string) (visits.Visit, error) {
	vs, err := s.queryVisits(ctx, "SELECT "+visitCols+" FROM visits WHERE id = ?", id)
	if err != nil {
		return visits.Visit{}, fmt.Errorf("visit %s: %w", id, err)
	}
	if len(vs) == 0 {
		return visits.Visit{}, fmt.Errorf("visit %s: %w", id, visits.ErrNotFound)
	}
	return vs[0], nil
}

// VisitsBetween implements visits.Store.
func (s *Store) VisitsBetween(ctx context.Context, from, to string, open bool) ([]visits.Visit, error) {
	vs, err := s.queryVisits(ctx, "SELECT "+visitCols+" FROM visits WHERE (day <> '' AND day BETWEEN ? AND ?) OR (? AND status = 'requested') ORDER BY day, created_at, id",
		from, to, open)
	if err != nil {
		return nil, err
	}
	visits.SortRun(vs)
	return vs, nil
}

// Taken implements visits.Store.
func (s *Store) Taken(ctx context.Context, day string) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM visits WHERE day = ? AND status <> 'cancelled'", day).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("visits taken on %s: %w", day, err)
	}
	return n, nil
}

// LastSeq implements visits.Store: by the ticket ID's day, which stays
// the day the visit was first put on.
func (s *Store) LastSeq(ctx context.Context, day string) (int, error) {
	var n sql.NullInt64
	err := s.db.QueryRowContext(ctx, "SELECT max(seq) FROM visits WHERE ticket_id LIKE ?", strings.ReplaceAll(day, "-", "")+"-%").Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("visit numbers of %s: %w", day, err)
	}
	return int(n.Int64), nil
}

func (s *Store) queryVisits(ctx context.Context, q string, args ...any) ([]visits.Visit, error) {
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("read visits: %w", err)
	}
	defer rows.Close()
	var out []visits.Visit
	for rows.Next() {
		var body []byte
		var citizen, phone, address, note sql.NullString
		if err := rows.Scan(&body, &citizen, &phone, &address, &note); err != nil {
			return nil, fmt.Errorf("read visits: %w", err)
		}
		var v visits.Visit
		if err := json.Unmarshal(body, &v); err != nil {
			return nil, fmt.Errorf("read visits: %w", err)
		}
		v.Citizen, v.Phone, v.Address, v.Note = citizen.String, phone.String, address.String, note.String
		out = append(out, v)
	}
	return out, rows.Err()
}

// visitRow is a visit's columns: the body without the person's details,
// which are kept in their own columns and only while the visit is open.
type visitRow struct {
	body                          []byte
	citizen, phone, address, note sql.NullString
	ticket                        sql.NullString
	seq                           int
}

func rowOf(v visits.Visit) visitRow {
	open := v.Status.Open()
	keep := func(s string) sql.NullString { return sql.NullString{String: s, Valid: open && s != ""} }
	r := visitRow{citizen: keep(v.Citizen), phone: keep(v.Phone), address: keep(v.Address), note: keep(v.Note)}
	if v.Ticket != nil {
		r.ticket, r.seq = sql.NullString{String: v.Ticket.ID, Valid: true}, v.Ticket.Seq
	}
	v.Citizen, v.Phone, v.Address, v.Note = "", "", "", ""
	r.body, _ = json.Marshal(v)
	return r
}

// AddVisit implements visits.Store.
func (s *Store) AddVisit(ctx context.Context, v visits.Visit) error {
	r := rowOf(v)
	_, err := s.db.ExecContext(ctx, `INSERT INTO visits(id, day, status, area, created_at, ticket_id, seq, citizen, phone, address, note, body)
		VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		v.ID, v.Day, string(v.Status), v.Area, v.CreatedAt.UTC().Format(time.RFC3339Nano), r.ticket, r.seq,
		r.citizen, r.phone, r.address, r.note, r.body)
	if err != nil {
		return fmt.Errorf("add visit %s: %w", v.ID, err)
	}
	return nil
}

// UpdateVisit implements visits.Store: the visit's row and its ticket's
// events in the outbox (not the tickets table, which the queue engine
// restores from) in one durable transaction.
func (s *Store) UpdateVisit(ctx context.Context, v visits.Visit, events []queue.Event) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("update visit %s: %w", v.ID, err)
	}
	defer tx.Rollback()
	r := rowOf(v)
	res, err := tx.ExecContext(ctx, `UPDATE visits SET day = ?, status = ?, area = ?, ticket_id = ?, seq = ?,
		citizen = ?, phone = ?, address = ?, note = ?, body = ? WHERE id = ?`,
		v.Day, string(v.Status), v.Area, r.ticket, r.seq, r.citizen, r.phone, r.address, r.note, r.body, v.ID)
	if err != nil {
		return fmt.Errorf("update visit %s: %w", v.ID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("update visit %s: %w", v.ID, visits.ErrNotFound)
	}
	for _, ev := range events {
		if err := appendOutbox(ctx, tx, string(ev.Kind), ev.At, ev); err != nil {
			return fmt.Errorf("update visit %s: %w", v.ID, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("update visit %s: %w", v.ID, err)
	}
	return nil
}
