package report_test

import (
	"testing"
	"time"

	"github.com/motcua-kiosk/motcua/kiosk/queue"
	"github.com/motcua-kiosk/motcua/server/db"
	"github.com/motcua-kiosk/motcua/server/report"
)

// TestReport_ComputeZones: a ticket issued at 06:10 UTC is counted in the
// hour its office's clock showed: 13 h in Hà Nội, 15 h in an office kept
// on Asia/Tokyo, 13 h for an office with no zone (Vietnam) — never in the
// hour of the machine's zone or with the offset added twice (20 h).
func TestReport_ComputeZones(t *testing.T) {
	issued := time.Date(2026, 11, 23, 6, 10, 0, 0, time.UTC)
	row := func(office string) db.TicketRow {
		return db.TicketRow{Office: office, Day: "2026-11-23", Service: "A", Status: queue.StatusWaiting, IssuedAt: issued}
	}
	zones := map[string]*time.Location{"hanoi": queue.Zone(""), "tokyo": queue.Zone("Asia/Tokyo")}
	r := report.ComputeZones([]db.TicketRow{row("hanoi"), row("tokyo"), row("unknown")}, nil,
		func(office string) *time.Location { return zones[office] })
	for h, want := range map[int]int{13: 2, 15: 1, 6: 0, 20: 0} {
		if got := r.Hours[h]; got != want {
			t.Errorf("Hours[%d] = %d, want %d (hours: %v)", h, got, want, r.Hours)
		}
	}
	if got := report.Compute([]db.TicketRow{row("x")}, nil, nil).Hours[13]; got != 1 {
		t.Errorf("Compute with no zone: Hours[13] = %d, want 1", got)
	}
}
