package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// ErrExists is returned by Backup when the destination file already exists:
// VACUUM INTO never overwrites, and neither do we.
var ErrExists = errors.New("backup destination exists")

// Backup writes a consistent, compacted copy of the live database to
// destPath with SQLite's VACUUM INTO. It runs while the hub keeps serving:
// VACUUM INTO reads one snapshot of the database, so writers are not
// stopped and the copy holds exactly the transactions committed before it
// started. destPath must not exist; its folder is created. The copy is a
// single self-contained file (no -wal), already at this program's schema.
func (s *Store) Backup(ctx context.Context, destPath string) error {
	return vacuumInto(ctx, s.db, destPath)
}

// BackupFile copies the database file at srcPath to destPath like Backup,
// without opening it as a Store: no migration runs, so a data directory
// about to be upgraded can be saved at its old schema first.
func BackupFile(ctx context.Context, srcPath, destPath string) error {
	if _, err := os.Stat(srcPath); err != nil {
		return fmt.Errorf("backup %s: %w", srcPath, err)
	}
	db, err := openRaw(srcPath)
	if err != nil {
		return fmt.Errorf("backup %s: %w", srcPath, err)
	}
	defer db.Close()
	return vacuumInto(ctx, db, destPath)
}

func vacuumInto(ctx context.Context, db *sql.DB, destPath string) error {
	if _, err := os.Lstat(destPath); err == nil {
		return fmt.Errorf("backup to %s: %w", destPath, ErrExists)
	}
	if err := os.MkdirAll(filepath.Dir(destPath), 0o750); err != nil {
		return fmt.Errorf("backup to %s: %w", destPath, err)
	}
	if _, err := db.ExecContext(ctx, "VACUUM INTO ?", destPath); err != nil {
		os.Remove(destPath) // a half-written copy is worse than none
		return fmt.Errorf("backup to %s: %w", destPath, err)
	}
	return nil
}

// openRaw opens a database file without migrating it.
func openRaw(path string) (*sql.DB, error) {
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(10000)")
	db, err := sql.Open("sqlite", path+"?"+q.Encode())
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	return db, nil
}

// LatestSchema is the schema version this program writes: the number of
// its embedded migrations. Open migrates an older file up to it and
// refuses a newer one.
func LatestSchema() int {
	names, _ := fs.Glob(migrations, "migrations/*.sql")
	return len(names)
}

// FileSchema reads the schema version (PRAGMA user_version) of the
// database file at path without migrating or otherwise changing it. A
// missing file is an error wrapping fs.ErrNotExist.
func FileSchema(path string) (int, error) {
	if _, err := os.Stat(path); err != nil {
		return 0, fmt.Errorf("schema of %s: %w", path, err)
	}
	db, err := openRaw(path)
	if err != nil {
		return 0, fmt.Errorf("schema of %s: %w", path, err)
	}
	defer db.Close()
	var v int
	if err := db.QueryRow("PRAGMA user_version").Scan(&v); err != nil {
		return 0, fmt.Errorf("schema of %s: %w", path, err)
	}
	return v, nil
}

// Check runs SQLite's integrity check on the database file at path
// without migrating it, and returns an error unless the file opens and is
// sound. It is how a backup is verified before it is trusted.
func Check(ctx context.Context, path string) error {
	if _, err := os.Stat(path); err != nil {
		return fmt.Errorf("check %s: %w", path, err)
	}
	db, err := openRaw(path)
	if err != nil {
		return fmt.Errorf("check %s: %w", path, err)
	}
	defer db.Close()
	rows, err := db.QueryContext(ctx, "PRAGMA integrity_check")
	if err != nil {
		return fmt.Errorf("check %s: %w", path, err)
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return fmt.Errorf("check %s: %w", path, err)
		}
		if line != "ok" {
			problems = append(problems, line)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("check %s: %w", path, err)
	}
	if len(problems) > 0 {
		return fmt.Errorf("check %s: %s", path, strings.Join(problems, "; "))
	}
	var tables int
	if err := db.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('meta', 'tickets', 'outbox')").Scan(&tables); err != nil {
		return fmt.Errorf("check %s: %w", path, err)
	}
	if tables != 3 {
		return fmt.Errorf("check %s: not an office database (%d of 3 core tables)", path, tables)
	}
	return nil
}

// MetaAll returns every key of the meta table with its value, keys sorted.
// It exists for the diagnostic bundle, which drops the secret keys before
// writing anything: callers must not log the result as it is.
func (s *Store) MetaAll(ctx context.Context) ([]string, map[string]string, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT key, value FROM meta")
	if err != nil {
		return nil, nil, fmt.Errorf("read meta: %w", err)
	}
	defer rows.Close()
	m := map[string]string{}
	var keys []string
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return nil, nil, fmt.Errorf("read meta: %w", err)
		}
		m[k] = v
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys, m, rows.Err()
}
