package dispenser

import (
	"strings"
	"testing"

	"github.com/motcua-kiosk/motcua/kiosk/procedures"
	"github.com/motcua-kiosk/motcua/kiosk/queue"
	"github.com/motcua-kiosk/motcua/kiosk/ui"
)

// TestDispenser_TicketTimeInOfficeZone: the paper ticket says the time on
// the office's clock, not the machine's. The rig's clock is fixedNow, 09:30
// in Hà Nội; the Makefile runs this package under TZ=UTC and
// TZ=Asia/Ho_Chi_Minh, and the ticket says 09:30 on both; an office kept
// on Asia/Tokyo prints its own hour (11:30) whatever the machine's zone.
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

// TestDispenser_HomeClockInOfficeZone: the home screen's clock is the
// office's, as the ticket's time is: on a UTC machine it said the UTC hour
// (02:30 for fixedNow), not Hà Nội's 09:30 (noticed by the check-in tests).
func TestDispenser_HomeClockInOfficeZone(t *testing.T) {
	for _, zone := range []string{"", "Asia/Ho_Chi_Minh", "Asia/Tokyo"} {
		t.Run("zone="+zone, func(t *testing.T) {
			loc, err := queue.LoadZone(zone)
			if err != nil {
				t.Fatal(err)
			}
			cfg := openConfig(0)
			cfg.TimeZone = zone
			r := newRig(t, cfg, portrait)
			want := fixedNow.In(loc).Format("02/01/2006") + " — " + fixedNow.In(loc).Format("15:04")
			var got string
			ui.Locked(func() { got = r.d.clock.Text })
			if !strings.HasSuffix(got, want) {
				t.Errorf("home clock %q, want it to end %q (the office's clock)", got, want)
			}
		})
	}
}

// TestDispenser_DocumentsListTimeInOfficeZone: the documents list printed
// from a procedure page says when, on the office's clock (it used the
// machine's).
func TestDispenser_DocumentsListTimeInOfficeZone(t *testing.T) {
	cat, err := procedures.Shipped()
	if err != nil {
		t.Fatal(err)
	}
	cfg := openConfig(0)
	cfg.TimeZone = "Asia/Tokyo"
	r := newRig(t, cfg, portrait)
	ui.Locked(func() {
		r.d.o.Procedures = cat
		r.d.home.screen = nil
		r.d.Home()
	})
	r.settle()
	tap(r.d.LookupButton())
	l := r.d.Lookup()
	tap(l.FieldKey("ho-tich"))
	tap(l.ResultKey("khai-sinh"))
	if l.PrintKey() == nil {
		t.Fatal("no 'In danh sách giấy tờ' key")
	}
	tap(l.PrintKey())
	waitFor(t, "printed", func() bool { return len(r.p.Printed()) == 1 })
	lines := r.p.Printed()[0].Lines
	want := "In lúc " + fixedNow.In(mustZone("Asia/Tokyo")).Format("15:04 02/01/2006")
	if len(lines) == 0 || lines[len(lines)-1] != want {
		t.Errorf("last printed line %q, want %q (the office's clock)", lines[len(lines)-1:], want)
	}
}
