//go:build integration

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/motcua-kiosk/motcua/cmd/loadgen/internal/load"
	"github.com/motcua-kiosk/motcua/server/db"
	"github.com/motcua-kiosk/motcua/server/pgtest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

// serverBin is make test's SERVER_BIN, or cmd/server built here.
func serverBin(t *testing.T) string {
	if bin := os.Getenv("SERVER_BIN"); bin != "" {
		return bin
	}
	bin := filepath.Join(t.TempDir(), "server")
	if out, err := exec.Command("go", "build", "-o", bin, "github.com/motcua-kiosk/motcua/cmd/server").CombinedOutput(); err != nil {
		t.Fatalf("go build cmd/server: %v\n%s", err, out)
	}
	return bin
}

// The load test at a small scale on a real PostgreSQL and the real server
// binary: 20 offices play 07:00-08:30 in a few seconds, then all return at
// once with 300 events each. Nothing lost, nothing duplicated, every
// office's up_to at its last seq, on the hub and on the server. Then the
// read-back is shown to catch a lost and a duplicated event.
func TestLoadgen_SmallStorm(t *testing.T) {
	dsn := pgtest.DB(t)
	out := filepath.Join(t.TempDir(), "result.json")
	ctx, cancel := context.WithTimeout(context.Background(), 8*time.Minute)
	defer cancel()
	var stdout, stderr bytes.Buffer
	ok, err := Run(ctx, []string{"-start-server", "-server-bin", serverBin(t), "-db", dsn, "-offices", "20",
		"-duration", "4s", "-backlog", "300", "-concurrency", "8", "-timeout", "5m", "-run-id", "t1", "-json", out},
		&stdout, &stderr)
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr.String())
	}
	t.Log("\n" + stdout.String())
	var res load.Result
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &res); err != nil {
		t.Fatal(err)
	}
	v := res.Verify
	if !ok || v.Lost != 0 || v.Duplicated != 0 || v.Unexpected != 0 {
		t.Fatalf("ok %v, verify %+v", ok, v)
	}
	if v.Offices != 20 || v.HubUpTo != 20 || v.ServerUpTo != 20 {
		t.Fatalf("up_to reached on %d hubs and %d server devices of %d offices", v.HubUpTo, v.ServerUpTo, v.Offices)
	}
	if len(res.Phases) != 2 || !res.Phases[0].Drained || !res.Phases[1].Drained {
		t.Fatalf("phases %+v", res.Phases)
	}
	live, storm := res.Phases[0], res.Phases[1]
	if live.Events == 0 || storm.Events != 20*300 || v.Sent != live.Events+storm.Events || v.Stored != v.Sent {
		t.Fatalf("live %d, storm %d events; %d committed, %d stored", live.Events, storm.Events, v.Sent, v.Stored)
	}
	if res.ServerPID == 0 || res.ServerHWMMB <= 0 {
		t.Errorf("no server RSS: pid %d, hwm %.1f MB", res.ServerPID, res.ServerHWMMB)
	}
	if !strings.Contains(stdout.String(), "lost 0, duplicated 0") {
		t.Errorf("table without the read-back:\n%s", stdout.String())
	}

	// The read-back catches a lost event and a duplicated one.
	d, err := db.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	dev := load.DevicePrefix("t1") + "0003"
	if _, err := d.SQL().ExecContext(ctx, "DELETE FROM events WHERE id = $1", dev+":5"); err != nil {
		t.Fatal(err)
	}
	// A second row of seq 7 (at + 1 ms: the events' key is (device_id, seq,
	// at), migration 0012), as a broken ingest could store.
	if _, err := d.SQL().ExecContext(ctx, `INSERT INTO events(id, device_id, seq, office_id, kind, at, body, received_at)
		SELECT id || 'x', device_id, seq, office_id, kind, at + 1, body, received_at FROM events WHERE id = $1`, dev+":7"); err != nil {
		t.Fatal(err)
	}
	// Office 3 as the run left it.
	var last int64
	if err := d.SQL().QueryRowContext(ctx, "SELECT acked_seq FROM devices WHERE id = $1", dev).Scan(&last); err != nil {
		t.Fatal(err)
	}
	got, err := load.Check(ctx, d, dev, []load.Expect{{Device: dev, Last: last, HubAcked: last}})
	if err != nil {
		t.Fatal(err)
	}
	if got.Lost != 1 || got.Duplicated != 1 || got.Worst == "" {
		t.Fatalf("after deleting seq 5 and doubling seq 7: %+v", got)
	}
}
