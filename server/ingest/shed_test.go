package ingest_test

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/motcua-kiosk/motcua/kiosk/wire"
	"github.com/motcua-kiosk/motcua/server/ingest"
)

// Over MaxInFlight a batch is shed with 503 and Retry-After, before
// anything of it is stored; once the batch in flight ends, the next one is
// taken.
func TestServer_EventsShed(t *testing.T) {
	reg := prometheus.NewRegistry()
	e := newEnv(t, ingest.Options{MaxInFlight: 1, Registerer: reg})

	// The first batch holds the only slot: its body arrives slowly.
	var zbody bytes.Buffer
	zw := gzip.NewWriter(&zbody)
	zw.Write(batch(e.dev, issued(e.dev, 1)))
	zw.Close()
	pr, pw := io.Pipe()
	t.Cleanup(func() { pw.CloseWithError(io.ErrUnexpectedEOF) }) // ends the first batch if a check below fails
	req, _ := http.NewRequest("POST", e.srv.URL+wire.PathEvents, pr)
	req.Header.Set("Content-Encoding", "gzip")
	req.Header.Set("Authorization", "Bearer "+e.token)
	first := make(chan int, 1)
	go func() {
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Error(err)
			first <- 0
			return
		}
		resp.Body.Close()
		first <- resp.StatusCode
	}()
	pw.Write(zbody.Bytes()[:5])
	for deadline := time.Now().Add(30 * time.Second); gauge(t, reg, "motcua_ingest_inflight_batches") != 1; {
		if time.Now().After(deadline) { // only ends a hang
			t.Fatal("the first batch never got in flight")
		}
		time.Sleep(5 * time.Millisecond)
	}

	resp, out := e.post(t, batch(e.dev, issued(e.dev, 2)), true, e.token)
	if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") != "2" {
		t.Fatalf("second batch: status %d, Retry-After %q: %s", resp.StatusCode, resp.Header.Get("Retry-After"), out)
	}
	var we wire.Error
	if err := json.Unmarshal(out, &we); err != nil || we.Error == "" {
		t.Errorf("503 body %q is not a wire.Error", out)
	}
	if n, _ := e.d.CountEvents(t.Context(), e.dev); n != 0 {
		t.Errorf("%d events stored while the first batch was still arriving", n)
	}

	pw.Write(zbody.Bytes()[5:])
	pw.Close()
	if code := <-first; code != http.StatusOK {
		t.Fatalf("first batch: status %d", code)
	}
	resp, out = e.post(t, batch(e.dev, issued(e.dev, 2)), true, e.token)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("second batch again: status %d: %s", resp.StatusCode, out)
	}
	var ack wire.Ack
	json.Unmarshal(out, &ack)
	if ack.Stored != 1 || ack.UpTo != 2 {
		t.Errorf("ack %+v, want 1 stored, up_to 2", ack)
	}
	if got := counter(t, reg, "motcua_ingest_batches_total", "shed"); got != 1 {
		t.Errorf("shed batches counted %v, want 1", got)
	}
}

func gauge(t *testing.T, reg *prometheus.Registry, name string) float64 {
	return counter(t, reg, name, "")
}

// counter reads a metric's value (of the series whose result label is
// result, if given) from reg.
func counter(t *testing.T, reg *prometheus.Registry, name, result string) float64 {
	t.Helper()
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		if mf.GetName() != name {
			continue
		}
		for _, m := range mf.GetMetric() {
			match := result == ""
			for _, l := range m.GetLabel() {
				if l.GetName() == "result" && l.GetValue() == result {
					match = true
				}
			}
			if !match {
				continue
			}
			if g := m.GetGauge(); g != nil {
				return g.GetValue()
			}
			return m.GetCounter().GetValue()
		}
	}
	return 0
}

// A database failure is answered 503 with a Retry-After the hub's syncer
// waits out (it parses whole seconds), both when the credential cannot be
// checked and when the batch cannot be stored; nothing of the batch is
// stored.
func TestServer_EventsDatabaseError(t *testing.T) {
	wantRetry := func(t *testing.T, resp *http.Response, out []byte) {
		t.Helper()
		if resp.StatusCode != http.StatusServiceUnavailable {
			t.Fatalf("status %d, want 503: %s", resp.StatusCode, out)
		}
		if s, err := strconv.Atoi(resp.Header.Get("Retry-After")); err != nil || s <= 0 {
			t.Errorf("Retry-After %q, want whole seconds > 0", resp.Header.Get("Retry-After"))
		}
		var we wire.Error
		if err := json.Unmarshal(out, &we); err != nil || we.Error == "" {
			t.Errorf("503 body %q is not a wire.Error", out)
		}
	}
	t.Run("store", func(t *testing.T) {
		e := newEnv(t, ingest.Options{})
		if _, err := e.d.SQL().ExecContext(t.Context(),
			"CREATE TRIGGER fail_events BEFORE INSERT ON events BEGIN SELECT RAISE(ABORT, 'disk gone'); END"); err != nil {
			t.Fatal(err)
		}
		resp, out := e.post(t, batch(e.dev, issued(e.dev, 1), issued(e.dev, 2)), true, e.token)
		wantRetry(t, resp, out)
		if _, err := e.d.SQL().ExecContext(t.Context(), "DROP TRIGGER fail_events"); err != nil {
			t.Fatal(err)
		}
		if n, _ := e.d.CountEvents(t.Context(), e.dev); n != 0 {
			t.Errorf("%d events stored by the failed batch", n)
		}
	})
	t.Run("authenticate", func(t *testing.T) {
		e := newEnv(t, ingest.Options{})
		e.d.Close()
		resp, out := e.post(t, batch(e.dev, issued(e.dev, 1)), true, e.token)
		wantRetry(t, resp, out)
	})
}
