package db

import (
	"context"
	"database/sql"
	"fmt"
)

// ackScanRows is how many stored sequences ackTx reads at a time when a
// batch fills a gap and the run may continue into events stored earlier.
const ackScanRows = 1000

// ackTx records a batch of dev in tx (last seen time, highest seq) and
// returns the device's acknowledged sequence: the highest seq up to which
// every event of the device is stored, counting from the first event this
// server ever stored for it (a hub that synced elsewhere before starts
// after 1). evs are the batch's events sorted by seq, each stored now or
// before. The device row is locked first, so that two processes storing
// batches of one device at once see each other's events and the value
// only grows.
func (d *DB) ackTx(ctx context.Context, tx *sql.Tx, dev Device, evs []Event, batchMax, now int64) (int64, error) {
	lock := ""
	if d.dialect == Postgres {
		lock = " FOR UPDATE"
	}
	var acked, last int64
	if err := tx.QueryRowContext(ctx, d.Rebind("SELECT acked_seq, last_seq FROM devices WHERE id = ?"+lock), dev.ID).Scan(&acked, &last); err != nil {
		return 0, fmt.Errorf("read device acknowledgement: %w", err)
	}
	maxSeq := max(last, batchMax)
	cur := acked
	if acked == 0 && last == 0 && len(evs) > 0 { // the device's first batch here
		cur = evs[0].Seq - 1
	}
	cur = walk(cur, evs)
	if cur > acked {
		var err error
		if cur, err = d.walkStored(ctx, tx, dev.ID, cur); err != nil {
			return 0, err
		}
	}
	if _, err := tx.ExecContext(ctx, d.Rebind("UPDATE devices SET last_seen_at = ?, last_seq = ?, acked_seq = ? WHERE id = ?"),
		now, maxSeq, max(cur, acked), dev.ID); err != nil {
		return 0, fmt.Errorf("update device: %w", err)
	}
	return max(cur, acked), nil
}

// walk advances cur over the sequences of evs (sorted) that follow it
// without a gap.
func walk(cur int64, evs []Event) int64 {
	for _, e := range evs {
		switch {
		case e.Seq == cur+1:
			cur++
		case e.Seq > cur+1:
			return cur
		}
	}
	return cur
}

// walkStored advances cur over the device's stored events that follow it
// without a gap (events stored by earlier batches that arrived before the
// ones filling the gap).
func (d *DB) walkStored(ctx context.Context, tx *sql.Tx, device string, cur int64) (int64, error) {
	for {
		rows, err := tx.QueryContext(ctx, d.Rebind("SELECT seq FROM events WHERE device_id = ? AND seq > ? ORDER BY seq LIMIT ?"), device, cur, ackScanRows)
		if err != nil {
			return 0, fmt.Errorf("read stored sequences: %w", err)
		}
		n, start := 0, cur
		for rows.Next() {
			var seq int64
			if err := rows.Scan(&seq); err != nil {
				rows.Close()
				return 0, err
			}
			n++
			if seq != cur+1 {
				break
			}
			cur = seq
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return 0, err
		}
		if n < ackScanRows || cur-start < int64(n) {
			return cur, nil
		}
	}
}
