package db

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
)

// PostgreSQL keeps events and tickets in monthly range partitions
// (migration 0012): events_YYYY_MM by the event's time (UTC month),
// tickets_YYYY_MM by the ticket's service day, and a DEFAULT partition of
// each for rows whose month has none yet. Reports read the roll-ups, so a
// detached month changes no report. SQLite has no partitions: these
// functions do nothing there.

// PartitionsAhead is how many months after the current one Open and the
// server's daily keeper make sure exist.
const PartitionsAhead = 3

// DetachKeepMonths is how many recent months DetachMonth refuses: a hub
// that was offline for weeks still sends their events, and a ticket row
// whose month is detached would be stored again from its next snapshot
// and counted twice in the roll-ups.
const DetachKeepMonths = 3

// partitionedTables are the tables partitioned by month.
var partitionedTables = []string{"events", "tickets"}

// ErrDetachRecent is returned by DetachMonth for a month too recent to
// detach (see DetachKeepMonths).
var ErrDetachRecent = errors.New("month too recent to detach")

// EnsurePartitions creates the monthly partitions of events and tickets
// from the month of now through PartitionsAhead months after it, those
// that do not exist yet, and returns the names it created. Rows that
// waited in a default partition move into their new month. Two server
// processes doing it at once wait for each other (an advisory lock); it
// gives up after a lock wait of 5 s rather than hold up ingest, and the
// next call tries again.
func (d *DB) EnsurePartitions(ctx context.Context, now time.Time) ([]string, error) {
	if d.dialect != Postgres {
		return nil, nil
	}
	tx, err := d.sql.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("ensure partitions: %w", err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "SET LOCAL lock_timeout = '5s'"); err != nil {
		return nil, fmt.Errorf("ensure partitions: %w", err)
	}
	if _, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock(727402)"); err != nil {
		return nil, fmt.Errorf("ensure partitions: lock: %w", err)
	}
	first := monthOf(now)
	var made []string
	for i := 0; i <= PartitionsAhead; i++ {
		m := first.AddDate(0, i, 0)
		for _, t := range partitionedTables {
			var created bool
			if err := tx.QueryRowContext(ctx, "SELECT motcua_add_month($1, $2::date)", t, m.Format(time.DateOnly)).Scan(&created); err != nil {
				return nil, fmt.Errorf("ensure partitions: %s %s: %w", t, m.Format("2006-01"), err)
			}
			if created {
				made = append(made, partitionName(t, m))
			}
		}
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("ensure partitions: %w", err)
	}
	return made, nil
}

// Partition is one partition of events or tickets.
type Partition struct {
	Table string    // "events" or "tickets"
	Name  string    // "events_2026_12", "events_default"
	Month time.Time // the month's first day (UTC); zero for the default
	// Rows is PostgreSQL's estimate (pg_class.reltuples; -1 before the
	// table was first analysed), Bytes its size with its indexes.
	Rows  int64
	Bytes int64
}

// Partitions lists the attached partitions of events and tickets, by
// table and month, the default one of each last.
func (d *DB) Partitions(ctx context.Context) ([]Partition, error) {
	if d.dialect != Postgres {
		return nil, nil
	}
	rows, err := d.sql.QueryContext(ctx, `SELECT p.relname::text, c.relname::text, c.reltuples::bigint, pg_total_relation_size(c.oid)
		FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
		WHERE p.relname IN ('events', 'tickets') AND p.relnamespace = current_schema()::regnamespace
		ORDER BY p.relname, c.relname LIKE '%_default', c.relname`)
	if err != nil {
		return nil, fmt.Errorf("partitions: %w", err)
	}
	defer rows.Close()
	var out []Partition
	for rows.Next() {
		var p Partition
		if err := rows.Scan(&p.Table, &p.Name, &p.Rows, &p.Bytes); err != nil {
			return nil, fmt.Errorf("partitions: %w", err)
		}
		if m, err := time.Parse("2006_01", strings.TrimPrefix(p.Name, p.Table+"_")); err == nil {
			p.Month = m
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// DetachMonth detaches the month holding m from events and tickets; the
// two tables (events_YYYY_MM, tickets_YYYY_MM) stay in the database as
// ordinary tables, to be archived (pg_dump -t) and dropped by hand. Reports
// do not change: they read the roll-ups. A month less than
// DetachKeepMonths before now's is refused with ErrDetachRecent; a month
// with no partition with ErrNotFound. Both tables are detached in one
// transaction, or neither.
func (d *DB) DetachMonth(ctx context.Context, m, now time.Time) ([]string, error) {
	if d.dialect != Postgres {
		return nil, fmt.Errorf("detach month: SQLite has no partitions: %w", ErrNotFound)
	}
	month := monthOf(m)
	if !month.Before(monthOf(now).AddDate(0, -DetachKeepMonths+1, 0)) {
		return nil, fmt.Errorf("detach month %s: keep the last %d months: %w", month.Format("2006-01"), DetachKeepMonths, ErrDetachRecent)
	}
	tx, err := d.sql.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("detach month: %w", err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "SET LOCAL lock_timeout = '10s'"); err != nil {
		return nil, fmt.Errorf("detach month: %w", err)
	}
	var names []string
	for _, t := range partitionedTables {
		name := partitionName(t, month)
		var attached bool
		if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
			WHERE c.relname = $1 AND i.inhparent = $2::regclass)`, name, t).Scan(&attached); err != nil {
			return nil, fmt.Errorf("detach month: %w", err)
		}
		if !attached {
			continue
		}
		if _, err := tx.ExecContext(ctx, fmt.Sprintf("ALTER TABLE %s DETACH PARTITION %s", t, name)); err != nil {
			return nil, fmt.Errorf("detach month: %s: %w", name, err)
		}
		names = append(names, name)
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("detach month %s: no partition: %w", month.Format("2006-01"), ErrNotFound)
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("detach month: %w", err)
	}
	return names, nil
}

// monthOf is the first day of t's month in UTC.
func monthOf(t time.Time) time.Time {
	t = t.UTC()
	return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
}

// partitionName is the partition of table for month m, as
// motcua_add_month names it.
func partitionName(table string, m time.Time) string {
	return table + "_" + m.Format("2006_01")
}
