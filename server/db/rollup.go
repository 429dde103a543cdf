package db

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/motcua-kiosk/motcua/kiosk/queue"
	"github.com/motcua-kiosk/motcua/server/hist"
)

// The per-day roll-ups (migration 0007): ingest keeps them in its own
// transaction, by taking away a ticket's old snapshot's share and adding
// its new one's, so that reports read a few rows per office and day
// instead of every ticket. A report from them equals one from the raw
// rows except for medians and percentiles, which come from server/hist's
// histograms within its stated bound.

// rkey is a roll-up row's key.
type rkey struct {
	Office, Day, Service string
	Counter              int
	Officer              string
}

func (a rkey) compare(b rkey) int {
	return cmp.Or(strings.Compare(a.Office, b.Office), strings.Compare(a.Day, b.Day), strings.Compare(a.Service, b.Service),
		cmp.Compare(a.Counter, b.Counter), strings.Compare(a.Officer, b.Officer))
}

// racc is a roll-up row's figures, or a change to them.
type racc struct {
	tickets, called, served, noShow, active, waitSum, svcN, svcSum int64
	wait, svc, hours                                               hist.H
	stars                                                          [5]int64
	reasons                                                        map[string]int64
}

func newRacc() *racc {
	return &racc{wait: hist.H{}, svc: hist.H{}, hours: hist.H{}, reasons: map[string]int64{}}
}

// rdelta is the roll-up change of a batch (or the whole of a rebuild).
type rdelta map[rkey]*racc

func (rd rdelta) get(k rkey) *racc {
	a := rd[k]
	if a == nil {
		a = newRacc()
		rd[k] = a
	}
	return a
}

// ticket adds (sign 1) or takes away (sign -1) a ticket snapshot's share.
func (rd rdelta) ticket(t TicketRow, sign int64, loc *time.Location) {
	a := rd.get(rkey{t.Office, t.Day, t.Service, t.Counter, t.Officer})
	a.tickets += sign
	if w, ok := t.Wait(); ok {
		a.called += sign
		a.waitSum += sign * w.Milliseconds()
		a.wait.Add(w, sign)
	}
	if t.Status == queue.StatusNoShow {
		a.noShow += sign
	}
	if t.Status == queue.StatusDone {
		a.served += sign
	}
	if t.Status.Active() {
		a.active += sign
	}
	if s, ok := t.ServiceTime(); ok {
		a.svcN += sign
		a.svcSum += sign * s.Milliseconds()
		a.svc.Add(s, sign)
	}
	h := t.IssuedAt.In(loc).Hour()
	a.hours[h] += sign
	if a.hours[h] == 0 {
		delete(a.hours, h)
	}
}

// rating adds a stored rating's share.
func (rd rdelta) rating(office string, r queue.Rating) {
	a := rd.get(rkey{office, r.Day, r.Service, r.Counter, r.Officer})
	if r.Stars >= 1 && r.Stars <= 5 {
		a.stars[r.Stars-1]++
	}
	for _, reason := range r.Reasons {
		a.reasons[reason]++
	}
}

// lockOffice takes the office's row lock on PostgreSQL (so that two
// server processes storing batches of one office apply their roll-up
// changes one after the other) and returns the office's time zone.
func (d *DB) lockOffice(ctx context.Context, tx *sql.Tx, office string) (*time.Location, error) {
	q := "SELECT time_zone FROM offices WHERE id = ?"
	if d.dialect == Postgres {
		q += " FOR NO KEY UPDATE"
	}
	var zone string
	if err := tx.QueryRowContext(ctx, d.Rebind(q), office).Scan(&zone); err != nil {
		return nil, fmt.Errorf("lock office %s: %w", office, err)
	}
	return queue.Zone(zone), nil
}

// rollupIngest is the roll-up side of one batch: the snapshots of its
// tickets before the batch, read by rollupStart, and the rest done by
// finish once the tickets and ratings are written.
type rollupIngest struct {
	office string
	loc    *time.Location
	ids    []string
	old    map[string]TicketRow
}

// rollupStart locks the office and reads the current snapshots of the
// tickets the batch may change.
func (d *DB) rollupStart(ctx context.Context, tx *sql.Tx, dev Device, newest map[string]Event) (*rollupIngest, error) {
	loc, err := d.lockOffice(ctx, tx, dev.Office)
	if err != nil {
		return nil, err
	}
	ri := &rollupIngest{office: dev.Office, loc: loc, ids: slices.Sorted(maps.Keys(newest))}
	if ri.old, err = d.ticketsByID(ctx, tx, dev.Office, ri.ids); err != nil {
		return nil, err
	}
	return ri, nil
}

