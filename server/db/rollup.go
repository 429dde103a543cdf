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
	days                                                           int64 // a month row's days with tickets (bit 0 = day 1)
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
	dayOf := make(map[string]string, len(newest))
	for id, e := range newest {
		dayOf[id] = e.Ticket.Day
	}
	if ri.old, err = d.ticketsByID(ctx, tx, dev.Office, ri.ids, dayOf); err != nil {
		return nil, err
	}
	return ri, nil
}

// finish applies the change between the tickets' old snapshots and the
// ones the batch wrote (written: the ids upsertTickets stored, whose
// snapshot is now newest's) and adds the ratings the batch stored. It
// reads nothing back: the upsert's and insert's RETURNING say what was
// written.
func (ri *rollupIngest) finish(ctx context.Context, d *DB, tx *sql.Tx, newest map[string]Event, written map[string]bool, ratings []*queue.Rating) error {
	rd := rdelta{}
	for _, id := range ri.ids {
		if !written[id] {
			continue
		}
		n := storedRow(ri.office, newest[id].Ticket)
		o, hadOld := ri.old[id]
		if hadOld && sameShare(o, n) {
			continue
		}
		if hadOld {
			rd.ticket(o, -1, ri.loc)
		}
		rd.ticket(n, 1, ri.loc)
	}
	for _, r := range ratings {
		rd.rating(ri.office, *r)
	}
	return d.applyRollup(ctx, tx, rd)
}

