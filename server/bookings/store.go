package bookings

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	kb "github.com/motcua-kiosk/motcua/kiosk/bookings"
	"github.com/motcua-kiosk/motcua/kiosk/queue"
	"github.com/motcua-kiosk/motcua/server/db"
)

// Sources of a booking's last change.
const (
	srcServer = "server"
	srcHub    = "hub"
)

// querier is what Store runs its SQL on: the pool for reads, a
// transaction for writes.
type querier interface {
	ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row
}

// Store is kiosk/bookings.Store for one office on the server database.
// Its writes number the office's change and mark it made by src; run them
// in the transaction that took the office's row (Service does), so that
// changes are numbered in commit order.
type Store struct {
	q      querier
	d      *db.DB
	office string
	src    string
}

var _ kb.Store = (*Store)(nil)

const cols = "body, phone"

// Booking implements kiosk/bookings.Store.
func (s *Store) Booking(ctx context.Context, code string) (kb.Booking, error) {
	bs, err := s.query(ctx, "SELECT "+cols+" FROM bookings WHERE office_id = ? AND code = ?", s.office, code)
	if err != nil {
		return kb.Booking{}, fmt.Errorf("booking %s: %w", code, err)
	}
	if len(bs) == 0 {
		return kb.Booking{}, fmt.Errorf("booking %s: %w", code, kb.ErrNotFound)
	}
	return bs[0], nil
}

// BookingsOn implements kiosk/bookings.Store.
func (s *Store) BookingsOn(ctx context.Context, day string) ([]kb.Booking, error) {
	return s.query(ctx, "SELECT "+cols+" FROM bookings WHERE office_id = ? AND day = ? ORDER BY start_at, code", s.office, day)
}

// OpenBookings implements kiosk/bookings.Store.
func (s *Store) OpenBookings(ctx context.Context, before time.Time) ([]kb.Booking, error) {
	return s.query(ctx, "SELECT "+cols+" FROM bookings WHERE office_id = ? AND status = 'booked' AND start_at < ? ORDER BY start_at, code",
		s.office, before.UnixMilli())
}

func (s *Store) query(ctx context.Context, q string, args ...any) ([]kb.Booking, error) {
	rows, err := s.q.QueryContext(ctx, s.d.Rebind(q), args...)
	if err != nil {
		return nil, fmt.Errorf("read bookings: %w", err)
	}
	defer rows.Close()
	var out []kb.Booking
	for rows.Next() {
		b, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

func scan(rows interface{ Scan(...any) error }, extra ...any) (kb.Booking, error) {
	var body string
	var phone sql.NullString
	if err := rows.Scan(append([]any{&body, &phone}, extra...)...); err != nil {
		return kb.Booking{}, fmt.Errorf("read bookings: %w", err)
	}
	var b kb.Booking
	if err := json.Unmarshal([]byte(body), &b); err != nil {
		return kb.Booking{}, fmt.Errorf("read bookings: %w", err)
	}
	b.Phone = phone.String
	return b, nil
}

// row is what a booking's row holds: the body without the phone, which
// has its own column, set only while the booking is open.
func row(b kb.Booking) (body string, phone sql.NullString) {
	phone = sql.NullString{String: b.Phone, Valid: b.Phone != "" && b.Open()}
	b.Phone = ""
	j, _ := json.Marshal(b)
	return string(j), phone
}

// next numbers a change of the office.
func (s *Store) next(ctx context.Context) (int64, error) {
	var seq int64
	err := s.q.QueryRowContext(ctx, s.d.Rebind("UPDATE booking_offices SET seq = seq + 1 WHERE office_id = ? RETURNING seq"), s.office).Scan(&seq)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("office %s: %w", s.office, ErrNoOffice)
	}
	return seq, err
}

// AddBooking implements kiosk/bookings.Store. A code the server makes is
// unique across offices, so that the booking's page (/b/CODE) finds one
// booking; a hub's desk code is unique in its office only.
func (s *Store) AddBooking(ctx context.Context, b kb.Booking) error {
	var one int
	q := "SELECT 1 FROM bookings WHERE code = ?"
	args := []any{b.Code}
	if s.src == srcHub {
		q, args = q+" AND office_id = ?", append(args, s.office)
	}
	err := s.q.QueryRowContext(ctx, s.d.Rebind(q), args...).Scan(&one)
	if err == nil {
		return fmt.Errorf("add booking %s: %w", b.Code, kb.ErrDuplicate)
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("add booking %s: %w", b.Code, err)
	}
	seq, err := s.next(ctx)
	if err != nil {
		return fmt.Errorf("add booking %s: %w", b.Code, err)
	}
	body, phone := row(b)
	if _, err := s.q.ExecContext(ctx, s.d.Rebind(`INSERT INTO bookings(office_id, code, service, day, start_at, channel, status, phone, body, seq, src)
		VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
		s.office, b.Code, b.Service, b.Day, b.Start.UnixMilli(), b.Channel, string(b.Status), phone, body, seq, s.src); err != nil {
		return fmt.Errorf("add booking %s: %w", b.Code, err)
	}
	return nil
}

// UpdateBooking implements kiosk/bookings.Store. The server issues no
// tickets, so events must be empty.
func (s *Store) UpdateBooking(ctx context.Context, b kb.Booking, events []queue.Event) error {
	if len(events) > 0 {
		return fmt.Errorf("update booking %s: the central server issues no tickets", b.Code)
	}
	seq, err := s.next(ctx)
	if err != nil {
		return fmt.Errorf("update booking %s: %w", b.Code, err)
	}
	body, phone := row(b)
	res, err := s.q.ExecContext(ctx, s.d.Rebind("UPDATE bookings SET status = ?, phone = ?, body = ?, seq = ?, src = ? WHERE office_id = ? AND code = ?"),
		string(b.Status), phone, body, seq, s.src, s.office, b.Code)
	if err != nil {
		return fmt.Errorf("update booking %s: %w", b.Code, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("update booking %s: %w", b.Code, kb.ErrNotFound)
	}
	return nil
}
