package store

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/motcua-kiosk/motcua/kiosk/queue"
	"github.com/motcua-kiosk/motcua/kiosk/visits"
)

func visitOffice(s *Store, now *time.Time) *visits.Office {
	cfg := queue.DefaultConfig()
	return &visits.Office{Store: s, Config: func() queue.Config { return cfg },
		Rules: func() (visits.Rules, error) { return s.VisitRules(ctx) }, Now: func() time.Time { return *now }}
}

func visitRequest(area string) visits.Request {
	return visits.Request{ProcedureCode: "1.001193", ProcedureName: "Cấp đổi, cấp lại giấy xác nhận khuyết tật", Service: "C",
		Citizen: "Nguyễn Kim Anh", Phone: "0912345678", Area: area, Address: "Số 12, đường Nguyễn Trãi",
		Reason: visits.ReasonDisabled, Note: "Gọi trước khi đến"}
}

// TestStore_Visits runs the office's visits on a real SQLite file: the cap
// and numbers hold across reopen, done writes the ticket's two events to
// the outbox (and nothing to the tickets table the engine restores from),
// and the file keeps none of the person's details once the visit is done.
func TestStore_Visits(t *testing.T) {
	path := filepath.Join(t.TempDir(), "office.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 12, 7, 2, 0, 0, 0, time.UTC) // 09:00 in Hà Nội
	if err := s.SaveVisitRules(ctx, visits.Rules{PerDay: 2}); err != nil {
		t.Fatal(err)
	}
	var fe *queue.FieldError
	if err := s.SaveVisitRules(ctx, visits.Rules{PerDay: 99}); !errors.As(err, &fe) {
		t.Fatalf("invalid rules saved: %v", err)
	}
	o := visitOffice(s, &now)
	a, err := o.Record(ctx, visitRequest("Bình Thạnh"))
	if err != nil {
		t.Fatal(err)
	}
	b, err := o.Record(ctx, visitRequest("Bình An"))
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if s, err = Open(path); err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	o = visitOffice(s, &now)
	c, err := o.Record(ctx, visitRequest("Bình An"))
	if err != nil {
		t.Fatal(err)
	}
	if a.Day != "2026-12-17" || b.Day != "2026-12-17" || c.Day != "2027-01-21" || c.Ticket.Number != "TN-001" {
		t.Fatalf("days %s %s %s (%s), want the cap of 2 to send the third to January", a.Day, b.Day, c.Day, c.Ticket.Number)
	}
	got, err := s.VisitsBetween(ctx, "2026-12-17", "2026-12-17", false)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].ID != b.ID || got[0].Address != "Số 12, đường Nguyễn Trãi" || got[0].Phone != "0912345678" {
		t.Fatalf("the day's visits: %+v, want Bình An first with its address", got)
	}
	before, _ := s.OutboxPending(ctx)
	now = time.Date(2026, 12, 17, 3, 40, 0, 0, time.UTC)
	if _, err := o.Done(ctx, a.ID, "cb02"); err != nil {
		t.Fatal(err)
	}
	if _, err := o.Cancel(ctx, b.ID); err != nil {
		t.Fatal(err)
	}
	after, _ := s.OutboxPending(ctx)
	if after-before != 2 {
		t.Fatalf("outbox grew by %d, want ticket.issued and ticket.done", after-before)
	}
	evs, err := s.Outbox(ctx, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	last := evs[len(evs)-1]
	var ev queue.Event
	if err := json.Unmarshal(last.Body, &ev); err != nil {
		t.Fatal(err)
	}
	if ev.Kind != queue.EventDone || ev.Ticket == nil || ev.Ticket.Ref != a.Ticket.Ref || ev.Ticket.Status != queue.StatusDone {
		t.Fatalf("last outbox event %+v", ev)
	}
	if ts, _ := s.Tickets(ctx, "2026-12-17"); len(ts) != 0 {
		t.Fatalf("the visit ticket reached the tickets table: %+v", ts)
	}
	if ts, _, _ := s.Load(ctx, "2026-12-07"); len(ts) != 0 {
		t.Fatalf("the engine would restore %d visit tickets", len(ts))
	}
	for _, id := range []string{a.ID, b.ID} {
		v, err := s.Visit(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if v.Status.Open() || v.Citizen != "" || v.Phone != "" || v.Address != "" || v.Note != "" || v.Area == "" || v.ProcedureName == "" {
			t.Fatalf("closed visit as stored: %+v", v)
		}
	}
	if _, err := s.Visit(ctx, "nope"); !errors.Is(err, visits.ErrNotFound) {
		t.Fatalf("unknown visit: %v", err)
	}
	// Close the last open visit too: then no byte of the person's details
	// may be left in the file or its WAL (secure_delete overwrites the old
	// values; the outbox never held them, its events carry only the ticket).
	s.Close()
	s, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	o = visitOffice(s, &now)
	if _, err := o.Done(ctx, c.ID, "cb02"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.Exec("PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		t.Fatal(err)
	}
	s.Close()
	raw, _ := os.ReadFile(path)
	wal, _ := os.ReadFile(path + "-wal")
	raw = append(raw, wal...)
	for _, secret := range []string{"0912345678", "Nguyễn Trãi", "Gọi trước khi đến"} {
		if bytes.Contains(raw, []byte(secret)) {
			t.Errorf("%q is still in the database file after every visit closed", secret)
		}
	}
}
