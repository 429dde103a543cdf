package db

// The web side's storage: supervisor accounts, server-side sessions, the
// shared signing key of the public pages and small read helpers for the
// report form. Kept in this file (and migration 0002) so that the ingest
// side's files stay untouched.

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Errors of the web side that callers branch on.
var (
	ErrSupervisorExists = errors.New("a supervisor with this name already exists")
	ErrNoSession        = errors.New("session is unknown or expired")
)

// Supervisor is an account that may read the reports. The password is
// kept only as PassHash, in a self-describing format chosen by the web
// package.
type Supervisor struct {
	ID          string
	Name        string // login name, lower-cased
	DisplayName string
	Office      string // "" = every office; otherwise the only office it sees
	PassHash    string
	CreatedAt   time.Time
	Failures    int       // failed logins since the last success or lock
	LockedUntil time.Time // zero when not locked
	Disabled    bool
}

// NormalizeLogin is how login names are compared: trimmed and lower-cased.
func NormalizeLogin(name string) string { return strings.ToLower(strings.TrimSpace(name)) }

// CreateSupervisor adds an account. It returns ErrSupervisorExists when the
// login name is taken.
func (d *DB) CreateSupervisor(ctx context.Context, s Supervisor) (Supervisor, error) {
	s.Name = NormalizeLogin(s.Name)
	if s.Name == "" || s.PassHash == "" {
		return Supervisor{}, errors.New("create supervisor: name and password hash are required")
	}
	if _, err := d.SupervisorByName(ctx, s.Name); err == nil {
		return Supervisor{}, fmt.Errorf("create supervisor %s: %w", s.Name, ErrSupervisorExists)
	}
	s.ID = "sv-" + randHex(8)
	s.CreatedAt = fromMS(ms(d.now()))
	_, err := d.sql.ExecContext(ctx, d.Rebind(`INSERT INTO supervisors(id, name, display_name, office_id, pass_hash, created_at)
		VALUES(?, ?, ?, ?, ?, ?) ON CONFLICT(name) DO NOTHING`), s.ID, s.Name, s.DisplayName, s.Office, s.PassHash, ms(s.CreatedAt))
	if err != nil {
		return Supervisor{}, fmt.Errorf("create supervisor: %w", err)
	}
	got, err := d.SupervisorByName(ctx, s.Name)
	if err != nil {
		return Supervisor{}, fmt.Errorf("create supervisor: %w", err)
	}
	if got.ID != s.ID { // lost a race with another process
		return Supervisor{}, fmt.Errorf("create supervisor %s: %w", s.Name, ErrSupervisorExists)
	}
	return got, nil
}

// SetSupervisorPassword replaces an account's password hash, clears its
// lock-out and ends its sessions.
func (d *DB) SetSupervisorPassword(ctx context.Context, name, passHash string) error {
	tx, err := d.sql.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("set password: %w", err)
	}
	defer tx.Rollback()
	var id string
	err = tx.QueryRowContext(ctx, d.Rebind("SELECT id FROM supervisors WHERE name = ?"), NormalizeLogin(name)).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("set password of %s: %w", name, ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("set password: %w", err)
	}
	if _, err := tx.ExecContext(ctx, d.Rebind("UPDATE supervisors SET pass_hash = ?, failures = 0, locked_until = 0 WHERE id = ?"), passHash, id); err != nil {
		return fmt.Errorf("set password: %w", err)
	}
	if _, err := tx.ExecContext(ctx, d.Rebind("DELETE FROM web_sessions WHERE supervisor_id = ?"), id); err != nil {
		return fmt.Errorf("set password: %w", err)
	}
	return tx.Commit()
}

const supervisorCols = "id, name, display_name, office_id, pass_hash, created_at, failures, locked_until, disabled_at"

func scanSupervisor(r scanner) (Supervisor, error) {
	var s Supervisor
	var created, locked int64
	var disabled sql.NullInt64
	if err := r.Scan(&s.ID, &s.Name, &s.DisplayName, &s.Office, &s.PassHash, &created, &s.Failures, &locked, &disabled); err != nil {
		return Supervisor{}, err
	}
	s.CreatedAt = fromMS(created)
	if locked > 0 {
		s.LockedUntil = fromMS(locked)
	}
	s.Disabled = disabled.Valid
	return s, nil
}

// SupervisorByName finds an account by login name (ErrNotFound if none).
func (d *DB) SupervisorByName(ctx context.Context, name string) (Supervisor, error) {
	s, err := scanSupervisor(d.sql.QueryRowContext(ctx, d.Rebind("SELECT "+supervisorCols+" FROM supervisors WHERE name = ?"), NormalizeLogin(name)))
	if errors.Is(err, sql.ErrNoRows) {
		return Supervisor{}, fmt.Errorf("supervisor %s: %w", name, ErrNotFound)
	}
	return s, err
}

