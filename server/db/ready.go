package db

import (
	"context"
	"fmt"
	"time"

	"github.com/motcua-kiosk/motcua/kiosk/wire"
)

// ReadyDossier is a dossier whose result is ready to collect, as the
// "result ready" notifier (server/notify.Results) reads it.
type ReadyDossier struct {
	Code          string
	Office        string
	OfficeName    string
	ProcedureName string
	UpdatedAt     time.Time // when the server stored its newest step
}

// ReadyDossiers returns the dossiers in state ready whose newest step the
// server stored at or after since, oldest first, at most limit.
func (d *DB) ReadyDossiers(ctx context.Context, since time.Time, limit int) ([]ReadyDossier, error) {
	rows, err := d.sql.QueryContext(ctx, d.Rebind(`SELECT x.code, x.office_id, COALESCE(o.name, ''), x.procedure_name, x.updated_at
		FROM dossiers x LEFT JOIN offices o ON o.id = x.office_id
		WHERE x.state = ? AND x.updated_at >= ? ORDER BY x.updated_at, x.code LIMIT ?`), wire.DossierReady, ms(since), limit)
	if err != nil {
		return nil, fmt.Errorf("ready dossiers: %w", err)
	}
	defer rows.Close()
	var out []ReadyDossier
	for rows.Next() {
		var r ReadyDossier
		var at int64
		if err := rows.Scan(&r.Code, &r.Office, &r.OfficeName, &r.ProcedureName, &at); err != nil {
			return nil, fmt.Errorf("ready dossiers: %w", err)
		}
		r.UpdatedAt = fromMS(at)
		out = append(out, r)
	}
	return out, rows.Err()
}
