package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/motcua-kiosk/motcua/devices"
	"github.com/motcua-kiosk/motcua/devices/printer"
	"github.com/motcua-kiosk/motcua/kiosk/backup"
	"github.com/motcua-kiosk/motcua/kiosk/store"
)

func init() {
	register("backup", "save the data directory into a new folder (--data DIR --to DIR); safe while the kiosk runs", runBackup)
	register("restore", "restore a backup folder (--data DIR --from BACKUP); stop the kiosk first, or --stage", runRestore)
	register("diag", "write a diagnostic zip: versions, settings without secrets, printer, last day's log (--data DIR --to DIR)", runDiag)
}

func runBackup(ctx context.Context, args []string) error {
	fs := newFlags("backup")
	data := fs.String("data", defaultDataDir(), "data directory")
	to := fs.String("to", "", "folder to create the backup in, e.g. a USB stick")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *to == "" {
		return fmt.Errorf("backup: --to is required: %w", errUsage)
	}
	// No store is opened: the database is copied at its own schema, never
	// migrated, and a running kiosk keeps working meanwhile.
	path, err := backup.Create(ctx, backup.Options{DataDir: *data, ToDir: *to, Version: Version})
	if err != nil {
		return err
	}
	fmt.Println(path)
	return nil
}

func runRestore(ctx context.Context, args []string) error {
	fs := newFlags("restore")
	data := fs.String("data", defaultDataDir(), "data directory")
	from := fs.String("from", "", "backup folder (motcua-backup-YYYYMMDD-HHMMSS)")
	stage := fs.Bool("stage", false, "only prepare the restore; the kiosk applies it when it next starts")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *from == "" {
		return fmt.Errorf("restore: --from is required: %w", errUsage)
	}
	if *stage {
		m, err := backup.StageRestore(ctx, *from, *data)
		if err != nil {
			return err
		}
		fmt.Printf("staged backup of %s (version %s); it replaces %s when the kiosk next starts\n", m.CreatedAt.Local().Format(time.DateTime), m.Version, *data)
		return nil
	}
	if st, err := os.Stat(filepath.Join(*data, "heartbeat")); err == nil && time.Since(st.ModTime()) < 10*time.Second {
		return fmt.Errorf("restore: the kiosk on %s is running (heartbeat %s ago): stop it first or use --stage", *data, time.Since(st.ModTime()).Round(time.Second))
	}
	prev, err := backup.Restore(ctx, *from, *data)
	if err != nil {
		return err
	}
	fmt.Printf("restored %s from %s; previous data kept in %s\n", *data, *from, prev)
	return nil
}

func runDiag(ctx context.Context, args []string) error {
	fs := newFlags("diag")
	data := fs.String("data", defaultDataDir(), "data directory")
	to := fs.String("to", "", "folder to write the zip in, e.g. a USB stick")
	spec := fs.String("printer", "", "printer SPEC to query (leave empty while the kiosk runs: it holds the port)")
	profile := fs.String("profile", "", "printer profile name")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *to == "" {
		return fmt.Errorf("diag: --to is required: %w", errUsage)
	}
	o := backup.DiagOptions{Version: Version, Role: "cli", DataDir: *data}
	db := filepath.Join(*data, backup.DBName)
	// Open the store only when that changes nothing: never migrate from here.
	if v, err := store.FileSchema(db); err == nil && v == store.LatestSchema() {
		if st, err := store.Open(db); err == nil {
			defer st.Close()
			o.Store = st
		}
	}
	if *spec != "" {
		p, err := printer.Open(*spec, printer.Config{Profile: *profile})
		if err != nil {
			return err
		}
		defer p.Close()
		o.Printer, o.PrinterName = devices.Printer(p), *spec+" "+*profile
	}
	path, err := backup.Diag(ctx, o, *to)
	if err != nil {
		return err
	}
	fmt.Println(path)
	return nil
}
