package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"time"

	"github.com/motcua-kiosk/motcua/kiosk/backup"
	"github.com/motcua-kiosk/motcua/kiosk/hub"
	"github.com/motcua-kiosk/motcua/kiosk/store"
	"github.com/motcua-kiosk/motcua/kiosk/supervise"
	"github.com/motcua-kiosk/motcua/kiosk/syncer"
)

func init() {
	register("hub", "run the office hub alone, headless (--data DIR --listen ADDR)", runHub)
}

func runHub(ctx context.Context, args []string) error {
	fs := newFlags("hub")
	data := fs.String("data", defaultDataDir(), "data directory (the office database lives here)")
	listen := fs.String("listen", ":8700", "address of the LAN API")
	logLevel := fs.String("log-level", "info", "debug, info, warn or error")
	if err := parse(fs, args); err != nil {
		return err
	}
	log, closeLog := startLogging(*data, *logLevel)
	defer closeLog()
	o, err := openOffice(ctx, *data, log)
	if err != nil {
		return err
	}
	defer o.Close()
	// Headless: the beat only proves the process is not stuck.
	supervise.StartHeartbeat(ctx, func(f func()) { f() })
	return serveHub(ctx, o.Hub, *listen, log)
}

// office is what runs in the hub process: the store, the hub on it, and
// the sync of its outbox to the central server (idle until enrolled).
type office struct {
	Store *store.Store
	Hub   *hub.Hub
	Sync  *syncer.Syncer
}

// openOffice opens the office store in dir, the hub on it and starts the
// central-server sync, which the hub wakes after every commit. The store is
// opened through backup.OpenStore: a restore staged from the admin menu is
// applied first, and an older database is backed up before it migrates.
func openOffice(ctx context.Context, dir string, log *slog.Logger) (*office, error) {
	st, err := backup.OpenStore(ctx, dir, log)
	if err != nil {
		return nil, err
	}
	sy := syncer.New(st, syncer.Options{Logger: log})
	h, err := hub.Open(ctx, hub.Options{Store: st, Logger: log, OnCommit: sy.Notify})
	if err != nil {
		st.Close()
		return nil, err
	}
	sy.Start(ctx)
	return &office{Store: st, Hub: h, Sync: sy}, nil
}

// Close stops the sync and the hub, then closes the store.
func (o *office) Close() error {
	o.Sync.Close()
	o.Hub.Close()
	return o.Store.Close()
}

// serveHub serves the hub's LAN API on addr until ctx is done, then shuts
// down gracefully.
func serveHub(ctx context.Context, h *hub.Hub, addr string, log *slog.Logger) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("hub listen: %w", err)
	}
	srv := hub.NewServer(h, log)
	log.Info("hub listening", "addr", ln.Addr().String())
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shut); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return nil
}
