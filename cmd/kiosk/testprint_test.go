package main

import (
	"context"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/motcua-kiosk/motcua/devices"
	"github.com/motcua-kiosk/motcua/devices/escpos/interp"
	"github.com/motcua-kiosk/motcua/devices/printer"
	"github.com/motcua-kiosk/motcua/kiosk/queue"
	"github.com/motcua-kiosk/motcua/kiosk/settings"
)

// TestAdminTestPrint: the admin menu's "In thử" reaches the kiosk's
// printer as the profile's test page, with the office's name and the time
// in the office's zone; with no printer it fails as Print does, and staff
// read why in Vietnamese.
func TestAdminTestPrint(t *testing.T) {
	path := filepath.Join(t.TempDir(), "printer.bin")
	pr := newSwapPrinter(slog.Default())
	defer pr.Close()
	pr.open(settings.Settings{Printer: "file:" + path, PrinterProfile: "epson-tm-t82"})
	cfg := queue.Config{Office: queue.Office{Name: "UBND XÃ TÂN HÒA"}}
	at := time.Date(2025, 5, 12, 1, 15, 0, 0, time.UTC) // 08:15 in Hà Nội
	testPrint := adminTestPrint(pr, func() queue.Config { return cfg }, func() time.Time { return at })
	if err := testPrint(context.Background()); err != nil {
		t.Fatalf("test print: %v", err)
	}
	stream, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	_, rep, err := interp.Render(stream, pr.current().Profile())
	if err != nil {
		t.Fatal(err)
	}
	// Joined with spaces: the page's lines wrap in the printer's double-size
	// font (the ticket's, issue 12), "Hồ sơ máy in:" and its name may part.
	text := strings.Join(rep.Lines, " ")
	for _, want := range []string{"UBND XÃ TÂN HÒA", "IN THỬ - TEST PRINT", "08:15 12/05/2025", "Hồ sơ máy in: epson-tm-t82", "Cách in chữ: codepage"} {
		if !strings.Contains(text, want) {
			t.Errorf("printed page lacks %q:\n%s", want, text)
		}
	}
	if len(rep.QRCodes) != 1 || rep.QRCodes[0] != "https://motcua.example.gov.vn/t/test" {
		t.Errorf("QR codes %q", rep.QRCodes)
	}

	none := newSwapPrinter(slog.Default())
	err = adminTestPrint(none, func() queue.Config { return cfg }, time.Now)(context.Background())
	var se *devices.StatusError
	if !errors.As(err, &se) || !se.Status.Disconnected {
		t.Fatalf("test print with no printer = %v, want a disconnected *devices.StatusError", err)
	}
	if got, want := printer.ErrorText(err, "vi"), devices.StateText(devices.StateDisconnected, "vi"); got != want {
		t.Errorf("ErrorText = %q, want %q", got, want)
	}

	// A printer that could not be opened says why.
	bad := newSwapPrinter(slog.Default())
	bad.open(settings.Settings{Printer: "file:" + path, PrinterProfile: "no-such-printer"})
	err = adminTestPrint(bad, func() queue.Config { return cfg }, time.Now)(context.Background())
	if got, want := printer.ErrorText(err, "vi"), "Không có loại máy in này: hãy chọn lại loại máy in."; got != want {
		t.Errorf("unknown profile: ErrorText = %q, want %q (err %v)", got, want, err)
	}
}
