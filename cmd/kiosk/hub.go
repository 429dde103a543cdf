package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"time"

	"github.com/motcua-kiosk/motcua/kiosk/hub"
	"github.com/motcua-kiosk/motcua/kiosk/store"
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
	log := newLogger(*logLevel)
	slog.SetDefault(log)
	h, st, err := openHub(ctx, *data, log)
	if err != nil {
		return err
	}
	defer st.Close()
	defer h.Close()
	return serveHub(ctx, h, *listen, log)
}

// openHub opens the office store in dir and the hub on it.
func openHub(ctx context.Context, dir string, log *slog.Logger) (*hub.Hub, *store.Store, error) {
	st, err := store.Open(filepath.Join(dir, "office.db"))
	if err != nil {
		return nil, nil, err
	}
	h, err := hub.Open(ctx, hub.Options{Store: st, Logger: log})
	if err != nil {
		st.Close()
		return nil, nil, err
	}
	return h, st, nil
}

// serveHub serves the hub's LAN API on addr until ctx is done, then shuts
// down gracefully.
func serveHub(ctx context.Context, h *hub.Hub, addr string, log *slog.Logger) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("hub listen: %w", err)
	}
	srv := &http.Server{Handler: hub.Handler(h), ReadHeaderTimeout: 10 * time.Second}
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
