package store

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/motcua-kiosk/motcua/kiosk/queue"
)

func openTemp(t *testing.T) *Store {
	t.Helper()
	s, err := Open(filepath.Join(t.TempDir(), "office.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

var ctx = context.Background()

func issued(id, number string) queue.Event {
	now := time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC)
	return queue.Event{Kind: queue.EventIssued, At: now, Ticket: &queue.Ticket{ID: id, Day: "2026-11-23", Number: number, Service: "A", Status: queue.StatusWaiting, IssuedAt: now}}
}

func TestStore_CommitAndLoad(t *testing.T) {
	s := openTemp(t)
	if err := s.Commit(ctx, []queue.Event{issued("20261123-A001", "A001"), issued("20261123-A002", "A002")}); err != nil {
		t.Fatal(err)
	}
	called := issued("20261123-A001", "A001")
	called.Kind, called.Ticket.Status = queue.EventCalled, queue.StatusCalled
	called.Counter = &queue.CounterState{Number: 1, Officer: "cb01", Current: "20261123-A001"}
	if err := s.Commit(ctx, []queue.Event{called}); err != nil {
		t.Fatal(err)
	}
	tickets, counters, err := s.Load(ctx, "2026-11-23")
	if err != nil {
		t.Fatal(err)
	}
	if len(tickets) != 2 || tickets[0].Status != queue.StatusCalled || tickets[1].Status != queue.StatusWaiting {
		t.Errorf("tickets = %+v", tickets)
	}
	if len(counters) != 1 || counters[0].Current != "20261123-A001" {
		t.Errorf("counters = %+v", counters)
	}
	if n, _ := s.OutboxPending(ctx); n != 3 {
		t.Errorf("outbox has %d events, want 3", n)
	}
}

func TestStore_CommitIsAllOrNothing(t *testing.T) {
	s := openTemp(t)
	rated := issued("20261123-A001", "A001")
	rated.Kind = queue.EventRated
	rated.Rating = &queue.Rating{TicketID: "20261123-A001", Day: "2026-11-23", Stars: 5}
	if err := s.Commit(ctx, []queue.Event{rated}); err != nil {
		t.Fatal(err)
	}
	// A batch whose last event is a second rating of the same ticket must
	// leave no trace of its first event either.
	err := s.Commit(ctx, []queue.Event{issued("20261123-A002", "A002"), rated})
	if err == nil {
		t.Fatal("second rating of a ticket was accepted")
	}
	if ts, _ := s.Tickets(ctx, "2026-11-23"); len(ts) != 1 {
		t.Errorf("failed commit left %d tickets, want 1", len(ts))
	}
	if n, _ := s.OutboxPending(ctx); n != 1 {
		t.Errorf("failed commit left %d outbox events, want 1", n)
	}
}

func TestStore_Outbox(t *testing.T) {
	s := openTemp(t)
	for i := 0; i < 5; i++ {
		if err := s.Commit(ctx, []queue.Event{issued("20261123-A00"+string(rune('1'+i)), "A00"+string(rune('1'+i)))}); err != nil {
			t.Fatal(err)
		}
	}
	evs, err := s.Outbox(ctx, 0, 3)
	if err != nil || len(evs) != 3 {
		t.Fatalf("outbox = %v, %v", evs, err)
	}
	if got, want := evs[0].ID, s.DeviceID()+":1"; got != want {
		t.Errorf("first id = %s, want %s", got, want)
	}
	if evs[2].Seq != 3 || evs[0].Kind != "ticket.issued" || !bytes.Contains(evs[0].Body, []byte(`"A001"`)) {
		t.Errorf("events = %+v", evs)
	}
	if err := s.MarkSent(ctx, 3); err != nil {
		t.Fatal(err)
	}
	s.MarkSent(ctx, 3) // idempotent
	rest, _ := s.Outbox(ctx, 0, 10)
	if len(rest) != 2 || rest[0].Seq != 4 {
		t.Errorf("after MarkSent(3): %+v", rest)
	}
	if n, _ := s.PruneOutbox(ctx, -time.Hour); n != 3 {
		t.Errorf("pruned %d, want the 3 sent events", n)
	}
	if n, _ := s.OutboxPending(ctx); n != 2 {
		t.Errorf("pending after prune = %d", n)
	}
}

func TestStore_ReopenKeepsDeviceIDAndSchema(t *testing.T) {
	path := filepath.Join(t.TempDir(), "office.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	id := s.DeviceID()
	s.Close()
	s, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if s.DeviceID() != id || !strings.HasPrefix(id, "hub-") {
		t.Errorf("device id %q then %q", id, s.DeviceID())
	}
	if v, _ := s.SchemaVersion(); v < 1 {
		t.Errorf("schema version %d", v)
	}
	if _, err := s.db.Exec("PRAGMA user_version = 999"); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if _, err := Open(path); err == nil || !strings.Contains(err.Error(), "newer") {
		t.Errorf("opening a newer schema: err = %v", err)
	}
}

func TestStore_Config(t *testing.T) {
	s := openTemp(t)
	c, err := s.Config(ctx)
	if err != nil || c.Office.Name == "" {
		t.Fatalf("default config: %+v %v", c, err)
	}
	c.Office.Name = "UBND phường Bình Thạnh"
	if err := s.SaveConfig(ctx, c); err != nil {
		t.Fatal(err)
	}
	bad := c
	bad.Services = nil
	if err := s.SaveConfig(ctx, bad); !errors.Is(err, queue.ErrInvalidConfig) {
		t.Errorf("invalid config: err = %v", err)
	}
	got, _ := s.Config(ctx)
	if got.Office.Name != "UBND phường Bình Thạnh" || len(got.Services) == 0 {
		t.Errorf("config after a refused save = %+v", got.Office)
	}
}

func TestStore_Pairing(t *testing.T) {
	s := openTemp(t)
	code, err := s.CreatePairingCode(ctx, RoleDesk, 2, time.Minute)
	if err != nil || len(code) != 6 {
		t.Fatalf("code %q, %v", code, err)
	}
	d, token, err := s.Pair(ctx, code, "Máy quầy 2")
	if err != nil || d.Role != RoleDesk || d.Counter != 2 {
		t.Fatalf("pair: %+v %v", d, err)
	}
	if _, _, err := s.Pair(ctx, code, "again"); !errors.Is(err, ErrBadCode) {
		t.Errorf("code reused: err = %v", err)
	}
	got, err := s.DeviceByToken(ctx, token)
	if err != nil || got.ID != d.ID {
		t.Fatalf("DeviceByToken: %+v %v", got, err)
	}
	if _, err := s.DeviceByToken(ctx, token+"x"); !errors.Is(err, ErrBadToken) {
		t.Errorf("wrong token: err = %v", err)
	}
	expired, _ := s.CreatePairingCode(ctx, RoleDisplay, 0, -time.Second)
	if _, _, err := s.Pair(ctx, expired, "TV"); !errors.Is(err, ErrBadCode) {
		t.Errorf("expired code: err = %v", err)
	}
	if _, err := s.CreatePairingCode(ctx, "boss", 0, time.Minute); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("bad role: err = %v", err)
	}
	if err := s.RevokeDevice(ctx, d.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.DeviceByToken(ctx, token); !errors.Is(err, ErrBadToken) {
		t.Errorf("revoked token still works: %v", err)
	}
	// Only hashes reach the disk.
	s.db.Exec("PRAGMA wal_checkpoint(TRUNCATE)")
	raw, _ := os.ReadFile(s.Path())
	if bytes.Contains(raw, []byte(token)) || bytes.Contains(raw, []byte(code)) {
		t.Error("a token or pairing code is stored in clear")
	}
}

func TestStore_Officers(t *testing.T) {
	s := openTemp(t)
	if err := s.SetOfficer(ctx, "cb01", "Nguyễn Thị Hoa", "2468"); err != nil {
		t.Fatal(err)
	}
	if o, err := s.CheckOfficer(ctx, "cb01", "2468"); err != nil || o.Name != "Nguyễn Thị Hoa" {
		t.Errorf("right PIN: %+v %v", o, err)
	}
	for _, c := range []struct{ id, pin string }{{"cb01", "2469"}, {"cb02", "2468"}, {"cb01", ""}} {
		if _, err := s.CheckOfficer(ctx, c.id, c.pin); !errors.Is(err, ErrBadPIN) {
			t.Errorf("CheckOfficer(%q, %q): err = %v", c.id, c.pin, err)
		}
	}
	for _, pin := range []string{"12", "123456789", "12a4"} {
		if err := s.SetOfficer(ctx, "cb03", "X", pin); !errors.Is(err, ErrInvalidInput) {
			t.Errorf("SetOfficer PIN %q: err = %v", pin, err)
		}
	}
	if h := HashPIN("1234"); h == HashPIN("1234") || !VerifyPIN(h, "1234") || VerifyPIN(h, "1235") {
		t.Error("HashPIN must be salted and verifiable")
	}
}
