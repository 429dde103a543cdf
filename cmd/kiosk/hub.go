package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"time"

	"github.com/motcua-kiosk/motcua/kiosk/backup"
	"github.com/motcua-kiosk/motcua/kiosk/hub"
	"github.com/motcua-kiosk/motcua/kiosk/queue"
	"github.com/motcua-kiosk/motcua/kiosk/store"
	"github.com/motcua-kiosk/motcua/kiosk/supervise"
	"github.com/motcua-kiosk/motcua/kiosk/syncer"
	"github.com/motcua-kiosk/motcua/kiosk/wire"
)

func init() {
	register("hub", "run the office hub alone, headless (--data DIR --listen ADDR); 'hub codes' prints a pairing code", runHub)
}

func runHub(ctx context.Context, args []string) error {
	if len(args) > 0 && args[0] == "codes" {
		return runHubCodes(ctx, args[1:], os.Stdout)
	}
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
	var h *hub.Hub // set before the sync starts, the only caller of Names and BookingConfig
	sy := syncer.New(st, syncer.Options{Logger: log, Names: func(ctx context.Context) (wire.Names, error) {
		return officeNames(ctx, st, h.Config())
	}, Bookings: st, BookingConfig: func() queue.Config { return h.Config() }})
	h, err = hub.Open(ctx, hub.Options{Store: st, Logger: log, OnCommit: sy.Notify})
	if err != nil {
		st.Close()
		return nil, err
	}
	sy.Start(ctx)
	return &office{Store: st, Hub: h, Sync: sy}, nil
}

// officeNames are the names the central server's reports show instead of
// the ids events carry: every officer the admin has named (those who left
// too, for old reports) and every service.
func officeNames(ctx context.Context, st *store.Store, cfg queue.Config) (wire.Names, error) {
	officers, err := st.Officers(ctx)
	if err != nil {
		return wire.Names{}, err
	}
	n := wire.Names{Officers: map[string]string{}, Services: map[string]string{}}
	for _, o := range officers {
		if o.Name != "" {
			n.Officers[o.ID] = o.Name
		}
	}
	for _, s := range cfg.Services {
		if s.Name != "" {
			n.Services[s.Code] = s.Name
		}
	}
	return n, nil
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

// roleNames are the roles as the code's line names them, Vietnamese first.
var roleNames = map[string][2]string{
	store.RoleAdmin:     {"quản trị", "admin"},
	store.RoleDesk:      {"máy quầy", "desk"},
	store.RoleDisplay:   {"màn hình sảnh", "lobby display"},
	store.RoleRating:    {"máy đánh giá", "rating tablet"},
	store.RoleDispenser: {"máy lấy số", "dispenser"},
}

// runHubCodes prints a one-time pairing code made in the office database
// of --data: on a headless hub it is the way to pair the first admin
// device (after that, the admin screen makes codes). It works whether or
// not the hub is running (the store is SQLite in WAL mode with a busy
// timeout), and never migrates or restores the database: that is the
// hub's job at its start.
func runHubCodes(ctx context.Context, args []string, out io.Writer) error {
	flags := newFlags("hub codes")
	data := flags.String("data", defaultDataDir(), "data directory of the hub (the office database lives here)")
	role := flags.String("role", store.RoleAdmin, "role of the device to pair: admin, desk, display, rating or dispenser")
	counter := flags.Int("counter", 0, "counter of a desk or rating tablet (0: any)")
	ttl := flags.Duration("ttl", 15*time.Minute, "how long the code is valid (at most 24h)")
	if err := parse(flags, args); err != nil {
		return err
	}
	if _, ok := roleNames[*role]; !ok || flags.NArg() > 0 {
		return fmt.Errorf("hub codes: role %q (admin, desk, display, rating, dispenser): %w", *role, errUsage)
	}
	if *ttl <= 0 || *ttl > 24*time.Hour {
		return fmt.Errorf("hub codes: --ttl %v: from 1s to 24h: %w", *ttl, errUsage)
	}
	db := filepath.Join(*data, backup.DBName)
	have, err := store.FileSchema(db)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		// A new office: the database is made here as the hub would make it.
	case err != nil:
		return fmt.Errorf("hub codes: %w", err)
	case have > 0 && have < store.LatestSchema():
		return fmt.Errorf("hub codes: %s is from an older program (schema %d): start the hub once so that it upgrades it, with its backup", db, have)
	}
	if backup.Pending(*data) {
		fmt.Fprintln(os.Stderr, "Cảnh báo: đang chờ khôi phục bản sao lưu; mã này sẽ mất khi hub khởi động lại.\nWarning: a restore is staged; this code is lost when the hub next starts.")
	}
	st, err := store.Open(db)
	if err != nil {
		return fmt.Errorf("hub codes: %w", err)
	}
	defer st.Close()
	cfg, err := st.Config(ctx)
	if err != nil {
		return fmt.Errorf("hub codes: %w", err)
	}
	exp := time.Now().Add(*ttl) // the stored expiry is a moment later
	code, err := st.CreatePairingCode(ctx, *role, *counter, *ttl)
	if err != nil {
		return fmt.Errorf("hub codes: %w", err)
	}
	printCode(out, code, *role, *counter, exp.In(cfg.Location()))
	return nil
}

// printCode writes the code's two lines, Vietnamese then English, with
// its expiry in the office's zone.
func printCode(w io.Writer, code, role string, counter int, exp time.Time) {
	name := roleNames[role]
	vi, en := name[0], name[1]
	if counter > 0 {
		vi, en = fmt.Sprintf("%s, quầy %d", vi, counter), fmt.Sprintf("%s, counter %d", en, counter)
	}
	zone := exp.Location().String()
	fmt.Fprintf(w, "Mã ghép nối (%s): %s — dùng một lần, hết hạn lúc %s ngày %s (%s).\n", vi, code, exp.Format("15:04"), exp.Format("02/01/2006"), zone)
	fmt.Fprintf(w, "Pairing code (%s): %s — single use, expires at %s on %s (%s).\n", en, code, exp.Format("15:04"), exp.Format("2006-01-02"), zone)
}
