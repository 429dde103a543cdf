package db

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/motcua-kiosk/motcua/kiosk/queue"
	"github.com/motcua-kiosk/motcua/kiosk/wire"
)

// Event is one validated hub event ready to store. Ticket and Rating are
// the decoded snapshot and rating the event carries, if any.
type Event struct {
	ID     string // "device:seq"
	Device string
	Seq    int64
	Kind   string
	At     time.Time
	Body   []byte // queue.Event JSON as received
	Ticket *queue.Ticket
	Rating *queue.Rating
	// TicketJSON, when set, is Ticket's JSON as found inside Body; it is
	// stored as the ticket's snapshot instead of encoding Ticket again.
	TicketJSON []byte
	// Dossier is the dossier event's body (kinds wire.KindDossier*);
	// dossiers.go applies it.
	Dossier *wire.DossierEvent
}

// Result says what a batch did: every event of it is stored once it
// returns without error.
type Result struct {
	Stored     int // new to the server
	Duplicates int // already stored (a retry or an overlapping batch)
	// UpTo is the device's acknowledged sequence after the batch: every
	// event of the device up to it is stored (see ackTx).
	UpTo int64
}

// IngestBatch stores the events of one device in one transaction: events
// by id with ON CONFLICT DO NOTHING, and, for the events that were new,
// the ticket snapshots (keeping the newest) and ratings (keeping the first).
// Nothing is written when it returns an error. A deadlock or serialization
// failure between server processes is retried.
func (d *DB) IngestBatch(ctx context.Context, dev Device, events []Event) (Result, error) {
	evs := slices.Clone(events)
	slices.SortFunc(evs, func(a, b Event) int { return cmpInt(a.Seq, b.Seq) })
	evs = slices.CompactFunc(evs, func(a, b Event) bool { return a.ID == b.ID })
	var (
		res Result
		err error
	)
	if d.dialect == SQLite {
		res, err = d.ingestGrouped(ctx, dev, evs)
	} else {
		res, err = d.ingestRetry(ctx, dev, evs)
	}
	if err != nil {
		return Result{}, fmt.Errorf("ingest batch of %s: %w", dev.ID, err)
	}
	res.Duplicates = len(events) - res.Stored
	return res, nil
}

// ingestRetry stores one batch in its own transaction, again after a
// deadlock, serialization failure or busy database.
func (d *DB) ingestRetry(ctx context.Context, dev Device, evs []Event) (res Result, err error) {
	for attempt := 0; attempt < 6; attempt++ {
		res, err = d.ingestOnce(ctx, []*pendingBatch{{dev: dev, evs: evs}})
		if err == nil || !retryable(err) || ctx.Err() != nil {
			break
		}
		time.Sleep(time.Duration(attempt+1) * 10 * time.Millisecond)
	}
	return res, err
}

// pendingBatch is a batch waiting for the SQLite writer.
type pendingBatch struct {
	ctx  context.Context
	dev  Device
	evs  []Event
	res  Result
	err  error
	done chan struct{}
}

// ingestQueue holds the batches waiting for the SQLite writer.
type ingestQueue struct {
	mu sync.Mutex
	q  []*pendingBatch
}

