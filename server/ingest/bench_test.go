package ingest_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/motcua-kiosk/motcua/kiosk/queue"
	"github.com/motcua-kiosk/motcua/kiosk/wire"
	"github.com/motcua-kiosk/motcua/server/app"
	"github.com/motcua-kiosk/motcua/server/db"
	"github.com/motcua-kiosk/motcua/server/ingest"
)

const benchBatch = 500

// benchEvents makes batch i of a device: 500 realistic events (ticket
// snapshots through their life, one rating in five tickets).
func benchEvents(dev string, i int) []wire.Event {
	out := make([]wire.Event, benchBatch)
	base := time.Now().Add(-24 * time.Hour)
	for j := range out {
		seq := int64(i*benchBatch + j + 1)
		at := base.Add(time.Duration(seq) * time.Second)
		n := seq / 5
		tk := &queue.Ticket{ID: fmt.Sprintf("%s-%07d", at.Format("20060102"), n), Day: at.Format("2006-01-02"),
			Number: fmt.Sprintf("A%03d", n%1000), Service: "A", Origin: "A", Ref: fmt.Sprintf("ref%07d", n),
			Status: queue.StatusCalled, IssuedAt: at.Add(-10 * time.Minute), ArrivedAt: at.Add(-10 * time.Minute),
			Counter: 2, Officer: "cb02", CalledAt: &at}
		ev := queue.Event{Kind: queue.EventCalled, At: at, Ticket: tk}
		if seq%25 == 0 {
			tk.Status, tk.Rated = queue.StatusDone, true
			ev.Kind = queue.EventRated
			ev.Rating = &queue.Rating{TicketID: tk.ID, Day: tk.Day, Number: tk.Number, Service: "A", Counter: 2,
				Officer: "cb02", Stars: 4, Source: "counter", At: at}
		}
		body, _ := json.Marshal(ev)
		out[j] = wire.Event{ID: fmt.Sprintf("%s:%d", dev, seq), Seq: seq, Kind: string(ev.Kind), At: at, Body: body}
	}
	return out
}

func gzipBatch(dev string, evs []wire.Event) []byte {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestSpeed)
	json.NewEncoder(zw).Encode(wire.Batch{Device: dev, Events: evs})
	zw.Close()
	return buf.Bytes()
}

func benchDevice(b *testing.B, d *db.DB, id string) (db.Device, string) {
	ctx := context.Background()
	o, err := d.CreateOffice(ctx, "Bench "+id)
	if err != nil {
		b.Fatal(err)
	}
	code, _ := d.CreateEnrollCode(ctx, o.ID, time.Hour)
	dev, tok, err := d.Enroll(ctx, code, id, "")
	if err != nil {
		b.Fatal(err)
	}
	return dev, tok
}

// benchHTTP posts b.N gzip batches of 500 events over loopback HTTP to the
// real server app, from 4 concurrent clients.
func benchHTTP(b *testing.B, d *db.DB) {
	dev, tok := benchDevice(b, d, fmt.Sprintf("hub-http-%d", b.N))
	srv := httptest.NewServer(app.New(d, app.Options{Ingest: ingest.Options{Rate: 1e9, Burst: 1 << 30}}).Handler())
	defer srv.Close()
	bodies := make([][]byte, b.N)
	for i := range bodies {
		bodies[i] = gzipBatch(dev.ID, benchEvents(dev.ID, i))
	}
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 8}}
	var next atomic.Int64
	var wg sync.WaitGroup
	b.ResetTimer()
	for range 4 {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= len(bodies) {
					return
				}
				req, _ := http.NewRequest("POST", srv.URL+wire.PathEvents, bytes.NewReader(bodies[i]))
				req.Header.Set("Content-Encoding", "gzip")
				req.Header.Set("Authorization", "Bearer "+tok)
				resp, err := client.Do(req)
				if err != nil {
					b.Error(err)
					return
				}
				resp.Body.Close()
				if resp.StatusCode != 200 {
					b.Errorf("status %d", resp.StatusCode)
					return
				}
			}
		})
	}
	wg.Wait()
	b.StopTimer()
	b.ReportMetric(float64(b.N*benchBatch)/b.Elapsed().Seconds(), "events/s")
	if n, _ := d.CountEvents(context.Background(), dev.ID); n != int64(b.N*benchBatch) {
		b.Fatalf("stored %d events, want %d", n, b.N*benchBatch)
	}
}

