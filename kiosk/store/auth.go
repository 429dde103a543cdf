package store

import (
	"context"
	"crypto/pbkdf2"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"math/big"
	"strconv"
	"strings"
	"time"
)

// Roles a paired device can have.
const (
	RoleDispenser = "dispenser"
	RoleDesk      = "desk"
	RoleDisplay   = "display"
	RoleRating    = "rating"
	RoleAdmin     = "admin"
)

// ValidRole reports whether r is one of the roles.
func ValidRole(r string) bool {
	switch r {
	case RoleDispenser, RoleDesk, RoleDisplay, RoleRating, RoleAdmin:
		return true
	}
	return false
}

// Errors of pairing and sign-in.
var (
	ErrBadCode      = errors.New("pairing code is wrong or expired")
	ErrBadToken     = errors.New("device token is unknown or revoked")
	ErrBadPIN       = errors.New("wrong officer ID or PIN")
	ErrInvalidInput = errors.New("invalid input")
)

// Device is a paired kiosk, desk, display or rating tablet.
type Device struct {
	ID        string    `json:"id"`
	Name      string    `json:"name"`
	Role      string    `json:"role"`
	Counter   int       `json:"counter,omitempty"` // desks and rating tablets belong to a counter
	CreatedAt time.Time `json:"created_at"`
	Revoked   bool      `json:"revoked"`
}

// Officer is a staff member who signs in at a desk.
type Officer struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Active bool   `json:"active"`
}

// CreatePairingCode makes a one-time six-digit code that pairs one device
// with role (and counter, for desks and rating tablets) within ttl. Only
// its hash is stored.
func (s *Store) CreatePairingCode(ctx context.Context, role string, counter int, ttl time.Duration) (string, error) {
	if !ValidRole(role) {
		return "", fmt.Errorf("pairing code for role %q: %w", role, ErrInvalidInput)
	}
	n, err := rand.Int(rand.Reader, big.NewInt(1_000_000))
	if err != nil {
		return "", err
	}
	code := fmt.Sprintf("%06d", n.Int64())
	_, err = s.db.ExecContext(ctx, "INSERT INTO pairing_codes(code_hash, role, counter, expires_at) VALUES(?, ?, ?, ?)",
		tokenHash(code), role, counter, time.Now().Add(ttl).UTC().Format(time.RFC3339Nano))
	if isUnique(err) {
		return s.CreatePairingCode(ctx, role, counter, ttl) // a live code collided: draw again
	}
	if err != nil {
		return "", fmt.Errorf("create pairing code: %w", err)
	}
	return code, nil
}

