package notify_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/motcua-kiosk/motcua/server/db"
	"github.com/motcua-kiosk/motcua/server/notify"
)

var secret = []byte("test-secret")

// receiver is a webhook endpoint on loopback: it checks the signature,
// answers 500 to the first fail requests, and counts what it accepted.
type receiver struct {
	t  *testing.T
	mu sync.Mutex
	// fail is how many requests still get a 500.
	fail     int
	requests int
	accepted map[string]int // idempotency key → deliveries accepted
	got      []notify.Message
	arrived  chan string
}

func newReceiver(t *testing.T, fail int) (*receiver, *httptest.Server) {
	r := &receiver{t: t, fail: fail, accepted: map[string]int{}, arrived: make(chan string, 16)}
	srv := httptest.NewServer(r)
	t.Cleanup(srv.Close)
	return r, srv
}

func (r *receiver) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	body, _ := io.ReadAll(req.Body)
	r.mu.Lock()
	defer r.mu.Unlock()
	r.requests++
	if !notify.Verify(secret, req.Header.Get(notify.HeaderTimestamp), body, req.Header.Get(notify.HeaderSignature)) {
		r.t.Errorf("bad signature on %s", body)
		http.Error(w, "bad signature", http.StatusUnauthorized)
		return
	}
	if r.fail > 0 {
		r.fail--
		http.Error(w, "down", http.StatusInternalServerError)
		return
	}
	var m notify.Message
	if err := json.Unmarshal(body, &m); err != nil {
		r.t.Errorf("body %s: %v", body, err)
	}
	if k := req.Header.Get(notify.HeaderKey); k != m.Key {
		r.t.Errorf("Idempotency-Key %q, body key %q", k, m.Key)
	}
	r.accepted[m.Key]++
	r.got = append(r.got, m)
	w.WriteHeader(http.StatusNoContent)
	r.arrived <- m.Key
}

func (r *receiver) counts() (requests int, accepted map[string]int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	c := map[string]int{}
	for k, v := range r.accepted {
		c[k] = v
	}
	return r.requests, c
}

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }
func newClock() *clock               { return &clock{t: time.Date(2026, 12, 7, 8, 0, 0, 0, time.UTC)} }

// dsnFunc makes a fresh database and returns its DSN: SQLite here,
// PostgreSQL in postgres_test.go.
type dsnFunc func(t *testing.T) string

func sqliteDSN(t *testing.T) string { return "sqlite:" + filepath.Join(t.TempDir(), "s.db") }

