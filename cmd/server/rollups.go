package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/motcua-kiosk/motcua/server/db"
)

// backfillRollups rebuilds the report roll-ups when the database had
// tickets before they existed (migration 0007 marks it), so that the
// reports, which read only roll-ups, show the old data too.
func backfillRollups(ctx context.Context, d *db.DB, log *slog.Logger) error {
	due, err := d.RollupsDue(ctx)
	if err != nil || !due {
		return err
	}
	start := time.Now()
	log.Info("building the report roll-ups from the stored tickets (once, after the upgrade)")
	nt, nr, err := d.RebuildRollups(ctx)
	if err != nil {
		return err
	}
	log.Info("report roll-ups built", "tickets", nt, "ratings", nr, "duration", time.Since(start).Round(time.Millisecond))
	return nil
}

// rollupsCmd runs "server rollups rebuild".
func rollupsCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "rebuild" {
		return errors.New("usage: server rollups rebuild --db DSN")
	}
	fs := newFlagSet("rollups rebuild", stderr)
	dsn := fs.String("db", defaultDB, "database: sqlite:PATH or postgres://...")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	d, err := db.Open(ctx, *dsn)
	if err != nil {
		return err
	}
	defer d.Close()
	start := time.Now()
	nt, nr, err := d.RebuildRollups(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "tickets: %d\nratings: %d\nduration: %s\n", nt, nr, time.Since(start).Round(time.Millisecond))
	return nil
}
