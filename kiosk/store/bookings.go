package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/motcua-kiosk/motcua/kiosk/bookings"
	"github.com/motcua-kiosk/motcua/kiosk/queue"
)

var _ bookings.Store = (*Store)(nil)

const bookingCols = "body, phone"

// nextRev is the rev of a booking write made here: one more than any, so
// the syncer pushes it (sync.go). SQLite runs one writer at a time, so two
// writes never share a rev.
const nextRev = "(SELECT coalesce(max(rev), 0) + 1 FROM bookings)"

// BookingRules returns the stored booking rules, or bookings.DefaultRules
// (no service takes bookings) when none have been saved.
func (s *Store) BookingRules(ctx context.Context) (bookings.Rules, error) {
	v, err := s.Meta(ctx, "booking_rules")
	if errors.Is(err, ErrNotFound) {
		return bookings.DefaultRules(), nil
	}
	if err != nil {
		return bookings.Rules{}, err
	}
	var r bookings.Rules
	if err := json.Unmarshal([]byte(v), &r); err != nil {
		return bookings.Rules{}, fmt.Errorf("stored booking rules: %w", err)
	}
	return r, nil
}

// SaveBookingRules validates r against cfg and stores it.
func (s *Store) SaveBookingRules(ctx context.Context, r bookings.Rules, cfg queue.Config) error {
	if err := r.Validate(cfg); err != nil {
		return err
	}
	b, err := json.Marshal(r)
	if err != nil {
		return err
	}
	return s.SetMeta(ctx, "booking_rules", string(b))
}

// Booking implements bookings.Store.
func (s *Store) Booking(ctx context.Context, code string) (bookings.Booking, error) {
	bs, err := s.queryBookings(ctx, "SELECT "+bookingCols+" FROM bookings WHERE code = ?", code)
	if err != nil {
		return bookings.Booking{}, fmt.Errorf("booking %s: %w", code, err)
	}
	if len(bs) == 0 {
		return bookings.Booking{}, fmt.Errorf("booking %s: %w", code, bookings.ErrNotFound)
	}
	return bs[0], nil
}

// BookingsOn implements bookings.Store.
func (s *Store) BookingsOn(ctx context.Context, day string) ([]bookings.Booking, error) {
	return s.queryBookings(ctx, "SELECT "+bookingCols+" FROM bookings WHERE day = ? ORDER BY start, code", day)
}

// OpenBookings implements bookings.Store.
func (s *Store) OpenBookings(ctx context.Context, before time.Time) ([]bookings.Booking, error) {
	return s.queryBookings(ctx, "SELECT "+bookingCols+" FROM bookings WHERE status = 'booked' AND start < ? ORDER BY start, code",
		before.UTC().Format(time.RFC3339))
}

func (s *Store) queryBookings(ctx context.Context, q string, args ...any) ([]bookings.Booking, error) {
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("read bookings: %w", err)
	}
	defer rows.Close()
	var out []bookings.Booking
	for rows.Next() {
		var body []byte
		var phone sql.NullString
		if err := rows.Scan(&body, &phone); err != nil {
			return nil, fmt.Errorf("read bookings: %w", err)
		}
		var b bookings.Booking
		if err := json.Unmarshal(body, &b); err != nil {
			return nil, fmt.Errorf("read bookings: %w", err)
		}
		b.Phone = phone.String
		out = append(out, b)
	}
	return out, rows.Err()
}

// bookingRow is what a booking's row holds: the body without the phone,
// which lives in its own column so that closing the booking erases it.
func bookingRow(b bookings.Booking) (body []byte, phone sql.NullString, start string) {
	phone = sql.NullString{String: b.Phone, Valid: b.Phone != "" && b.Open()}
	b.Phone = ""
	body, _ = json.Marshal(b)
	return body, phone, b.Start.UTC().Format(time.RFC3339)
}

// AddBooking implements bookings.Store.
func (s *Store) AddBooking(ctx context.Context, b bookings.Booking) error {
	body, phone, start := bookingRow(b)
	_, err := s.db.ExecContext(ctx, "INSERT INTO bookings(code, service, day, start, status, phone, body, rev) VALUES(?, ?, ?, ?, ?, ?, ?, "+nextRev+")",
		b.Code, b.Service, b.Day, start, string(b.Status), phone, body)
	if isUnique(err) {
		return fmt.Errorf("add booking %s: %w", b.Code, bookings.ErrDuplicate)
	}
	if err != nil {
		return fmt.Errorf("add booking %s: %w", b.Code, err)
	}
	return nil
}

// UpdateBooking implements bookings.Store: the booking's row, its
// check-in row when it has a ticket, and the ticket's queue events (as
// Commit writes them) in one durable transaction.
func (s *Store) UpdateBooking(ctx context.Context, b bookings.Booking, events []queue.Event) error {
	return s.CommitBookings(ctx, events, []bookings.Booking{b})
}

// CommitBookings is Commit with the bookings those events settle (the
// hub's batch of operations, a check-in among them): the events, each
// booking's row and its check-in row in one durable transaction.
func (s *Store) CommitBookings(ctx context.Context, events []queue.Event, bs []bookings.Booking) error {
	if len(bs) == 0 {
		return s.Commit(ctx, events)
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("commit bookings: %w", err)
	}
	defer tx.Rollback()
	for _, b := range bs {
		if err := updateBooking(ctx, tx, b); err != nil {
			return err
		}
	}
	if err := s.writeEvents(ctx, tx, events); err != nil {
		return fmt.Errorf("commit bookings: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit bookings: %w", err)
	}
	return nil
}

func updateBooking(ctx context.Context, tx *sql.Tx, b bookings.Booking) error {
	body, phone, start := bookingRow(b)
	res, err := tx.ExecContext(ctx, "UPDATE bookings SET service = ?, day = ?, start = ?, status = ?, phone = ?, body = ?, rev = "+nextRev+" WHERE code = ?",
		b.Service, b.Day, start, string(b.Status), phone, body, b.Code)
	if err != nil {
		return fmt.Errorf("update booking %s: %w", b.Code, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("update booking %s: %w", b.Code, bookings.ErrNotFound)
	}
	if b.Status == bookings.StatusCheckedIn {
		at := time.Now()
		if b.EndedAt != nil {
			at = *b.EndedAt
		}
		if _, err := tx.ExecContext(ctx, "INSERT INTO booking_checkins(code, ticket_id, at) VALUES(?, ?, ?)",
			b.Code, b.TicketID, at.UTC().Format(time.RFC3339Nano)); err != nil {
			return fmt.Errorf("check in booking %s: %w", b.Code, err)
		}
	}
	return nil
}
