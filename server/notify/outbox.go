package notify

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"time"
)

// DB is the database the outbox keeps its table in: *db.DB (server/db)
// satisfies it. Queries are written with '?' and passed through Rebind.
type DB interface {
	SQL() *sql.DB
	Rebind(q string) string
}

// Options tune an Outbox. Zero values are sensible defaults.
type Options struct {
	// MinBackoff is the wait after the first failure (5 s); it doubles
	// with each failure up to MaxBackoff (10 min).
	MinBackoff, MaxBackoff time.Duration
	// MaxAttempts failures give a message up (state "failed"; 12).
	MaxAttempts int
	// SendTimeout bounds one Send (30 s). Lease is how long a message
	// claimed for sending waits before another attempt if this process
	// dies mid-send (SendTimeout + 1 min); it must exceed SendTimeout so
	// that no second process sends a message still being sent.
	SendTimeout, Lease time.Duration
	// Idle is the longest Run sleeps without a wake-up (30 s): messages
	// queued by another server process are found at least this often.
	Idle time.Duration
	// Batch is how many due messages one Flush takes (50).
	Batch  int
	Now    func() time.Time
	Logger *slog.Logger
}

// States of a queued message.
const (
	StatePending = "pending"
	StateSent    = "sent"
	StateFailed  = "failed"
)

// Status is what the outbox knows of one message.
type Status struct {
	State     string
	Attempts  int
	NextAt    time.Time
	SentAt    *time.Time
	LastError string
}

// Outbox queues messages in the database and delivers each through a
// Sender at most once per key, retrying failures with capped exponential
// backoff. Several server processes may share one database: a message is
// claimed by a conditional update before it is sent.
type Outbox struct {
	db   DB
	send Sender
	opt  Options
	log  *slog.Logger
	wake chan struct{}
}