// benchBare inserts the same rows (the events table only) with one
// multi-row INSERT per 200 rows, one transaction per batch of 500: the
// floor against which the HTTP path is compared.
func benchBare(b *testing.B, d *db.DB) {
	dev, _ := benchDevice(b, d, fmt.Sprintf("hub-bare-%d", b.N))
	batches := make([][]wire.Event, b.N)
	for i := range batches {
		batches[i] = benchEvents(dev.ID, i)
	}
	ctx := context.Background()
	b.ResetTimer()
	for _, evs := range batches {
		tx, err := d.SQL().BeginTx(ctx, nil)
		if err != nil {
			b.Fatal(err)
		}
		for lo := 0; lo < len(evs); lo += 200 {
			chunk := evs[lo:min(lo+200, len(evs))]
			q := "INSERT INTO events(id, device_id, seq, office_id, kind, at, body, received_at) VALUES "
			args := make([]any, 0, len(chunk)*8)
			for k, e := range chunk {
				if k > 0 {
					q += ", "
				}
				q += "(?, ?, ?, ?, ?, ?, ?, ?)"
				args = append(args, e.ID, dev.ID, e.Seq, dev.Office, e.Kind, e.At.UnixMilli(), string(e.Body), time.Now().UnixMilli())
			}
			if _, err := tx.ExecContext(ctx, d.Rebind(q), args...); err != nil {
				b.Fatal(err)
			}
		}
		if err := tx.Commit(); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(b.N*benchBatch)/b.Elapsed().Seconds(), "events/s")
}

func openBenchSQLite(b *testing.B) *db.DB {
	d, err := db.Open(context.Background(), "sqlite:"+filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { d.Close() })
	return d
}

func BenchmarkIngest_SQLite(b *testing.B) {
	b.Run("http", func(b *testing.B) { benchHTTP(b, openBenchSQLite(b)) })
	b.Run("http_offices", func(b *testing.B) { benchHTTPOffices(b, openBenchSQLite(b)) })
	b.Run("bare", func(b *testing.B) { benchBare(b, openBenchSQLite(b)) })
}

// benchHTTPOffices is benchHTTP with each of the 4 clients a hub of its
// own office, sending its batches one after the other as a real hub does
// (benchHTTP's 4 clients share one device and office, so batches of one
// office are stored at once, which a hub never does).
func benchHTTPOffices(b *testing.B, d *db.DB) {
	const clients = 4
	srv := httptest.NewServer(app.New(d, app.Options{Ingest: ingest.Options{Rate: 1e9, Burst: 1 << 30}}).Handler())
	defer srv.Close()
	type hub struct {
		id, tok string
		bodies  [][]byte
	}
	hubs := make([]hub, clients)
	for k := range hubs {
		dev, tok := benchDevice(b, d, fmt.Sprintf("hub-offices-%d-%d", b.N, k))
		hubs[k] = hub{id: dev.ID, tok: tok}
	}
	for i := range b.N {
		h := &hubs[i%clients]
		h.bodies = append(h.bodies, gzipBatch(h.id, benchEvents(h.id, len(h.bodies))))
	}
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 8}}
	var wg sync.WaitGroup
	b.ResetTimer()
	for _, h := range hubs {
		wg.Go(func() {
			for _, body := range h.bodies {
				req, _ := http.NewRequest("POST", srv.URL+wire.PathEvents, bytes.NewReader(body))
				req.Header.Set("Content-Encoding", "gzip")
				req.Header.Set("Authorization", "Bearer "+h.tok)
				resp, err := client.Do(req)
				if err != nil {
					b.Error(err)
					return
				}
				resp.Body.Close()
				if resp.StatusCode != 200 {
					b.Errorf("status %d", resp.StatusCode)
					return
				}
			}
		})
	}
	wg.Wait()
	b.StopTimer()
	b.ReportMetric(float64(b.N*benchBatch)/b.Elapsed().Seconds(), "events/s")
}
