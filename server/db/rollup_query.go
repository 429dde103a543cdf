package db

import (
	"context"
	"database/sql"
	"fmt"
)

// RollupRow is one stored roll-up row: an office's day for one service,
// counter and officer. The histograms and hours stay in their text form
// (server/hist's Encode) for the report to merge without a map per row.
type RollupRow struct {
	Office, Day, Service                    string
	Counter                                 int
	Officer                                 string
	Tickets, Called, Served, NoShow, Active int64
	WaitSum, SvcN, SvcSum                   int64 // milliseconds
	WaitHist, SvcHist, Hours                string
	Stars                                   [5]int64
}

// Empty reports a row left with nothing (its tickets moved to another
// row): a report must not make a group of it.
func (r RollupRow) Empty() bool {
	return r.Tickets == 0 && r.Stars == [5]int64{}
}

// ReasonCount is how many ratings of a roll-up row gave a reason.
type ReasonCount struct {
	Office, Day, Service string
	Counter              int
	Officer, Reason      string
	N                    int64
}

// Rollups returns the roll-up rows matching f (by office and day).
func (d *DB) Rollups(ctx context.Context, f Filter) ([]RollupRow, error) {
	where, args := f.where("day")
	rows, err := d.sql.QueryContext(ctx, d.Rebind("SELECT "+rollupCols+" FROM rollup_days"+where), args...)
	if err != nil {
		return nil, fmt.Errorf("roll-ups: %w", err)
	}
	defer rows.Close()
	var out []RollupRow
	for rows.Next() {
		var r RollupRow
		if err := rows.Scan(&r.Office, &r.Day, &r.Service, &r.Counter, &r.Officer, &r.Tickets, &r.Called, &r.Served, &r.NoShow, &r.Active,
			&r.WaitSum, &r.SvcN, &r.SvcSum, &r.WaitHist, &r.SvcHist, &r.Hours,
			&r.Stars[0], &r.Stars[1], &r.Stars[2], &r.Stars[3], &r.Stars[4]); err != nil {
			return nil, fmt.Errorf("roll-ups: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// RollupReasons returns the reason counts matching f, summed over days
// and counters by office, service, officer and reason (a report needs no
// more).
func (d *DB) RollupReasons(ctx context.Context, f Filter) ([]ReasonCount, error) {
	where, args := f.where("day")
	rows, err := d.sql.QueryContext(ctx, d.Rebind("SELECT office_id, service, officer, reason, sum(n) FROM rollup_reasons"+where+
		" GROUP BY office_id, service, officer, reason HAVING sum(n) <> 0"), args...)
	if err != nil {
		return nil, fmt.Errorf("roll-up reasons: %w", err)
	}
	defer rows.Close()
	var out []ReasonCount
	for rows.Next() {
		var r ReasonCount
		if err := rows.Scan(&r.Office, &r.Service, &r.Officer, &r.Reason, &r.N); err != nil {
			return nil, fmt.Errorf("roll-up reasons: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// RollupsDue reports whether the roll-ups must be rebuilt from the raw
// rows (a database that had tickets before migration 0007).
func (d *DB) RollupsDue(ctx context.Context) (bool, error) {
	var v string
	err := d.sql.QueryRowContext(ctx, "SELECT value FROM rollup_state WHERE name = 'backfill'").Scan(&v)
	if err == sql.ErrNoRows {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("roll-up state: %w", err)
	}
	return true, nil
}

// RebuildRollups recomputes every office's roll-ups from its tickets and
// ratings, office by office, each in one transaction holding the office's
// lock (ingest of that office waits; others go on), and clears the
// backfill mark. It returns the number of tickets and ratings read.
func (d *DB) RebuildRollups(ctx context.Context) (tickets, ratings int, err error) {
	offices, err := d.Offices(ctx)
	if err != nil {
		return 0, 0, err
	}
	for _, o := range offices {
		nt, nr, err := d.rebuildOffice(ctx, o.ID)
		if err != nil {
			return tickets, ratings, fmt.Errorf("rebuild roll-ups of %s: %w", o.ID, err)
		}
		tickets += nt
		ratings += nr
	}
	if _, err := d.sql.ExecContext(ctx, "DELETE FROM rollup_state WHERE name = 'backfill'"); err != nil {
		return tickets, ratings, fmt.Errorf("rebuild roll-ups: %w", err)
	}
	return tickets, ratings, nil
}

func (d *DB) rebuildOffice(ctx context.Context, office string) (int, int, error) {
	if d.dialect == SQLite {
		d.writeMu.Lock()
		defer d.writeMu.Unlock()
	}
	tx, err := d.sql.BeginTx(ctx, nil)
	if err != nil {
		return 0, 0, err
	}
	defer tx.Rollback()
	loc, err := d.lockOffice(ctx, tx, office)
	if err != nil {
		return 0, 0, err
	}
	for _, t := range []string{"rollup_days", "rollup_reasons"} {
		if _, err := tx.ExecContext(ctx, d.Rebind("DELETE FROM "+t+" WHERE office_id = ?"), office); err != nil {
			return 0, 0, err
		}
	}
	rd := rdelta{}
	rows, err := tx.QueryContext(ctx, d.Rebind(ticketSelect+" WHERE office_id = ?"), office)
	if err != nil {
		return 0, 0, err
	}
	nt := 0
	for rows.Next() {
		t, err := scanTicket(rows)
		if err != nil {
			rows.Close()
			return 0, 0, err
		}
		rd.ticket(t, 1, loc)
		nt++
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, 0, err
	}
	rrows, err := tx.QueryContext(ctx, d.Rebind("SELECT "+ratingCols+" FROM ratings WHERE office_id = ?"), office)
	if err != nil {
		return 0, 0, err
	}
	rs, err := scanRatings(rrows)
	if err != nil {
		return 0, 0, err
	}
	for _, r := range rs {
		rd.rating(office, r.Rating)
	}
	if err := d.applyRollup(ctx, tx, rd); err != nil {
		return 0, 0, err
	}
	return nt, len(rs), tx.Commit()
}
