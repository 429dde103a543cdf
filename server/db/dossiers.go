package db

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/motcua-kiosk/motcua/kiosk/queue"
	"github.com/motcua-kiosk/motcua/kiosk/wire"
)

// ErrWrongSecret is returned by Dossier when the dossier exists but the
// secret given is not the one printed on its slip.
var ErrWrongSecret = errors.New("wrong dossier secret")

// Dossier is a dossier as the central server keeps it: no citizen
// identity, only the code, the procedure, the dates and where it is.
type Dossier struct {
	Code          string
	Office        string
	ProcedureCode string
	ProcedureName string
	ReceivedAt    time.Time
	DueAt         *time.Time
	FinishedAt    *time.Time
	State         string
	Step          string
	Unit          string
	History       []DossierStep // oldest first
}

// DossierStep is one line of a dossier's history.
type DossierStep struct {
	At      time.Time
	State   string
	Step    string
	Unit    string
	Officer string
}

// SecretHash is what the database keeps of a dossier's secret.
func SecretHash(secret string) string {
	h := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(h[:])
}

// finished says whether a state ends the dossier's handling (the result
// is ready, returned or refused): finished_at is set the first time.
func finished(state string) bool {
	return state == wire.DossierReady || state == wire.DossierDone || state == wire.DossierDenied
}

// applyDossiers stores the dossier events of a batch that were new to the
// server, in the batch's (device sequence) order. A received event creates
// the dossier unless its code is already kept (the first one wins); a step
// is kept only for a dossier of the same office, and becomes the current
// step unless an older-dated step arrives late. An event that does not
// apply (a step of an unknown dossier, or of another office's) is kept in
// events like every event, and changes nothing here: it must not block
// the hub's outbox.
func (d *DB) applyDossiers(ctx context.Context, tx *sql.Tx, office string, evs []Event, now int64) error {
	for _, e := range evs {
		x := e.Dossier
		switch x.Kind {
		case wire.KindDossierAttached:
			if _, err := tx.ExecContext(ctx, d.Rebind(`INSERT INTO rating_dossiers(office_id, ticket_id, code) VALUES (?, ?, ?)
				ON CONFLICT DO NOTHING`), office, x.Ticket, x.Code); err != nil {
				return fmt.Errorf("attach dossier %s: %w", x.Code, err)
			}
			continue
		case wire.KindDossierDetached:
			if _, err := tx.ExecContext(ctx, d.Rebind(`DELETE FROM rating_dossiers WHERE office_id = ? AND ticket_id = ? AND code = ?`),
				office, x.Ticket, x.Code); err != nil {
				return fmt.Errorf("detach dossier %s: %w", x.Code, err)
			}
			continue
		}
		if x.Kind == wire.KindDossierReceived {
			var fin any
			if finished(x.State) {
				fin = ms(x.At)
			}
			if _, err := tx.ExecContext(ctx, d.Rebind(`INSERT INTO dossiers(code, office_id, secret_hash, procedure_code,
				procedure_name, received_at, due_at, finished_at, state, step, unit, version_at, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(code) DO NOTHING`),
				x.Code, office, SecretHash(x.Secret), x.ProcedureCode, x.ProcedureName, ms(x.ReceivedAt),
				msPtr(x.DueAt), fin, x.State, x.Step, x.Unit, ms(x.At), now); err != nil {
				return fmt.Errorf("insert dossier %s: %w", x.Code, err)
			}
		}
		var owner string
		err := tx.QueryRowContext(ctx, d.Rebind("SELECT office_id FROM dossiers WHERE code = ?"), x.Code).Scan(&owner)
		if errors.Is(err, sql.ErrNoRows) || (err == nil && owner != office) {
			continue
		}
		if err != nil {
			return fmt.Errorf("dossier %s: %w", x.Code, err)
		}
		if _, err := tx.ExecContext(ctx, d.Rebind(`INSERT INTO dossier_steps(event_id, code, at, state, step, unit, officer)
			VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(event_id) DO NOTHING`),
			e.ID, x.Code, ms(x.At), x.State, x.Step, x.Unit, x.Officer); err != nil {
			return fmt.Errorf("insert dossier step %s: %w", x.Code, err)
		}
		if x.Kind != wire.KindDossierStep {
			continue
		}
		var fin any
		if finished(x.State) {
			fin = ms(x.At)
		}
		if _, err := tx.ExecContext(ctx, d.Rebind(`UPDATE dossiers SET state = ?, step = ?, unit = ?, version_at = ?,
			finished_at = COALESCE(finished_at, ?), updated_at = ? WHERE code = ? AND version_at <= ?`),
			x.State, x.Step, x.Unit, ms(x.At), fin, now, x.Code, ms(x.At)); err != nil {
			return fmt.Errorf("update dossier %s: %w", x.Code, err)
		}
	}
	return nil
}

