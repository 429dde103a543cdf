package bookings

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"time"

	kb "github.com/motcua-kiosk/motcua/kiosk/bookings"
	"github.com/motcua-kiosk/motcua/kiosk/queue"
	"github.com/motcua-kiosk/motcua/kiosk/wire"
	"github.com/motcua-kiosk/motcua/server/db"
)

// Errors callers branch on.
var (
	// ErrNoOffice: the office takes no bookings here (its hub has put no
	// rules, or rules with no bookable service).
	ErrNoOffice = errors.New("office takes no bookings on the central server")
	// ErrPhoneMismatch: a cancel gave a phone number that is not the
	// booking's.
	ErrPhoneMismatch = errors.New("phone number is not the booking's")
)

// ReleaseGrace is how long after a booking's check-in window the server
// releases it (erasing its phone number) if its hub has not said how it
// ended: the hub decides a booking's end, the server only makes sure a
// silent hub does not leave a phone number on the server.
const ReleaseGrace = time.Hour

// Options configure New.
type Options struct {
	Now    func() time.Time // default time.Now
	Rand   io.Reader        // source of booking codes; default crypto/rand
	Logger *slog.Logger
}

// Service is the server's bookings over its database.
type Service struct {
	db  *db.DB
	opt Options
	log *slog.Logger
}

// New returns the bookings service over d.
func New(d *db.DB, opt Options) *Service {
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.Logger == nil {
		opt.Logger = slog.Default()
	}
	return &Service{db: d, opt: opt, log: opt.Logger}
}

// Office is an office as the booking page shows it.
type Office struct {
	ID     string
	Name   string // the hub's office name, else the server's
	NameEN string
	Config queue.Config
	Rules  kb.Rules
}

// Location is the office's zone: every time the citizen reads is in it.
func (o Office) Location() *time.Location { return o.Config.Location() }

// Bookable lists the services that take bookings, in the config's order.
func (o Office) Bookable() []queue.Service {
	var out []queue.Service
	for _, s := range o.Config.Services {
		if _, ok := o.Rules.Service(s.Code); ok && !s.Disabled {
			out = append(out, s)
		}
	}
	return out
}

// PutRules stores the office's configuration and booking rules, after
// validating them together; the server books under them from now on.
func (s *Service) PutRules(ctx context.Context, office string, cfg queue.Config, r kb.Rules) error {
	if err := r.Validate(cfg); err != nil {
		return err
	}
	c, _ := json.Marshal(cfg)
	j, _ := json.Marshal(r)
	q := s.db.Rebind(`INSERT INTO booking_offices(office_id, config, rules, updated_at) VALUES(?, ?, ?, ?)
		ON CONFLICT(office_id) DO UPDATE SET config = excluded.config, rules = excluded.rules, updated_at = excluded.updated_at`)
	if _, err := s.db.SQL().ExecContext(ctx, q, office, string(c), string(j), s.opt.Now().UnixMilli()); err != nil {
		return fmt.Errorf("put booking rules of %s: %w", office, err)
	}
	return nil
}

// Office returns an office that takes bookings, or ErrNoOffice.
func (s *Service) Office(ctx context.Context, id string) (Office, error) {
	o, err := s.office(ctx, s.db.SQL(), id, false)
	if err == nil && len(o.Bookable()) == 0 {
		return Office{}, fmt.Errorf("office %s: %w", id, ErrNoOffice)
	}
	return o, err
}

func (s *Service) office(ctx context.Context, q querier, id string, lock bool) (Office, error) {
	sqlq := "SELECT o.name, b.config, b.rules FROM booking_offices b JOIN offices o ON o.id = b.office_id WHERE b.office_id = ?"
	if lock && s.db.Dialect() == db.Postgres {
		sqlq += " FOR UPDATE OF b"
	}
	var name, cfg, rules string
	err := q.QueryRowContext(ctx, s.db.Rebind(sqlq), id).Scan(&name, &cfg, &rules)
	if errors.Is(err, sql.ErrNoRows) {
		return Office{}, fmt.Errorf("office %s: %w", id, ErrNoOffice)
	}
	if err != nil {
		return Office{}, fmt.Errorf("office %s: %w", id, err)
	}
	o := Office{ID: id, Name: name}
	if err := json.Unmarshal([]byte(cfg), &o.Config); err != nil {
		return Office{}, fmt.Errorf("office %s: config: %w", id, err)
	}
	if err := json.Unmarshal([]byte(rules), &o.Rules); err != nil {
		return Office{}, fmt.Errorf("office %s: rules: %w", id, err)
	}
	if o.Config.Office.Name != "" {
		o.Name = o.Config.Office.Name
	}
	o.NameEN = o.Config.Office.NameEN
	return o, nil
}

