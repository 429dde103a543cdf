package db

import (
	"context"
	"fmt"
)

// PutRollups stores roll-up rows and reason counts as they are, replacing
// rows of the same key, in one transaction. It is for loading roll-ups
// made elsewhere (benchmark sets, an import from another server); ingest
// keeps its own. Reasons' Day and Counter are part of their key.
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
	return tx.Commit()
}