// ingestGrouped is group commit for SQLite, which has one writer and pays
// a WAL fsync per commit (a third of the ingest time in the profile):
// batches that arrive while another is being written wait for the writer,
// and the next writer stores all of them in one transaction. Each batch is
// answered only after that transaction commits. If the group fails, each of
// its batches is tried alone, so one batch's error is its own.
func (d *DB) ingestGrouped(ctx context.Context, dev Device, evs []Event) (Result, error) {
	me := &pendingBatch{ctx: ctx, dev: dev, evs: evs, done: make(chan struct{})}
	d.queue.mu.Lock()
	d.queue.q = append(d.queue.q, me)
	d.queue.mu.Unlock()
	d.writeMu.Lock()
	defer d.writeMu.Unlock()
	select {
	case <-me.done: // the previous writer took it along
		return me.res, me.err
	default:
	}
	d.queue.mu.Lock()
	group := d.queue.q // holds me: writers finish what they take before unlocking
	d.queue.q = nil
	d.queue.mu.Unlock()
	defer func() {
		for _, b := range group {
			close(b.done)
		}
	}()
	if len(group) > 1 {
		// The group outlives a cancelled request: storing its batch anyway
		// is harmless, as a retry of it would be a duplicate.
		if _, err := d.ingestOnce(context.WithoutCancel(ctx), group); err == nil {
			return me.res, nil
		}
	}
	for _, b := range group {
		b.res, b.err = d.ingestRetry(b.ctx, b.dev, b.evs)
	}
	return me.res, me.err
}

// ingestOnce stores batches in one transaction; each batch's result is
// set in it and the first one's returned. The caller holds writeMu on
// SQLite.
func (d *DB) ingestOnce(ctx context.Context, batches []*pendingBatch) (Result, error) {
	now := ms(d.now())
	tx, err := d.sql.BeginTx(ctx, nil)
	if err != nil {
		return Result{}, err
	}
	defer tx.Rollback()
	for _, b := range batches {
		if b.res, err = d.ingestTx(ctx, tx, b.dev, b.evs, now); err != nil {
			return Result{}, err
		}
	}
	if err := tx.Commit(); err != nil {
		return Result{}, err
	}
	return batches[0].res, nil
}

// ingestTx writes one batch in tx.
func (d *DB) ingestTx(ctx context.Context, tx *sql.Tx, dev Device, evs []Event, now int64) (Result, error) {
	ds, err := d.deviceSeqs(ctx, tx, dev.ID)
	if err != nil {
		return Result{}, err
	}
	toStore, err := d.unstored(ctx, tx, dev.ID, ds, evs)
	if err != nil {
		return Result{}, err
	}
	fresh := make(map[string]bool, len(evs))
	for chunk := range chunks(toStore) {
		args := make([]any, 0, len(chunk)*8)
		for _, e := range chunk {
			args = append(args, e.ID, e.Device, e.Seq, dev.Office, e.Kind, ms(e.At), string(e.Body), now)
		}
		q := "INSERT INTO events(id, device_id, seq, office_id, kind, at, body, received_at) VALUES " +
			placeholders(len(chunk), 8) + " ON CONFLICT(" + d.eventKey() + ") DO NOTHING RETURNING id"
		if err := d.collect(ctx, tx, q, args, fresh); err != nil {
			return Result{}, fmt.Errorf("insert events: %w", err)
		}
	}
	var maxSeq int64
	newest := map[string]Event{}
	var ratings, dossiers []Event
	for _, e := range evs {
		maxSeq = max(maxSeq, e.Seq)
		if !fresh[e.ID] {
			continue
		}
		if t := e.Ticket; t != nil {
			if old, ok := newest[t.ID]; !ok || e.Seq > old.Seq {
				newest[t.ID] = e
			}
		}
		if e.Rating != nil {
			ratings = append(ratings, e)
		}
		if e.Dossier != nil {
			dossiers = append(dossiers, e)
		}
	}
	ru, err := d.rollupStart(ctx, tx, dev, newest)
	if err != nil {
		return Result{}, err
	}
	written, err := d.upsertTickets(ctx, tx, dev, newest, now)
	if err != nil {
		return Result{}, err
	}
	added, err := d.insertRatings(ctx, tx, dev.Office, ratings)
	if err != nil {
		return Result{}, err
	}
	if err := ru.finish(ctx, d, tx, newest, written, added); err != nil {
		return Result{}, err
	}
	if err := d.applyDossiers(ctx, tx, dev.Office, dossiers, now); err != nil {
		return Result{}, err
	}
	upTo, err := d.ackTx(ctx, tx, dev, ds, evs, maxSeq, now)
	if err != nil {
		return Result{}, err
	}
	return Result{Stored: len(fresh), UpTo: upTo}, nil
}

