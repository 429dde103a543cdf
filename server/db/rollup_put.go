package db

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/motcua-kiosk/motcua/server/hist"
)

// PutRollups stores day roll-up rows and reason counts as they are,
// replacing rows of the same key, and derives the month rows of the
// months they touch from the stored day rows, in one transaction. It is
// for loading roll-ups made elsewhere (benchmark sets, an import from
// another server); ingest keeps its own. Reasons' Day and Counter are part
// of their key.
func (d *DB) PutRollups(ctx context.Context, rows []RollupRow, reasons []ReasonCount) error {
	if d.dialect == SQLite {
		d.writeMu.Lock()
		defer d.writeMu.Unlock()
	}
	tx, err := d.sql.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("put roll-ups: %w", err)
	}
	defer tx.Rollback()
	for chunk := range chunks(rows) {
		args := make([]any, 0, len(chunk)*21)
		for _, r := range chunk {
			args = append(args, r.Office, r.Day, r.Service, r.Counter, r.Officer, r.Tickets, r.Called, r.Served, r.NoShow, r.Active,
				r.WaitSum, r.SvcN, r.SvcSum, r.WaitHist, r.SvcHist, r.Hours, r.Stars[0], r.Stars[1], r.Stars[2], r.Stars[3], r.Stars[4])
		}
		q := "INSERT INTO rollup_days(" + rollupCols + ") VALUES " + placeholders(len(chunk), 21) +
			" ON CONFLICT(office_id, day, service, counter, officer) DO UPDATE SET tickets = excluded.tickets, called = excluded.called, " +
			"served = excluded.served, no_show = excluded.no_show, active = excluded.active, wait_sum = excluded.wait_sum, svc_n = excluded.svc_n, " +
			"svc_sum = excluded.svc_sum, wait_hist = excluded.wait_hist, svc_hist = excluded.svc_hist, hours = excluded.hours, " +
			"stars1 = excluded.stars1, stars2 = excluded.stars2, stars3 = excluded.stars3, stars4 = excluded.stars4, stars5 = excluded.stars5"
		if err := d.exec(ctx, tx, q, args); err != nil {
			return fmt.Errorf("put roll-ups: %w", err)
		}
	}
	for chunk := range chunks(reasons) {
		args := make([]any, 0, len(chunk)*7)
		for _, r := range chunk {
			args = append(args, r.Office, r.Day, r.Service, r.Counter, r.Officer, r.Reason, r.N)
		}
		q := "INSERT INTO rollup_reasons(office_id, day, service, counter, officer, reason, n) VALUES " + placeholders(len(chunk), 7) +
			" ON CONFLICT(office_id, day, service, counter, officer, reason) DO UPDATE SET n = excluded.n"
		if err := d.exec(ctx, tx, q, args); err != nil {
			return fmt.Errorf("put roll-up reasons: %w", err)
		}
	}
	months := map[[2]string]bool{}
	for _, r := range rows {
		if len(r.Day) >= 7 {
			months[[2]string{r.Office, r.Day[:7]}] = true
		}
	}
	for _, r := range reasons {
		if len(r.Day) >= 7 {
			months[[2]string{r.Office, r.Day[:7]}] = true
		}
	}
	for _, om := range slices.SortedFunc(maps.Keys(months), func(a, b [2]string) int {
		return cmp.Or(strings.Compare(a[0], b[0]), strings.Compare(a[1], b[1]))
	}) {
		if err := d.deriveMonth(ctx, tx, om[0], om[1]); err != nil {
			return fmt.Errorf("put roll-ups: %w", err)
		}
	}
	return tx.Commit()
}

// deriveMonth rewrites an office's month rows ("YYYY-MM") from its day
// rows, in tx.
func (d *DB) deriveMonth(ctx context.Context, tx *sql.Tx, office, month string) error {
	for _, t := range []string{"rollup_months", "rollup_reason_months"} {
		if _, err := tx.ExecContext(ctx, d.Rebind("DELETE FROM "+t+" WHERE office_id = ? AND month = ?"), office, month); err != nil {
			return err
		}
	}
	from, to := month+"-01", month+"-31"
	rows, err := tx.QueryContext(ctx, d.Rebind("SELECT "+rollupCols+" FROM rollup_days WHERE office_id = ? AND day >= ? AND day <= ?"), office, from, to)
	if err != nil {
		return err
	}
	rd := rdelta{}
	for rows.Next() {
		var k rkey
		c := newRacc()
		var wait, svc, hours string
		if err := rows.Scan(&k.Office, &k.Day, &k.Service, &k.Counter, &k.Officer, &c.tickets, &c.called, &c.served, &c.noShow, &c.active,
			&c.waitSum, &c.svcN, &c.svcSum, &wait, &svc, &hours, &c.stars[0], &c.stars[1], &c.stars[2], &c.stars[3], &c.stars[4]); err != nil {
			rows.Close()
			return err
		}
		hist.DecodeInto(c.wait, wait)
		hist.DecodeInto(c.svc, svc)
		hist.DecodeInto(c.hours, hours)
		rd[k] = c
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	rrows, err := tx.QueryContext(ctx, d.Rebind("SELECT office_id, day, service, counter, officer, reason, n FROM rollup_reasons WHERE office_id = ? AND day >= ? AND day <= ?"), office, from, to)
	if err != nil {
		return err
	}
	for rrows.Next() {
		var k rkey
		var reason string
		var n int64
		if err := rrows.Scan(&k.Office, &k.Day, &k.Service, &k.Counter, &k.Officer, &reason, &n); err != nil {
			rrows.Close()
			return err
		}
		rd.get(k).reasons[reason] += n
	}
	rrows.Close()
	if err := rrows.Err(); err != nil {
		return err
	}
	md, masks := monthsOf(rd, rd)
	_, err = d.applyLevel(ctx, tx, monthLevel, md, masks)
	return err
}