// finish applies the change between the tickets' old and new snapshots
// and adds the ratings this batch stored (those whose stored event id is
// one of ratings', the batch's fresh rating events).
func (ri *rollupIngest) finish(ctx context.Context, d *DB, tx *sql.Tx, ratings []Event) error {
	now, err := d.ticketsByID(ctx, tx, ri.office, ri.ids)
	if err != nil {
		return err
	}
	rd := rdelta{}
	for _, id := range ri.ids {
		o, hadOld := ri.old[id]
		n, hasNew := now[id]
		if hadOld && hasNew && sameShare(o, n) {
			continue
		}
		if hadOld {
			rd.ticket(o, -1, ri.loc)
		}
		if hasNew {
			rd.ticket(n, 1, ri.loc)
		}
	}
	if len(ratings) > 0 {
		byEvent := map[string]bool{}
		var tids []string
		for _, e := range ratings {
			byEvent[e.ID] = true
			tids = append(tids, e.Rating.TicketID)
		}
		slices.Sort(tids)
		stored, err := d.ratingsByTicket(ctx, tx, ri.office, slices.Compact(tids))
		if err != nil {
			return err
		}
		for _, r := range stored {
			if byEvent[r.EventID] {
				rd.rating(ri.office, r.Rating)
			}
		}
	}
	return d.applyRollup(ctx, tx, rd)
}

// sameShare reports whether two snapshots count the same in the roll-ups.
func sameShare(a, b TicketRow) bool {
	eq := func(x, y *time.Time) bool { return (x == nil) == (y == nil) && (x == nil || x.Equal(*y)) }
	return a.Day == b.Day && a.Service == b.Service && a.Counter == b.Counter && a.Officer == b.Officer &&
		a.Status == b.Status && a.IssuedAt.Equal(b.IssuedAt) && eq(a.CalledAt, b.CalledAt) &&
		eq(a.ServingAt, b.ServingAt) && eq(a.DoneAt, b.DoneAt)
}

// rollupRating adds one rating stored outside ingest (the web rating) in
// tx; the caller holds the office lock.
func (d *DB) rollupRating(ctx context.Context, tx *sql.Tx, office string, r queue.Rating) error {
	rd := rdelta{}
	rd.rating(office, r)
	return d.applyRollup(ctx, tx, rd)
}

