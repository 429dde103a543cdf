package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"embed"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/motcua-kiosk/motcua/kiosk/queue"
	_ "modernc.org/sqlite" // the driver; this package is its only importer
)

//go:embed migrations/*.sql
var migrations embed.FS

// Store is an open office database. Its methods are safe for concurrent use.
type Store struct {
	db       *sql.DB
	path     string
	deviceID string
	// Statements of the hot path, prepared once.
	upsertTicket, upsertCounter, insertRating, insertOutbox *sql.Stmt
}

// ErrNotFound is returned when a looked-up row does not exist.
var ErrNotFound = errors.New("not found")

// Open opens (creating if needed) the database file at path, runs the
// migrations that are missing, and returns the store.
func Open(path string) (*Store, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return nil, fmt.Errorf("open store: %w", err)
	}
	q := url.Values{}
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(FULL)")
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "foreign_keys(1)")
	// A booking's phone number is erased when the booking ends: overwrite
	// what is deleted or updated rather than leave it in free pages.
	q.Add("_pragma", "secure_delete(1)")
	q.Set("_txlock", "immediate")
	db, err := sql.Open("sqlite", path+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	db.SetMaxOpenConns(4)
	s := &Store{db: db, path: path}
	if err := s.migrate(); err != nil {
		db.Close()
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	if s.deviceID, err = s.ensureDeviceID(); err != nil {
		db.Close()
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	if err := s.prepare(); err != nil {
		db.Close()
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	return s, nil
}

func (s *Store) prepare() error {
	for _, p := range []struct {
		stmt **sql.Stmt
		sql  string
	}{
		{&s.upsertTicket, `INSERT INTO tickets(id, day, number, service, status, body) VALUES(?, ?, ?, ?, ?, ?)
			ON CONFLICT(id) DO UPDATE SET service = excluded.service, status = excluded.status, body = excluded.body`},
		{&s.upsertCounter, "INSERT INTO counters(number, body) VALUES(?, ?) ON CONFLICT(number) DO UPDATE SET body = excluded.body"},
		{&s.insertRating, "INSERT INTO ratings(ticket_id, day, body) VALUES(?, ?, ?)"},
		{&s.insertOutbox, "INSERT INTO outbox(kind, at, body) VALUES(?, ?, ?)"},
	} {
		st, err := s.db.Prepare(p.sql)
		if err != nil {
			return err
		}
		*p.stmt = st
	}
	return nil
}

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

// Path is the database file.
func (s *Store) Path() string { return s.path }

// DeviceID is this office database's stable random identity; outbox events
// are named DeviceID:seq.
func (s *Store) DeviceID() string { return s.deviceID }

// SchemaVersion is the number of migrations applied.
func (s *Store) SchemaVersion() (int, error) {
	var v int
	err := s.db.QueryRow("PRAGMA user_version").Scan(&v)
	return v, err
}

func (s *Store) migrate() error {
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	var have int
	if err := s.db.QueryRow("PRAGMA user_version").Scan(&have); err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	if have > len(names) {
		return fmt.Errorf("database schema %d is newer than this program (%d): upgrade the program", have, len(names))
	}
	for i := have; i < len(names); i++ {
		body, err := migrations.ReadFile(names[i])
		if err != nil {
			return err
		}
		tx, err := s.db.Begin()
		if err != nil {
			return err
		}
		if _, err := tx.Exec(string(body)); err != nil {
			tx.Rollback()
			return fmt.Errorf("migration %s: %w", names[i], err)
		}
		if _, err := tx.Exec("PRAGMA user_version = " + strconv.Itoa(i+1)); err != nil {
			tx.Rollback()
			return fmt.Errorf("migration %s: %w", names[i], err)
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("migration %s: %w", names[i], err)
		}
	}
	return nil
}

func (s *Store) ensureDeviceID() (string, error) {
	id, err := s.Meta(context.Background(), "device_id")
	if err == nil {
		return id, nil
	}
	if !errors.Is(err, ErrNotFound) {
		return "", err
	}
	b := make([]byte, 8)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	id = "hub-" + hex.EncodeToString(b)
	_, err = s.db.Exec("INSERT INTO meta(key, value) VALUES('device_id', ?) ON CONFLICT(key) DO NOTHING", id)
	if err != nil {
		return "", err
	}
	return s.Meta(context.Background(), "device_id")
}

// Meta reads a key of the meta table (settings that are not the queue
// config: sync URL, credentials, admin PIN hash...).
func (s *Store) Meta(ctx context.Context, key string) (string, error) {
	var v string
	err := s.db.QueryRowContext(ctx, "SELECT value FROM meta WHERE key = ?", key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("meta %s: %w", key, ErrNotFound)
	}
	return v, err
}

// SetMeta writes a key of the meta table.
func (s *Store) SetMeta(ctx context.Context, key, value string) error {
	_, err := s.db.ExecContext(ctx, "INSERT INTO meta(key, value) VALUES(?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value", key, value)
	if err != nil {
		return fmt.Errorf("set meta %s: %w", key, err)
	}
	return nil
}

// Config returns the stored queue configuration, or queue.DefaultConfig
// when none has been saved.
func (s *Store) Config(ctx context.Context) (queue.Config, error) {
	v, err := s.Meta(ctx, "config")
	if errors.Is(err, ErrNotFound) {
		return queue.DefaultConfig(), nil
	}
	if err != nil {
		return queue.Config{}, err
	}
	var c queue.Config
	if err := json.Unmarshal([]byte(v), &c); err != nil {
		return queue.Config{}, fmt.Errorf("stored config: %w", err)
	}
	return c, nil
}

// SaveConfig validates and stores the queue configuration.
func (s *Store) SaveConfig(ctx context.Context, c queue.Config) error {
	if err := c.Validate(); err != nil {
		return err
	}
	b, err := json.Marshal(c)
	if err != nil {
		return err
	}
	return s.SetMeta(ctx, "config", string(b))
}

// Commit writes the effect of queue events in one durable transaction:
// ticket and counter snapshots are upserted, ratings inserted (a second
// rating of a ticket fails the whole commit), and every event is appended
// to the outbox. Nothing is written when it returns an error.
func (s *Store) Commit(ctx context.Context, events []queue.Event) error {
	if len(events) == 0 {
		return nil
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("commit: begin: %w", err)
	}
	defer tx.Rollback()
	if err := s.writeEvents(ctx, tx, events); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// writeEvents is Commit's work inside tx, shared with the writes that
// must commit queue events together with their own rows (a booking's
// check-in).
func (s *Store) writeEvents(ctx context.Context, tx *sql.Tx, events []queue.Event) error {
	ticket, outbox := tx.StmtContext(ctx, s.upsertTicket), tx.StmtContext(ctx, s.insertOutbox)
	counter, rating := tx.StmtContext(ctx, s.upsertCounter), tx.StmtContext(ctx, s.insertRating)
	for _, ev := range events {
		if t := ev.Ticket; t != nil {
			body, _ := json.Marshal(t)
			if _, err := ticket.ExecContext(ctx, t.ID, t.Day, t.Number, t.Service, string(t.Status), body); err != nil {
				return fmt.Errorf("commit ticket %s: %w", t.ID, err)
			}
		}
		if c := ev.Counter; c != nil {
			body, _ := json.Marshal(c)
			if _, err := counter.ExecContext(ctx, c.Number, body); err != nil {
				return fmt.Errorf("commit counter %d: %w", c.Number, err)
			}
		}
		if r := ev.Rating; r != nil {
			body, _ := json.Marshal(r)
			if _, err := rating.ExecContext(ctx, r.TicketID, r.Day, body); err != nil {
				return fmt.Errorf("commit rating of %s: %w", r.TicketID, err)
			}
		}
		body, err := json.Marshal(ev)
		if err != nil {
			return fmt.Errorf("commit: encode event: %w", err)
		}
		if _, err := outbox.ExecContext(ctx, string(ev.Kind), ev.At.UTC().Format(time.RFC3339Nano), body); err != nil {
			return fmt.Errorf("commit outbox: %w", err)
		}
	}
	return nil
}

// Load returns what the engine needs after a restart: the tickets of day
// and later days, every still-active ticket of earlier days, and the
// counters' states.
func (s *Store) Load(ctx context.Context, day string) ([]queue.Ticket, []queue.CounterState, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT body FROM tickets WHERE day >= ? OR status IN ('waiting', 'called', 'serving') ORDER BY day, id`, day)
	if err != nil {
		return nil, nil, fmt.Errorf("load tickets: %w", err)
	}
	tickets, err := scanJSON[queue.Ticket](rows)
	if err != nil {
		return nil, nil, fmt.Errorf("load tickets: %w", err)
	}
	rows, err = s.db.QueryContext(ctx, "SELECT body FROM counters ORDER BY number")
	if err != nil {
		return nil, nil, fmt.Errorf("load counters: %w", err)
	}
	counters, err := scanJSON[queue.CounterState](rows)
	if err != nil {
		return nil, nil, fmt.Errorf("load counters: %w", err)
	}
	return tickets, counters, nil
}

// Tickets returns the tickets of one service day in number order.
func (s *Store) Tickets(ctx context.Context, day string) ([]queue.Ticket, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT body FROM tickets WHERE day = ? ORDER BY id", day)
	if err != nil {
		return nil, fmt.Errorf("tickets of %s: %w", day, err)
	}
	return scanJSON[queue.Ticket](rows)
}

// Ratings returns the ratings given on one service day.
func (s *Store) Ratings(ctx context.Context, day string) ([]queue.Rating, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT body FROM ratings WHERE day = ? ORDER BY ticket_id", day)
	if err != nil {
		return nil, fmt.Errorf("ratings of %s: %w", day, err)
	}
	return scanJSON[queue.Rating](rows)
}

func scanJSON[T any](rows *sql.Rows) ([]T, error) {
	defer rows.Close()
	var out []T
	for rows.Next() {
		var b []byte
		if err := rows.Scan(&b); err != nil {
			return nil, err
		}
		var v T
		if err := json.Unmarshal(b, &v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// isUnique reports whether err is a UNIQUE or PRIMARY KEY violation.
func isUnique(err error) bool {
	return err != nil && strings.Contains(err.Error(), "UNIQUE constraint failed")
}
