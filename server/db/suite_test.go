package db_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/motcua-kiosk/motcua/kiosk/queue"
	"github.com/motcua-kiosk/motcua/server/db"
)

// opener returns a fresh empty database for one test.
type opener func(t *testing.T) *db.DB

func openSQLite(t *testing.T) *db.DB {
	t.Helper()
	d, err := db.Open(context.Background(), "sqlite:"+filepath.Join(t.TempDir(), "server.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}

func TestDB_SQLite(t *testing.T) { runSuite(t, openSQLite) }

// runSuite is the whole store suite; it runs on SQLite here and on a real
// PostgreSQL in postgres_test.go (integration tag).
func runSuite(t *testing.T, open opener) {
	tests := []struct {
		name string
		run  func(*testing.T, *db.DB)
	}{
		{"Migrate", testMigrate},
		{"Enroll", testEnroll},
		{"IngestIdempotent", testIngestIdempotent},
		{"IngestOutOfOrder", testIngestOutOfOrder},
		{"IngestAck", testIngestAck},
		{"IngestRatings", testIngestRatings},
		{"IngestConcurrentOverlap", testIngestConcurrent},
		{"InsertRatingWeb", testInsertRating},
		{"Filters", testFilters},
		{"Names", testNames},
		{"FilterChoices", testFilterChoices},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { tc.run(t, open(t)) })
	}
}

var day0 = time.Date(2026, 11, 23, 7, 30, 0, 0, time.FixedZone("ICT", 7*3600))

// lifecycle builds the events of one ticket issued, called, served, done
// and (stars > 0) rated, with device seqs from seq.
func lifecycle(device string, seq int64, id, service, officer string, counter, stars int, at time.Time) []db.Event {
	t := queue.Ticket{ID: id, Day: at.Format("2006-01-02"), Number: id[len(id)-4:], Service: service, Origin: service,
		Ref: "ref-" + id, Status: queue.StatusWaiting, IssuedAt: at, ArrivedAt: at}
	var out []db.Event
	add := func(kind queue.EventKind, when time.Time, r *queue.Rating) {
		snap := t
		ev := queue.Event{Kind: kind, At: when, Ticket: &snap, Rating: r}
		body, _ := json.Marshal(ev)
		out = append(out, db.Event{ID: fmt.Sprintf("%s:%d", device, seq), Device: device, Seq: seq, Kind: string(kind),
			At: when, Body: body, Ticket: &snap, Rating: r})
		seq++
	}
	add(queue.EventIssued, at, nil)
	called, serving, done := at.Add(10*time.Minute), at.Add(11*time.Minute), at.Add(18*time.Minute)
	t.Status, t.CalledAt, t.Counter, t.Officer = queue.StatusCalled, &called, counter, officer
	add(queue.EventCalled, called, nil)
	t.Status, t.ServingAt = queue.StatusServing, &serving
	add(queue.EventServing, serving, nil)
	t.Status, t.DoneAt = queue.StatusDone, &done
	add(queue.EventDone, done, nil)
	if stars > 0 {
		t.Rated = true
		r := &queue.Rating{TicketID: id, Day: t.Day, Number: t.Number, Service: service, Counter: counter, Officer: officer,
			Stars: stars, Source: "counter", At: done.Add(time.Minute)}
		if stars <= 3 {
			r.Reasons = []string{queue.ReasonLongWait, queue.ReasonAttitude}
		}
		add(queue.EventRated, r.At, r)
	}
	return out
}

func enrolled(t *testing.T, d *db.DB, name, device string) db.Device {
	t.Helper()
	ctx := context.Background()
	o, err := d.CreateOffice(ctx, name)
	if err != nil {
		t.Fatal(err)
	}
	code, err := d.CreateEnrollCode(ctx, o.ID, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	dev, _, err := d.Enroll(ctx, code, device, "hub")
	if err != nil {
		t.Fatal(err)
	}
	return dev
}

func ingest(t *testing.T, d *db.DB, dev db.Device, evs []db.Event) db.Result {
	t.Helper()
	res, err := d.IngestBatch(context.Background(), dev, evs)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func testMigrate(t *testing.T, d *db.DB) {
	v, err := d.SchemaVersion(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join("migrations", string(d.Dialect()), "*.sql"))
	if got, want := v, len(files); got != want || want == 0 {
		t.Errorf("schema version = %d, want %d", got, want)
	}
}

func testEnroll(t *testing.T, d *db.DB) {
	ctx := context.Background()
	o, err := d.CreateOffice(ctx, "Trung tâm Phục vụ hành chính công xã Tân Châu")
	if err != nil {
		t.Fatal(err)
	}
	code, err := d.CreateEnrollCode(ctx, o.ID, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	dev, tok1, err := d.Enroll(ctx, code, "hub-a", "may chu")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := dev.Office, o.ID; got != want {
		t.Errorf("office = %q, want %q", got, want)
	}
	if _, _, err := d.Enroll(ctx, code, "hub-b", ""); !errors.Is(err, db.ErrBadCode) {
		t.Errorf("second device spending the code: err = %v, want ErrBadCode", err)
	}
	// The same device may spend it again (its answer was lost): new credential.
	_, tok2, err := d.Enroll(ctx, " "+code[:4]+" "+code[5:]+" ", "hub-a", "")
	if err != nil {
		t.Fatalf("same device again, typed loosely: %v", err)
	}
	if _, err := d.Authenticate(ctx, tok1); !errors.Is(err, db.ErrBadToken) {
		t.Errorf("old credential: err = %v, want ErrBadToken", err)
	}
	got, err := d.Authenticate(ctx, tok2)
	if err != nil || got.ID != "hub-a" {
		t.Errorf("Authenticate = %+v, %v; want hub-a", got, err)
	}
	for _, bad := range []string{"", "nope", "mck1.AAAA"} {
		if _, err := d.Authenticate(ctx, bad); !errors.Is(err, db.ErrBadToken) {
			t.Errorf("Authenticate(%q) err = %v, want ErrBadToken", bad, err)
		}
	}
	expired, _ := d.CreateEnrollCode(ctx, o.ID, -time.Second)
	if _, _, err := d.Enroll(ctx, expired, "hub-c", ""); !errors.Is(err, db.ErrBadCode) {
		t.Errorf("expired code: err = %v, want ErrBadCode", err)
	}
	if _, _, err := d.Enroll(ctx, code, "bad id!", ""); !errors.Is(err, db.ErrBadDevice) {
		t.Errorf("bad device id: err = %v, want ErrBadDevice", err)
	}
	if err := d.RevokeDevice(ctx, "hub-a"); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Authenticate(ctx, tok2); !errors.Is(err, db.ErrBadToken) {
		t.Errorf("revoked: err = %v, want ErrBadToken", err)
	}
}

func testIngestIdempotent(t *testing.T, d *db.DB) {
	ctx := context.Background()
	dev := enrolled(t, d, "Xã A", "hub-1")
	var evs []db.Event
	for i := range 20 {
		evs = append(evs, lifecycle("hub-1", int64(len(evs)+1), fmt.Sprintf("20261123-A%03d", i+1), "A", "cb01", 1, 5, day0.Add(time.Duration(i)*time.Minute))...)
	}
	if got, want := ingest(t, d, dev, evs), (db.Result{Stored: 100, UpTo: 100}); got != want {
		t.Errorf("first = %+v, want %+v", got, want)
	}
	if got, want := ingest(t, d, dev, evs), (db.Result{Duplicates: 100, UpTo: 100}); got != want {
		t.Errorf("same batch again = %+v, want %+v", got, want)
	}
	// Overlapping batch: half old, half new.
	more := lifecycle("hub-1", 101, "20261123-A021", "A", "cb01", 1, 0, day0.Add(time.Hour))
	if got, want := ingest(t, d, dev, append(slices.Clone(evs[96:]), more...)), (db.Result{Stored: 4, Duplicates: 4, UpTo: 104}); got != want {
		t.Errorf("overlap = %+v, want %+v", got, want)
	}
	n, _ := d.CountEvents(ctx, "hub-1")
	if got, want := n, int64(104); got != want {
		t.Errorf("events stored = %d, want %d", got, want)
	}
	stored, err := d.Events(ctx, "hub-1", 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	for i, e := range stored {
		if got, want := e.Seq, int64(i+1); got != want {
			t.Fatalf("event %d seq = %d, want %d", i, got, want)
		}
	}
	if got, want := stored[0].Body, string(evs[0].Body); got != want {
		t.Errorf("body = %s, want %s", got, want)
	}
	devs, _ := d.Devices(ctx, dev.Office)
	if len(devs) != 1 || devs[0].LastSeq != 104 {
		t.Errorf("devices = %+v, want last_seq 104", devs)
	}
}

func testIngestOutOfOrder(t *testing.T, d *db.DB) {
	ctx := context.Background()
	dev := enrolled(t, d, "Xã B", "hub-2")
	evs := lifecycle("hub-2", 1, "20261123-B001", "B", "cb02", 2, 0, day0)
	// Newest first, then the older ones in separate batches.
	ingest(t, d, dev, evs[3:])
	for i := 2; i >= 0; i-- {
		ingest(t, d, dev, evs[i:i+1])
	}
	rows, err := d.Tickets(ctx, db.Filter{Office: dev.Office})
	if err != nil || len(rows) != 1 {
		t.Fatalf("tickets = %+v, %v", rows, err)
	}
	r := rows[0]
	if got, want := r.Status, queue.StatusDone; got != want {
		t.Errorf("status = %q, want %q (an older snapshot overwrote a newer one)", got, want)
	}
	if w, ok := r.Wait(); !ok || w != 10*time.Minute {
		t.Errorf("wait = %v, %v; want 10m", w, ok)
	}
	if s, ok := r.ServiceTime(); !ok || s != 7*time.Minute {
		t.Errorf("service time = %v, %v; want 7m", s, ok)
	}
	byRef, err := d.TicketByRef(ctx, "ref-20261123-B001")
	if err != nil || byRef.ID != "20261123-B001" {
		t.Errorf("TicketByRef = %+v, %v", byRef, err)
	}
	if _, err := d.TicketByRef(ctx, "nope"); !errors.Is(err, db.ErrNotFound) {
		t.Errorf("TicketByRef(nope) err = %v, want ErrNotFound", err)
	}
}

func testIngestRatings(t *testing.T, d *db.DB) {
	ctx := context.Background()
	dev := enrolled(t, d, "Xã C", "hub-3")
	evs := lifecycle("hub-3", 1, "20261123-C001", "C", "cb03", 3, 2, day0)
	ingest(t, d, dev, evs)
	// A second rating event of the same ticket (a bug elsewhere) must not
	// replace the first.
	second := lifecycle("hub-3", 6, "20261123-C001", "C", "cb03", 3, 5, day0)[4]
	ingest(t, d, dev, []db.Event{second})
	rs, err := d.Ratings(ctx, db.Filter{Office: dev.Office})
	if err != nil || len(rs) != 1 {
		t.Fatalf("ratings = %+v, %v", rs, err)
	}
	if got, want := rs[0].Stars, 2; got != want {
		t.Errorf("stars = %d, want %d", got, want)
	}
	if got, want := fmt.Sprint(rs[0].Reasons), "[long_wait attitude]"; got != want {
		t.Errorf("reasons = %s, want %s", got, want)
	}
	var n int
	d.SQL().QueryRowContext(ctx, d.Rebind("SELECT count(*) FROM rating_reasons WHERE ticket_id = ?"), "20261123-C001").Scan(&n)
	if got, want := n, 2; got != want {
		t.Errorf("rating_reasons rows = %d, want %d", got, want)
	}
}

func testIngestConcurrent(t *testing.T, d *db.DB) {
	ctx := context.Background()
	dev := enrolled(t, d, "Xã D", "hub-4")
	var evs []db.Event
	for i := range 200 {
		evs = append(evs, lifecycle("hub-4", int64(len(evs)+1), fmt.Sprintf("20261123-D%03d", i+1), "A", "cb04", 4, 1+i%5, day0.Add(time.Duration(i)*time.Second))...)
	}
	// 8 writers send overlapping windows of the same 1000 events.
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for w := range 8 {
		wg.Go(func() {
			for lo := (w * 37) % 300; lo < len(evs); lo += 250 {
				hi := min(lo+300, len(evs))
				if _, err := d.IngestBatch(ctx, dev, evs[lo:hi]); err != nil {
					errs <- err
				}
			}
			if _, err := d.IngestBatch(ctx, dev, evs[:min(300, len(evs))]); err != nil {
				errs <- err
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	n, _ := d.CountEvents(ctx, "hub-4")
	if got, want := n, int64(len(evs)); got != want {
		t.Errorf("events = %d, want %d", got, want)
	}
	rows, _ := d.Tickets(ctx, db.Filter{Office: dev.Office})
	rs, _ := d.Ratings(ctx, db.Filter{Office: dev.Office})
	if got, want := len(rows), 200; got != want {
		t.Errorf("tickets = %d, want %d", got, want)
	}
	if got, want := len(rs), 200; got != want {
		t.Errorf("ratings = %d, want %d", got, want)
	}
	for _, r := range rows {
		if r.Status != queue.StatusDone || !r.Rated {
			t.Fatalf("ticket %s = %s rated %v, want done and rated", r.ID, r.Status, r.Rated)
		}
	}
}

func testInsertRating(t *testing.T, d *db.DB) {
	ctx := context.Background()
	dev := enrolled(t, d, "Xã E", "hub-5")
	evs := lifecycle("hub-5", 1, "20261123-E001", "A", "cb05", 5, 4, day0)
	ingest(t, d, dev, evs[:4]) // served, not yet rated at the counter
	web := queue.Rating{TicketID: "20261123-E001", Day: "2026-11-23", Number: "E001", Service: "A", Counter: 5,
		Officer: "cb05", Stars: 3, Reasons: []string{queue.ReasonUnclear}, Source: "web", At: day0.Add(time.Hour)}
	if err := d.InsertRating(ctx, dev.Office, web); err != nil {
		t.Fatal(err)
	}
	if err := d.InsertRating(ctx, dev.Office, web); !errors.Is(err, db.ErrAlreadyRated) {
		t.Errorf("second web rating: err = %v, want ErrAlreadyRated", err)
	}
	ingest(t, d, dev, evs[4:]) // the counter rating arrives later: first one wins
	rs, _ := d.Ratings(ctx, db.Filter{Office: dev.Office})
	if len(rs) != 1 || rs[0].Source != "web" || rs[0].Stars != 3 || rs[0].EventID != "" {
		t.Errorf("ratings = %+v, want the web rating only", rs)
	}
}

func testFilters(t *testing.T, d *db.DB) {
	ctx := context.Background()
	a := enrolled(t, d, "Xã F", "hub-6")
	b := enrolled(t, d, "Xã G", "hub-7")
	ingest(t, d, a, append(lifecycle("hub-6", 1, "20261123-A001", "A", "cb1", 1, 5, day0),
		lifecycle("hub-6", 6, "20261124-A001", "B", "cb2", 2, 4, day0.AddDate(0, 0, 1))...))
	ingest(t, d, b, lifecycle("hub-7", 1, "20261123-A001", "A", "cb1", 1, 1, day0))
	tests := []struct {
		name             string
		f                db.Filter
		tickets, ratings int
	}{
		{"all", db.Filter{}, 3, 3},
		{"office", db.Filter{Office: a.Office}, 2, 2},
		{"day", db.Filter{From: "2026-11-24", To: "2026-11-24"}, 1, 1},
		{"range to", db.Filter{To: "2026-11-23"}, 2, 2},
		{"officer", db.Filter{Officer: "cb1"}, 2, 2},
		{"service", db.Filter{Service: "B", Office: a.Office}, 1, 1},
		{"none", db.Filter{Office: b.Office, Service: "B"}, 0, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ts, err := d.Tickets(ctx, tc.f)
			if err != nil {
				t.Fatal(err)
			}
			rs, err := d.Ratings(ctx, tc.f)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := len(ts), tc.tickets; got != want {
				t.Errorf("tickets = %d, want %d", got, want)
			}
			if got, want := len(rs), tc.ratings; got != want {
				t.Errorf("ratings = %d, want %d", got, want)
			}
		})
	}
}

func testNames(t *testing.T, d *db.DB) {
	ctx := context.Background()
	if err := d.SetNames(ctx, "of-1", db.OfficerNames, map[string]string{"cb01": "Nguyễn Thị Lan", "cb02": " Trần Văn Minh "}); err != nil {
		t.Fatal(err)
	}
	if err := d.SetNames(ctx, "of-2", db.OfficerNames, map[string]string{"cb01": "Lê Thị Hoa"}); err != nil {
		t.Fatal(err)
	}
	if err := d.SetNames(ctx, "of-1", db.OfficerNames, map[string]string{"cb01": "Nguyễn Thị Lan (Hộ tịch)", "cb02": ""}); err != nil {
		t.Fatal(err)
	}
	if err := d.SetNames(ctx, "of-1", db.ServiceNames, map[string]string{"A": "Đăng ký đất đai"}); err != nil {
		t.Fatal(err)
	}
	n, err := d.LoadNames(ctx, db.OfficerNames)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ office, id, want string }{
		{"of-1", "cb01", "Nguyễn Thị Lan (Hộ tịch)"}, {"of-1", "cb02", "cb02"}, {"of-2", "cb01", "Lê Thị Hoa"}, {"of-3", "cb01", "cb01"},
	} {
		if got := n.Name(tc.office, tc.id); got != tc.want {
			t.Errorf("Name(%s, %s) = %q, want %q", tc.office, tc.id, got, tc.want)
		}
	}
	if got, want := n.Any("cb01"), "Nguyễn Thị Lan (Hộ tịch)"; got != want {
		t.Errorf("Any(cb01) = %q, want %q (the first office's)", got, want)
	}
	if got, err := d.NameOf(ctx, "of-1", db.ServiceNames, "A"); err != nil || got != "Đăng ký đất đai" {
		t.Errorf("NameOf(of-1, A) = %q, %v", got, err)
	}
	if got, err := d.NameOf(ctx, "of-1", db.ServiceNames, "B"); err != nil || got != "B" {
		t.Errorf("NameOf(of-1, B) = %q, %v; want the code", got, err)
	}
	if err := d.SetNames(ctx, "of-1", "staff", nil); err == nil {
		t.Error("SetNames of an unknown kind succeeded")
	}
}
