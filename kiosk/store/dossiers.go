package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/motcua-kiosk/motcua/kiosk/wire"
)

// MaxTicketDossiers is how many dossiers one ticket may carry (a citizen
// may hand in several at one visit; more is a mistake).
const MaxTicketDossiers = 20

// ErrTooMany is returned by AttachDossier past MaxTicketDossiers.
var ErrTooMany = errors.New("too many dossiers on one ticket")

// RecordDossier keeps a dossier received at the desk and appends its
// wire.KindDossierReceived event to the outbox, in one transaction. A code
// already recorded is not recorded again: the dossier as first recorded is
// returned with created false (the same secret, so a reprinted slip still
// opens its page).
func (s *Store) RecordDossier(ctx context.Context, ev wire.DossierEvent) (kept wire.DossierEvent, created bool, err error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return ev, false, fmt.Errorf("record dossier: %w", err)
	}
	defer tx.Rollback()
	var due any
	if ev.DueAt != nil {
		due = ev.DueAt.UTC().Format(time.RFC3339Nano)
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO dossiers(code, secret, procedure_code, procedure_name, received_at, due_at,
		state, step, unit, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(code) DO NOTHING`,
		ev.Code, ev.Secret, ev.ProcedureCode, ev.ProcedureName, ev.ReceivedAt.UTC().Format(time.RFC3339Nano), due,
		ev.State, ev.Step, ev.Unit, ev.At.UTC().Format(time.RFC3339Nano))
	if err != nil {
		return ev, false, fmt.Errorf("record dossier %s: %w", ev.Code, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		kept, err := dossierIn(ctx, tx, ev.Code)
		return kept, false, err
	}
	if err := appendOutbox(ctx, tx, ev.Kind, ev.At, ev); err != nil {
		return ev, false, err
	}
	return ev, true, tx.Commit()
}

// MoveDossier moves a recorded dossier to a new step (ev is a
// wire.KindDossierStep event) and appends the event to the outbox, in one
// transaction. A code the office never recorded is ErrNotFound.
func (s *Store) MoveDossier(ctx context.Context, ev wire.DossierEvent) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("move dossier: %w", err)
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, "UPDATE dossiers SET state = ?, step = ?, unit = ?, updated_at = ? WHERE code = ?",
		ev.State, ev.Step, ev.Unit, ev.At.UTC().Format(time.RFC3339Nano), ev.Code)
	if err != nil {
		return fmt.Errorf("move dossier %s: %w", ev.Code, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("move dossier %s: %w", ev.Code, ErrNotFound)
	}
	if err := appendOutbox(ctx, tx, ev.Kind, ev.At, ev); err != nil {
		return err
	}
	return tx.Commit()
}

// Dossier returns a recorded dossier as its received event, with its
// current state, step and unit; ErrNotFound if the office never recorded it.
func (s *Store) Dossier(ctx context.Context, code string) (wire.DossierEvent, error) {
	return dossierIn(ctx, s.db, code)
}

// querier is a *sql.DB or a *sql.Tx.
type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

func dossierIn(ctx context.Context, tx querier, code string) (wire.DossierEvent, error) {
	ev := wire.DossierEvent{Kind: wire.KindDossierReceived, Code: code}
	var received, updated string
	var due sql.NullString
	err := tx.QueryRowContext(ctx, `SELECT secret, procedure_code, procedure_name, received_at, due_at, state, step, unit, updated_at
		FROM dossiers WHERE code = ?`, code).Scan(&ev.Secret, &ev.ProcedureCode, &ev.ProcedureName, &received, &due,
		&ev.State, &ev.Step, &ev.Unit, &updated)
	if errors.Is(err, sql.ErrNoRows) {
		return wire.DossierEvent{}, fmt.Errorf("dossier %s: %w", code, ErrNotFound)
	}
	if err != nil {
		return wire.DossierEvent{}, fmt.Errorf("dossier %s: %w", code, err)
	}
	ev.ReceivedAt, _ = time.Parse(time.RFC3339Nano, received)
	ev.At, _ = time.Parse(time.RFC3339Nano, updated)
	if due.Valid {
		t, _ := time.Parse(time.RFC3339Nano, due.String)
		ev.DueAt = &t
	}
	return ev, nil
}

// appendOutbox adds one event that is not a queue event (a dossier's) to
// the outbox inside tx; the syncer sends it like the others.
func appendOutbox(ctx context.Context, tx *sql.Tx, kind string, at time.Time, body any) error {
	b, err := json.Marshal(body)
	if err != nil {
		return fmt.Errorf("outbox: encode %s: %w", kind, err)
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO outbox(kind, at, body) VALUES(?, ?, ?)", kind, at.UTC().Format(time.RFC3339Nano), string(b)); err != nil {
		return fmt.Errorf("outbox: %w", err)
	}
	return nil
}

// AttachDossier links a dossier code to a ticket (the desk scanned or
// typed it while serving) and appends its wire.KindDossierAttached event
// to the outbox, in one transaction. Attaching the same code again
// changes nothing. It returns the ticket's codes in the order attached.
func (s *Store) AttachDossier(ctx context.Context, ticketID, code string, at time.Time) ([]string, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("attach dossier: %w", err)
	}
	defer tx.Rollback()
	codes, err := ticketDossiers(ctx, tx, ticketID)
	if err != nil {
		return nil, err
	}
	for _, c := range codes {
		if c == code {
			return codes, nil
		}
	}
	if len(codes) >= MaxTicketDossiers {
		return codes, fmt.Errorf("attach dossier to %s: %w", ticketID, ErrTooMany)
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO ticket_dossiers(ticket_id, code, added_at) VALUES(?, ?, ?)",
		ticketID, code, at.UTC().Format(time.RFC3339Nano)); err != nil {
		return nil, fmt.Errorf("attach dossier to %s: %w", ticketID, err)
	}
	ev := wire.DossierEvent{Kind: wire.KindDossierAttached, At: at.UTC(), Code: code, Ticket: ticketID}
	if err := appendOutbox(ctx, tx, ev.Kind, ev.At, ev); err != nil {
		return nil, err
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("attach dossier: %w", err)
	}
	return append(codes, code), nil
}

// DetachDossier removes a code from a ticket and appends its
// wire.KindDossierDetached event, in one transaction; removing one it
// does not carry changes nothing. It returns the codes left.
func (s *Store) DetachDossier(ctx context.Context, ticketID, code string, at time.Time) ([]string, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("detach dossier: %w", err)
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, "DELETE FROM ticket_dossiers WHERE ticket_id = ? AND code = ?", ticketID, code)
	if err != nil {
		return nil, fmt.Errorf("detach dossier from %s: %w", ticketID, err)
	}
	if n, _ := res.RowsAffected(); n > 0 {
		ev := wire.DossierEvent{Kind: wire.KindDossierDetached, At: at.UTC(), Code: code, Ticket: ticketID}
		if err := appendOutbox(ctx, tx, ev.Kind, ev.At, ev); err != nil {
			return nil, err
		}
	}
	codes, err := ticketDossiers(ctx, tx, ticketID)
	if err != nil {
		return nil, err
	}
	return codes, tx.Commit()
}

// TicketDossiers returns the dossier codes attached to a ticket, in the
// order attached; none is an empty list.
func (s *Store) TicketDossiers(ctx context.Context, ticketID string) ([]string, error) {
	return ticketDossiers(ctx, s.db, ticketID)
}

func ticketDossiers(ctx context.Context, tx querier, ticketID string) ([]string, error) {
	rows, err := tx.QueryContext(ctx, "SELECT code FROM ticket_dossiers WHERE ticket_id = ? ORDER BY added_at, rowid", ticketID)
	if err != nil {
		return nil, fmt.Errorf("ticket dossiers of %s: %w", ticketID, err)
	}
	defer rows.Close()
	codes := []string{}
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return nil, err
		}
		codes = append(codes, c)
	}
	return codes, rows.Err()
}
