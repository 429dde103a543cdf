//go:build integration

package db_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/motcua-kiosk/motcua/kiosk/queue"
	"github.com/motcua-kiosk/motcua/server/db"
	"github.com/motcua-kiosk/motcua/server/pgtest"
)

// partitionOf names the partition each row of table is stored in, by key.
func partitionOf(t *testing.T, d *db.DB, table, key string) map[string]string {
	t.Helper()
	rows, err := d.SQL().QueryContext(context.Background(), "SELECT "+key+", tableoid::regclass::text FROM "+table)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var k, p string
		if err := rows.Scan(&k, &p); err != nil {
			t.Fatal(err)
		}
		out[k] = p
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func partitionNames(t *testing.T, d *db.DB) []string {
	t.Helper()
	ps, err := d.Partitions(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, p := range ps {
		names = append(names, p.Name)
	}
	return names
}

// dbMonth is the database clock's current UTC month, as the migration saw it.
func dbMonth(t *testing.T, d *db.DB) time.Time {
	t.Helper()
	var s string
	if err := d.SQL().QueryRow("SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM')").Scan(&s); err != nil {
		t.Fatal(err)
	}
	m, err := time.Parse("2006-01", s)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestPartitions_Postgres: on PostgreSQL events and tickets are partitioned
// by month (migration 0012). Rows land in their month's partition, or in
// the default one until their month is created, and then move into it; a
// seq sent again with another time is not stored twice; a detached month
// leaves every roll-up, so every report, as it was.
func TestPartitions_Postgres(t *testing.T) {
	ctx := context.Background()
	d := openPostgres(t)
	for _, table := range []string{"events", "tickets"} {
		var kind string
		if err := d.SQL().QueryRow("SELECT relkind::text FROM pg_class WHERE relname = $1", table).Scan(&kind); err != nil || kind != "p" {
			t.Fatalf("%s: relkind %q, %v; want p (partitioned)", table, kind, err)
		}
	}
	now := dbMonth(t, d)
	var want []string
	for _, table := range []string{"events", "tickets"} {
		for i := range db.PartitionsAhead + 1 {
			want = append(want, table+"_"+now.AddDate(0, i, 0).Format("2006_01"))
		}
		want = append(want, table+"_default")
	}
	if got := partitionNames(t, d); !reflect.DeepEqual(got, want) {
		t.Fatalf("partitions of a new database:\n got %v\nwant %v", got, want)
	}

	// Tickets of September 2026 (no partition yet: the default one) and of
	// November 2026, which the test creates now (a fresh database has the
	// current month onwards; the test's days are fixed).
	if _, err := d.EnsurePartitions(ctx, time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	dev := enrolled(t, d, "Xã Phân Vùng", "hub-part")
	sep := time.Date(2026, 9, 15, 8, 0, 0, 0, time.FixedZone("ICT", 7*3600))
	var evs []db.Event
	evs = append(evs, lifecycle("hub-part", 1, "20260915-A001", "A", "cb01", 1, 5, sep)...)
	evs = append(evs, lifecycle("hub-part", int64(len(evs)+1), "20261123-A001", "A", "cb01", 2, 2, day0)...)
	if got := ingest(t, d, dev, evs); got.Stored != len(evs) || got.UpTo != int64(len(evs)) {
		t.Fatalf("ingest: %+v, want %d stored", got, len(evs))
	}
	ev := partitionOf(t, d, "events", "id")
	tk := partitionOf(t, d, "tickets", "ticket_id")
	if ev["hub-part:1"] != "events_default" || ev["hub-part:6"] != "events_2026_11" || tk["20260915-A001"] != "tickets_default" || tk["20261123-A001"] != "tickets_2026_11" {
		t.Fatalf("before September's partition: events %v, tickets %v", ev, tk)
	}
	made, err := d.EnsurePartitions(ctx, time.Date(2026, 9, 3, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(made, "events_2026_09") || !slices.Contains(made, "tickets_2026_09") {
		t.Fatalf("EnsurePartitions(September) made %v", made)
	}
	ev = partitionOf(t, d, "events", "id")
	tk = partitionOf(t, d, "tickets", "ticket_id")
	for i := 1; i <= 5; i++ {
		if p := ev[fmt.Sprintf("hub-part:%d", i)]; p != "events_2026_09" {
			t.Errorf("event %d in %s after September was created, want events_2026_09", i, p)
		}
	}
	if tk["20260915-A001"] != "tickets_2026_09" {
		t.Errorf("September's ticket in %s, want tickets_2026_09", tk["20260915-A001"])
	}
	if made, err := d.EnsurePartitions(ctx, time.Date(2026, 9, 3, 0, 0, 0, 0, time.UTC)); err != nil || len(made) != 0 {
		t.Errorf("EnsurePartitions again: %v, %v; want nothing made", made, err)
	}

	// A seq sent again with another time (a hub's bug) is a duplicate, not
	// a second row: the events' key holds the partition column.
	again := slices.Clone(evs[:1])
	again[0].At = again[0].At.AddDate(0, 2, 0)
	if got := ingest(t, d, dev, again); got.Stored != 0 || got.Duplicates != 1 {
		t.Errorf("seq 1 again with another time: %+v, want 1 duplicate", got)
	}
	if n, err := d.CountEvents(ctx, "hub-part"); err != nil || n != int64(len(evs)) {
		t.Errorf("events of the device: %d, %v; want %d", n, err, len(evs))
	}
	// A web rating marks its ticket rated in the ticket's month's partition.
	unrated := lifecycle("hub-part", int64(len(evs)+1), "20261124-A002", "A", "cb01", 2, 0, day0.AddDate(0, 0, 1))
	ingest(t, d, dev, unrated)
	evs = append(evs, unrated...)
	if err := d.InsertRating(ctx, dev.Office, queue.Rating{TicketID: "20261124-A002", Day: "2026-11-24", Number: "A002",
		Service: "A", Counter: 2, Officer: "cb01", Stars: 4, Source: "web", At: day0.AddDate(0, 0, 1).Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	var rated int
	if err := d.SQL().QueryRow("SELECT rated FROM tickets_2026_11 WHERE ticket_id = '20261124-A002'").Scan(&rated); err != nil || rated != 1 {
		t.Errorf("web-rated ticket: rated = %d, %v; want 1", rated, err)
	}

	// Detach September: the reports (roll-ups) do not change.
	before, err := d.Rollups(ctx, db.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(before) == 0 {
		t.Fatal("no roll-up rows")
	}
	if _, err := d.DetachMonth(ctx, now, now); !errors.Is(err, db.ErrDetachRecent) {
		t.Errorf("detach the current month: %v, want ErrDetachRecent", err)
	}
	if _, err := d.DetachMonth(ctx, time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), now); !errors.Is(err, db.ErrNotFound) {
		t.Errorf("detach a month without partitions: %v, want ErrNotFound", err)
	}
	names, err := d.DetachMonth(ctx, sep, now)
	if err != nil || !reflect.DeepEqual(names, []string{"events_2026_09", "tickets_2026_09"}) {
		t.Fatalf("detach September: %v, %v", names, err)
	}
	after, err := d.Rollups(ctx, db.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(before, after) {
		t.Errorf("roll-ups changed by the detach:\nbefore %+v\nafter  %+v", before, after)
	}
	if n, err := d.CountEvents(ctx, "hub-part"); err != nil || n != int64(len(evs)-5) {
		t.Errorf("events after the detach: %d, %v; want %d", n, err, len(evs)-5)
	}
	var kept int
	if err := d.SQL().QueryRow("SELECT count(*) FROM events_2026_09").Scan(&kept); err != nil || kept != 5 {
		t.Errorf("the detached table holds %d rows, %v; want 5", kept, err)
	}
	if slices.Contains(partitionNames(t, d), "events_2026_09") {
		t.Error("events_2026_09 still listed after the detach")
	}
}

// TestPartitions_Upgrade: a database of schema 11 (unpartitioned tables)
// with rows in two months and one event from a hub with a broken clock
// (1990) is migrated: every row is kept, each in its month's partition
// (1990's in the default one), and the months ahead exist.
func TestPartitions_Upgrade(t *testing.T) {
	ctx := context.Background()
	dsn, raw := schema11(t)
	ms := func(y int, m time.Month, d int) int64 { return time.Date(y, m, d, 3, 0, 0, 0, time.UTC).UnixMilli() }
	events := []struct {
		seq int
		at  int64
	}{{1, ms(2026, 10, 30)}, {2, ms(2026, 11, 2)}, {3, ms(1990, 1, 1)}}
	for _, e := range events {
		if _, err := raw.Exec(`INSERT INTO events(id, device_id, seq, office_id, kind, at, body, received_at)
			VALUES ($1, 'hub-old', $2, 'o1', 'ticket.issued', $3, '{}', 0)`, fmt.Sprintf("hub-old:%d", e.seq), e.seq, e.at); err != nil {
			t.Fatal(err)
		}
	}
	for _, day := range []string{"2026-10-30", "2026-11-02"} {
		id := day[:4] + day[5:7] + day[8:] + "-A001"
		if _, err := raw.Exec(`INSERT INTO tickets(office_id, ticket_id, day, number, service, origin, status, issued_at, body, version_at, version_seq, device_id, updated_at)
			VALUES ('o1', $1, $2, 'A001', 'A', 'A', 'waiting', 0, '{}', 0, 1, 'hub-old', 0)`, id, day); err != nil {
			t.Fatal(err)
		}
	}
	d, err := db.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if v, err := d.SchemaVersion(ctx); err != nil || v < 12 {
		t.Fatalf("schema %d, %v", v, err)
	}
	ev := partitionOf(t, d, "events", "id")
	wantEv := map[string]string{"hub-old:1": "events_2026_10", "hub-old:2": "events_2026_11", "hub-old:3": "events_default"}
	if !reflect.DeepEqual(ev, wantEv) {
		t.Errorf("events after the upgrade: %v, want %v", ev, wantEv)
	}
	tk := partitionOf(t, d, "tickets", "ticket_id")
	wantTk := map[string]string{"20261030-A001": "tickets_2026_10", "20261102-A001": "tickets_2026_11"}
	if !reflect.DeepEqual(tk, wantTk) {
		t.Errorf("tickets after the upgrade: %v, want %v", tk, wantTk)
	}
	now := dbMonth(t, d)
	names := partitionNames(t, d)
	for i := range db.PartitionsAhead + 1 {
		if n := "tickets_" + now.AddDate(0, i, 0).Format("2006_01"); !slices.Contains(names, n) {
			t.Errorf("%s missing after the upgrade: %v", n, names)
		}
	}
	stored, err := d.Events(ctx, "hub-old", 0, 10)
	if err != nil || len(stored) != 3 || stored[2].At.Year() != 1990 {
		t.Errorf("stored events after the upgrade: %+v, %v", stored, err)
	}
}

// schema11 creates a database of schema 11 (before the partitions) and
// returns its DSN and a connection to it.
func schema11(tb testing.TB) (string, *sql.DB) {
	tb.Helper()
	dsn := pgtest.DB(tb)
	raw, err := sql.Open("pgx", dsn)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { raw.Close() })
	files, err := filepath.Glob("migrations/postgres/*.sql")
	if err != nil {
		tb.Fatal(err)
	}
	sort.Strings(files)
	if _, err := raw.Exec("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)"); err != nil {
		tb.Fatal(err)
	}
	for i, f := range files[:11] {
		body, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		if _, err := raw.Exec(string(body)); err != nil {
			tb.Fatalf("%s: %v", f, err)
		}
		if _, err := raw.Exec("INSERT INTO schema_migrations VALUES ($1, 0)", i+1); err != nil {
			tb.Fatal(err)
		}
	}
	return dsn, raw
}

// BenchmarkPartitionUpgrade_Postgres: migration 0012 on a database of
// 1,000,000 events and 200,000 tickets over four months (rows of the
// sizes ingest stores: ~450-byte bodies), i.e. how long ingest waits
// while an existing server upgrades. Reports ms per million events.
func BenchmarkPartitionUpgrade_Postgres(b *testing.B) {
	const events, tickets = 1_000_000, 200_000
	body := strings.Repeat("x", 450)
	for b.Loop() {
		b.StopTimer()
		dsn, raw := schema11(b)
		start := time.Date(2026, 8, 1, 0, 0, 0, 0, time.UTC).UnixMilli()
		span := int64(120 * 24 * 3600 * 1000)
		if _, err := raw.Exec(`INSERT INTO events(id, device_id, seq, office_id, kind, at, body, received_at)
			SELECT 'hub-' || (g % 100) || ':' || g, 'hub-' || (g % 100), g, 'o' || (g % 100), 'ticket.called',
				$1::bigint + g * ($2::bigint / $3), $4, 0 FROM generate_series(1, $3) g`, start, span, events, body); err != nil {
			b.Fatal(err)
		}
		if _, err := raw.Exec(`INSERT INTO tickets(office_id, ticket_id, day, number, service, origin, status, issued_at, body, version_at, version_seq, device_id, updated_at)
			SELECT 'o' || (g % 100), to_char(d, 'YYYYMMDD') || '-A' || g, to_char(d, 'YYYY-MM-DD'), 'A001', 'A', 'A', 'done', 0, $1, 0, 1, 'hub', 0
			FROM generate_series(1, $2) g, LATERAL (SELECT date '2026-08-01' + (g % 120) AS d) x`, body, tickets); err != nil {
			b.Fatal(err)
		}
		if _, err := raw.Exec("VACUUM ANALYZE"); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		t0 := time.Now()
		d, err := db.Open(context.Background(), dsn)
		if err != nil {
			b.Fatal(err)
		}
		el := time.Since(t0)
		b.StopTimer()
		var n int64
		if err := d.SQL().QueryRow("SELECT count(*) FROM events").Scan(&n); err != nil || n != events {
			b.Fatalf("events after the upgrade: %d, %v", n, err)
		}
		d.Close()
		b.ReportMetric(float64(el.Milliseconds())/(events/1e6), "ms/M-events")
		b.StartTimer()
	}
}
