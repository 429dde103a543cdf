package report_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/motcua-kiosk/motcua/kiosk/queue"
	"github.com/motcua-kiosk/motcua/kiosk/visits"
	"github.com/motcua-kiosk/motcua/server/db"
	"github.com/motcua-kiosk/motcua/server/report"
)

// TestFromRollups_HomeVisit: a home visit's ticket (kiosk/visits: issued
// and done, never called) counts as a ticket served by its officer, and
// not in the waiting or service times, so the lobby's median wait stays
// the lobby's; the roll-ups agree with the raw rows.
func TestFromRollups_HomeVisit(t *testing.T) {
	ctx := context.Background()
	d := openSQLite(t)
	o, err := d.CreateOffice(ctx, "Xã Long Mỹ")
	if err != nil {
		t.Fatal(err)
	}
	code, err := d.CreateEnrollCode(ctx, o.ID, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	dev, _, err := d.Enroll(ctx, code, "hub-1", "hub")
	if err != nil {
		t.Fatal(err)
	}
	zone := report.Vietnam
	at := time.Date(2026, 12, 17, 7, 30, 0, 0, zone)
	// One lobby ticket: waited 10 minutes, served 5.
	lobby := queue.Ticket{ID: "20261217-A001", Day: "2026-12-17", Number: "A001", Service: "A", Origin: "A", Ref: "r1",
		Status: queue.StatusWaiting, IssuedAt: at, ArrivedAt: at}
	var evs []queue.Event
	add := func(k queue.EventKind, when time.Time, tk queue.Ticket) {
		evs = append(evs, queue.Event{Kind: k, At: when, Ticket: &tk})
	}
	add(queue.EventIssued, at, lobby)
	called, serving, done := at.Add(10*time.Minute), at.Add(10*time.Minute), at.Add(15*time.Minute)
	lobby.Status, lobby.CalledAt, lobby.Counter, lobby.Officer = queue.StatusCalled, &called, 1, "cb01"
	add(queue.EventCalled, called, lobby)
	lobby.Status, lobby.ServingAt = queue.StatusServing, &serving
	add(queue.EventServing, serving, lobby)
	lobby.Status, lobby.DoneAt = queue.StatusDone, &done
	add(queue.EventDone, done, lobby)
	// A home visit scheduled ten days before and done at 14:00.
	v, err := visits.New(visits.Request{Service: "A", Citizen: "Bà Năm", Phone: "0900000000", Reason: "elderly"}, at.AddDate(0, 0, -10), bytes.NewReader(make([]byte, 64)))
	if err != nil {
		t.Fatal(err)
	}
	if err := v.Schedule("2026-12-17", 1, at.AddDate(0, 0, -10), bytes.NewReader(make([]byte, 64))); err != nil {
		t.Fatal(err)
	}
	visit, err := v.Done("cb01", time.Date(2026, 12, 17, 14, 0, 0, 0, zone), "2026-12-17")
	if err != nil {
		t.Fatal(err)
	}
	evs = append(evs, visit...)
	var batch []db.Event
	for i, ev := range evs {
		body, _ := json.Marshal(ev)
		batch = append(batch, db.Event{ID: fmt.Sprintf("hub-1:%d", i+1), Device: dev.ID, Seq: int64(i + 1), Kind: string(ev.Kind),
			At: ev.At, Body: body, Ticket: ev.Ticket})
	}
	if _, err := d.IngestBatch(ctx, dev, batch); err != nil {
		t.Fatal(err)
	}
	f := db.Filter{From: "2026-12-01", To: "2026-12-31"}
	rows, err := d.Rollups(ctx, f)
	if err != nil {
		t.Fatal(err)
	}
	got := report.FromRollups(rows, nil)
	tickets, _ := d.Tickets(ctx, f)
	sameReport(t, "home visit", got, report.Compute(tickets, nil, zone))
	g := got.Total
	if g.Tickets != 2 || g.Served != 2 || g.Called != 1 || g.Wait.N != 1 || g.Service.N != 1 {
		t.Errorf("total = %d tickets, %d served, %d called, %d waits, %d service times; want 2, 2, 1, 1, 1", g.Tickets, g.Served, g.Called, g.Wait.N, g.Service.N)
	}
	if w := g.Wait.Median; w < 9*time.Minute || w > 11*time.Minute {
		t.Errorf("median wait %v, want the lobby ticket's 10 min (within the histogram's bound)", w)
	}
	if len(got.Officers) != 1 || got.Officers[0].Tickets != 2 || got.Officers[0].Served != 2 {
		t.Errorf("officers = %+v, want cb01 with 2 tickets served", got.Officers)
	}
	// Its hour is when the visit was scheduled (07:30 ten days before), not 14:00.
	if got.Hours[7] != 2 || got.Hours[14] != 0 {
		t.Errorf("hours 07:00 %d, 14:00 %d", got.Hours[7], got.Hours[14])
	}
}