// Pair spends a pairing code and registers a device under name. It returns
// the device and its bearer token; the token is shown once and only its
// hash is kept.
func (s *Store) Pair(ctx context.Context, code, name string) (Device, string, error) {
	name = strings.TrimSpace(name)
	if name == "" || len(name) > 100 {
		return Device{}, "", fmt.Errorf("pair: device name: %w", ErrInvalidInput)
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return Device{}, "", err
	}
	defer tx.Rollback()
	var d Device
	var expires string
	err = tx.QueryRowContext(ctx, "SELECT role, counter, expires_at FROM pairing_codes WHERE code_hash = ?", tokenHash(strings.TrimSpace(code))).Scan(&d.Role, &d.Counter, &expires)
	if errors.Is(err, sql.ErrNoRows) {
		return Device{}, "", ErrBadCode
	}
	if err != nil {
		return Device{}, "", fmt.Errorf("pair: %w", err)
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM pairing_codes WHERE code_hash = ?", tokenHash(strings.TrimSpace(code))); err != nil {
		return Device{}, "", fmt.Errorf("pair: %w", err)
	}
	if exp, _ := time.Parse(time.RFC3339Nano, expires); time.Now().After(exp) {
		tx.Commit() // the expired code is spent anyway
		return Device{}, "", ErrBadCode
	}
	token, err := randomToken()
	if err != nil {
		return Device{}, "", err
	}
	d.ID = "dev-" + token[:12]
	d.Name, d.CreatedAt = name, time.Now().UTC()
	if _, err := tx.ExecContext(ctx, "INSERT INTO devices(id, name, role, counter, token_hash, created_at) VALUES(?, ?, ?, ?, ?, ?)",
		d.ID, d.Name, d.Role, d.Counter, tokenHash(token), d.CreatedAt.Format(time.RFC3339Nano)); err != nil {
		return Device{}, "", fmt.Errorf("pair: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return Device{}, "", fmt.Errorf("pair: %w", err)
	}
	return d, token, nil
}

// AddDevice registers a device directly (the dispenser's own embedded UI,
// and tests) and returns its token.
func (s *Store) AddDevice(ctx context.Context, name, role string, counter int) (Device, string, error) {
	code, err := s.CreatePairingCode(ctx, role, counter, time.Minute)
	if err != nil {
		return Device{}, "", err
	}
	return s.Pair(ctx, code, name)
}

// DeviceByToken authenticates a bearer token.
func (s *Store) DeviceByToken(ctx context.Context, token string) (Device, error) {
	if token == "" {
		return Device{}, ErrBadToken
	}
	var d Device
	var created string
	var revoked sql.NullString
	err := s.db.QueryRowContext(ctx, "SELECT id, name, role, counter, created_at, revoked_at FROM devices WHERE token_hash = ?", tokenHash(token)).
		Scan(&d.ID, &d.Name, &d.Role, &d.Counter, &created, &revoked)
	if errors.Is(err, sql.ErrNoRows) || revoked.Valid {
		return Device{}, ErrBadToken
	}
	if err != nil {
		return Device{}, fmt.Errorf("authenticate device: %w", err)
	}
	d.CreatedAt, _ = time.Parse(time.RFC3339Nano, created)
	return d, nil
}

// Devices lists the paired devices.
func (s *Store) Devices(ctx context.Context) ([]Device, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT id, name, role, counter, created_at, revoked_at IS NOT NULL FROM devices ORDER BY created_at")
	if err != nil {
		return nil, fmt.Errorf("list devices: %w", err)
	}
	defer rows.Close()
	var out []Device
	for rows.Next() {
		var d Device
		var created string
		if err := rows.Scan(&d.ID, &d.Name, &d.Role, &d.Counter, &created, &d.Revoked); err != nil {
			return nil, err
		}
		d.CreatedAt, _ = time.Parse(time.RFC3339Nano, created)
		out = append(out, d)
	}
	return out, rows.Err()
}

// RevokeDevice makes a device's token stop working.
func (s *Store) RevokeDevice(ctx context.Context, id string) error {
	res, err := s.db.ExecContext(ctx, "UPDATE devices SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", time.Now().UTC().Format(time.RFC3339Nano), id)
	if err != nil {
		return fmt.Errorf("revoke device: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("revoke device %s: %w", id, ErrNotFound)
	}
	return nil
}

// SetOfficer creates or updates an officer; an empty pin keeps the old one.
func (s *Store) SetOfficer(ctx context.Context, id, name, pin string) error {
	id, name = strings.TrimSpace(id), strings.TrimSpace(name)
	if id == "" || name == "" || len(id) > 32 {
		return fmt.Errorf("officer: id and name: %w", ErrInvalidInput)
	}
	if pin == "" {
		res, err := s.db.ExecContext(ctx, "UPDATE officers SET name = ? WHERE id = ?", name, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("officer %s needs a PIN: %w", id, ErrInvalidInput)
		}
		return nil
	}
	if err := ValidPIN(pin); err != nil {
		return err
	}
	_, err := s.db.ExecContext(ctx, `INSERT INTO officers(id, name, pin_hash) VALUES(?, ?, ?)
		ON CONFLICT(id) DO UPDATE SET name = excluded.name, pin_hash = excluded.pin_hash, active = 1`, id, name, HashPIN(pin))
	return err
}

// CheckOfficer verifies an officer's PIN.
func (s *Store) CheckOfficer(ctx context.Context, id, pin string) (Officer, error) {
	var o Officer
	var hash string
	err := s.db.QueryRowContext(ctx, "SELECT id, name, active, pin_hash FROM officers WHERE id = ?", strings.TrimSpace(id)).Scan(&o.ID, &o.Name, &o.Active, &hash)
	if errors.Is(err, sql.ErrNoRows) {
		VerifyPIN("$pbkdf2-sha256$1$00$00", pin) // same work whether or not the ID exists
		return Officer{}, ErrBadPIN
	}
	if err != nil {
		return Officer{}, fmt.Errorf("check officer: %w", err)
	}
	if !VerifyPIN(hash, pin) || !o.Active {
		return Officer{}, ErrBadPIN
	}
	return o, nil
}

// Officers lists the officers.
func (s *Store) Officers(ctx context.Context) ([]Officer, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT id, name, active FROM officers ORDER BY id")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Officer
	for rows.Next() {
		var o Officer
		if err := rows.Scan(&o.ID, &o.Name, &o.Active); err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

// Officer returns one officer.
func (s *Store) Officer(ctx context.Context, id string) (Officer, error) {
	var o Officer
	err := s.db.QueryRowContext(ctx, "SELECT id, name, active FROM officers WHERE id = ?", id).Scan(&o.ID, &o.Name, &o.Active)
	if errors.Is(err, sql.ErrNoRows) {
		return Officer{}, fmt.Errorf("officer %s: %w", id, ErrNotFound)
	}
	return o, err
}

// ValidPIN checks a PIN's form: 4 to 8 digits.
func ValidPIN(pin string) error {
	if len(pin) < 4 || len(pin) > 8 {
		return fmt.Errorf("PIN must have 4-8 digits: %w", ErrInvalidInput)
	}
	for _, c := range pin {
		if c < '0' || c > '9' {
			return fmt.Errorf("PIN must have only digits: %w", ErrInvalidInput)
		}
	}
	return nil
}

const pinIterations = 120_000

// HashPIN returns a salted PBKDF2-SHA256 hash of pin in the form
// $pbkdf2-sha256$iterations$salt$key.
func HashPIN(pin string) string {
	salt := make([]byte, 16)
	rand.Read(salt)
	key, _ := pbkdf2.Key(sha256.New, pin, salt, pinIterations, 32)
	return fmt.Sprintf("$pbkdf2-sha256$%d$%s$%s", pinIterations, hex.EncodeToString(salt), hex.EncodeToString(key))
}

// VerifyPIN checks pin against a HashPIN result in constant time.
func VerifyPIN(hash, pin string) bool {
	parts := strings.Split(hash, "$")
	if len(parts) != 5 || parts[1] != "pbkdf2-sha256" {
		return false
	}
	iter, err := strconv.Atoi(parts[2])
	salt, err2 := hex.DecodeString(parts[3])
	want, err3 := hex.DecodeString(parts[4])
	if err != nil || err2 != nil || err3 != nil || iter < 1 {
		return false
	}
	if iter == 1 {
		iter = pinIterations // dummy hash: spend the same time
	}
	key, err := pbkdf2.Key(sha256.New, pin, salt, iter, 32)
	return err == nil && len(want) == len(key) && subtle.ConstantTimeCompare(key, want) == 1
}

func tokenHash(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}

func randomToken() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}
