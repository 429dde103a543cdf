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
	"strings"
	"testing"
	"time"

	"github.com/motcua-kiosk/motcua/kiosk/queue"
	"github.com/motcua-kiosk/motcua/kiosk/wire"
	"github.com/motcua-kiosk/motcua/server/db"
	"github.com/motcua-kiosk/motcua/server/ingest"
)

var t0 = time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC)

type env struct {
	d     *db.DB
	srv   *httptest.Server
	token string
	dev   string
}

func newEnv(t *testing.T, opt ingest.Options) *env {
	t.Helper()
	ctx := context.Background()
	d, err := db.Open(ctx, "sqlite:"+filepath.Join(t.TempDir(), "s.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	o, _ := d.CreateOffice(ctx, "Xã Thử")
	code, _ := d.CreateEnrollCode(ctx, o.ID, time.Hour)
	_, tok, err := d.Enroll(ctx, code, "hub-t", "")
	if err != nil {
		t.Fatal(err)
	}
	opt.Now = func() time.Time { return t0.Add(time.Hour) }
	s := ingest.New(d, opt)
	mux := http.NewServeMux()
	mux.HandleFunc("POST "+wire.PathEvents, s.Events)
	mux.HandleFunc("POST "+wire.PathEnroll, s.Enroll)
	mux.HandleFunc("PUT "+ingest.PathNames, s.Names)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return &env{d: d, srv: srv, token: tok, dev: "hub-t"}
}

func issued(dev string, seq int64) wire.Event {
	at := t0.Add(time.Duration(seq) * time.Second)
	tk := &queue.Ticket{ID: fmt.Sprintf("20261123-A%03d", seq), Day: "2026-11-23", Number: fmt.Sprintf("A%03d", seq),
		Service: "A", Origin: "A", Ref: fmt.Sprintf("r%d", seq), Status: queue.StatusWaiting, IssuedAt: at, ArrivedAt: at}
	body, _ := json.Marshal(queue.Event{Kind: queue.EventIssued, At: at, Ticket: tk})
	return wire.Event{ID: fmt.Sprintf("%s:%d", dev, seq), Seq: seq, Kind: string(queue.EventIssued), At: at, Body: body}
}

func (e *env) post(t *testing.T, body []byte, gz bool, token string) (*http.Response, []byte) {
	t.Helper()
	if gz {
		var b bytes.Buffer
		zw := gzip.NewWriter(&b)
		zw.Write(body)
		zw.Close()
		body = b.Bytes()
	}
	req, _ := http.NewRequest("POST", e.srv.URL+wire.PathEvents, bytes.NewReader(body))
	if gz {
		req.Header.Set("Content-Encoding", "gzip")
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out bytes.Buffer
	out.ReadFrom(resp.Body)
	return resp, out.Bytes()
}

func batch(dev string, evs ...wire.Event) []byte {
	b, _ := json.Marshal(wire.Batch{Device: dev, Events: evs})
	return b
}

func TestServer_EventsAcceptsAndIsIdempotent(t *testing.T) {
	e := newEnv(t, ingest.Options{})
	body := batch(e.dev, issued(e.dev, 1), issued(e.dev, 2), issued(e.dev, 3))
	for i, want := range []wire.Ack{{Stored: 3, UpTo: 3}, {Duplicates: 3, UpTo: 3}} {
		resp, out := e.post(t, body, i == 0, e.token)
		if resp.StatusCode != 200 {
			t.Fatalf("status %d: %s", resp.StatusCode, out)
		}
		var ack wire.Ack
		json.Unmarshal(out, &ack)
		if ack != want {
			t.Errorf("attempt %d: ack = %+v, want %+v", i, ack, want)
		}
	}
}

func TestServer_EventsRejects(t *testing.T) {
	e := newEnv(t, ingest.Options{MaxBody: 64 << 10, MaxDecoded: 256 << 10})
	mut := func(f func(*wire.Event)) wire.Event {
		ev := issued(e.dev, 2)
		f(&ev)
		return ev
	}
	body := func(f func(*queue.Event)) func(*wire.Event) {
		return func(w *wire.Event) {
			var q queue.Event
			json.Unmarshal(w.Body, &q)
			f(&q)
			w.Body, _ = json.Marshal(q)
		}
	}
	tests := []struct {
		name   string
		ev     wire.Event
		status int
		msg    string
	}{
		{"wrong device in id", mut(func(w *wire.Event) { w.ID = "hub-x:2" }), 422, `id must be "hub-t:2"`},
		{"unknown kind", mut(func(w *wire.Event) { w.Kind = "ticket.eaten" }), 422, "unknown kind"},
		{"zero seq", mut(func(w *wire.Event) { w.Seq, w.ID = 0, "hub-t:0" }), 422, "seq must be positive"},
		{"body not JSON", mut(func(w *wire.Event) { w.Body = json.RawMessage(`"x"`) }), 422, "not a queue event"},
		{"kind differs", mut(body(func(q *queue.Event) { q.Kind = queue.EventCalled })), 422, "differs from kind"},
		{"future", mut(func(w *wire.Event) {
			w.At = t0.AddDate(0, 0, 5)
			body(func(q *queue.Event) { q.At = w.At })(w)
		}), 422, "future"},
		{"no ticket", mut(body(func(q *queue.Event) { q.Ticket = nil })), 422, "without ticket"},
		{"bad day", mut(body(func(q *queue.Event) { q.Ticket.Day = "23/11/2026" })), 422, "day must be"},
		{"bad status", mut(body(func(q *queue.Event) { q.Ticket.Status = "lost" })), 422, "unknown status"},
		{"rating stars", mut(body(func(q *queue.Event) {
			q.Kind = queue.EventRated
			q.Rating = &queue.Rating{TicketID: q.Ticket.ID, Day: "2026-11-23", Stars: 7, Source: "counter", At: q.At}
		})), 422, "stars 7"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.name == "rating stars" {
				tc.ev.Kind = string(queue.EventRated)
			}
			resp, out := e.post(t, batch(e.dev, issued(e.dev, 1), tc.ev, issued(e.dev, 3)), true, e.token)
			if got, want := resp.StatusCode, tc.status; got != want {
				t.Fatalf("status = %d, want %d (%s)", got, want, out)
			}
			var we wire.Error
			json.Unmarshal(out, &we)
			if !strings.Contains(we.Error, tc.msg) || we.Index == nil || *we.Index != 1 || we.EventID != tc.ev.ID {
				t.Errorf("error = %+v, want index 1, id %s, message with %q", we, tc.ev.ID, tc.msg)
			}
			if n, _ := e.d.CountEvents(context.Background(), ""); n != 0 {
				t.Errorf("%d events stored from a rejected batch, want 0", n)
			}
		})
	}
	t.Run("bad token", func(t *testing.T) {
		if resp, _ := e.post(t, batch(e.dev, issued(e.dev, 1)), true, "mck1.nope"); resp.StatusCode != 401 {
			t.Errorf("status = %d, want 401", resp.StatusCode)
		}
	})
	t.Run("other device's batch", func(t *testing.T) {
		if resp, _ := e.post(t, batch("hub-x", issued("hub-x", 1)), true, e.token); resp.StatusCode != 403 {
			t.Errorf("status = %d, want 403", resp.StatusCode)
		}
	})
	t.Run("empty", func(t *testing.T) {
		if resp, _ := e.post(t, batch(e.dev), true, e.token); resp.StatusCode != 400 {
			t.Errorf("status = %d, want 400", resp.StatusCode)
		}
	})
	t.Run("too large on the wire", func(t *testing.T) {
		big := bytes.Repeat([]byte("x"), 100<<10)
		if resp, _ := e.post(t, big, false, e.token); resp.StatusCode != 413 {
			t.Errorf("status = %d, want 413", resp.StatusCode)
		}
	})
	t.Run("gzip bomb", func(t *testing.T) {
		bomb := append([]byte(`{"device":"hub-t","events":[],"pad":"`), bytes.Repeat([]byte("a"), 1<<20)...)
		resp, out := e.post(t, bomb, true, e.token)
		if resp.StatusCode != 413 {
			t.Errorf("status = %d, want 413 (%s)", resp.StatusCode, out)
		}
	})
}

func TestServer_EventsRateLimit(t *testing.T) {
	e := newEnv(t, ingest.Options{Rate: 0.001, Burst: 2})
	body := batch(e.dev, issued(e.dev, 1))
	codes := []int{}
	var retry string
	for range 3 {
		resp, _ := e.post(t, body, true, e.token)
		codes = append(codes, resp.StatusCode)
		retry = resp.Header.Get("Retry-After")
	}
	if got, want := fmt.Sprint(codes), "[200 200 429]"; got != want {
		t.Errorf("codes = %s, want %s", got, want)
	}
	if retry == "" {
		t.Error("429 without Retry-After")
	}
}

func TestServer_Enroll(t *testing.T) {
	e := newEnv(t, ingest.Options{})
	ctx := context.Background()
	o, _ := e.d.CreateOffice(ctx, "Phường Hòa An")
	code, _ := e.d.CreateEnrollCode(ctx, o.ID, time.Hour)
	post := func(req wire.EnrollRequest) (int, wire.EnrollResponse) {
		b, _ := json.Marshal(req)
		resp, err := http.Post(e.srv.URL+wire.PathEnroll, "application/json", bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var out wire.EnrollResponse
		json.NewDecoder(resp.Body).Decode(&out)
		return resp.StatusCode, out
	}
	status, got := post(wire.EnrollRequest{Code: strings.ToLower(code), Device: "hub-new"})
	if status != 200 || got.Office != o.ID || got.OfficeName != "Phường Hòa An" || got.Token == "" {
		t.Fatalf("enroll = %d %+v", status, got)
	}
	if status, _ := post(wire.EnrollRequest{Code: code, Device: "hub-other"}); status != 403 {
		t.Errorf("spent code by another device: status %d, want 403", status)
	}
	resp, out := e.post(t, batch("hub-new", issued("hub-new", 1)), true, got.Token)
	if resp.StatusCode != 200 {
		t.Errorf("batch with the new credential: %d %s", resp.StatusCode, out)
	}
}