func openDB(t *testing.T, dsn string) *db.DB {
	t.Helper()
	d, err := db.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func turnNear(key string) notify.Message {
	return notify.Message{Key: key, Kind: notify.KindTurnNear, To: "0912345678",
		TextVI: "Sắp đến lượt ông/bà: số A012, còn 3 người.", TextEN: "Your turn is near: A012, 3 ahead."}
}

func TestOutbox_RetriesAfter500(t *testing.T) { testOutboxRetriesAfter500(t, sqliteDSN) }

func testOutboxRetriesAfter500(t *testing.T, dsn dsnFunc) {
	ctx := context.Background()
	rcv, srv := newReceiver(t, 2)
	d := openDB(t, dsn(t))
	defer d.Close()
	clk := newClock()
	o := notify.New(d, &notify.Webhook{URL: srv.URL, Secret: secret, Now: clk.Now},
		notify.Options{MinBackoff: time.Second, MaxBackoff: 4 * time.Second, Now: clk.Now})
	if queued, err := o.Enqueue(ctx, turnNear("turn_near:o1:A012")); err != nil || !queued {
		t.Fatalf("Enqueue = %v, %v", queued, err)
	}
	// First attempt: 500.
	if n, err := o.Flush(ctx); err != nil || n != 0 {
		t.Fatalf("Flush 1 = %d, %v; want 0 sent", n, err)
	}
	st, _ := o.Status(ctx, "turn_near:o1:A012")
	if got, want := st.State, notify.StatePending; got != want || st.Attempts != 1 || st.LastError == "" {
		t.Fatalf("after a 500: %+v, want pending, 1 attempt, an error", st)
	}
	// Not due before its backoff.
	if n, _ := o.Flush(ctx); n != 0 {
		t.Fatalf("sent %d before the backoff ran out", n)
	}
	if req, _ := rcv.counts(); req != 1 {
		t.Fatalf("requests = %d before the backoff ran out, want 1", req)
	}
	clk.Add(time.Second) // second attempt: 500 again; backoff doubles
	o.Flush(ctx)
	clk.Add(time.Second)
	if n, _ := o.Flush(ctx); n != 0 {
		t.Fatal("sent before the doubled backoff ran out")
	}
	clk.Add(time.Second)
	if n, err := o.Flush(ctx); err != nil || n != 1 {
		t.Fatalf("Flush 3 = %d, %v; want 1 sent", n, err)
	}
	req, acc := rcv.counts()
	if req != 3 || acc["turn_near:o1:A012"] != 1 {
		t.Errorf("requests %d, accepted %v; want 3 requests, 1 delivery", req, acc)
	}
	st, _ = o.Status(ctx, "turn_near:o1:A012")
	if st.State != notify.StateSent || st.SentAt == nil || st.Attempts != 3 {
		t.Errorf("status = %+v, want sent after 3 attempts", st)
	}
	if got := rcv.got[0]; got.TextVI != turnNear("").TextVI || got.To != "0912345678" {
		t.Errorf("delivered %+v", got)
	}
}

func TestOutbox_NeverTwice(t *testing.T) { testOutboxNeverTwice(t, sqliteDSN) }

func testOutboxNeverTwice(t *testing.T, dsn dsnFunc) {
	ctx := context.Background()
	rcv, srv := newReceiver(t, 0)
	d := openDB(t, dsn(t))
	defer d.Close()
	clk := newClock()
	o := notify.New(d, &notify.Webhook{URL: srv.URL, Secret: secret}, notify.Options{Now: clk.Now})
	m := turnNear("turn_near:o1:B007")
	o.Enqueue(ctx, m)
	if n, err := o.Flush(ctx); err != nil || n != 1 {
		t.Fatalf("Flush = %d, %v", n, err)
	}
	// The same message again (the page asked twice, a second server
	// process noticed the same ticket): dropped on insert.
	if queued, err := o.Enqueue(ctx, m); err != nil || queued {
		t.Errorf("second Enqueue = %v, %v; want not queued", queued, err)
	}
	for range 3 {
		clk.Add(time.Hour)
		if n, err := o.Flush(ctx); err != nil || n != 0 {
			t.Errorf("later Flush = %d, %v; want nothing", n, err)
		}
	}
	if req, acc := rcv.counts(); req != 1 || acc[m.Key] != 1 {
		t.Errorf("requests %d, accepted %v; want exactly one", req, acc)
	}
	// The destination is forgotten once sent.
	var dest string
	if err := d.SQL().QueryRow(d.Rebind("SELECT dest FROM notify_outbox WHERE msg_key = ?"), m.Key).Scan(&dest); err != nil {
		t.Fatal(err)
	}
	if dest != "" {
		t.Errorf("dest kept after sending: %q", dest)
	}
}

func TestOutbox_RestartResumes(t *testing.T) { testOutboxRestartResumes(t, sqliteDSN) }

func testOutboxRestartResumes(t *testing.T, dsn dsnFunc) {
	ctx := context.Background()
	path := dsn(t)
	rcv, srv := newReceiver(t, 1)
	clk := newClock()
	opt := notify.Options{MinBackoff: time.Minute, Now: clk.Now}
	d := openDB(t, path)
	o := notify.New(d, &notify.Webhook{URL: srv.URL, Secret: secret}, opt)
	o.Enqueue(ctx, turnNear("turn_near:o1:C001"))
	o.Enqueue(ctx, notify.Message{Key: "result_ready:o1:HS-1", Kind: notify.KindResultReady, TextVI: "Hồ sơ đã có kết quả."})
	if n, _ := o.Flush(ctx); n != 1 { // C001 gets the 500, HS-1 goes through
		t.Fatalf("first Flush sent %d, want 1", n)
	}
	d.Close() // the server stops with C001 waiting for its retry

	clk.Add(time.Minute)
	d = openDB(t, path)
	defer d.Close()
	o = notify.New(d, &notify.Webhook{URL: srv.URL, Secret: secret}, opt)
	if n, err := o.Flush(ctx); err != nil || n != 1 {
		t.Fatalf("Flush after restart = %d, %v; want 1", n, err)
	}
	if _, acc := rcv.counts(); acc["turn_near:o1:C001"] != 1 || acc["result_ready:o1:HS-1"] != 1 {
		t.Errorf("accepted %v, want each once", acc)
	}
}

// A crash after claiming (mid-send, or between send and mark): the lease
// runs out and the message is tried again under the same key.
func TestOutbox_LeaseAfterCrash(t *testing.T) { testOutboxLeaseAfterCrash(t, sqliteDSN) }

func testOutboxLeaseAfterCrash(t *testing.T, dsn dsnFunc) {
	ctx := context.Background()
	path := dsn(t)
	clk := newClock()
	d := openDB(t, path)
	defer d.Close()
	crashed := notify.SenderFunc(func(ctx context.Context, m notify.Message) error {
		// The process "dies" here: the claim is in the table, no mark follows.
		<-ctx.Done()
		return ctx.Err()
	})
	cctx, cancel := context.WithCancel(ctx)
	o := notify.New(d, crashed, notify.Options{Now: clk.Now, SendTimeout: time.Minute, Lease: 2 * time.Minute})
	o.Enqueue(ctx, turnNear("turn_near:o1:D004"))
	go func() { time.Sleep(10 * time.Millisecond); cancel() }()
	o.Flush(cctx)
	// Undo the failure record the cancelled send left, as if the process
	// had died before writing it: the lease alone must bring it back.
	if _, err := d.SQL().Exec(d.Rebind("UPDATE notify_outbox SET next_at = ?, last_error = '' WHERE msg_key = ?"),
		clk.Now().Add(2*time.Minute).UnixMilli(), "turn_near:o1:D004"); err != nil {
		t.Fatal(err)
	}

	var keys []string
	rec := notify.SenderFunc(func(ctx context.Context, m notify.Message) error { keys = append(keys, m.Key); return nil })
	o = notify.New(d, rec, notify.Options{Now: clk.Now, SendTimeout: time.Minute, Lease: 2 * time.Minute})
	if n, _ := o.Flush(ctx); n != 0 {
		t.Fatal("a claimed message was sent again before its lease ran out")
	}
	clk.Add(2 * time.Minute)
	if n, err := o.Flush(ctx); err != nil || n != 1 || len(keys) != 1 || keys[0] != "turn_near:o1:D004" {
		t.Fatalf("after the lease: %d sent, %v, keys %v", n, err, keys)
	}
}

func TestOutbox_PermanentGivesUp(t *testing.T) { testOutboxPermanentGivesUp(t, sqliteDSN) }

func testOutboxPermanentGivesUp(t *testing.T, dsn dsnFunc) {
	ctx := context.Background()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "no such subscriber", http.StatusNotFound)
	}))
	defer srv.Close()
	d := openDB(t, dsn(t))
	defer d.Close()
	clk := newClock()
	o := notify.New(d, &notify.Webhook{URL: srv.URL, Secret: secret}, notify.Options{Now: clk.Now})
	o.Enqueue(ctx, turnNear("turn_near:o1:E001"))
	o.Flush(ctx)
	st, _ := o.Status(ctx, "turn_near:o1:E001")
	if st.State != notify.StateFailed || st.Attempts != 1 {
		t.Errorf("after a 404: %+v, want failed after 1 attempt", st)
	}
}

func TestOutbox_Run(t *testing.T) {
	rcv, srv := newReceiver(t, 1)
	d := openDB(t, sqliteDSN(t))
	defer d.Close()
	o := notify.New(d, &notify.Webhook{URL: srv.URL, Secret: secret}, notify.Options{MinBackoff: 20 * time.Millisecond})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- o.Run(ctx) }()
	o.Enqueue(ctx, turnNear("turn_near:o1:F010"))
	select {
	case k := <-rcv.arrived:
		if k != "turn_near:o1:F010" {
			t.Errorf("delivered %q", k)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("Run never delivered the message")
	}
	cancel()
	<-done
	if req, acc := rcv.counts(); req != 2 || acc["turn_near:o1:F010"] != 1 {
		t.Errorf("requests %d, accepted %v; want a 500 then one delivery", req, acc)
	}
}

func TestMessage_Check(t *testing.T) {
	for _, m := range []notify.Message{
		{Kind: notify.KindTurnNear, TextVI: "x"},
		{Key: "k", Kind: "sms", TextVI: "x"},
		{Key: "k", Kind: notify.KindResultReady},
	} {
		if m.Check() == nil {
			t.Errorf("Check(%+v) = nil", m)
		}
	}
}
