package main

import (
	"bytes"
	"context"
	"errors"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/motcua-kiosk/motcua/kiosk/hub"
	"github.com/motcua-kiosk/motcua/kiosk/queue"
	"github.com/motcua-kiosk/motcua/kiosk/store"
)

const bookingRulesJSON = `{"window_days": 30, "min_lead_hours": 2, "early_minutes": 15, "late_minutes": 10, "per_phone_per_day": 1,
 "services": [{"service": "A", "slots": [{"days": [0,1,2,3,4,5,6], "from": "08:00", "to": "11:00", "minutes": 30, "per_slot": 2}]}]}`

// TestBookings_RulesAddListCheckInCancel: the admin stores the rules,
// books a slot for a citizen who phoned, lists the day (phone masked),
// checks the booking in through a running hub (a booked ticket, the phone
// erased) and cancels another booking.
func TestBookings_RulesAddListCheckInCancel(t *testing.T) {
	ctx := context.Background()
	data := t.TempDir()
	st, err := store.Open(filepath.Join(data, "office.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	cfg := queue.DefaultConfig()
	for i := range cfg.Services {
		cfg.Services[i].Windows, cfg.Services[i].Days = nil, []time.Weekday{0, 1, 2, 3, 4, 5, 6}
	}
	if err := st.SaveConfig(ctx, cfg); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	run := func(args ...string) error {
		out.Reset()
		return runBookings(ctx, append(args, "--data", data), &out)
	}

	bad := filepath.Join(t.TempDir(), "bad.json")
	os.WriteFile(bad, []byte(strings.Replace(bookingRulesJSON, `"per_slot": 2`, `"per_slot": 9`, 1)), 0o644)
	var fe *queue.FieldError
	if err := run("rules", bad); !errors.As(err, &fe) || fe.Field != "services[0].slots[0].per_slot" {
		t.Fatalf("rules over the 50 %% cap: %v", err)
	}
	good := filepath.Join(t.TempDir(), "rules.json")
	os.WriteFile(good, []byte(bookingRulesJSON), 0o644)
	if err := run("rules", good); err != nil || !strings.Contains(out.String(), "Đã lưu quy định đặt hẹn: 1 lĩnh vực, 84 chỗ hẹn mỗi tuần") {
		t.Fatalf("rules: %v\n%s", err, out.String())
	}
	if err := run("rules"); err != nil || !strings.Contains(out.String(), `"per_slot": 2`) {
		t.Fatalf("rules show: %v\n%s", err, out.String())
	}

	loc := cfg.Location()
	day := time.Now().In(loc).AddDate(0, 0, 2).Format(time.DateOnly)
	if err := run("add", "--service", "a", "--at", day+" 09:00", "--phone", "0912 345 678"); err != nil {
		t.Fatalf("add: %v", err)
	}
	m := regexp.MustCompile(`Mã hẹn ([2-9A-Z]{3}-[2-9A-Z]{4}): lĩnh vực A, .* lúc 09:00; xác nhận tại máy lấy số từ 08:45 đến 09:10`).FindStringSubmatch(out.String())
	if m == nil || !strings.Contains(out.String(), "QR: https://motcua.example.gov.vn/b/"+strings.ReplaceAll(m[1], "-", "")) {
		t.Fatalf("add printed %q", out.String())
	}
	code := m[1]
	if err := run("add", "--service", "A", "--at", day+" 09:30", "--phone", "0912345678"); err == nil || !strings.Contains(err.Error(), "Số điện thoại này đã có lịch hẹn") {
		t.Fatalf("a second booking of the phone that day: %v", err)
	}
	if err := run("list", "--day", day); err != nil || !strings.Contains(out.String(), code+"  "+day+" 09:00–09:30  A  booked") || !strings.Contains(out.String(), "091****678") {
		t.Fatalf("list: %v\n%s", err, out.String())
	}

	// The hub, running on the same data directory, at 08:55 of that day.
	slot, _ := time.ParseInLocation("2006-01-02 15:04", day+" 08:55", loc)
	h, err := hub.Open(ctx, hub.Options{Store: st, Now: func() time.Time { return slot }})
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	srv := httptest.NewServer(hub.Handler(h))
	defer srv.Close()
	_, tok, err := st.AddDevice(ctx, "Kiosk sảnh", store.RoleDispenser, 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := run("check-in", strings.ToLower(code), "--hub", srv.URL, "--token", tok); err != nil || !strings.Contains(out.String(), "Đã xác nhận lịch hẹn lúc 09:00") || !strings.Contains(out.String(), "Ticket: A001") {
		t.Fatalf("check-in: %v\n%s", err, out.String())
	}
	if err := run("list", "--day", day); err != nil || !strings.Contains(out.String(), "checked_in") || strings.Contains(out.String(), "678") {
		t.Fatalf("list after check-in: %v\n%s", err, out.String())
	}

	if err := run("add", "--service", "A", "--at", day+" 10:00"); err != nil {
		t.Fatal(err)
	}
	other := regexp.MustCompile(`Mã hẹn (\S+):`).FindStringSubmatch(out.String())[1]
	if err := run("cancel", other); err != nil || !strings.Contains(out.String(), "Đã huỷ lịch hẹn "+other) {
		t.Fatalf("cancel: %v\n%s", err, out.String())
	}
	if err := run("cancel", other); err == nil || !strings.Contains(err.Error(), "Lịch hẹn này đã kết thúc") {
		t.Fatalf("cancel twice: %v", err)
	}
	if err := run("frobnicate"); !errors.Is(err, errUsage) {
		t.Errorf("unknown subcommand: %v", err)
	}
}
