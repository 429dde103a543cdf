//go:build integration

package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/motcua-kiosk/motcua/devices/serialport/socattest"
	"github.com/motcua-kiosk/motcua/kiosk/bookings"
	"github.com/motcua-kiosk/motcua/kiosk/hub"
	"github.com/motcua-kiosk/motcua/kiosk/settings"
	"github.com/motcua-kiosk/motcua/kiosk/store"
	"github.com/motcua-kiosk/motcua/kiosk/ui/desk/stafftest"
)

// bookNextSlot sets rules in dir that book Đất đai (A) in 5-minute slots
// all day with no lead time, and books the next slot with `kiosk bookings
// add`, as an officer does for a citizen who phoned; it returns the code.
// The slot starts within 5 minutes, inside the 15-minute early window.
// The office's zone is st's; the caller picks one where that slot is
// today (see slotZone).
func bookNextSlot(t *testing.T, bin, dir string, zone *time.Location) string {
	t.Helper()
	rules := filepath.Join(t.TempDir(), "rules.json")
	if err := os.WriteFile(rules, []byte(`{"services":[{"service":"A","service_minutes":1,
		"slots":[{"days":[0,1,2,3,4,5,6],"from":"00:00","to":"23:55","minutes":5,"per_slot":1}]}],
		"min_lead_hours":0}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(bin, "bookings", "rules", "--data", dir, rules).CombinedOutput(); err != nil {
		t.Fatalf("bookings rules: %v\n%s", err, out)
	}
	now := time.Now().In(zone)
	next := now.Truncate(5 * time.Minute).Add(5 * time.Minute)
	if next.Format(time.DateOnly) != now.Format(time.DateOnly) || next.Format("15:04") > "23:50" {
		t.Fatalf("no slot left today at %s in %s", now.Format("15:04"), zone)
	}
	out, err := exec.Command(bin, "bookings", "add", "--data", dir, "--service", "A", "--at", next.Format("2006-01-02 15:04")).CombinedOutput()
	if err != nil {
		t.Fatalf("bookings add: %v\n%s", err, out)
	}
	m := regexp.MustCompile(`Mã hẹn (\S+):`).FindSubmatch(out)
	if m == nil {
		t.Fatalf("bookings add printed no code:\n%s", out)
	}
	code, err := bookings.ParseCode(string(m[1]))
	if err != nil {
		t.Fatalf("bookings add printed %q: %v", m[1], err)
	}
	return code
}

// TestKioskUI_ScanBookingQR is issue 14's check-in end to end on the real
// binary under Xvfb: a booking added with `kiosk bookings add`, its QR
// (the central server's /b/ page) scanned through a socat serial pair on
// the home screen, the booked ticket printed; then the desk of counter 1
// calls it through the hub's LAN API, and the ticket it calls is that
// booked one. Every step waits for its effect (the kiosk's log, the
// printer's folder); a scan is repeated until it shows. Both orientations:
// the scan needs no tap, so no key's place is assumed.
func TestKioskUI_ScanBookingQR(t *testing.T) {
	for _, o := range []struct {
		name string
		w, h int
	}{{"portrait", 1080, 1920}, {"landscape", 1920, 1080}} {
		t.Run(o.name, func(t *testing.T) { scanBookingQR(t, o.name, o.w, o.h) })
	}
}

func scanBookingQR(t *testing.T, orient string, w, h int) {
	needTools(t, "Xvfb", "xdotool")
	pair := socattest.New(t)
	bin := buildKiosk(t)
	display := startXvfb(t, w, h)
	dir, printDir := kioskData(t, "vi")
	const central = "https://motcua.example.gov.vn"
	sf, _ := settings.Open(dir)
	if err := sf.Update(func(s *settings.Settings) {
		s.Scanner, s.ScannerBaud, s.CentralURL = pair.A, 9600, central
	}); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	st, err := store.Open(filepath.Join(dir, "office.db"))
	if err != nil {
		t.Fatal(err)
	}
	if err := st.SetOfficer(ctx, stafftest.Officer(1), "Nguyễn Văn An", stafftest.OfficerPIN); err != nil {
		t.Fatal(err)
	}
	_, deskToken, err := st.AddDevice(ctx, "Quầy 1", store.RoleDesk, 1)
	if err != nil {
		t.Fatal(err)
	}
	zone := slotZone(t, ctx, st)
	st.Close()
	code := bookNextSlot(t, bin, dir, zone)

	s := startKiosk(t, bin, display, dir)
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("kiosk log:\n%s", s.log)
		}
	})
	logHas := func(sub string) bool { return strings.Contains(s.log.String(), sub) }
	waitFor(t, "the scanner's port open", func() bool { return logHas("scanner: port open") })
	scanner, err := os.OpenFile(pair.B, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer scanner.Close()
	var last time.Time
	waitFor(t, "the booked ticket issued", func() bool {
		if logHas("ticket issued") {
			return true
		}
		if time.Since(last) > 2*time.Second { // a code sent while the kiosk was busy is sent again
			if _, err := scanner.WriteString(bookings.QRPayload(central, code) + "\r\n"); err != nil {
				t.Fatalf("scan: %v", err)
			}
			last = time.Now()
		}
		return false
	})
	if !logHas(`"outcome":"booked"`) {
		t.Errorf("the check-in was not 'booked'; log:\n%s", s.log)
	}
	waitFor(t, "the ticket printed", func() bool { return len(tickets(printDir)) > 0 })
	shotPainted(s, "checkin-kiosk-booked-"+orient+"-vi")
	var printed []byte
	waitFor(t, "the ticket's bytes", func() bool {
		b, err := os.ReadFile(tickets(printDir)[0])
		printed = b
		return err == nil && len(b) > 0
	})
	if !strings.Contains(string(printed), "A001") {
		t.Errorf("the printed ticket holds no A001")
	}
	if n := strings.Count(s.log.String(), "ticket issued"); n != 1 {
		t.Errorf("%d tickets issued, want exactly 1 (a repeated scan is 'used', not a second ticket); log:\n%s", n, s.log)
	}

	// The desk calls it through the hub's API.
	base := "http://" + sf.Get().Listen
	desk := hub.NewClient(base, deskToken)
	if _, err := desk.SignIn(ctx, 1, stafftest.Officer(1), stafftest.OfficerPIN); err != nil {
		t.Fatalf("desk sign-in: %v", err)
	}
	called, err := desk.CallNext(ctx, 1)
	if err != nil {
		t.Fatalf("call next: %v", err)
	}
	if called.Number != "A001" || !called.Booked() {
		t.Errorf("counter 1 called %s (booked %t), want the booked A001", called.Number, called.Booked())
	}
	// A second check-in of the same code is 'used', and gives no ticket.
	if ci, err := desk.CheckIn(ctx, code, ""); err != nil || ci.Outcome != string(bookings.OutcomeUsed) || ci.Ticket != nil {
		t.Errorf("the code again: %+v, %v; want 'used' and no ticket", ci, err)
	}
}

// slotZone keeps the office in Asia/Ho_Chi_Minh unless it is within the
// last ten minutes of the day there, when no slot is left today; then it
// moves the office to UTC (seven hours earlier), so that the test runs at
// any hour instead of skipping.
func slotZone(t *testing.T, ctx context.Context, st *store.Store) *time.Location {
	t.Helper()
	cfg, err := st.Config(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if time.Now().In(cfg.Location()).Format("15:04") < "23:45" {
		return cfg.Location()
	}
	cfg.TimeZone = "UTC"
	if err := st.SaveConfig(ctx, cfg); err != nil {
		t.Fatal(err)
	}
	return cfg.Location()
}