// LoginFailed counts one failed login of an account. When the count
// reaches maxFailures the account is locked until now+lock and the count
// starts again. It is one UPDATE, so concurrent failures on several server
// processes are all counted. It returns the lock's end (zero if not locked).
func (d *DB) LoginFailed(ctx context.Context, id string, maxFailures int, lock time.Duration) (time.Time, error) {
	until := ms(d.now().Add(lock))
	_, err := d.sql.ExecContext(ctx, d.Rebind(`UPDATE supervisors SET
		locked_until = CASE WHEN failures + 1 >= ? THEN ? ELSE locked_until END,
		failures = CASE WHEN failures + 1 >= ? THEN 0 ELSE failures + 1 END
		WHERE id = ?`), maxFailures, until, maxFailures, id)
	if err != nil {
		return time.Time{}, fmt.Errorf("record failed login: %w", err)
	}
	var locked int64
	if err := d.sql.QueryRowContext(ctx, d.Rebind("SELECT locked_until FROM supervisors WHERE id = ?"), id).Scan(&locked); err != nil {
		return time.Time{}, fmt.Errorf("record failed login: %w", err)
	}
	if locked <= ms(d.now()) {
		return time.Time{}, nil
	}
	return fromMS(locked), nil
}

// LoginSucceeded clears an account's failure count and lock.
func (d *DB) LoginSucceeded(ctx context.Context, id string) error {
	_, err := d.sql.ExecContext(ctx, d.Rebind("UPDATE supervisors SET failures = 0, locked_until = 0 WHERE id = ?"), id)
	if err != nil {
		return fmt.Errorf("record login: %w", err)
	}
	return nil
}

// Session is a signed-in supervisor's server-side session.
type Session struct {
	IDHash     string // sha256 of the cookie's random id; the id itself is never stored
	Supervisor Supervisor
	CSRF       string
	CreatedAt  time.Time
	SeenAt     time.Time
	ExpiresAt  time.Time
}

// CreateSession stores a new session.
func (d *DB) CreateSession(ctx context.Context, s Session) error {
	_, err := d.sql.ExecContext(ctx, d.Rebind(`INSERT INTO web_sessions(id_hash, supervisor_id, csrf, created_at, seen_at, expires_at)
		VALUES(?, ?, ?, ?, ?, ?)`), s.IDHash, s.Supervisor.ID, s.CSRF, ms(s.CreatedAt), ms(s.SeenAt), ms(s.ExpiresAt))
	if err != nil {
		return fmt.Errorf("create session: %w", err)
	}
	return nil
}

// SessionByHash returns an unexpired session of an enabled account, or
// ErrNoSession.
func (d *DB) SessionByHash(ctx context.Context, idHash string) (Session, error) {
	var cols []string
	for _, c := range strings.Split(supervisorCols, ", ") {
		cols = append(cols, "s."+c)
	}
	row := d.sql.QueryRowContext(ctx, d.Rebind(`SELECT w.id_hash, w.csrf, w.created_at, w.seen_at, w.expires_at, `+strings.Join(cols, ", ")+`
		FROM web_sessions w JOIN supervisors s ON s.id = w.supervisor_id
		WHERE w.id_hash = ? AND w.expires_at > ? AND s.disabled_at IS NULL`), idHash, ms(d.now()))
	var s Session
	var created, seen, expires int64
	var sv Supervisor
	var svCreated, locked int64
	var disabled sql.NullInt64
	err := row.Scan(&s.IDHash, &s.CSRF, &created, &seen, &expires,
		&sv.ID, &sv.Name, &sv.DisplayName, &sv.Office, &sv.PassHash, &svCreated, &sv.Failures, &locked, &disabled)
	if errors.Is(err, sql.ErrNoRows) {
		return Session{}, ErrNoSession
	}
	if err != nil {
		return Session{}, fmt.Errorf("session: %w", err)
	}
	sv.CreatedAt = fromMS(svCreated)
	if locked > 0 {
		sv.LockedUntil = fromMS(locked)
	}
	s.Supervisor = sv
	s.CreatedAt, s.SeenAt, s.ExpiresAt = fromMS(created), fromMS(seen), fromMS(expires)
	return s, nil
}

// TouchSession records a session's use and moves its expiry; the caller
// caps expires at the session's absolute lifetime.
func (d *DB) TouchSession(ctx context.Context, idHash string, seen, expires time.Time) error {
	_, err := d.sql.ExecContext(ctx, d.Rebind("UPDATE web_sessions SET seen_at = ?, expires_at = ? WHERE id_hash = ?"), ms(seen), ms(expires), idHash)
	if err != nil {
		return fmt.Errorf("touch session: %w", err)
	}
	return nil
}

