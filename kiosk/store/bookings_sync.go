package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/motcua-kiosk/motcua/kiosk/bookings"
)

// BookingChange is a booking as the hub last wrote it, with the rev of
// that write.
type BookingChange struct {
	Rev     int64
	Booking bookings.Booking
}

// BookingChanges returns up to limit bookings written here (made at the
// desk, checked in, cancelled, released) with a rev above after, in rev
// order: what the syncer pushes to the central server.
func (s *Store) BookingChanges(ctx context.Context, after int64, limit int) ([]BookingChange, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT rev, body, phone FROM bookings WHERE rev > ? ORDER BY rev LIMIT ?", after, limit)
	if err != nil {
		return nil, fmt.Errorf("booking changes: %w", err)
	}
	defer rows.Close()
	var out []BookingChange
	for rows.Next() {
		var c BookingChange
		var body []byte
		var phone sql.NullString
		if err := rows.Scan(&c.Rev, &body, &phone); err != nil {
			return nil, fmt.Errorf("booking changes: %w", err)
		}
		if err := json.Unmarshal(body, &c.Booking); err != nil {
			return nil, fmt.Errorf("booking changes: %w", err)
		}
		c.Booking.Phone = phone.String
		out = append(out, c)
	}
	return out, rows.Err()
}

// MergeBookings merges bookings the central server holds (phone bookings,
// their cancellations) into the store in one transaction, by
// bookings.Merge: a code not held is added, a held one only moves forward
// in its life, and merging the same booking again changes nothing. Merged
// writes take no rev (the server has them). It returns how many bookings
// changed.
func (s *Store) MergeBookings(ctx context.Context, bs []bookings.Booking) (int, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("merge bookings: %w", err)
	}
	defer tx.Rollback()
	n := 0
	for _, got := range bs {
		var body []byte
		var phone sql.NullString
		err := tx.QueryRowContext(ctx, "SELECT body, phone FROM bookings WHERE code = ?", got.Code).Scan(&body, &phone)
		if errors.Is(err, sql.ErrNoRows) {
			if !got.Open() {
				got.Phone = ""
			}
			b, ph, start := bookingRow(got)
			if _, err := tx.ExecContext(ctx, "INSERT INTO bookings(code, service, day, start, status, phone, body, rev) VALUES(?, ?, ?, ?, ?, ?, ?, 0)",
				got.Code, got.Service, got.Day, start, string(got.Status), ph, b); err != nil {
				return 0, fmt.Errorf("merge booking %s: %w", got.Code, err)
			}
			n++
			continue
		}
		if err != nil {
			return 0, fmt.Errorf("merge booking %s: %w", got.Code, err)
		}
		var have bookings.Booking
		if err := json.Unmarshal(body, &have); err != nil {
			return 0, fmt.Errorf("merge booking %s: %w", got.Code, err)
		}
		have.Phone = phone.String
		m, changed := bookings.Merge(have, got)
		if !changed {
			continue
		}
		b, ph, _ := bookingRow(m)
		if _, err := tx.ExecContext(ctx, "UPDATE bookings SET status = ?, phone = ?, body = ? WHERE code = ?",
			string(m.Status), ph, b, m.Code); err != nil {
			return 0, fmt.Errorf("merge booking %s: %w", got.Code, err)
		}
		n++
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("merge bookings: %w", err)
	}
	return n, nil
}
