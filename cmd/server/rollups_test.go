package main

import (
	"bytes"
	"context"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"github.com/motcua-kiosk/motcua/server/db"
)

// TestRun_RollupsBackfill: a database whose tickets predate the roll-ups
// (emptied roll-ups, the mark migration 0007 leaves) gets them built by
// "server migrate"; "server rollups rebuild" builds them on demand.
func TestRun_RollupsBackfill(t *testing.T) {
	ctx := context.Background()
	dsn := "sqlite:" + filepath.Join(t.TempDir(), "s.db")
	if err := Run(ctx, []string{"demo-data", "--db", dsn, "--days", "3", "--per-day", "20", "--seed", "5"}, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	d, err := db.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	want, _ := d.Rollups(ctx, db.Filter{})
	for _, q := range []string{"DELETE FROM rollup_days", "DELETE FROM rollup_reasons", "INSERT INTO rollup_state(name, value) VALUES('backfill', 'due')"} {
		if _, err := d.SQL().ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	var errb bytes.Buffer
	if err := Run(ctx, []string{"migrate", "--db", dsn}, io.Discard, &errb); err != nil {
		t.Fatal(err)
	}
	got, _ := d.Rollups(ctx, db.Filter{})
	if len(want) == 0 || len(got) != len(want) {
		t.Errorf("after migrate: %d roll-up rows, want %d", len(got), len(want))
	}
	if due, _ := d.RollupsDue(ctx); due {
		t.Error("the backfill mark is still there")
	}
	if !strings.Contains(errb.String(), "report roll-ups built") {
		t.Errorf("migrate did not say it built the roll-ups:\n%s", errb.String())
	}
	var out bytes.Buffer
	if err := Run(ctx, []string{"rollups", "rebuild", "--db", dsn}, &out, io.Discard); err != nil || !strings.Contains(out.String(), "tickets: 60\n") {
		t.Errorf("rollups rebuild = %v\n%s", err, out.String())
	}
}
