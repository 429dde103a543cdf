package db

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"
)

// RollupRow is one stored roll-up row: an office's day, or month, for one
// service, counter and officer. The histograms and hours stay in their
// text form (server/hist's Encode) for the report to merge without a map
// per row.
type RollupRow struct {
	// Day is the service day ("YYYY-MM-DD"), or the month ("YYYY-MM") of a
	// month row (Month), which sums the month's day rows of its key.
	Day                                     string
	Office, Service                         string
	Counter                                 int
	Officer                                 string
	Tickets, Called, Served, NoShow, Active int64
	WaitSum, SvcN, SvcSum                   int64 // milliseconds
	WaitHist, SvcHist, Hours                string
	Stars                                   [5]int64
	// Days is a month row's days that had tickets: bit d-1 for day d.
	Days uint32
}

// Month reports a month row.
func (r RollupRow) Month() bool { return len(r.Day) == 7 }

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

// rollSpan is a filter's days cut into whole months, read from the month
// rows, and the ragged days at the ends, read from the day rows.
type rollSpan struct {
	days   []Filter // day ranges (From/To days)
	months *Filter  // month range (From/To "YYYY-MM", "" open), nil if none
}

// spanOf cuts f's range. A range that is not two valid days (or open ends)
// is read from the day rows alone, as before the month level.
func spanOf(f Filter) rollSpan {
	parse := func(s string) (time.Time, bool) {
		t, err := time.Parse("2006-01-02", s)
		return t, err == nil
	}
	var from, to time.Time
	var ok1, ok2 bool = true, true
	if f.From != "" {
		from, ok1 = parse(f.From)
	}
	if f.To != "" {
		to, ok2 = parse(f.To)
	}
	if !ok1 || !ok2 || (f.From != "" && f.To != "" && f.From > f.To) {
		return rollSpan{days: []Filter{f}}
	}
	var sp rollSpan
	m := f
	m.From, m.To = "", ""
	if f.From != "" {
		m.From = f.From[:7]
		if from.Day() != 1 {
			lead := f
			if end := from.AddDate(0, 1, -from.Day()+1).AddDate(0, 0, -1).Format("2006-01-02"); f.To == "" || end < f.To {
				lead.To = end
			}
			sp.days = append(sp.days, lead)
			m.From = from.AddDate(0, 1, -from.Day()+1).Format("2006-01")
		}
	}
	if f.To != "" {
		m.To = f.To[:7]
		if to.AddDate(0, 0, 1).Day() != 1 {
			first := to.AddDate(0, 0, -to.Day()+1)
			trail := f
			trail.From = first.Format("2006-01-02")
			if f.From > trail.From {
				trail.From = f.From
			}
			if len(sp.days) == 0 || sp.days[0].To < trail.From {
				sp.days = append(sp.days, trail)
			}
			m.To = first.AddDate(0, 0, -1).Format("2006-01")
		}
	}
	if m.From == "" || m.To == "" || m.From <= m.To {
		sp.months = &m
	}
	return sp
}

// Rollups returns the roll-up rows matching f (by office and day): month
// rows for the whole months of its range and day rows for the days at its
// ends. A report from them equals one from RollupDays.
func (d *DB) Rollups(ctx context.Context, f Filter) ([]RollupRow, error) {
	sp := spanOf(f)
	var out []RollupRow
	var err error
	if sp.months != nil {
		if out, err = d.rollupRows(ctx, monthLevel, *sp.months, out); err != nil {
			return nil, err
		}
	}
	for _, df := range sp.days {
		if out, err = d.rollupRows(ctx, dayLevel, df, out); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// RollupDays returns the day rows matching f, never month rows: the
// roll-ups as they were before the month level, for comparing with
// Rollups.
func (d *DB) RollupDays(ctx context.Context, f Filter) ([]RollupRow, error) {
	return d.rollupRows(ctx, dayLevel, f, nil)
}

func (d *DB) rollupRows(ctx context.Context, lv level, f Filter, out []RollupRow) ([]RollupRow, error) {
	where, args := f.where(lv.col)
	rows, err := d.sql.QueryContext(ctx, d.Rebind("SELECT "+lv.cols+" FROM "+lv.table+where), args...)
	if err != nil {
		return nil, fmt.Errorf("roll-ups: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var r RollupRow
		var days int64
		dest := []any{&r.Office, &r.Day, &r.Service, &r.Counter, &r.Officer}
		if lv.mask {
			dest = append(dest, &days)
		}
		dest = append(dest, &r.Tickets, &r.Called, &r.Served, &r.NoShow, &r.Active,
			&r.WaitSum, &r.SvcN, &r.SvcSum, &r.WaitHist, &r.SvcHist, &r.Hours,
			&r.Stars[0], &r.Stars[1], &r.Stars[2], &r.Stars[3], &r.Stars[4])
		if err := rows.Scan(dest...); err != nil {
			return nil, fmt.Errorf("roll-ups: %w", err)
		}
		r.Days = uint32(days)
		out = append(out, r)
	}
	return out, rows.Err()
}

// RollupReasons returns the reason counts matching f, summed over days
// and counters by office, service, officer and reason (a report needs no
// more), from the month rows of whole months and the day rows of the rest.
func (d *DB) RollupReasons(ctx context.Context, f Filter) ([]ReasonCount, error) {
	sp := spanOf(f)
	sum := map[ReasonCount]int64{}
	if sp.months != nil {
		if err := d.reasonRows(ctx, monthLevel, *sp.months, sum); err != nil {
			return nil, err
		}
	}
	for _, df := range sp.days {
		if err := d.reasonRows(ctx, dayLevel, df, sum); err != nil {
			return nil, err
		}
	}
	return reasonList(sum), nil
}

// RollupReasonDays is RollupReasons from the day rows alone.
func (d *DB) RollupReasonDays(ctx context.Context, f Filter) ([]ReasonCount, error) {
	sum := map[ReasonCount]int64{}
	if err := d.reasonRows(ctx, dayLevel, f, sum); err != nil {
		return nil, err
	}
	return reasonList(sum), nil
}

func reasonList(sum map[ReasonCount]int64) []ReasonCount {
	var out []ReasonCount
	for k, n := range sum {
		if n != 0 {
			k.N = n
			out = append(out, k)
		}
	}
	slices.SortFunc(out, func(a, b ReasonCount) int {
		return cmp.Or(strings.Compare(a.Office, b.Office), strings.Compare(a.Service, b.Service),
			strings.Compare(a.Officer, b.Officer), strings.Compare(a.Reason, b.Reason))
	})
	return out
}

func (d *DB) reasonRows(ctx context.Context, lv level, f Filter, sum map[ReasonCount]int64) error {
	where, args := f.where(lv.col)
	rows, err := d.sql.QueryContext(ctx, d.Rebind("SELECT office_id, service, officer, reason, sum(n) FROM "+lv.reasons+where+
		" GROUP BY office_id, service, officer, reason"), args...)
	if err != nil {
		return fmt.Errorf("roll-up reasons: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var r ReasonCount
		var n int64
		if err := rows.Scan(&r.Office, &r.Service, &r.Officer, &r.Reason, &n); err != nil {
			return fmt.Errorf("roll-up reasons: %w", err)
		}
		sum[r] += n
	}
	return rows.Err()
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
	for _, t := range []string{"rollup_days", "rollup_reasons", "rollup_months", "rollup_reason_months"} {
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
