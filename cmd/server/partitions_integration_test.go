//go:build integration

package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/motcua-kiosk/motcua/server/db"
	"github.com/motcua-kiosk/motcua/server/pgtest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

// TestRun_Partitions: "server partitions" lists the monthly partitions of
// events and tickets on PostgreSQL, creates a month ahead that is missing,
// refuses to detach a recent month, a month without partitions and a
// malformed one, and says SQLite has none.
func TestRun_Partitions(t *testing.T) {
	ctx := context.Background()
	dsn := pgtest.DB(t)
	run := func(args ...string) (string, error) {
		var out, errb bytes.Buffer
		err := Run(ctx, append([]string{"partitions"}, args...), &out, &errb)
		return out.String() + errb.String(), err
	}
	out, err := run("list", "--db", dsn)
	month := time.Now().UTC().Format("2006_01")
	if err != nil || !strings.Contains(out, "events_"+month) || !strings.Contains(out, "tickets_default") {
		t.Fatalf("list: %v\n%s", err, out)
	}
	now := time.Now().UTC()
	ahead := time.Date(now.Year(), now.Month()+2, 1, 0, 0, 0, 0, time.UTC).Format("2006_01")
	if _, err := run("detach", "--db", dsn, "--month", "2020-01"); err == nil || !strings.Contains(err.Error(), "no partition") {
		t.Errorf("detach 2020-01: %v", err)
	}
	if _, err := run("detach", "--db", dsn, "--month", time.Now().UTC().Format("2006-01")); err == nil || !strings.Contains(err.Error(), "too recent") {
		t.Errorf("detach this month: %v", err)
	}
	if _, err := run("detach", "--db", dsn, "--month", "2026-13"); err == nil || !strings.Contains(err.Error(), "YYYY-MM") {
		t.Errorf("detach 2026-13: %v", err)
	}
	// A month ahead that went missing is made again by "create".
	raw, err := run("list", "--db", dsn)
	if err != nil || !strings.Contains(raw, "events_"+ahead) {
		t.Fatalf("list: %v\n%s", err, raw)
	}
	if err := dropPartition(ctx, dsn, "events_"+ahead); err != nil {
		t.Fatal(err)
	}
	if out, err := run("create", "--db", dsn); err != nil || !strings.Contains(out, "created events_"+ahead) {
		t.Errorf("create: %v\n%s", err, out)
	}
	if out, err := run("create", "--db", dsn); err != nil || !strings.Contains(out, "exist") {
		t.Errorf("create again: %v\n%s", err, out)
	}
	sqlite := "sqlite:" + filepath.Join(t.TempDir(), "s.db")
	if _, err := run("list", "--db", sqlite); err == nil || !strings.Contains(err.Error(), "SQLite") {
		t.Errorf("list on SQLite: %v", err)
	}
}

func dropPartition(ctx context.Context, dsn, name string) error {
	d, err := db.Open(ctx, dsn)
	if err != nil {
		return err
	}
	defer d.Close()
	_, err = d.SQL().ExecContext(ctx, "DROP TABLE "+name)
	return err
}
