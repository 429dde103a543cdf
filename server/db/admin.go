package db

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/motcua-kiosk/motcua/kiosk/queue"
)

// Office is one one-stop office (a commune's service centre or a
// reception point) whose hubs sync here.
type Office struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	// TimeZone is the office's IANA zone ("Asia/Ho_Chi_Minh" unless set
	// with SetOfficeTimeZone): its tickets' times are shown in it.
	TimeZone  string    `json:"time_zone"`
	CreatedAt time.Time `json:"created_at"`
}

// Location is the office's time zone.
func (o Office) Location() *time.Location { return queue.Zone(o.TimeZone) }

// Device is an enrolled office hub.
type Device struct {
	ID         string     `json:"id"`
	Office     string     `json:"office"`
	Name       string     `json:"name"`
	CreatedAt  time.Time  `json:"created_at"`
	LastSeenAt *time.Time `json:"last_seen_at,omitempty"`
	LastSeq    int64      `json:"last_seq"`
}

// codeAlphabet has no 0/O, 1/I to read easily off a screen.
const codeAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"

// CreateOffice adds an office and returns it.
func (d *DB) CreateOffice(ctx context.Context, name string) (Office, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return Office{}, errors.New("create office: name is empty")
	}
	o := Office{ID: "of-" + randHex(6), Name: name, TimeZone: queue.DefaultTimeZone, CreatedAt: fromMS(ms(d.now()))}
	_, err := d.sql.ExecContext(ctx, d.Rebind("INSERT INTO offices(id, name, created_at) VALUES(?, ?, ?)"), o.ID, o.Name, ms(o.CreatedAt))
	if err != nil {
		return Office{}, fmt.Errorf("create office: %w", err)
	}
	return o, nil
}

// Office returns one office by id.
func (d *DB) Office(ctx context.Context, id string) (Office, error) {
	var o Office
	var at int64
	err := d.sql.QueryRowContext(ctx, d.Rebind("SELECT id, name, time_zone, created_at FROM offices WHERE id = ?"), id).Scan(&o.ID, &o.Name, &o.TimeZone, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return Office{}, fmt.Errorf("office %s: %w", id, ErrNotFound)
	}
	o.CreatedAt = fromMS(at)
	return o, err
}

