package db

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // PostgreSQL driver "pgx"; only this package imports it
	_ "modernc.org/sqlite"             // SQLite driver "sqlite"; only this package imports it
)

//go:embed migrations
var migrations embed.FS

// Dialect names a database backend.
type Dialect string

// The two backends. Behaviour is the same on both; only SQL spelling differs.
const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// Errors callers branch on.
var (
	ErrNotFound  = errors.New("not found")
	ErrBadCode   = errors.New("enrollment code is wrong, expired or already used")
	ErrBadToken  = errors.New("device credential is unknown or revoked")
	ErrBadDSN    = errors.New("database must be sqlite:PATH or a postgres:// URL")
	ErrBadDevice = errors.New("device id must be 1-64 letters, digits, '-', '_' or '.'")
)

// DB is the central server's database. Its methods are safe for concurrent
// use by many goroutines and, on PostgreSQL, by many server processes.
type DB struct {
	sql     *sql.DB
	dialect Dialect
	now     func() time.Time
	// writeMu queues this process's SQLite writers in Go: SQLite allows one
	// writer, and its busy handler waits by sleeping, which wastes most of a
	// contended second. PostgreSQL writers run concurrently.
	writeMu sync.Mutex
	stmts   stmtCache   // prepared ingest statements (ingest.go)
	queue   ingestQueue // SQLite batches waiting for writeMu (ingest.go)
}

// Open connects to dsn ("sqlite:PATH", "sqlite://PATH" or
// "postgres://..."/"postgresql://..."), applies the embedded migrations
// that are missing, and returns the database.
func Open(ctx context.Context, dsn string) (*DB, error) {
	var (
		d   *DB
		err error
	)
	switch {
	case strings.HasPrefix(dsn, "postgres://"), strings.HasPrefix(dsn, "postgresql://"):
		d, err = openPostgres(dsn)
	case strings.HasPrefix(dsn, "sqlite:"):
		path := strings.TrimPrefix(strings.TrimPrefix(dsn, "sqlite:"), "//")
		d, err = openSQLite(path)
	default:
		return nil, fmt.Errorf("open database %q: %w", dsn, ErrBadDSN)
	}
	if err != nil {
		return nil, err
	}
	if err := d.migrate(ctx); err != nil {
		d.Close()
		return nil, fmt.Errorf("open database: %w", err)
	}
	return d, nil
}

func openSQLite(path string) (*DB, error) {
	if path == "" {
		return nil, fmt.Errorf("open database: %w", ErrBadDSN)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	q := url.Values{}
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(FULL)") // an acknowledged batch survives a power cut
	q.Add("_pragma", "busy_timeout(15000)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Set("_txlock", "immediate")
	s, err := sql.Open("sqlite", path+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	s.SetMaxOpenConns(4)
	s.SetMaxIdleConns(4)
	return &DB{sql: s, dialect: SQLite, now: time.Now}, nil
}

func openPostgres(dsn string) (*DB, error) {
	s, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	s.SetMaxOpenConns(16)
	s.SetMaxIdleConns(16)
	s.SetConnMaxIdleTime(5 * time.Minute)
	return &DB{sql: s, dialect: Postgres, now: time.Now}, nil
}

// Close closes the connection pool.
func (d *DB) Close() error {
	d.stmts.close()
	return d.sql.Close()
}

// Dialect tells which backend this is.
func (d *DB) Dialect() Dialect { return d.dialect }

// SQL is the underlying pool, for read-only report queries that this
// package does not offer. Write queries with '?' placeholders and pass them
// through Rebind.
func (d *DB) SQL() *sql.DB { return d.sql }

// Ping checks that the database answers (used by /healthz).
func (d *DB) Ping(ctx context.Context) error { return d.sql.PingContext(ctx) }

// SetClock replaces the clock (tests).
func (d *DB) SetClock(now func() time.Time) { d.now = now }

// Rebind turns '?' placeholders into the backend's spelling ($1, $2... on
// PostgreSQL). Queries must not contain a literal '?'.
func (d *DB) Rebind(q string) string {
	if d.dialect != Postgres {
		return q
	}
	var b strings.Builder
	b.Grow(len(q) + 16)
	n := 0
	for i := 0; i < len(q); i++ {
		if q[i] == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(q[i])
	}
	return b.String()
}

// SchemaVersion is the number of migrations applied.
func (d *DB) SchemaVersion(ctx context.Context) (int, error) {
	var v sql.NullInt64
	err := d.sql.QueryRowContext(ctx, "SELECT max(version) FROM schema_migrations").Scan(&v)
	return int(v.Int64), err
}

// migrate applies the missing migration files in one transaction. On
// PostgreSQL an advisory lock makes concurrent server starts wait for each
// other; on SQLite the immediate transaction does.
func (d *DB) migrate(ctx context.Context) error {
	dir := "migrations/" + string(d.dialect)
	names, err := fs.Glob(migrations, dir+"/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	tx, err := d.sql.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	defer tx.Rollback()
	if d.dialect == Postgres {
		if _, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock(727401)"); err != nil {
			return fmt.Errorf("migrate: lock: %w", err)
		}
	}
	if _, err := tx.ExecContext(ctx, "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)"); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	var have sql.NullInt64
	if err := tx.QueryRowContext(ctx, "SELECT max(version) FROM schema_migrations").Scan(&have); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	if int(have.Int64) > len(names) {
		return fmt.Errorf("database schema %d is newer than this program (%d): upgrade the program", have.Int64, len(names))
	}
	for i := int(have.Int64); i < len(names); i++ {
		body, err := migrations.ReadFile(names[i])
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, string(body)); err != nil {
			return fmt.Errorf("migration %s: %w", names[i], err)
		}
		if _, err := tx.ExecContext(ctx, d.Rebind("INSERT INTO schema_migrations(version, applied_at) VALUES(?, ?)"), i+1, d.now().UnixMilli()); err != nil {
			return fmt.Errorf("migration %s: %w", names[i], err)
		}
	}
	return tx.Commit()
}

// ms converts a time to the schema's Unix milliseconds.
func ms(t time.Time) int64 { return t.UnixMilli() }

// msPtr converts an optional time; nil stays NULL.
func msPtr(t *time.Time) any {
	if t == nil || t.IsZero() {
		return nil
	}
	return t.UnixMilli()
}

// fromMS converts schema milliseconds back to a UTC time.
func fromMS(v int64) time.Time { return time.UnixMilli(v).UTC() }

func fromNullMS(v sql.NullInt64) *time.Time {
	if !v.Valid {
		return nil
	}
	t := fromMS(v.Int64)
	return &t
}
