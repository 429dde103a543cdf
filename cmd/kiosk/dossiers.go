package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/motcua-kiosk/motcua/devices/scanner"
	"github.com/motcua-kiosk/motcua/devices/serialport"
	"github.com/motcua-kiosk/motcua/kiosk/dossiers"
	"github.com/motcua-kiosk/motcua/kiosk/queue"
	"github.com/motcua-kiosk/motcua/kiosk/settings"
	"github.com/motcua-kiosk/motcua/kiosk/ui"
)

// dossierSources makes the one-stop system a settings' DossierSource
// names: OpenCPS, or this project's central server for offices with no
// other system. Another system plugs in as one more entry: anything that
// is a dossiers.Source will do.
var dossierSources = map[string]func(s settings.Settings, zone *time.Location) (dossiers.Source, error){
	settings.DossierOpenCPS: func(s settings.Settings, zone *time.Location) (dossiers.Source, error) {
		return &dossiers.OpenCPS{BaseURL: s.OpenCPSURL, GroupID: s.OpenCPSGroup, Location: zone}, nil
	},
	settings.DossierCentral: func(s settings.Settings, zone *time.Location) (dossiers.Source, error) {
		return &dossiers.Central{BaseURL: s.CentralURL, Location: zone}, nil
	},
}

// dossierCacheDir is where the last status of each dossier is kept, under
// the data directory, for the offline answer.
const dossierCacheDir = "dossiers"

// openDossiers is the dossier source the settings name, wrapped in the
// offline cache kept under dataDir; nil (no key on the home screen) when
// none is set. A source that cannot be opened is logged and left out:
// the kiosk still issues tickets.
func openDossiers(s settings.Settings, dataDir string, zone *time.Location, log *slog.Logger) dossiers.Source {
	if s.DossierSource == "" {
		return nil
	}
	src, err := newDossierSource(s, dataDir, zone, log)
	if err != nil {
		log.Error("dossier look-up: off", "source", s.DossierSource, "err", err)
		return nil
	}
	log.Info("dossier look-up", "source", s.DossierSource)
	return src
}

func newDossierSource(s settings.Settings, dataDir string, zone *time.Location, log *slog.Logger) (dossiers.Source, error) {
	mk, ok := dossierSources[s.DossierSource]
	if !ok {
		return nil, fmt.Errorf("unknown dossier source %q", s.DossierSource)
	}
	src, err := mk(s, zone)
	if err != nil {
		return nil, err
	}
	dir := filepath.Join(dataDir, dossierCacheDir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("dossier cache: %w", err)
	}
	store, err := dossiers.OpenFileStore(dir)
	if err != nil {
		return nil, err
	}
	c := dossiers.Cached(src, store)
	c.Location = zone
	c.OnStoreError = func(err error) { log.Warn("dossier cache: status not kept", "err", err) }
	return c, nil
}

// checkResultService logs, once at start, whether "Lấy số nhận kết quả"
// has a service to issue in: an office that sets none and names none
// "Trả kết quả" gets no such key, and its staff should know why.
func checkResultService(s settings.Settings, cfg queue.Config, log *slog.Logger) {
	if s.DossierSource == "" {
		return
	}
	if code, err := s.ResultServiceIn(cfg); err != nil {
		log.Warn("dossier look-up: no result-return service, ready dossiers get no ticket", "err", err)
	} else {
		log.Info("dossier look-up: result-return service", "service", code)
	}
}

// runScanner reads the barcode scanner on the settings' port (reopening
// it whenever it goes away) and hands each code to onScan on the UI
// goroutine, until ctx is done.
func runScanner(ctx context.Context, s settings.Settings, log *slog.Logger, onScan func(string)) {
	sc := scanner.New(scanner.Config{
		Port:   serialport.Config{Path: s.Scanner, Baud: s.ScannerBaud},
		Suffix: s.ScannerSuffix,
		Log:    log,
	})
	defer sc.Close()
	sc.Run(ctx, func(code string) {
		log.Info("code scanned") // never the code: a slip's QR holds its secret
		ui.Do(func() { onScan(code) })
	})
}
