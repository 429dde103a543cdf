package db

import (
	"context"
	"database/sql"
	"fmt"
)

// ackScanRows is how many stored sequences ackTx reads at a time when a
// batch fills a gap and the run may continue into events stored earlier.
const ackScanRows = 1000

// deviceSeqs is a device's acknowledged and highest stored sequence as
// its batch's transaction found them.
type deviceSeqs struct{ acked, last int64 }

// deviceSeqs reads dev's sequences at the start of its batch's
// transaction. On PostgreSQL it locks the device row, so that two
// processes storing batches of one device at once see each other's events
// and the acknowledgement only grows. (The office row is locked after it,
// in rollupStart; no path locks them the other way round.)
func (d *DB) deviceSeqs(ctx context.Context, tx *sql.Tx, device string) (deviceSeqs, error) {
	lock := ""
	if d.dialect == Postgres {
		lock = " FOR UPDATE"
	}
	var s deviceSeqs
	if err := tx.QueryRowContext(ctx, d.Rebind("SELECT acked_seq, last_seq FROM devices WHERE id = ?"+lock), device).Scan(&s.acked, &s.last); err != nil {
		return deviceSeqs{}, fmt.Errorf("read device acknowledgement: %w", err)
	}
	return s, nil
}

// ackTx records a batch of dev in tx (last seen time, highest seq) and
// returns the device's acknowledged sequence: the highest seq up to which
// every event of the device is stored, counting from the first event this
// server ever stored for it (a hub that synced elsewhere before starts
// after 1). ds is what deviceSeqs read; evs are the batch's events sorted
// by seq, each stored now or before.
func (d *DB) ackTx(ctx context.Context, tx *sql.Tx, dev Device, ds deviceSeqs, evs []Event, batchMax, now int64) (int64, error) {
	acked, last := ds.acked, ds.last
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

// unstored returns the events of evs (sorted by seq) whose sequence is
// not stored yet. On SQLite the events' key is their id, "device:seq", so
// the insert's ON CONFLICT does this. On PostgreSQL the key also holds the
// partition column at (migration 0012), which would let a seq a hub sent
// again with another time be stored twice; so a batch that may overlap
// what is stored (its first seq is not above the highest stored one) first
// reads the stored sequences of its range. A batch that follows the last
// one, the usual case, reads nothing.
func (d *DB) unstored(ctx context.Context, tx *sql.Tx, device string, ds deviceSeqs, evs []Event) ([]Event, error) {
	if d.dialect != Postgres || len(evs) == 0 || evs[0].Seq > ds.last {
		return evs, nil
	}
	hi := min(evs[len(evs)-1].Seq, ds.last)
	rows, err := tx.QueryContext(ctx, d.Rebind("SELECT seq FROM events WHERE device_id = ? AND seq BETWEEN ? AND ?"), device, evs[0].Seq, hi)
	if err != nil {
		return nil, fmt.Errorf("read stored sequences: %w", err)
	}
	defer rows.Close()
	stored := map[int64]bool{}
	for rows.Next() {
		var seq int64
		if err := rows.Scan(&seq); err != nil {
			return nil, fmt.Errorf("read stored sequences: %w", err)
		}
		stored[seq] = true
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read stored sequences: %w", err)
	}
	if len(stored) == 0 {
		return evs, nil
	}
	out := make([]Event, 0, len(evs)-len(stored))
	for _, e := range evs {
		if !stored[e.Seq] {
			out = append(out, e)
		}
	}
	return out, nil
}

// eventKey and ticketKey are the ON CONFLICT targets of the events' and
// tickets' unique keys: on PostgreSQL they hold the partition column.
func (d *DB) eventKey() string {
	if d.dialect == Postgres {
		return "device_id, seq, at"
	}
	return "id"
}

func (d *DB) ticketKey() string {
	if d.dialect == Postgres {
		return "office_id, ticket_id, day"
	}
	return "office_id, ticket_id"
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