const ticketCols = "office_id, ticket_id, day, number, service, origin, priority, ref, status, counter, officer, " +
	"issued_at, called_at, serving_at, done_at, no_show_at, ended_at, recalls, transfers, rated, body, " +
	"version_at, version_seq, device_id, updated_at"

// upsertTickets keeps the newest snapshot of each ticket and returns the
// ids of the tickets it wrote (new, or newer than the stored snapshot).
// Snapshots of one device are ordered by its sequence; a snapshot from
// another device (a replaced hub) wins when its event time is not older.
func (d *DB) upsertTickets(ctx context.Context, tx *sql.Tx, dev Device, newest map[string]Event, now int64) (map[string]bool, error) {
	written := map[string]bool{}
	if len(newest) == 0 {
		return written, nil
	}
	ids := make([]string, 0, len(newest))
	for id := range newest {
		ids = append(ids, id)
	}
	slices.Sort(ids) // one lock order for every process
	var set []string
	for _, c := range strings.Split(ticketCols, ", ")[2:] {
		set = append(set, c+" = excluded."+c)
	}
	for chunk := range chunks(ids) {
		args := make([]any, 0, len(chunk)*25)
		for _, id := range chunk {
			e := newest[id]
			t := e.Ticket
			body := e.TicketJSON
			if body == nil {
				var err error
				if body, err = json.Marshal(t); err != nil {
					return nil, fmt.Errorf("encode ticket %s: %w", t.ID, err)
				}
			}
			args = append(args, dev.Office, t.ID, t.Day, t.Number, t.Service, t.Origin, t.Priority, t.Ref, string(t.Status),
				t.Counter, t.Officer, ms(t.IssuedAt), msPtr(t.CalledAt), msPtr(t.ServingAt), msPtr(t.DoneAt),
				msPtr(t.NoShowAt), msPtr(t.EndedAt), t.Recalls, t.Transfers, boolInt(t.Rated), string(body),
				ms(e.At), e.Seq, e.Device, now)
		}
		q := "INSERT INTO tickets(" + ticketCols + ") VALUES " + placeholders(len(chunk), 25) +
			" ON CONFLICT(" + d.ticketKey() + ") DO UPDATE SET " + strings.Join(set, ", ") +
			` WHERE (excluded.device_id = tickets.device_id AND excluded.version_seq > tickets.version_seq)
			OR (excluded.device_id <> tickets.device_id AND excluded.version_at >= tickets.version_at)
			RETURNING ticket_id`
		if err := d.collect(ctx, tx, q, args, written); err != nil {
			return nil, fmt.Errorf("upsert tickets: %w", err)
		}
	}
	return written, nil
}

// insertRatings adds ratings, keeping the first one of each ticket, and
// their reasons; it returns the ratings it stored.
func (d *DB) insertRatings(ctx context.Context, tx *sql.Tx, office string, evs []Event) ([]*queue.Rating, error) {
	var stored []*queue.Rating
	seen := map[string]bool{}
	var rs []Event
	for _, e := range evs {
		if !seen[e.Rating.TicketID] {
			seen[e.Rating.TicketID] = true
			rs = append(rs, e)
		}
	}
	for chunk := range chunks(rs) {
		args := make([]any, 0, len(chunk)*13)
		byTicket := map[string]*queue.Rating{}
		for _, e := range chunk {
			r := e.Rating
			byTicket[r.TicketID] = r
			args = append(args, ratingArgs(office, r, e.ID)...)
		}
		q := "INSERT INTO ratings(" + ratingCols + ") VALUES " + placeholders(len(chunk), 13) +
			" ON CONFLICT(office_id, ticket_id) DO NOTHING RETURNING ticket_id"
		added := map[string]bool{}
		if err := d.collect(ctx, tx, q, args, added); err != nil {
			return nil, fmt.Errorf("insert ratings: %w", err)
		}
		if err := d.insertReasons(ctx, tx, office, added, byTicket); err != nil {
			return nil, err
		}
		if err := d.insertRatingDossiers(ctx, tx, office, added, byTicket); err != nil {
			return nil, err
		}
		for _, e := range chunk {
			if added[e.Rating.TicketID] {
				stored = append(stored, e.Rating)
			}
		}
	}
	return stored, nil
}