// Offices lists the offices that take bookings, by name.
func (s *Service) Offices(ctx context.Context) ([]Office, error) {
	rows, err := s.db.SQL().QueryContext(ctx, "SELECT office_id FROM booking_offices")
	if err != nil {
		return nil, fmt.Errorf("booking offices: %w", err)
	}
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, err
		}
		ids = append(ids, id)
	}
	rows.Close()
	var out []Office
	for _, id := range ids {
		o, err := s.Office(ctx, id)
		if errors.Is(err, ErrNoOffice) {
			continue
		}
		if err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	slices.SortFunc(out, func(a, b Office) int { return compare(a.Name, b.Name) })
	return out, nil
}

func compare(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// desk is the office's kiosk/bookings Desk over st.
func (s *Service) desk(o Office, st *Store, now func() time.Time) (*kb.Desk, error) {
	d, err := kb.NewDesk(st, o.Config, o.Rules, now)
	if err != nil {
		return nil, fmt.Errorf("office %s: stored rules: %w", o.ID, err)
	}
	d.SetRand(s.opt.Rand)
	return d, nil
}

// Free lists service's slots on day with their free places.
func (s *Service) Free(ctx context.Context, office, service, day string) ([]kb.Availability, error) {
	o, err := s.Office(ctx, office)
	if err != nil {
		return nil, err
	}
	d, err := s.desk(o, &Store{q: s.db.SQL(), d: s.db, office: office, src: srcServer}, s.opt.Now)
	if err != nil {
		return nil, err
	}
	return d.Free(ctx, service, day)
}

// write runs fn in one transaction that first takes the office's row: the
// office's writes are serialised across server processes, and fn's error
// leaves nothing behind.
func (s *Service) write(ctx context.Context, office, src string, fn func(o Office, st *Store) error) error {
	tx, err := s.db.SQL().BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("bookings of %s: %w", office, err)
	}
	defer tx.Rollback()
	o, err := s.office(ctx, tx, office, true)
	if err != nil {
		return err
	}
	if err := fn(o, &Store{q: tx, d: s.db, office: office, src: src}); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("bookings of %s: %w", office, err)
	}
	return nil
}

// Book makes a phone booking of service at the slot starting at start,
// for phone, under the office's rules (kiosk/bookings.Desk.Book: the
// window, the slot's places, the per-phone limit). A refused request is a
// *kiosk/bookings.RequestError that bookings.Message words.
func (s *Service) Book(ctx context.Context, office, service string, start time.Time, phone string) (kb.Booking, error) {
	var b kb.Booking
	err := s.write(ctx, office, srcServer, func(o Office, st *Store) error {
		d, err := s.desk(o, st, s.opt.Now)
		if err != nil {
			return err
		}
		b, err = d.Book(ctx, kb.Request{Service: service, Start: start, Phone: phone, Channel: kb.ChannelPhone})
		return err
	})
	return b, err
}

// Lookup finds a booking by its code (as ParseCode reads it) and the
// office it belongs to. A code is unique among the server's own
// bookings; should a hub's desk code equal one, the phone booking wins.
func (s *Service) Lookup(ctx context.Context, code string) (string, kb.Booking, error) {
	rows, err := s.db.SQL().QueryContext(ctx, s.db.Rebind("SELECT body, phone, office_id FROM bookings WHERE code = ? ORDER BY channel DESC"), code)
	if err != nil {
		return "", kb.Booking{}, fmt.Errorf("booking %s: %w", code, err)
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return "", kb.Booking{}, err
		}
		return "", kb.Booking{}, fmt.Errorf("booking %s: %w", code, kb.ErrNotFound)
	}
	var office string
	b, err := scan(rows, &office)
	return office, b, err
}

// Cancel cancels the open booking with code at the citizen's request; the
// phone number must be the booking's (ErrPhoneMismatch), so that a code
// seen over a shoulder cannot cancel someone's place. The number is
// erased in the same write.
func (s *Service) Cancel(ctx context.Context, code, phone string) (kb.Booking, error) {
	c, err := kb.ParseCode(code)
	if err != nil {
		return kb.Booking{}, err
	}
	p, err := kb.NormalizePhone(phone)
	if err != nil {
		return kb.Booking{}, &kb.RequestError{Field: "phone", Err: err}
	}
	office, b, err := s.Lookup(ctx, c)
	if err != nil {
		return kb.Booking{}, err
	}
	if !b.Open() {
		return b, fmt.Errorf("cancel %s: %w", c, kb.ErrNotOpen)
	}
	if b.Phone != p {
		return kb.Booking{}, fmt.Errorf("cancel %s: %w", c, ErrPhoneMismatch)
	}
	err = s.write(ctx, office, srcServer, func(o Office, st *Store) error {
		d, err := s.desk(o, st, s.opt.Now)
		if err != nil {
			return err
		}
		b, err = d.Cancel(ctx, c)
		return err
	})
	return b, err
}

