package main

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/motcua-kiosk/motcua/kiosk/backup"
	"github.com/motcua-kiosk/motcua/kiosk/logging"
	"github.com/motcua-kiosk/motcua/kiosk/store"
)

// TestMaintenance_ToAFolder: the admin menu's maintenance actions on a real
// data directory write a verifiable backup, stage its restore, export the
// log and write a diagnostic bundle, all into the chosen folder.
func TestMaintenance_ToAFolder(t *testing.T) {
	ctx := context.Background()
	data, usb := t.TempDir(), t.TempDir()
	log, f, err := logging.New(logging.Options{Dir: filepath.Join(data, "logs")})
	if err != nil {
		t.Fatal(err)
	}
	log.Info("ticket issued", "number", "A001", "token", "secret-token-value")
	f.Close()
	st, err := backup.OpenStore(ctx, data, slog.Default())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, _, err := st.AddDevice(ctx, "desk", store.RoleDesk, 1); err != nil {
		t.Fatal(err)
	}
	m := maintenance{dataDir: data, store: st, role: "dispenser"}

	dir, err := m.Backup(ctx, usb)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := backup.Verify(ctx, dir); err != nil {
		t.Fatalf("backup %s does not verify: %v", dir, err)
	}
	staged, err := m.StageRestore(ctx, usb)
	if err != nil || staged != dir {
		t.Fatalf("stage restore = %q, %v; want %q", staged, err, dir)
	}
	if _, err := m.StageRestore(ctx, t.TempDir()); err == nil {
		t.Error("restore from a folder without backups succeeded")
	}
	logFile, err := m.ExportLog(ctx, usb)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(logFile)
	if !strings.Contains(string(b), "A001") || strings.Contains(string(b), "secret-token-value") {
		t.Errorf("exported log: %q", b)
	}
	zip, err := m.Diag(ctx, usb)
	if err != nil {
		t.Fatal(err)
	}
	if st, err := os.Stat(zip); err != nil || st.Size() == 0 {
		t.Errorf("diagnostic bundle %s: %v", zip, err)
	}
}