// DeleteSession ends a session (logout). Deleting an unknown one is not an
// error.
func (d *DB) DeleteSession(ctx context.Context, idHash string) error {
	if _, err := d.sql.ExecContext(ctx, d.Rebind("DELETE FROM web_sessions WHERE id_hash = ?"), idHash); err != nil {
		return fmt.Errorf("delete session: %w", err)
	}
	return nil
}

// DeleteExpiredSessions removes sessions past their expiry and returns how
// many went.
func (d *DB) DeleteExpiredSessions(ctx context.Context) (int64, error) {
	res, err := d.sql.ExecContext(ctx, d.Rebind("DELETE FROM web_sessions WHERE expires_at <= ?"), ms(d.now()))
	if err != nil {
		return 0, fmt.Errorf("delete expired sessions: %w", err)
	}
	return res.RowsAffected()
}

// WebKey returns the 32-byte secret called name, creating it on first use.
// Every server process on the database gets the same secret.
func (d *DB) WebKey(ctx context.Context, name string) ([]byte, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return nil, fmt.Errorf("web key: %w", err)
	}
	_, err := d.sql.ExecContext(ctx, d.Rebind("INSERT INTO web_keys(name, secret, created_at) VALUES(?, ?, ?) ON CONFLICT(name) DO NOTHING"),
		name, base64.StdEncoding.EncodeToString(b), ms(d.now()))
	if err != nil {
		return nil, fmt.Errorf("web key: %w", err)
	}
	var s string
	if err := d.sql.QueryRowContext(ctx, d.Rebind("SELECT secret FROM web_keys WHERE name = ?"), name).Scan(&s); err != nil {
		return nil, fmt.Errorf("web key: %w", err)
	}
	key, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		return nil, fmt.Errorf("web key %s: %w", name, err)
	}
	return key, nil
}

// HasRating reports whether a ticket already has a rating from any source.
func (d *DB) HasRating(ctx context.Context, office, ticketID string) (bool, error) {
	var n int
	err := d.sql.QueryRowContext(ctx, d.Rebind("SELECT count(*) FROM ratings WHERE office_id = ? AND ticket_id = ?"), office, ticketID).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("has rating: %w", err)
	}
	return n > 0, nil
}

// Choices are the values a report form offers for a date range.
type Choices struct {
	Officers []string
	Services []string
}

// FilterChoices lists the officers and services seen in tickets of f's
// date range and office (f.Officer and f.Service are ignored), read from
// the roll-ups like the rest of a report: the month rows for the whole
// months of the range, the day rows for the days at its ends (Rollups'
// split), so a national month reads one row per office, month and key
// instead of one per day.
func (d *DB) FilterChoices(ctx context.Context, f Filter) (Choices, error) {
	f.Officer, f.Service = "", ""
	sp := spanOf(f)
	var parts []choicePart
	if sp.months != nil {
		parts = append(parts, choicePart{monthLevel, *sp.months})
	}
	for _, df := range sp.days {
		parts = append(parts, choicePart{dayLevel, df})
	}
	return d.choices(ctx, parts)
}

// FilterChoiceDays is FilterChoices from the day rows alone, as before the
// month level: for comparing.
func (d *DB) FilterChoiceDays(ctx context.Context, f Filter) (Choices, error) {
	f.Officer, f.Service = "", ""
	return d.choices(ctx, []choicePart{{dayLevel, f}})
}

// choicePart is a level's rows of a filter.
type choicePart struct {
	lv level
	f  Filter
}

func (d *DB) choices(ctx context.Context, parts []choicePart) (Choices, error) {
	var c Choices
	for _, q := range []struct {
		col string
		out *[]string
	}{{"officer", &c.Officers}, {"service", &c.Services}} {
		seen := map[string]bool{}
		for _, p := range parts {
			if err := d.choiceRows(ctx, p.lv, p.f, q.col, seen); err != nil {
				return Choices{}, err
			}
		}
		for v := range seen {
			*q.out = append(*q.out, v)
		}
		slices.Sort(*q.out)
	}
	return c, nil
}

// choiceRows adds to seen the distinct values of col in lv's rows of f
// that have tickets.
func (d *DB) choiceRows(ctx context.Context, lv level, f Filter, col string, seen map[string]bool) error {
	where, args := f.where(lv.col)
	cond := " WHERE "
	if where != "" {
		cond = where + " AND "
	}
	rows, err := d.sql.QueryContext(ctx, d.Rebind("SELECT DISTINCT "+col+" FROM "+lv.table+cond+"tickets > 0 AND "+col+" <> ''"), args...)
	if err != nil {
		return fmt.Errorf("filter choices: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return fmt.Errorf("filter choices: %w", err)
		}
		seen[v] = true
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("filter choices: %w", err)
	}
	return nil
}
