package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/motcua-kiosk/motcua/devices"
	"github.com/motcua-kiosk/motcua/kiosk/backup"
	"github.com/motcua-kiosk/motcua/kiosk/logging"
	"github.com/motcua-kiosk/motcua/kiosk/store"
	"github.com/motcua-kiosk/motcua/kiosk/ui/admin"
)

// maintenance carries out the admin menu's maintenance page on the
// running kiosk's data directory.
type maintenance struct {
	dataDir string
	store   *store.Store
	printer devices.Printer
	spec    func() string // the printer SPEC and profile, for the diagnostic bundle
	role    string
}

var _ admin.Maintenance = maintenance{}

func (m maintenance) Backup(ctx context.Context, dir string) (string, error) {
	return backup.Create(ctx, backup.Options{DataDir: m.dataDir, ToDir: dir, Version: Version, Store: m.store})
}

func (m maintenance) StageRestore(ctx context.Context, dir string) (string, error) {
	found, err := backup.List(dir)
	if err != nil {
		return "", err
	}
	if len(found) == 0 {
		return "", fmt.Errorf("%w: %s", admin.ErrNoBackup, dir)
	}
	if _, err := backup.StageRestore(ctx, found[0], m.dataDir); err != nil {
		return "", err
	}
	return found[0], nil
}

func (m maintenance) ExportLog(ctx context.Context, dir string) (string, error) {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return "", err
	}
	out := filepath.Join(dir, "motcua-log-"+time.Now().Format("20060102-150405")+".log")
	tmp := out + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return "", err
	}
	_, err = logging.Export(f, filepath.Join(m.dataDir, "logs"), "", time.Now().Add(-24*time.Hour))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(tmp)
		return "", err
	}
	return out, os.Rename(tmp, out)
}

func (m maintenance) Diag(ctx context.Context, dir string) (string, error) {
	name := ""
	if m.spec != nil {
		name = m.spec()
	}
	return backup.Diag(ctx, backup.DiagOptions{Version: Version, Role: m.role, Store: m.store, DataDir: m.dataDir,
		Printer: m.printer, PrinterName: name}, dir)
}
