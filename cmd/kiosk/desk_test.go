package main

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"testing"

	"github.com/motcua-kiosk/motcua/devices"
	"github.com/motcua-kiosk/motcua/kiosk/settings"
)

// TestDeskOptions_Printer: a desk machine whose settings name a ticket
// printer gives the desk window that printer (a print reaches its port)
// and the central server's ticket page for a QR; without one the desk
// has none, so its print keys say there is no printer.
func TestDeskOptions_Printer(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(t.TempDir(), "desk.bin")
	sf, err := settings.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	s := sf.Get()
	s.Printer, s.CentralURL = "file:"+out, "https://motcua.tinh.gov.vn/"
	if err := sf.Set(s); err != nil {
		t.Fatal(err)
	}
	opts, closeFn, err := deskOptions(dir, "", "vi", slog.Default())
	if err != nil {
		t.Fatal(err)
	}
	defer closeFn()
	if opts.Printer == nil || opts.TicketURL == nil {
		t.Fatalf("desk options without the configured printer: %+v", opts)
	}
	if got, want := opts.TicketURL("k3J9"), "https://motcua.tinh.gov.vn/t/k3J9"; got != want {
		t.Errorf("TicketURL = %q, want %q", got, want)
	}
	if err := opts.Printer.Print(context.Background(), devices.Ticket{Number: "TN-001", Service: "Tận nhà"}); err != nil {
		t.Fatalf("print on the desk's printer: %v", err)
	}
	if b, err := os.ReadFile(out); err != nil || len(b) == 0 {
		t.Fatalf("the desk's printer port got %d bytes (%v)", len(b), err)
	}

	none, closeNone, err := deskOptions(t.TempDir(), "", "en", slog.Default())
	if err != nil {
		t.Fatal(err)
	}
	defer closeNone()
	if none.Printer != nil || none.Lang != "en" {
		t.Errorf("no printer configured: options %+v", none)
	}
}