// Dossier returns the dossier with code and its history if secret is the
// one printed on its slip: ErrNotFound when no such dossier is kept,
// ErrWrongSecret when the secret is missing or wrong (nothing of the
// dossier is returned then).
func (d *DB) Dossier(ctx context.Context, code, secret string) (Dossier, error) {
	var (
		x        Dossier
		hash     string
		received int64
		due, fin sql.NullInt64
	)
	err := d.sql.QueryRowContext(ctx, d.Rebind(`SELECT code, office_id, secret_hash, procedure_code, procedure_name,
		received_at, due_at, finished_at, state, step, unit FROM dossiers WHERE code = ?`), code).
		Scan(&x.Code, &x.Office, &hash, &x.ProcedureCode, &x.ProcedureName, &received, &due, &fin, &x.State, &x.Step, &x.Unit)
	if errors.Is(err, sql.ErrNoRows) {
		return Dossier{}, fmt.Errorf("dossier %s: %w", code, ErrNotFound)
	}
	if err != nil {
		return Dossier{}, fmt.Errorf("dossier %s: %w", code, err)
	}
	if secret == "" || subtle.ConstantTimeCompare([]byte(SecretHash(secret)), []byte(hash)) != 1 {
		return Dossier{}, fmt.Errorf("dossier %s: %w", code, ErrWrongSecret)
	}
	x.ReceivedAt, x.DueAt, x.FinishedAt = fromMS(received), fromNullMS(due), fromNullMS(fin)
	rows, err := d.sql.QueryContext(ctx, d.Rebind(`SELECT at, state, step, unit, officer FROM dossier_steps
		WHERE code = ? ORDER BY at, event_id`), code)
	if err != nil {
		return Dossier{}, fmt.Errorf("dossier %s history: %w", code, err)
	}
	defer rows.Close()
	for rows.Next() {
		var s DossierStep
		var at int64
		if err := rows.Scan(&at, &s.State, &s.Step, &s.Unit, &s.Officer); err != nil {
			return Dossier{}, fmt.Errorf("dossier %s history: %w", code, err)
		}
		s.At = fromMS(at)
		x.History = append(x.History, s)
	}
	return x, rows.Err()
}

// insertRatingDossiers links each newly stored rating to the dossiers it
// carries (the first rating of a ticket wins, and so do its dossiers).
func (d *DB) insertRatingDossiers(ctx context.Context, tx *sql.Tx, office string, added map[string]bool, byTicket map[string]*queue.Rating) error {
	var args []any
	n := 0
	for id := range added {
		for _, code := range byTicket[id].Dossiers {
			args = append(args, office, id, code)
			n++
		}
	}
	if n == 0 {
		return nil
	}
	q := "INSERT INTO rating_dossiers(office_id, ticket_id, code) VALUES " + placeholders(n, 3) + " ON CONFLICT DO NOTHING"
	if _, err := tx.ExecContext(ctx, d.Rebind(q), args...); err != nil {
		return fmt.Errorf("insert rating dossiers: %w", err)
	}
	return nil
}

// DossierRating is one rating of a dossier: a rating of a ticket that
// carried the dossier's code, with the ticket's officer, counter and
// service, and the procedure when the central server keeps the dossier.
type DossierRating struct {
	Office    string
	Code      string
	Procedure string // "" when the dossier is kept by another system
	TicketID  string
	Day       string
	Officer   string
	Service   string
	Counter   int
	Stars     int
	At        time.Time
}

// DossierRatings returns the ratings of dossiers for a filter (the
// ratings' day, office, officer and service), by day then code.
func (d *DB) DossierRatings(ctx context.Context, f Filter) ([]DossierRating, error) {
	where, args := f.where("day")
	rows, err := d.sql.QueryContext(ctx, d.Rebind(`SELECT r.office_id, rd.code, COALESCE(x.procedure_name, ''), r.ticket_id,
		r.day, r.officer, r.service, r.counter, r.stars, r.at
		FROM (SELECT office_id, ticket_id, day, officer, service, counter, stars, at FROM ratings`+where+`) r
		JOIN rating_dossiers rd ON rd.office_id = r.office_id AND rd.ticket_id = r.ticket_id
		LEFT JOIN dossiers x ON x.code = rd.code
		ORDER BY r.day, rd.code, r.ticket_id`), args...)
	if err != nil {
		return nil, fmt.Errorf("dossier ratings: %w", err)
	}
	defer rows.Close()
	var out []DossierRating
	for rows.Next() {
		var x DossierRating
		var at int64
		if err := rows.Scan(&x.Office, &x.Code, &x.Procedure, &x.TicketID, &x.Day, &x.Officer, &x.Service, &x.Counter, &x.Stars, &at); err != nil {
			return nil, fmt.Errorf("dossier ratings: %w", err)
		}
		x.At = fromMS(at)
		out = append(out, x)
	}
	return out, rows.Err()
}

// TicketDossier is a dossier a ticket carries, with where it is when the
// central server keeps it (Kept false: another system keeps it).
type TicketDossier struct {
	Code              string
	Kept              bool
	State, Step, Unit string
}

// TicketDossiers returns the dossiers attached to a ticket of office, by code.
func (d *DB) TicketDossiers(ctx context.Context, office, ticket string) ([]TicketDossier, error) {
	rows, err := d.sql.QueryContext(ctx, d.Rebind(`SELECT rd.code, x.state, x.step, x.unit FROM rating_dossiers rd
		LEFT JOIN dossiers x ON x.code = rd.code AND x.office_id = rd.office_id
		WHERE rd.office_id = ? AND rd.ticket_id = ? ORDER BY rd.code`), office, ticket)
	if err != nil {
		return nil, fmt.Errorf("ticket dossiers: %w", err)
	}
	defer rows.Close()
	var out []TicketDossier
	for rows.Next() {
		var x TicketDossier
		var state, step, unit sql.NullString
		if err := rows.Scan(&x.Code, &state, &step, &unit); err != nil {
			return nil, fmt.Errorf("ticket dossiers: %w", err)
		}
		x.Kept, x.State, x.Step, x.Unit = state.Valid, state.String, step.String, unit.String
		out = append(out, x)
	}
	return out, rows.Err()
}
