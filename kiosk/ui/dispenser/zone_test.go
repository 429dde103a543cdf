package dispenser

import (
	"testing"

	"github.com/motcua-kiosk/motcua/kiosk/queue"
)

// TestDispenser_TicketTimeInOfficeZone: the paper ticket says the time on
// the office's clock, not the machine's. The rig's clock is fixedNow, 09:30
// in the machine's zone: on a kiosk whose zone is UTC (the Makefile runs
// this package under TZ=UTC and TZ=Asia/Ho_Chi_Minh) that is 16:30 in Hà
// Nội, and the ticket must say 16:30, not 09:30; an office kept on
// Asia/Tokyo prints its own hour whatever the machine's zone.
func TestDispenser_TicketTimeInOfficeZone(t *testing.T) {
	for _, zone := range []string{"", "Asia/Ho_Chi_Minh", "Asia/Tokyo"} {
		t.Run("zone="+zone, func(t *testing.T) {
			loc, err := queue.LoadZone(zone)
			if err != nil {
				t.Fatal(err)
			}
			want := "Giờ lấy số: " + fixedNow.In(loc).Format("15:04 02/01/2006")
			cfg := openConfig(0)
			cfg.TimeZone = zone
			r := newRig(t, cfg, portrait)
			tap(r.d.ServiceButton("A"))
			waitFor(t, "printed", func() bool { return r.d.PrintState() == "printed" })
			printed := r.p.Printed()
			if len(printed) != 1 || len(printed[0].Lines) == 0 {
				t.Fatalf("printed %+v, want one ticket with lines", printed)
			}
			if got := printed[0].Lines[0]; got != want {
				t.Errorf("time line = %q, want %q (the office's clock)", got, want)
			}
		})
	}
}