const ratingCols = "office_id, ticket_id, day, number, service, counter, officer, stars, reasons, comment, source, at, event_id"

func ratingArgs(office string, r *queue.Rating, eventID string) []any {
	return []any{office, r.TicketID, r.Day, r.Number, r.Service, r.Counter, r.Officer, r.Stars,
		strings.Join(r.Reasons, ","), r.Comment, r.Source, ms(r.At), eventID}
}

func (d *DB) insertReasons(ctx context.Context, tx *sql.Tx, office string, added map[string]bool, byTicket map[string]*queue.Rating) error {
	var args []any
	n := 0
	for id := range added {
		for _, reason := range byTicket[id].Reasons {
			args = append(args, office, id, reason)
			n++
		}
	}
	if n == 0 {
		return nil
	}
	q := "INSERT INTO rating_reasons(office_id, ticket_id, reason) VALUES " + placeholders(n, 3) + " ON CONFLICT DO NOTHING"
	if _, err := tx.ExecContext(ctx, d.Rebind(q), args...); err != nil {
		return fmt.Errorf("insert rating reasons: %w", err)
	}
	return nil
}

// ErrAlreadyRated is returned by InsertRating when the ticket has a rating.
var ErrAlreadyRated = errors.New("ticket is already rated")

// InsertRating adds a rating that did not come from a hub event (the public
// ticket page's web rating). The first rating of a ticket wins: a later one
// from any source gets ErrAlreadyRated. It also marks the ticket rated.
func (d *DB) InsertRating(ctx context.Context, office string, r queue.Rating) error {
	tx, err := d.sql.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("insert rating: %w", err)
	}
	defer tx.Rollback()
	if _, err := d.lockOffice(ctx, tx, office); err != nil {
		return fmt.Errorf("insert rating: %w", err)
	}
	added := map[string]bool{}
	q := "INSERT INTO ratings(" + ratingCols + ") VALUES " + placeholders(1, 13) + " ON CONFLICT(office_id, ticket_id) DO NOTHING RETURNING ticket_id"
	if err := d.collect(ctx, tx, q, ratingArgs(office, &r, ""), added); err != nil {
		return fmt.Errorf("insert rating: %w", err)
	}
	if len(added) == 0 {
		return ErrAlreadyRated
	}
	if err := d.insertReasons(ctx, tx, office, added, map[string]*queue.Rating{r.TicketID: &r}); err != nil {
		return err
	}
	if err := d.rollupRating(ctx, tx, office, r); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, d.Rebind("UPDATE tickets SET rated = 1 WHERE office_id = ? AND ticket_id = ? AND day = ?"), office, r.TicketID, r.Day); err != nil {
		return fmt.Errorf("insert rating: %w", err)
	}
	return tx.Commit()
}

// collect runs a RETURNING query ('?' placeholders) and adds the first
// column of each row to set.
func (d *DB) collect(ctx context.Context, tx *sql.Tx, q string, args []any, set map[string]bool) error {
	st, err := d.stmt(ctx, tx, q)
	if err != nil {
		return err
	}
	rows, err := st.QueryContext(ctx, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return err
		}
		set[id] = true
	}
	return rows.Err()
}