// SetOfficeTimeZone sets an office's time zone, an IANA name such as
// "Asia/Ho_Chi_Minh" that this program can load.
func (d *DB) SetOfficeTimeZone(ctx context.Context, id, zone string) error {
	if _, err := queue.LoadZone(zone); err != nil || zone == "" {
		return fmt.Errorf("office %s: unknown time zone %q", id, zone)
	}
	res, err := d.sql.ExecContext(ctx, d.Rebind("UPDATE offices SET time_zone = ? WHERE id = ?"), zone, id)
	if err != nil {
		return fmt.Errorf("office %s: set time zone: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("office %s: %w", id, ErrNotFound)
	}
	return nil
}

// Offices lists every office by name.
func (d *DB) Offices(ctx context.Context) ([]Office, error) {
	rows, err := d.sql.QueryContext(ctx, "SELECT id, name, time_zone, created_at FROM offices ORDER BY name, id")
	if err != nil {
		return nil, fmt.Errorf("offices: %w", err)
	}
	defer rows.Close()
	var out []Office
	for rows.Next() {
		var o Office
		var at int64
		if err := rows.Scan(&o.ID, &o.Name, &o.TimeZone, &at); err != nil {
			return nil, fmt.Errorf("offices: %w", err)
		}
		o.CreatedAt = fromMS(at)
		out = append(out, o)
	}
	return out, rows.Err()
}

// CreateEnrollCode makes a one-time code, valid for ttl, that enrolls one
// hub into office. Only its hash is stored; the code is shown once.
func (d *DB) CreateEnrollCode(ctx context.Context, office string, ttl time.Duration) (string, error) {
	if _, err := d.Office(ctx, office); err != nil {
		return "", fmt.Errorf("create enrollment code: %w", err)
	}
	b := make([]byte, 12)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	var code strings.Builder
	for i, c := range b {
		if i > 0 && i%4 == 0 {
			code.WriteByte('-')
		}
		code.WriteByte(codeAlphabet[int(c)%len(codeAlphabet)])
	}
	now := d.now()
	_, err := d.sql.ExecContext(ctx, d.Rebind("INSERT INTO enroll_codes(code_hash, office_id, created_at, expires_at) VALUES(?, ?, ?, ?)"),
		hashCode(code.String()), office, ms(now), ms(now.Add(ttl)))
	if err != nil {
		return "", fmt.Errorf("create enrollment code: %w", err)
	}
	return code.String(), nil
}

// NormalizeCode uppercases a typed code and drops spaces and dashes.
func NormalizeCode(code string) string {
	var b strings.Builder
	for _, r := range strings.ToUpper(code) {
		if r != '-' && r != ' ' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func hashCode(code string) string { return sha256Hex(NormalizeCode(code)) }

func sha256Hex(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

func randHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// ValidDeviceID reports whether id may name a device.
func ValidDeviceID(id string) bool {
	if len(id) == 0 || len(id) > 64 {
		return false
	}
	for _, r := range id {
		ok := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.'
		if !ok {
			return false
		}
	}
	return true
}

// Enroll spends a code for device and returns the device with a new bearer
// credential. The code is bound to the first device that spends it: the same
// device may spend it again (its answer was lost) and gets a fresh
// credential; any other device gets ErrBadCode. Re-enrolling an existing
// device replaces its credential and office.
func (d *DB) Enroll(ctx context.Context, code, device, name string) (Device, string, error) {
	if !ValidDeviceID(device) {
		return Device{}, "", ErrBadDevice
	}
	now := d.now()
	tx, err := d.sql.BeginTx(ctx, nil)
	if err != nil {
		return Device{}, "", fmt.Errorf("enroll: %w", err)
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, d.Rebind(`UPDATE enroll_codes SET used_at = ?, device_id = ?
		WHERE code_hash = ? AND expires_at > ? AND (used_at IS NULL OR device_id = ?)`),
		ms(now), device, hashCode(code), ms(now), device)
	if err != nil {
		return Device{}, "", fmt.Errorf("enroll: %w", err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return Device{}, "", ErrBadCode
	}
	var office string
	if err := tx.QueryRowContext(ctx, d.Rebind("SELECT office_id FROM enroll_codes WHERE code_hash = ?"), hashCode(code)).Scan(&office); err != nil {
		return Device{}, "", fmt.Errorf("enroll: %w", err)
	}
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return Device{}, "", err
	}
	token := "mck1." + base64.RawURLEncoding.EncodeToString(b)
	_, err = tx.ExecContext(ctx, d.Rebind(`INSERT INTO devices(id, office_id, name, token_hash, created_at) VALUES(?, ?, ?, ?, ?)
		ON CONFLICT(id) DO UPDATE SET office_id = excluded.office_id, name = excluded.name,
		token_hash = excluded.token_hash, revoked_at = NULL`), device, office, strings.TrimSpace(name), sha256Hex(token), ms(now))
	if err != nil {
		return Device{}, "", fmt.Errorf("enroll: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return Device{}, "", fmt.Errorf("enroll: %w", err)
	}
	dev, err := d.device(ctx, "id", device)
	return dev, token, err
}

// Authenticate returns the device a bearer credential belongs to, or
// ErrBadToken.
func (d *DB) Authenticate(ctx context.Context, token string) (Device, error) {
	if !strings.HasPrefix(token, "mck1.") {
		return Device{}, ErrBadToken
	}
	dev, err := d.device(ctx, "token_hash", sha256Hex(token))
	if errors.Is(err, ErrNotFound) {
		return Device{}, ErrBadToken
	}
	return dev, err
}

// RevokeDevice stops a device's credential from working.
func (d *DB) RevokeDevice(ctx context.Context, device string) error {
	res, err := d.sql.ExecContext(ctx, d.Rebind("UPDATE devices SET revoked_at = ? WHERE id = ?"), ms(d.now()), device)
	if err != nil {
		return fmt.Errorf("revoke device: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("revoke device %s: %w", device, ErrNotFound)
	}
	return nil
}

// Devices lists the enrolled, unrevoked devices of an office ("" for all).
func (d *DB) Devices(ctx context.Context, office string) ([]Device, error) {
	rows, err := d.sql.QueryContext(ctx, d.Rebind(`SELECT id, office_id, name, created_at, last_seen_at, last_seq FROM devices
		WHERE revoked_at IS NULL AND (? = '' OR office_id = ?) ORDER BY id`), office, office)
	if err != nil {
		return nil, fmt.Errorf("devices: %w", err)
	}
	defer rows.Close()
	var out []Device
	for rows.Next() {
		dev, err := scanDevice(rows)
		if err != nil {
			return nil, fmt.Errorf("devices: %w", err)
		}
		out = append(out, dev)
	}
	return out, rows.Err()
}

func (d *DB) device(ctx context.Context, col, v string) (Device, error) {
	row := d.sql.QueryRowContext(ctx, d.Rebind(`SELECT id, office_id, name, created_at, last_seen_at, last_seq FROM devices
		WHERE revoked_at IS NULL AND `+col+` = ?`), v)
	dev, err := scanDevice(row)
	if errors.Is(err, sql.ErrNoRows) {
		return Device{}, fmt.Errorf("device: %w", ErrNotFound)
	}
	return dev, err
}

type scanner interface{ Scan(...any) error }

func scanDevice(r scanner) (Device, error) {
	var dev Device
	var created int64
	var seen sql.NullInt64
	if err := r.Scan(&dev.ID, &dev.Office, &dev.Name, &created, &seen, &dev.LastSeq); err != nil {
		return Device{}, err
	}
	dev.CreatedAt = fromMS(created)
	dev.LastSeenAt = fromNullMS(seen)
	return dev, nil
}