// ticketsByID reads the stored snapshots of an office's tickets.
func (d *DB) ticketsByID(ctx context.Context, tx *sql.Tx, office string, ids []string) (map[string]TicketRow, error) {
	out := make(map[string]TicketRow, len(ids))
	for chunk := range chunks(ids) {
		args := []any{office}
		for _, id := range chunk {
			args = append(args, id)
		}
		q := ticketSelect + " WHERE office_id = ? AND ticket_id IN (" + strings.TrimSuffix(strings.Repeat("?, ", len(chunk)), ", ") + ")"
		st, err := d.stmt(ctx, tx, q)
		if err != nil {
			return nil, fmt.Errorf("read tickets: %w", err)
		}
		rows, err := st.QueryContext(ctx, args...)
		if err != nil {
			return nil, fmt.Errorf("read tickets: %w", err)
		}
		for rows.Next() {
			t, err := scanTicket(rows)
			if err != nil {
				rows.Close()
				return nil, fmt.Errorf("read tickets: %w", err)
			}
			out[t.ID] = t
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// ratingsByTicket reads the stored ratings of an office's tickets.
func (d *DB) ratingsByTicket(ctx context.Context, tx *sql.Tx, office string, ids []string) ([]RatingRow, error) {
	var out []RatingRow
	for chunk := range chunks(ids) {
		args := []any{office}
		for _, id := range chunk {
			args = append(args, id)
		}
		q := "SELECT " + ratingCols + " FROM ratings WHERE office_id = ? AND ticket_id IN (" + strings.TrimSuffix(strings.Repeat("?, ", len(chunk)), ", ") + ")"
		st, err := d.stmt(ctx, tx, q)
		if err != nil {
			return nil, fmt.Errorf("read ratings: %w", err)
		}
		rows, err := st.QueryContext(ctx, args...)
		if err != nil {
			return nil, fmt.Errorf("read ratings: %w", err)
		}
		rs, err := scanRatings(rows)
		if err != nil {
			return nil, fmt.Errorf("read ratings: %w", err)
		}
		out = append(out, rs...)
	}
	return out, nil
}

// scanRatings reads rows of ratingCols and closes them.
func scanRatings(rows *sql.Rows) ([]RatingRow, error) {
	defer rows.Close()
	var out []RatingRow
	for rows.Next() {
		var r RatingRow
		var reasons string
		var at int64
		err := rows.Scan(&r.Office, &r.TicketID, &r.Day, &r.Number, &r.Service, &r.Counter, &r.Officer, &r.Stars,
			&reasons, &r.Comment, &r.Source, &at, &r.EventID)
		if err != nil {
			return nil, err
		}
		if reasons != "" {
			r.Reasons = strings.Split(reasons, ",")
		}
		r.At = fromMS(at)
		out = append(out, r)
	}
	return out, rows.Err()
}

const rollupCols = "office_id, day, service, counter, officer, tickets, called, served, no_show, active, wait_sum, svc_n, svc_sum, " +
	"wait_hist, svc_hist, hours, stars1, stars2, stars3, stars4, stars5"

// applyRollup adds rd to the stored roll-ups. The caller holds the
// office lock (or SQLite's writer), so reading the touched rows and
// writing them back is safe; it does so in few statements (one read per
// office, multi-row upserts), as a batch's transaction holds the office's
// lock meanwhile.
func (d *DB) applyRollup(ctx context.Context, tx *sql.Tx, rd rdelta) error {
	keys := slices.SortedFunc(maps.Keys(rd), rkey.compare)
	cur, err := d.readRollups(ctx, tx, keys)
	if err != nil {
		return err
	}
	var set []string
	for _, c := range strings.Split(rollupCols, ", ")[5:] {
		set = append(set, c+" = excluded."+c)
	}
	var reasons [][]any
	for chunk := range chunks(keys) {
		args := make([]any, 0, len(chunk)*21)
		for _, k := range chunk {
			a, c := rd[k], cur[k]
			if c == nil {
				c = newRacc()
			}
			c.wait.Merge(a.wait)
			c.svc.Merge(a.svc)
			c.hours.Merge(a.hours)
			for i := range c.stars {
				c.stars[i] += a.stars[i]
			}
			args = append(args, k.Office, k.Day, k.Service, k.Counter, k.Officer,
				c.tickets+a.tickets, c.called+a.called, c.served+a.served, c.noShow+a.noShow, c.active+a.active,
				c.waitSum+a.waitSum, c.svcN+a.svcN, c.svcSum+a.svcSum,
				c.wait.Encode(), c.svc.Encode(), c.hours.Encode(),
				c.stars[0], c.stars[1], c.stars[2], c.stars[3], c.stars[4])
			for _, reason := range slices.Sorted(maps.Keys(a.reasons)) {
				reasons = append(reasons, []any{k.Office, k.Day, k.Service, k.Counter, k.Officer, reason, a.reasons[reason]})
			}
		}
		q := "INSERT INTO rollup_days(" + rollupCols + ") VALUES " + placeholders(len(chunk), 21) +
			" ON CONFLICT(office_id, day, service, counter, officer) DO UPDATE SET " + strings.Join(set, ", ")
		if err := d.exec(ctx, tx, q, args); err != nil {
			return fmt.Errorf("write roll-ups: %w", err)
		}
	}
	for chunk := range chunks(reasons) {
		var args []any
		for _, r := range chunk {
			args = append(args, r...)
		}
		q := "INSERT INTO rollup_reasons(office_id, day, service, counter, officer, reason, n) VALUES " + placeholders(len(chunk), 7) +
			" ON CONFLICT(office_id, day, service, counter, officer, reason) DO UPDATE SET n = rollup_reasons.n + excluded.n"
		if err := d.exec(ctx, tx, q, args); err != nil {
			return fmt.Errorf("write roll-up reasons: %w", err)
		}
	}
	return nil
}

// readRollups reads the stored rows of keys (sorted): the rows of their
// offices' days, one statement per office and up to 100 days.
func (d *DB) readRollups(ctx context.Context, tx *sql.Tx, keys []rkey) (map[rkey]*racc, error) {
	days := map[string][]string{}
	for _, k := range keys {
		if ds := days[k.Office]; len(ds) == 0 || ds[len(ds)-1] != k.Day {
			days[k.Office] = append(ds, k.Day)
		}
	}
	out := map[rkey]*racc{}
	for _, office := range slices.Sorted(maps.Keys(days)) {
		ds := slices.Compact(slices.Sorted(slices.Values(days[office])))
		for chunk := range chunks(ds) {
			args := []any{office}
			for _, day := range chunk {
				args = append(args, day)
			}
			st, err := d.stmt(ctx, tx, "SELECT "+rollupCols+" FROM rollup_days WHERE office_id = ? AND day IN ("+
				strings.TrimSuffix(strings.Repeat("?, ", len(chunk)), ", ")+")")
			if err != nil {
				return nil, fmt.Errorf("read roll-ups: %w", err)
			}
			rows, err := st.QueryContext(ctx, args...)
			if err != nil {
				return nil, fmt.Errorf("read roll-ups: %w", err)
			}
			for rows.Next() {
				var k rkey
				c := newRacc()
				var wait, svc, hours string
				if err := rows.Scan(&k.Office, &k.Day, &k.Service, &k.Counter, &k.Officer, &c.tickets, &c.called, &c.served, &c.noShow, &c.active,
					&c.waitSum, &c.svcN, &c.svcSum, &wait, &svc, &hours, &c.stars[0], &c.stars[1], &c.stars[2], &c.stars[3], &c.stars[4]); err != nil {
					rows.Close()
					return nil, fmt.Errorf("read roll-ups: %w", err)
				}
				hist.DecodeInto(c.wait, wait)
				hist.DecodeInto(c.svc, svc)
				hist.DecodeInto(c.hours, hours)
				out[k] = c
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}