// Push merges the hub's bookings (desk bookings, status changes) for
// office by kiosk/bookings.Merge and returns how many changed something.
// A desk booking is kept even when the server has meanwhile given the
// slot's last place to a phone booking: the hub is where the citizen is
// served, and both bookings stand (docs/bookings.md).
func (s *Service) Push(ctx context.Context, office string, bs []kb.Booking) (int, error) {
	for _, b := range bs {
		if err := checkPushed(b); err != nil {
			return 0, err
		}
	}
	n := 0
	err := s.write(ctx, office, srcHub, func(_ Office, st *Store) error {
		n = 0
		for _, got := range bs {
			if !got.Open() {
				got.Phone = ""
			}
			have, err := st.Booking(ctx, got.Code)
			if errors.Is(err, kb.ErrNotFound) {
				if err := st.AddBooking(ctx, got); err != nil {
					return err
				}
				n++
				continue
			}
			if err != nil {
				return err
			}
			if m, changed := kb.Merge(have, got); changed {
				if err := st.UpdateBooking(ctx, m, nil); err != nil {
					return err
				}
				n++
			}
		}
		return nil
	})
	return n, err
}

// ErrBadPush wraps what is wrong with a pushed booking.
var ErrBadPush = errors.New("invalid pushed booking")

func checkPushed(b kb.Booking) error {
	bad := func(why string) error { return fmt.Errorf("%w %q: %s", ErrBadPush, b.Code, why) }
	if _, err := kb.ParseCode(b.Code); err != nil {
		return bad("code: " + err.Error())
	}
	if _, err := time.Parse(time.DateOnly, b.Day); err != nil {
		return bad("day is not YYYY-MM-DD")
	}
	switch {
	case b.Service == "" || len(b.Service) > 8:
		return bad("service")
	case b.Start.IsZero() || !b.End.After(b.Start):
		return bad("start and end")
	case b.Channel != kb.ChannelDesk && b.Channel != kb.ChannelPhone:
		return bad("channel")
	case b.Status != kb.StatusBooked && b.Status != kb.StatusCheckedIn && b.Status != kb.StatusCancelled && b.Status != kb.StatusReleased:
		return bad("status")
	case len(b.Phone) > 16 || len(b.TicketID) > 128:
		return bad("phone or ticket id too long")
	}
	return nil
}

// Changes returns up to limit of the changes the server made to office's
// bookings (phone bookings, cancellations, releases) after change number
// after, in order: what the hub pulls.
func (s *Service) Changes(ctx context.Context, office string, after int64, limit int) (wire.BookingChanges, error) {
	if limit <= 0 || limit > wire.MaxBookingBatch {
		limit = wire.MaxBookingBatch
	}
	rows, err := s.db.SQL().QueryContext(ctx, s.db.Rebind("SELECT body, phone, seq FROM bookings WHERE office_id = ? AND seq > ? AND src = ? ORDER BY seq LIMIT ?"),
		office, after, srcServer, limit+1)
	if err != nil {
		return wire.BookingChanges{}, fmt.Errorf("booking changes of %s: %w", office, err)
	}
	defer rows.Close()
	out := wire.BookingChanges{Bookings: []kb.Booking{}, Next: after}
	for rows.Next() {
		var seq int64
		b, err := scan(rows, &seq)
		if err != nil {
			return wire.BookingChanges{}, err
		}
		if len(out.Bookings) == limit {
			out.More = true
			break
		}
		out.Bookings, out.Next = append(out.Bookings, b), seq
	}
	return out, rows.Err()
}

// Release releases, in every office, the open bookings whose check-in
// window ended more than ReleaseGrace ago, erasing their phone numbers,
// and returns how many. cmd/server runs it on a timer.
func (s *Service) Release(ctx context.Context) (int, error) {
	cut := s.opt.Now().Add(-ReleaseGrace)
	rows, err := s.db.SQL().QueryContext(ctx, s.db.Rebind("SELECT DISTINCT office_id FROM bookings WHERE status = 'booked' AND start_at < ?"), cut.UnixMilli())
	if err != nil {
		return 0, fmt.Errorf("release bookings: %w", err)
	}
	var offices []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return 0, err
		}
		offices = append(offices, id)
	}
	rows.Close()
	n := 0
	for _, office := range offices {
		err := s.write(ctx, office, srcServer, func(o Office, st *Store) error {
			d, err := s.desk(o, st, func() time.Time { return cut })
			if err != nil {
				return err
			}
			rel, err := d.Release(ctx)
			n += len(rel)
			return err
		})
		if err != nil && !errors.Is(err, ErrNoOffice) {
			return n, err
		}
	}
	return n, nil
}

// Run releases overdue bookings every interval until ctx ends.
func (s *Service) Run(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if n, err := s.Release(ctx); err != nil && ctx.Err() == nil {
			s.log.Warn("release overdue bookings", "err", err)
		} else if n > 0 {
			s.log.Info("released overdue bookings; their phone numbers are erased", "bookings", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