// storedRow is the TicketRow a stored snapshot of t reads back as (times
// to the millisecond, a zero time as none), as far as the roll-ups use it.
func storedRow(office string, t *queue.Ticket) TicketRow {
	at := func(p *time.Time) *time.Time {
		if p == nil || p.IsZero() {
			return nil
		}
		v := fromMS(ms(*p))
		return &v
	}
	return TicketRow{Office: office, ID: t.ID, Day: t.Day, Number: t.Number, Service: t.Service, Origin: t.Origin,
		Priority: t.Priority, Ref: t.Ref, Status: t.Status, Counter: t.Counter, Officer: t.Officer,
		IssuedAt: fromMS(ms(t.IssuedAt)), CalledAt: at(t.CalledAt), ServingAt: at(t.ServingAt), DoneAt: at(t.DoneAt),
		NoShowAt: at(t.NoShowAt), EndedAt: at(t.EndedAt), Recalls: t.Recalls, Transfers: t.Transfers, Rated: t.Rated}
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

// ticketsByID reads the stored snapshots of an office's tickets, each of
// the day dayOf gives it.
func (d *DB) ticketsByID(ctx context.Context, tx *sql.Tx, office string, ids []string, dayOf map[string]string) (map[string]TicketRow, error) {
	out := make(map[string]TicketRow, len(ids))
	for chunk := range chunks(ids) {
		args := []any{office}
		for _, id := range chunk {
			args = append(args, id)
		}
		// The chunk's days, so that PostgreSQL reads only their months'
		// partitions: the row a snapshot replaces is the one of its day
		// (the tickets' key holds the day, migration 0012).
		days := map[string]bool{}
		for _, id := range chunk {
			days[dayOf[id]] = true
		}
		q := ticketSelect + " WHERE office_id = ? AND ticket_id IN (" + strings.TrimSuffix(strings.Repeat("?, ", len(chunk)), ", ") + ")" +
			" AND day IN (" + strings.TrimSuffix(strings.Repeat("?, ", len(days)), ", ") + ")"
		for _, day := range slices.Sorted(maps.Keys(days)) {
			args = append(args, day)
		}
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
			if t.Day == dayOf[t.ID] { // not another day's row of the same id
				out[t.ID] = t
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
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

// level is one level of the roll-ups: the days (migration 0007) or the
// months (0011), which have the same figures plus a mask of the days that
// had tickets. A month row is the sum of its days' rows, kept from the
// same change in the same transaction.
type level struct {
	table, col, reasons string
	cols                string // the row's columns, the key's five first
	mask                bool
}

var (
	dayLevel   = level{"rollup_days", "day", "rollup_reasons", rollupCols, false}
	monthLevel = level{"rollup_months", "month", "rollup_reason_months", monthCols, true}
)

const monthCols = "office_id, month, service, counter, officer, days, tickets, called, served, no_show, active, wait_sum, svc_n, svc_sum, " +
	"wait_hist, svc_hist, hours, stars1, stars2, stars3, stars4, stars5"

// merge adds a's figures to c (reasons excepted: they are added in SQL).
func (c *racc) merge(a *racc) {
	c.tickets += a.tickets
	c.called += a.called
	c.served += a.served
	c.noShow += a.noShow
	c.active += a.active
	c.waitSum += a.waitSum
	c.svcN += a.svcN
	c.svcSum += a.svcSum
	c.wait.Merge(a.wait)
	c.svc.Merge(a.svc)
	c.hours.Merge(a.hours)
	for i := range c.stars {
		c.stars[i] += a.stars[i]
	}
}

// dayBit is the month mask's bit of a "YYYY-MM-DD" day, 0 if malformed.
func dayBit(day string) int64 {
	if len(day) != 10 || day[7] != '-' {
		return 0
	}
	n := int(day[8]-'0')*10 + int(day[9]-'0')
	if n < 1 || n > 31 {
		return 0
	}
	return 1 << (n - 1)
}

// applyRollup adds rd to the stored day roll-ups and to their months. The
// caller holds the office lock (or SQLite's writer), so reading the
// touched rows and writing them back is safe; it does so in few statements
// (one read per office and level, multi-row upserts), as a batch's
// transaction holds the office's lock meanwhile.
func (d *DB) applyRollup(ctx context.Context, tx *sql.Tx, rd rdelta) error {
	days, err := d.applyLevel(ctx, tx, dayLevel, rd, nil)
	if err != nil {
		return err
	}
	md, masks := monthsOf(rd, days)
	_, err = d.applyLevel(ctx, tx, monthLevel, md, masks)
	return err
}

// monthsOf is the month change of a day change rd, and for each month key
// the bits of its touched days and whether each now has tickets (from
// days, the day rows after the change).
func monthsOf(rd rdelta, days map[rkey]*racc) (rdelta, map[rkey]maskChange) {
	md := rdelta{}
	masks := map[rkey]maskChange{}
	for k, a := range rd {
		mk := k
		if len(k.Day) >= 7 {
			mk.Day = k.Day[:7]
		}
		m := md.get(mk)
		m.merge(a)
		for r, n := range a.reasons {
			m.reasons[r] += n
		}
		mc := masks[mk]
		if bit := dayBit(k.Day); bit != 0 {
			if c := days[k]; c != nil && c.tickets > 0 {
				mc.set |= bit
			} else {
				mc.clear |= bit
			}
		}
		masks[mk] = mc
	}
	return md, masks
}

// maskChange is a change to a month row's mask of days with tickets.
type maskChange struct{ set, clear int64 }

// applyLevel adds rd to the stored rows of lv (and masks to a month's
// days) and returns the rows as they are now.
func (d *DB) applyLevel(ctx context.Context, tx *sql.Tx, lv level, rd rdelta, masks map[rkey]maskChange) (map[rkey]*racc, error) {
	keys := slices.SortedFunc(maps.Keys(rd), rkey.compare)
	cur, err := d.readLevel(ctx, tx, lv, keys)
	if err != nil {
		return nil, err
	}
	cols := strings.Split(lv.cols, ", ")
	var set []string
	for _, c := range cols[5:] {
		set = append(set, c+" = excluded."+c)
	}
	var reasons [][]any
	for chunk := range chunks(keys) {
		args := make([]any, 0, len(chunk)*len(cols))
		for _, k := range chunk {
			a, c := rd[k], cur[k]
			if c == nil {
				c = newRacc()
				cur[k] = c
			}
			c.merge(a)
			args = append(args, k.Office, k.Day, k.Service, k.Counter, k.Officer)
			if lv.mask {
				m := masks[k]
				c.days = c.days&^m.clear | m.set
				args = append(args, c.days)
			}
			args = append(args, c.tickets, c.called, c.served, c.noShow, c.active,
				c.waitSum, c.svcN, c.svcSum,
				c.wait.Encode(), c.svc.Encode(), c.hours.Encode(),
				c.stars[0], c.stars[1], c.stars[2], c.stars[3], c.stars[4])
			for _, reason := range slices.Sorted(maps.Keys(a.reasons)) {
				if n := a.reasons[reason]; n != 0 {
					reasons = append(reasons, []any{k.Office, k.Day, k.Service, k.Counter, k.Officer, reason, n})
				}
			}
		}
		q := "INSERT INTO " + lv.table + "(" + lv.cols + ") VALUES " + placeholders(len(chunk), len(cols)) +
			" ON CONFLICT(office_id, " + lv.col + ", service, counter, officer) DO UPDATE SET " + strings.Join(set, ", ")
		if err := d.exec(ctx, tx, q, args); err != nil {
			return nil, fmt.Errorf("write roll-ups: %w", err)
		}
	}
	for chunk := range chunks(reasons) {
		var args []any
		for _, r := range chunk {
			args = append(args, r...)
		}
		q := "INSERT INTO " + lv.reasons + "(office_id, " + lv.col + ", service, counter, officer, reason, n) VALUES " + placeholders(len(chunk), 7) +
			" ON CONFLICT(office_id, " + lv.col + ", service, counter, officer, reason) DO UPDATE SET n = " + lv.reasons + ".n + excluded.n"
		if err := d.exec(ctx, tx, q, args); err != nil {
			return nil, fmt.Errorf("write roll-up reasons: %w", err)
		}
	}
	return cur, nil
}

// readLevel reads the stored rows of keys (sorted) at lv: the rows of
// their offices' days (months), one statement per office and up to 100
// days (months).
func (d *DB) readLevel(ctx context.Context, tx *sql.Tx, lv level, keys []rkey) (map[rkey]*racc, error) {
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
			st, err := d.stmt(ctx, tx, "SELECT "+lv.cols+" FROM "+lv.table+" WHERE office_id = ? AND "+lv.col+" IN ("+
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
				dest := []any{&k.Office, &k.Day, &k.Service, &k.Counter, &k.Officer}
				if lv.mask {
					dest = append(dest, &c.days)
				}
				dest = append(dest, &c.tickets, &c.called, &c.served, &c.noShow, &c.active,
					&c.waitSum, &c.svcN, &c.svcSum, &wait, &svc, &hours, &c.stars[0], &c.stars[1], &c.stars[2], &c.stars[3], &c.stars[4])
				if err := rows.Scan(dest...); err != nil {
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
