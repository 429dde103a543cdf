package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
)

// NameKind says which ids a name belongs to.
type NameKind string

// The two kinds of names: an officer's id ("cb01") and a service code ("A").
const (
	OfficerNames NameKind = "officer"
	ServiceNames NameKind = "service"
)

func (k NameKind) table() (table, col string, ok bool) {
	switch k {
	case OfficerNames:
		return "officer_names", "officer_id", true
	case ServiceNames:
		return "service_names", "code", true
	}
	return "", "", false
}

// Names maps an office's ids to the names people read: officer ids to
// officers' names, service codes to the services' names. The events of a
// hub carry only the ids.
type Names struct {
	m map[[2]string]string // {office, id} → name
}

// Name is id's name in office, or id itself when none is known.
func (n Names) Name(office, id string) string {
	if s, ok := n.m[[2]string{office, id}]; ok {
		return s
	}
	return id
}

// Any is id's name in whichever office has one (for a report over several
// offices that share a code), or id itself when none is known; several
// different names give the first office's.
func (n Names) Any(id string) string {
	best, bestOffice := id, ""
	for k, s := range n.m {
		if k[1] == id && (bestOffice == "" || k[0] < bestOffice) {
			best, bestOffice = s, k[0]
		}
	}
	return best
}

// SetNames stores names (id → name) of kind for office, replacing a name
// already kept for the same id; an empty name removes the id's name.
func (d *DB) SetNames(ctx context.Context, office string, kind NameKind, names map[string]string) error {
	table, col, ok := kind.table()
	if !ok {
		return fmt.Errorf("set names: unknown kind %q", kind)
	}
	tx, err := d.sql.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("set %s names: %w", kind, err)
	}
	defer tx.Rollback()
	now := ms(d.now())
	upsert := d.Rebind("INSERT INTO " + table + "(office_id, " + col + ", name, updated_at) VALUES(?, ?, ?, ?) " +
		"ON CONFLICT (office_id, " + col + ") DO UPDATE SET name = excluded.name, updated_at = excluded.updated_at")
	del := d.Rebind("DELETE FROM " + table + " WHERE office_id = ? AND " + col + " = ?")
	for id, name := range names {
		name = strings.TrimSpace(name)
		if name == "" {
			_, err = tx.ExecContext(ctx, del, office, id)
		} else {
			_, err = tx.ExecContext(ctx, upsert, office, id, name, now)
		}
		if err != nil {
			return fmt.Errorf("set %s names: %w", kind, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("set %s names: %w", kind, err)
	}
	return nil
}

// LoadNames returns every name of kind, of every office.
func (d *DB) LoadNames(ctx context.Context, kind NameKind) (Names, error) {
	table, col, ok := kind.table()
	if !ok {
		return Names{}, fmt.Errorf("names: unknown kind %q", kind)
	}
	rows, err := d.sql.QueryContext(ctx, "SELECT office_id, "+col+", name FROM "+table)
	if err != nil {
		return Names{}, fmt.Errorf("%s names: %w", kind, err)
	}
	defer rows.Close()
	n := Names{m: map[[2]string]string{}}
	for rows.Next() {
		var office, id, name string
		if err := rows.Scan(&office, &id, &name); err != nil {
			return Names{}, fmt.Errorf("%s names: %w", kind, err)
		}
		n.m[[2]string{office, id}] = name
	}
	return n, rows.Err()
}

// NameOf is one id's name of kind in office, or id itself when none is
// known.
func (d *DB) NameOf(ctx context.Context, office string, kind NameKind, id string) (string, error) {
	table, col, ok := kind.table()
	if !ok {
		return id, fmt.Errorf("name: unknown kind %q", kind)
	}
	var name string
	err := d.sql.QueryRowContext(ctx, d.Rebind("SELECT name FROM "+table+" WHERE office_id = ? AND "+col+" = ?"), office, id).Scan(&name)
	if errors.Is(err, sql.ErrNoRows) {
		return id, nil
	}
	if err != nil {
		return id, fmt.Errorf("%s name: %w", kind, err)
	}
	return name, nil
}
