package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"text/tabwriter"
	"time"

	"github.com/motcua-kiosk/motcua/server/db"
)

// keepPartitions makes sure the coming months' partitions of events and
// tickets exist (PostgreSQL; nothing on SQLite): once now, then every
// interval until ctx ends. A failure is logged and tried again at the next
// turn: rows of a month without its partition wait in the default
// partition and move when it is made, so ingest never stops for it.
func keepPartitions(ctx context.Context, d *db.DB, log *slog.Logger, interval time.Duration) {
	for {
		made, err := d.EnsurePartitions(ctx, time.Now())
		switch {
		case ctx.Err() != nil:
			return
		case err != nil:
			log.Warn("partitions for the coming months not created; will try again", "err", err, "retry_in", interval)
		case len(made) > 0:
			log.Info("partitions created", "names", made)
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(interval):
		}
	}
}

// partitionsCmd runs "server partitions list|create|detach".
func partitionsCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	const use = "usage: server partitions list|create|detach --db DSN [--month YYYY-MM]"
	if len(args) == 0 {
		return errors.New(use)
	}
	sub := args[0]
	fs := newFlagSet("partitions "+sub, stderr)
	dsn := fs.String("db", defaultDB, "database: postgres://... (SQLite has no partitions)")
	month := fs.String("month", "", "detach: the month YYYY-MM to detach from events and tickets")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	d, err := db.Open(ctx, *dsn)
	if err != nil {
		return err
	}
	defer d.Close()
	if d.Dialect() != db.Postgres {
		return errors.New("partitions: this database is SQLite, which has no partitions (PostgreSQL only)")
	}
	switch sub {
	case "list":
		ps, err := d.Partitions(ctx)
		if err != nil {
			return err
		}
		w := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(w, "TABLE\tPARTITION\tROWS (ESTIMATE)\tMB")
		for _, p := range ps {
			rows := fmt.Sprint(p.Rows)
			if p.Rows < 0 {
				rows = "?"
			}
			fmt.Fprintf(w, "%s\t%s\t%s\t%.1f\n", p.Table, p.Name, rows, float64(p.Bytes)/(1<<20))
		}
		return w.Flush()
	case "create":
		made, err := d.EnsurePartitions(ctx, time.Now())
		if err != nil {
			return err
		}
		for _, n := range made {
			fmt.Fprintln(stdout, "created", n)
		}
		if len(made) == 0 {
			fmt.Fprintf(stdout, "the partitions through %d months ahead exist\n", db.PartitionsAhead)
		}
		return nil
	case "detach":
		m, err := time.Parse("2006-01", *month)
		if err != nil {
			return fmt.Errorf("partitions detach: --month %q is not YYYY-MM", *month)
		}
		names, err := d.DetachMonth(ctx, m, time.Now())
		if err != nil {
			return err
		}
		for _, n := range names {
			fmt.Fprintf(stdout, "detached %s: it is an ordinary table now; archive it (pg_dump -t %s) and then DROP TABLE %s\n", n, n, n)
		}
		fmt.Fprintln(stdout, "reports are unchanged: they read the roll-ups")
		return nil
	default:
		return errors.New(use)
	}
}