// exec runs a statement ('?' placeholders) through the statement cache.
func (d *DB) exec(ctx context.Context, tx *sql.Tx, q string, args []any) error {
	st, err := d.stmt(ctx, tx, q)
	if err != nil {
		return err
	}
	_, err = st.ExecContext(ctx, args...)
	return err
}

// stmt returns q prepared for tx. The driver-level statement is kept per
// connection (database/sql does that for a *sql.Stmt), so a multi-row
// statement is parsed once per connection, not once per batch: SQLite's
// parser was 8 % of the ingest CPU before. PostgreSQL's pgx caches its own
// statements, but sharing the path keeps both backends alike.
func (d *DB) stmt(ctx context.Context, tx *sql.Tx, q string) (*sql.Stmt, error) {
	return d.stmts.get(ctx, d.sql, tx, d.Rebind(q))
}

// stmtCache holds prepared statements by SQL text. chunks keeps the
// number of distinct texts small (three sizes per statement kind).
//
// A miss never waits for a connection of the pool: the transaction that
// asks already holds one, and with every connection held by a transaction
// that asks (16 batches in flight on PostgreSQL) a db.Prepare would wait
// for ever — cmd/loadgen found every batch stuck until its deadline. So a
// miss prepares on the asking transaction's own connection for that use,
// and fills the cache in the background once a connection is free.
type stmtCache struct {
	mu      sync.Mutex
	m       map[string]*sql.Stmt
	pending map[string]bool
	closed  bool
}

// get returns q prepared for tx.
func (c *stmtCache) get(ctx context.Context, db *sql.DB, tx *sql.Tx, q string) (*sql.Stmt, error) {
	c.mu.Lock()
	st, ok := c.m[q]
	fill := !ok && !c.closed && !c.pending[q]
	if fill {
		if c.pending == nil {
			c.pending = map[string]bool{}
		}
		c.pending[q] = true
	}
	c.mu.Unlock()
	if ok {
		return tx.StmtContext(ctx, st), nil
	}
	if fill {
		go c.fill(db, q)
	}
	// Closed with the transaction.
	return tx.PrepareContext(ctx, q)
}

// fill prepares q on the pool for the cache, waiting for a free
// connection on a goroutine of its own.
func (c *stmtCache) fill(db *sql.DB, q string) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	st, err := db.PrepareContext(ctx, q)
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.pending, q)
	if err != nil {
		return // the next miss tries again
	}
	if c.closed {
		st.Close()
		return
	}
	if c.m == nil {
		c.m = map[string]*sql.Stmt{}
	}
	c.m[q] = st
}

func (c *stmtCache) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, st := range c.m {
		st.Close()
	}
	c.m, c.closed = nil, true
}

// chunkSizes are the row counts of multi-row statements: a batch is cut
// into as many of the largest as fit, then the next size, so that every
// statement has one of three shapes and stays prepared.
var chunkSizes = [...]int{100, 10, 1}

// chunks cuts s into pieces of chunkSizes.
func chunks[T any](s []T) iter.Seq[[]T] {
	return func(yield func([]T) bool) {
		for _, n := range chunkSizes {
			for len(s) >= n {
				if !yield(s[:n:n]) {
					return
				}
				s = s[n:]
			}
		}
	}
}

// placeholders returns "(?, ?), (?, ?)" for rows×cols.
func placeholders(rows, cols int) string {
	one := "(" + strings.TrimSuffix(strings.Repeat("?, ", cols), ", ") + ")"
	var b strings.Builder
	b.Grow(rows * (len(one) + 2))
	for i := range rows {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(one)
	}
	return b.String()
}

// retryable reports a deadlock or serialization failure (PostgreSQL) or a
// busy database (SQLite) that a fresh attempt may not meet.
func retryable(err error) bool {
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		return pg.Code == "40P01" || pg.Code == "40001"
	}
	s := err.Error()
	return strings.Contains(s, "SQLITE_BUSY") || strings.Contains(s, "database is locked")
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func cmpInt(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
