package load

import (
	"context"
	"fmt"

	"github.com/motcua-kiosk/motcua/server/db"
)

// Expect is what one office's hub committed and was acknowledged.
type Expect struct {
	Device   string
	Last     int64 // the hub committed seq 1..Last
	HubAcked int64 // the highest up_to its syncer received
}

// Verify is the read-back of every office's events from the server's
// database, against what the hubs committed.
type Verify struct {
	Offices    int   `json:"offices"`
	Sent       int64 `json:"sent"`       // events the hubs committed (and so had to deliver)
	Rows       int64 `json:"rows"`       // event rows of these devices in the database
	Stored     int64 `json:"stored"`     // distinct seqs among them
	Lost       int64 `json:"lost"`       // committed seqs with no row
	Duplicated int64 `json:"duplicated"` // rows beyond one per seq
	// Unexpected counts offices with rows outside 1..Last (a seq no hub
	// committed).
	Unexpected int `json:"unexpected"`
	HubUpTo    int `json:"hub_up_to_reached"`    // offices whose hub's up_to reached Last
	ServerUpTo int `json:"server_up_to_reached"` // offices whose devices.acked_seq is Last
	// Worst names the first office that failed a check, for the report.
	Worst string `json:"worst,omitempty"`
}

// Check reads back, per device starting with prefix, the number of event
// rows, the distinct seqs and their range, and the server's acknowledged
// seq, and compares them with exp.
func Check(ctx context.Context, d *db.DB, prefix string, exp []Expect) (Verify, error) {
	type got struct {
		rows, distinct, lo, hi, acked int64
	}
	seen := map[string]*got{}
	rows, err := d.SQL().QueryContext(ctx, d.Rebind(
		"SELECT device_id, count(*), count(DISTINCT seq), min(seq), max(seq) FROM events WHERE device_id LIKE ? GROUP BY device_id"),
		prefix+"%")
	if err != nil {
		return Verify{}, fmt.Errorf("read back events: %w", err)
	}
	for rows.Next() {
		var dev string
		var g got
		if err := rows.Scan(&dev, &g.rows, &g.distinct, &g.lo, &g.hi); err != nil {
			rows.Close()
			return Verify{}, fmt.Errorf("read back events: %w", err)
		}
		seen[dev] = &g
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return Verify{}, fmt.Errorf("read back events: %w", err)
	}
	rows, err = d.SQL().QueryContext(ctx, d.Rebind("SELECT id, acked_seq FROM devices WHERE id LIKE ?"), prefix+"%")
	if err != nil {
		return Verify{}, fmt.Errorf("read back devices: %w", err)
	}
	for rows.Next() {
		var dev string
		var acked int64
		if err := rows.Scan(&dev, &acked); err != nil {
			rows.Close()
			return Verify{}, fmt.Errorf("read back devices: %w", err)
		}
		if g := seen[dev]; g != nil {
			g.acked = acked
		} else {
			seen[dev] = &got{acked: acked}
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return Verify{}, fmt.Errorf("read back devices: %w", err)
	}
	v := Verify{Offices: len(exp)}
	for _, e := range exp {
		g := seen[e.Device]
		if g == nil {
			g = &got{}
		}
		v.Sent += e.Last
		v.Rows += g.rows
		v.Stored += g.distinct
		bad := ""
		if g.rows > 0 && (g.lo < 1 || g.hi > e.Last) {
			v.Unexpected++
			bad = fmt.Sprintf("seqs %d..%d stored, 1..%d committed", g.lo, g.hi, e.Last)
		}
		if lost := e.Last - g.distinct; lost > 0 {
			v.Lost += lost
			bad = fmt.Sprintf("%d of %d events missing", lost, e.Last)
		}
		if dup := g.rows - g.distinct; dup > 0 {
			v.Duplicated += dup
			bad = fmt.Sprintf("%d rows duplicate a seq", dup)
		}
		if e.HubAcked == e.Last {
			v.HubUpTo++
		} else if bad == "" {
			bad = fmt.Sprintf("hub's up_to %d, last seq %d", e.HubAcked, e.Last)
		}
		if g.acked == e.Last {
			v.ServerUpTo++
		} else if bad == "" {
			bad = fmt.Sprintf("server's acked_seq %d, last seq %d", g.acked, e.Last)
		}
		if bad != "" && v.Worst == "" {
			v.Worst = e.Device + ": " + bad
		}
	}
	return v, nil
}
