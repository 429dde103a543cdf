package ingest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/motcua-kiosk/motcua/kiosk/queue"
	"github.com/motcua-kiosk/motcua/kiosk/wire"
)

// hubBatch is a batch as a hub's syncer writes it: encoding/json of
// wire.Batch over bodies that are encoding/json of queue.Event.
func hubBatch(t testing.TB) []byte {
	t.Helper()
	at := time.Date(2026, 11, 23, 8, 0, 0, 123456789, time.FixedZone("ICT", 7*3600))
	called := at.Add(3 * time.Minute)
	tk := &queue.Ticket{ID: "20261123-A012", Day: "2026-11-23", Prefix: "A", Seq: 12, Number: "A012", Service: "A",
		Origin: "B", Priority: "elderly", Ref: "Zq9x", Status: queue.StatusDone, IssuedAt: at, ArrivedAt: at,
		ToCounter: 3, Counter: 2, Officer: "cb02", CalledAt: &called, ServingAt: &called, DoneAt: &called,
		NoShowAt: &called, EndedAt: &called, Recalls: 1, Transfers: 2, Rated: true}
	bodies := []queue.Event{
		{Kind: queue.EventIssued, At: at, Ticket: &queue.Ticket{ID: "20261123-A013", Day: "2026-11-23", Number: "A013",
			Service: "A", Origin: "A", Status: queue.StatusWaiting, IssuedAt: at, ArrivedAt: at}},
		{Kind: queue.EventTransferred, At: called, Ticket: tk, From: "B"},
		{Kind: queue.EventRated, At: called, Ticket: tk, Rating: &queue.Rating{TicketID: tk.ID, Day: tk.Day,
			Number: "A012", Service: "A", Counter: 2, Officer: "cb02", Stars: 2,
			Reasons: []string{queue.ReasonLongWait, queue.ReasonAttitude}, Comment: "Chờ lâu quá, cán bộ chưa nhiệt tình",
			Source: "counter", At: called, Dossiers: []string{"000.00.13.H12-261123-0001", "H12.22-261123-0002"}}},
		{Kind: queue.EventRated, At: called, Ticket: tk, Rating: &queue.Rating{TicketID: tk.ID, Day: tk.Day,
			Number: "A012", Service: "A", Stars: 5, Reasons: []string{}, Source: "kiosk", At: called}},
		{Kind: queue.EventCounter, At: at, Counter: &queue.CounterState{Number: 2, Paused: true, Officer: "cb02",
			Current: tk.ID, NormalSince: 3}},
	}
	b := wire.Batch{Device: "hub-1"}
	for i, ev := range bodies {
		body, err := json.Marshal(ev)
		if err != nil {
			t.Fatal(err)
		}
		b.Events = append(b.Events, wire.Event{ID: fmt.Sprintf("hub-1:%d", i+1), Seq: int64(i + 1),
			Kind: string(ev.Kind), At: ev.At, Body: body})
	}
	out, err := json.Marshal(b)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// sameAsStd fails t when decodeBatch accepted data but differs from
// encoding/json, and tells whether it accepted.
func sameAsStd(t *testing.T, data []byte) bool {
	t.Helper()
	device, evs, err := decodeBatch(data)
	if err != nil {
		if !errors.Is(err, errSlowPath) {
			t.Fatalf("decodeBatch: %v", err)
		}
		return false
	}
	var b wire.Batch
	if err := json.Unmarshal(data, &b); err != nil {
		t.Fatalf("fast path accepted what encoding/json rejects (%v): %q", err, data)
	}
	if got, want := device, b.Device; got != want {
		t.Fatalf("device = %q, want %q", got, want)
	}
	if got, want := len(evs), len(b.Events); got != want {
		t.Fatalf("%d events, want %d", got, want)
	}
	for i, e := range evs {
		w := b.Events[i]
		if e.ID != w.ID || e.Seq != w.Seq || e.Kind != w.Kind || !reflect.DeepEqual(e.At, w.At) || !bytes.Equal(e.Event.Body, w.Body) {
			t.Fatalf("event %d = %+v, want %+v", i, e.Event, w)
		}
		var ev queue.Event
		if err := json.Unmarshal(w.Body, &ev); err != nil {
			t.Fatalf("fast path accepted body %d that encoding/json rejects (%v): %q", i, err, w.Body)
		}
		if !reflect.DeepEqual(e.Ev, ev) {
			t.Fatalf("body %d = %+v, want %+v", i, e.Ev, ev)
		}
		if ev.Ticket != nil {
			var tk queue.Ticket
			if err := json.Unmarshal(e.TicketJSON, &tk); err != nil || !reflect.DeepEqual(&tk, ev.Ticket) {
				t.Fatalf("ticket JSON of body %d = %q (%v), want the ticket %+v", i, e.TicketJSON, err, ev.Ticket)
			}
		}
	}
	return true
}

func TestDecodeBatch_SameAsEncodingJSON(t *testing.T) {
	hub := string(hubBatch(t))
	var indented bytes.Buffer
	json.Indent(&indented, []byte(hub), "", "\t")
	tests := []struct {
		name string
		in   string
		fast bool // the fast path must take it
	}{
		{"hub batch", hub, true},
		{"indented", indented.String(), true},
		{"empty events", `{"device":"h","events":[]}`, true},
		{"spaces", ` { "device" : "h" , "events" : [ { "id" : "h:1" , "seq" : 1 , "kind" : "ticket.issued" , "at" : "2026-11-23T08:00:00Z" , "event" : { "kind" : "ticket.issued" , "at" : "2026-11-23T08:00:00Z" , "ticket" : { "id" : "x" , "rated" : false } } } ] } `, true},
		{"escape in string", `{"device":"h\u0031","events":[]}`, false},
		{"quote escape in comment", `{"device":"h","events":[{"id":"h:1","event":{"rating":{"comment":"a\"b"}}}]}`, false},
		{"null body", `{"device":"h","events":[{"id":"h:1","event":null}]}`, false},
		{"null ticket", `{"device":"h","events":[{"id":"h:1","event":{"ticket":null}}]}`, false},
		{"unknown field", `{"device":"h","events":[],"extra":1}`, false},
		{"other case", `{"Device":"h","events":[]}`, false},
		{"duplicate field", `{"device":"h","device":"g","events":[]}`, false},
		{"fraction", `{"device":"h","events":[{"seq":1.0}]}`, false},
		{"exponent", `{"device":"h","events":[{"seq":1e2}]}`, false},
		{"leading zero", `{"device":"h","events":[{"seq":01}]}`, false},
		{"huge", `{"device":"h","events":[{"seq":1234567890123456789012}]}`, false},
		{"negative zero", `{"device":"h","events":[{"seq":-0,"event":{}}]}`, true},
		{"no body", `{"device":"h","events":[{"seq":1}]}`, false},
		{"bad utf-8", "{\"device\":\"h\xff\",\"events\":[]}", false},
		{"control character", "{\"device\":\"h\x01\",\"events\":[]}", false},
		{"trailing garbage", `{"device":"h","events":[]}x`, false},
		{"trailing comma", `{"device":"h","events":[],}`, false},
		{"not an object", `[]`, false},
		{"bad time", `{"device":"h","events":[{"at":"yesterday"}]}`, false},
		{"truncated", hub[:len(hub)/2], false},
		{"empty", ``, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, want := sameAsStd(t, []byte(tt.in)), tt.fast; got != want {
				t.Errorf("fast path taken = %v, want %v", got, want)
			}
		})
	}
}

func FuzzDecodeBatch(f *testing.F) {
	f.Add(hubBatch(f))
	f.Add([]byte(`{"device":"h","events":[{"id":"h:1","seq":1,"kind":"k","at":"2026-11-23T08:00:00Z","event":{}}]}`))
	f.Fuzz(func(t *testing.T, data []byte) { sameAsStd(t, data) })
}

func BenchmarkDecodeBatch(b *testing.B) {
	var evs []json.RawMessage
	var one wire.Batch
	json.Unmarshal(hubBatch(b), &one)
	for len(evs) < 500 {
		for _, e := range one.Events {
			raw, _ := json.Marshal(e)
			evs = append(evs, raw)
		}
	}
	data, _ := json.Marshal(map[string]any{"device": "hub-1", "events": evs[:500]})
	b.Run("fast", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			if _, _, err := decodeBatch(data); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("encoding-json", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			var bt wire.Batch
			if err := json.Unmarshal(data, &bt); err != nil {
				b.Fatal(err)
			}
			for _, e := range bt.Events {
				var ev queue.Event
				if err := json.Unmarshal(e.Body, &ev); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
}