// New returns an outbox over db that delivers through s. Nothing is sent
// until Flush or Run.
func New(db DB, s Sender, opt Options) *Outbox {
	if opt.MinBackoff <= 0 {
		opt.MinBackoff = 5 * time.Second
	}
	if opt.MaxBackoff < opt.MinBackoff {
		opt.MaxBackoff = max(10*time.Minute, opt.MinBackoff)
	}
	if opt.MaxAttempts <= 0 {
		opt.MaxAttempts = 12
	}
	if opt.SendTimeout <= 0 {
		opt.SendTimeout = 30 * time.Second
	}
	if opt.Lease <= opt.SendTimeout {
		opt.Lease = opt.SendTimeout + time.Minute
	}
	if opt.Idle <= 0 {
		opt.Idle = 30 * time.Second
	}
	if opt.Batch <= 0 {
		opt.Batch = 50
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.Logger == nil {
		opt.Logger = slog.Default()
	}
	return &Outbox{db: db, send: s, opt: opt, log: opt.Logger, wake: make(chan struct{}, 1)}
}

// Enqueue queues m for delivery. queued is false when a message with the
// same key was queued before (whatever became of it): the new one is
// dropped, which is what makes a repeated "turn near" harmless.
func (o *Outbox) Enqueue(ctx context.Context, m Message) (queued bool, err error) {
	if err := m.Check(); err != nil {
		return false, err
	}
	now := o.opt.Now().UnixMilli()
	res, err := o.db.SQL().ExecContext(ctx, o.db.Rebind(`INSERT INTO notify_outbox
		(msg_key, kind, dest, text_vi, text_en, state, attempts, next_at, created_at)
		VALUES (?, ?, ?, ?, ?, 'pending', 0, ?, ?) ON CONFLICT (msg_key) DO NOTHING`),
		m.Key, string(m.Kind), m.To, m.TextVI, m.TextEN, now, now)
	if err != nil {
		return false, fmt.Errorf("notify: enqueue: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("notify: enqueue: %w", err)
	}
	if n > 0 {
		select {
		case o.wake <- struct{}{}:
		default:
		}
	}
	return n > 0, nil
}

// Status reports what became of the message with key; ErrUnknown when no
// such message was queued.
func (o *Outbox) Status(ctx context.Context, key string) (Status, error) {
	var s Status
	var next int64
	var sent sql.NullInt64
	err := o.db.SQL().QueryRowContext(ctx, o.db.Rebind(
		"SELECT state, attempts, next_at, sent_at, last_error FROM notify_outbox WHERE msg_key = ?"), key).
		Scan(&s.State, &s.Attempts, &next, &sent, &s.LastError)
	if errors.Is(err, sql.ErrNoRows) {
		return Status{}, ErrUnknown
	}
	if err != nil {
		return Status{}, fmt.Errorf("notify: status: %w", err)
	}
	s.NextAt = time.UnixMilli(next).UTC()
	if sent.Valid {
		t := time.UnixMilli(sent.Int64).UTC()
		s.SentAt = &t
	}
	return s, nil
}

// ErrUnknown is a key the outbox has never queued.
var ErrUnknown = errors.New("notify: no such message")

type due struct {
	Message
	attempts int
	nextAt   int64
}

// Flush sends the messages that are due now, one after another, and
// returns how many were delivered. Each is claimed (a lease), sent, and
// marked sent before the next one is looked at.
func (o *Outbox) Flush(ctx context.Context) (sent int, err error) {
	now := o.opt.Now()
	rows, err := o.db.SQL().QueryContext(ctx, o.db.Rebind(`SELECT msg_key, kind, dest, text_vi, text_en, attempts, next_at
		FROM notify_outbox WHERE state = 'pending' AND next_at <= ? ORDER BY next_at, msg_key LIMIT ?`),
		now.UnixMilli(), o.opt.Batch)
	if err != nil {
		return 0, fmt.Errorf("notify: due messages: %w", err)
	}
	var list []due
	for rows.Next() {
		var d due
		var kind string
		if err := rows.Scan(&d.Key, &kind, &d.To, &d.TextVI, &d.TextEN, &d.attempts, &d.nextAt); err != nil {
			rows.Close()
			return 0, fmt.Errorf("notify: due messages: %w", err)
		}
		d.Kind = Kind(kind)
		list = append(list, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, fmt.Errorf("notify: due messages: %w", err)
	}
	for _, d := range list {
		ok, err := o.deliver(ctx, d)
		if err != nil {
			return sent, err
		}
		if ok {
			sent++
		}
	}
	return sent, nil
}

// deliver claims, sends and marks one message. ok tells it was delivered;
// err is a database failure (the message's own failure is recorded).
func (o *Outbox) deliver(ctx context.Context, d due) (ok bool, err error) {
	sqldb := o.db.SQL()
	now := o.opt.Now()
	attempts := d.attempts + 1
	res, err := sqldb.ExecContext(ctx, o.db.Rebind(`UPDATE notify_outbox SET next_at = ?, attempts = ?
		WHERE msg_key = ? AND state = 'pending' AND next_at = ? AND attempts = ?`),
		now.Add(o.opt.Lease).UnixMilli(), attempts, d.Key, d.nextAt, d.attempts)
	if err != nil {
		return false, fmt.Errorf("notify: claim: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return false, err // another process has it
	}
	sctx, cancel := context.WithTimeout(ctx, o.opt.SendTimeout)
	sendErr := o.send.Send(sctx, d.Message)
	cancel()
	now = o.opt.Now()
	if sendErr == nil {
		// The mark comes before anything else is tried: a message marked
		// sent is never claimed again. If this update is lost, the lease
		// runs out and the receiver drops the repeat by its key.
		if _, err := sqldb.ExecContext(context.WithoutCancel(ctx), o.db.Rebind(`UPDATE notify_outbox
			SET state = 'sent', sent_at = ?, dest = '', last_error = '' WHERE msg_key = ?`), now.UnixMilli(), d.Key); err != nil {
			return false, fmt.Errorf("notify: mark sent %s: %w", d.Key, err)
		}
		return true, nil
	}
	msg := sendErr.Error()
	if len(msg) > 500 {
		msg = msg[:500]
	}
	if IsPermanent(sendErr) || attempts >= o.opt.MaxAttempts {
		o.log.Warn("notify: message given up", "key", d.Key, "kind", d.Kind, "attempts", attempts, "err", sendErr)
		_, err = sqldb.ExecContext(context.WithoutCancel(ctx), o.db.Rebind(`UPDATE notify_outbox
			SET state = 'failed', dest = '', last_error = ? WHERE msg_key = ?`), msg, d.Key)
	} else {
		o.log.Info("notify: send failed, will retry", "key", d.Key, "attempts", attempts, "err", sendErr)
		_, err = sqldb.ExecContext(context.WithoutCancel(ctx), o.db.Rebind(`UPDATE notify_outbox
			SET next_at = ?, last_error = ? WHERE msg_key = ?`), now.Add(o.backoff(attempts)).UnixMilli(), msg, d.Key)
	}
	if err != nil {
		return false, fmt.Errorf("notify: record failure %s: %w", d.Key, err)
	}
	return false, nil
}

// backoff is the wait after the n-th failed attempt: MinBackoff doubled
// n-1 times, at most MaxBackoff.
func (o *Outbox) backoff(n int) time.Duration {
	b := o.opt.MinBackoff
	for i := 1; i < n && b < o.opt.MaxBackoff; i++ {
		b *= 2
	}
	return min(b, o.opt.MaxBackoff)
}

// Run flushes until ctx ends: at once, on each Enqueue, when the next
// retry falls due, and at least every Idle. It returns ctx's error.
func (o *Outbox) Run(ctx context.Context) error {
	for {
		wait := o.opt.Idle
		if _, err := o.Flush(ctx); err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			o.log.Error("notify: flush", "err", err)
			wait = o.opt.MinBackoff
		} else if next, ok := o.nextDue(ctx); ok {
			wait = max(0, min(wait, next.Sub(o.opt.Now())))
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-o.wake:
		case <-t.C:
		}
		t.Stop()
	}
}

// nextDue is when the earliest pending message falls due.
func (o *Outbox) nextDue(ctx context.Context) (time.Time, bool) {
	var v sql.NullInt64
	err := o.db.SQL().QueryRowContext(ctx, "SELECT min(next_at) FROM notify_outbox WHERE state = 'pending'").Scan(&v)
	if err != nil || !v.Valid {
		return time.Time{}, false
	}
	return time.UnixMilli(v.Int64), true
}
