// Command server is the central server of Một Cửa Kiosk: it receives the
// office hubs' events, enrolls hubs, and serves reports.
//
//	server [serve] --db sqlite:PATH|postgres://... --addr :8443 [--tls-cert F --tls-key F]
//	server enroll  --db ... --office "Tên cơ quan" | --office-id ID [--ttl 168h] [--time-zone Asia/Ho_Chi_Minh]
//	server migrate --db ...
//	server help            (the list of commands; server COMMAND -h for its flags)
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"
	_ "time/tzdata" // the offices' time zones in a container without zoneinfo

	"github.com/motcua-kiosk/motcua/kiosk/queue"
	"github.com/motcua-kiosk/motcua/server/app"
	"github.com/motcua-kiosk/motcua/server/db"
	"github.com/motcua-kiosk/motcua/server/ingest"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := Run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	switch {
	case err == nil:
	case errors.Is(err, flag.ErrHelp):
		if err != flag.ErrHelp { // an unknown command: say which
			fmt.Fprintln(os.Stderr, "server:", err)
		}
		os.Exit(2)
	default:
		fmt.Fprintln(os.Stderr, "server:", err)
		os.Exit(1)
	}
}

const defaultDB = "sqlite:motcua-server.db"

// commands are the server's commands, for "server help" and "server -h".
var commands = []struct{ name, args, what string }{
	{"serve", "[--db DSN] [--addr HOST:PORT] [--tls-cert F --tls-key F] [--metrics-addr 127.0.0.1:9464] [--metrics-token-file F] [--notify-webhook URL --notify-secret-file F]", "run the central server (the default command); metrics on their own loopback listener; result-ready messages through the notification gateway (the log without a webhook)"},
	{"enroll", "--db DSN --office \"Tên cơ quan\" | --office-id ID [--ttl 168h] [--time-zone ZONE]", "print a one-time code that enrolls an office's hub"},
	{"supervisor add", "--db DSN --name NAME [--display \"Họ và tên\"] [--office-id ID] --password-file F | --password-stdin", "add a supervisor who reads the reports"},
	{"demo-data", "--db DSN [--office NAME]... [--days 7] [--per-day 120]", "fill a database with sample offices, tickets and ratings"},
	{"migrate", "--db DSN", "bring the database's schema up to date (and build the report roll-ups once after the upgrade)"},
	{"rollups rebuild", "--db DSN", "recompute the per-day report roll-ups from the stored tickets and ratings"},
	{"unit", "add --name N --kind province|commune|point --code C [--parent ID] | set --office-id ID ... | list", "place offices in the hierarchy province → commune centre → reception point"},
	{"partitions", "list | create | detach --month YYYY-MM  (--db postgres://...)", "PostgreSQL: list the monthly partitions of events and tickets, create the coming months', or detach an old month (reports read the roll-ups and do not change)"},
	{"help", "", "this list"},
}

// usage writes the list of commands.
func usage(w io.Writer) {
	fmt.Fprintln(w, "Máy chủ trung tâm Một Cửa / Một Cửa central server")
	fmt.Fprintln(w, "\nusage: server COMMAND [flags]   (server COMMAND -h: that command's flags)")
	fmt.Fprintln(w, "\ncommands:")
	for _, c := range commands {
		fmt.Fprintf(w, "  %-15s %s\n", c.name, c.what)
		if c.args != "" {
			fmt.Fprintf(w, "  %-15s   %s\n", "", c.args)
		}
	}
	fmt.Fprintf(w, "\nDSN: sqlite:PATH (default %s) or postgres://USER@HOST/DB\n", defaultDB)
}

// newFlagSet is a command's flag set whose -h says what the command does.
func newFlagSet(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: server %s [flags]\n", name)
		for _, c := range commands {
			if c.name == name {
				fmt.Fprintf(stderr, "  %s\n", c.what)
			}
		}
		fmt.Fprintln(stderr, "\nflags:")
		fs.PrintDefaults()
	}
	return fs
}

// Run runs the server command with args (without the program name).
func Run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cmd := "serve"
	if len(args) > 0 {
		switch args[0] {
		case "-h", "-help", "--help", "help":
			usage(stdout)
			return nil
		}
	}
	if len(args) > 0 && len(args[0]) > 0 && args[0][0] != '-' {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "serve":
		return serve(ctx, args, stderr)
	case "enroll":
		return enroll(ctx, args, stdout, stderr)
	case "migrate":
		fs := newFlagSet("migrate", stderr)
		dsn := fs.String("db", defaultDB, "database: sqlite:PATH or postgres://...")
		if err := fs.Parse(args); err != nil {
			return err
		}
		d, err := db.Open(ctx, *dsn)
		if err != nil {
			return err
		}
		defer d.Close()
		return backfillRollups(ctx, d, slog.New(slog.NewTextHandler(stderr, nil)))
	case "rollups":
		return rollupsCmd(ctx, args, stdout, stderr)
	case "unit":
		return unitCmd(ctx, args, stdout, stderr)
	case "partitions":
		return partitionsCmd(ctx, args, stdout, stderr)
	default:
		if ok, err := webCommand(ctx, cmd, args, os.Stdin, stdout, stderr); ok {
			return err
		}
		usage(stderr)
		return fmt.Errorf("unknown command %q: %w", cmd, flag.ErrHelp)
	}
}

func serve(ctx context.Context, args []string, stderr io.Writer) error {
	fs := newFlagSet("serve", stderr)
	var (
		dsn      = fs.String("db", defaultDB, "database: sqlite:PATH or postgres://...")
		addr     = fs.String("addr", "127.0.0.1:8443", "listen address")
		addrFile = fs.String("addr-file", "", "write the bound address to this file once listening")
		cert     = fs.String("tls-cert", "", "TLS certificate file (PEM); with --tls-key serves HTTPS")
		key      = fs.String("tls-key", "", "TLS private key file (PEM)")
		rate     = fs.Float64("rate", 20, "batches per second allowed per device")
		burst    = fs.Int("burst", 40, "batches a device may send in a burst")
		inflight = fs.Int("max-inflight", 32, "batches stored at once; more are answered 503 with Retry-After (load shedding)")
		maxBody  = fs.Int64("max-body", 4<<20, "largest request body on the wire, bytes")
		maxDec   = fs.Int64("max-decoded", 16<<20, "largest request body after gunzip, bytes")
		grace    = fs.Duration("shutdown-timeout", 30*time.Second, "how long shutdown waits for in-flight requests")
		level    = fs.String("log-level", "info", "debug, info, warn or error")
		mAddr    = fs.String("metrics-addr", defaultMetricsAddr, "listen address of GET /metrics (Prometheus), apart from --addr; loopback by default; \"off\" serves none")
		mToken   = fs.String("metrics-token-file", "", "file whose first line is a bearer token /metrics then requires (needed to bind --metrics-addr beyond loopback)")
	)
	nf := addNotifyFlags(fs) // notify.go
	wf := addWebFlags(fs)    // web.go
	if err := fs.Parse(args); err != nil {
		return err
	}
	if (*cert == "") != (*key == "") {
		return errors.New("--tls-cert and --tls-key go together")
	}
	var lv slog.Level
	if err := lv.UnmarshalText([]byte(*level)); err != nil {
		return fmt.Errorf("--log-level: %w", err)
	}
	log := slog.New(slog.NewJSONHandler(stderr, &slog.HandlerOptions{Level: lv}))
	d, err := db.Open(ctx, *dsn)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := backfillRollups(ctx, d, log); err != nil {
		return err
	}
	stopNotify, err := nf.start(ctx, d, log)
	if err != nil {
		return err
	}
	defer stopNotify()
	a := app.New(d, app.Options{Logger: log, Ingest: ingest.Options{Rate: *rate, Burst: *burst, MaxInFlight: *inflight, MaxBody: *maxBody, MaxDecoded: *maxDec}})
	if err := mountWeb(a, d, log, false, wf); err != nil {
		return err
	}
	// Erase the phone numbers of bookings their hub never ended; serve
	// returns only once the loop has stopped (it logs to stderr).
	rctx, stopRelease := context.WithCancel(ctx)
	released := make(chan struct{})
	go func() { defer close(released); a.Bookings.Run(rctx, time.Minute) }()
	defer func() { stopRelease(); <-released }()
	// The coming months' partitions of events and tickets (PostgreSQL).
	kept := make(chan struct{})
	go func() { defer close(kept); keepPartitions(rctx, d, log, 24*time.Hour) }()
	defer func() { stopRelease(); <-kept }()
	stopMetrics, err := serveMetrics(ctx, a, *mAddr, *mToken, log)
	if err != nil {
		return err
	}
	defer stopMetrics()
	l, err := net.Listen("tcp", *addr)
	if errors.Is(err, syscall.EADDRINUSE) {
		return fmt.Errorf("listen %s: %w\n"+
			"  Cổng này đã có chương trình khác dùng (một máy chủ khác đang chạy?): chọn cổng khác, ví dụ --addr 127.0.0.1:8444, hoặc --addr 127.0.0.1:0 để máy tự chọn (xem --addr-file).\n"+
			"  The port is taken (is another server running?): choose another, e.g. --addr 127.0.0.1:8444, or --addr 127.0.0.1:0 for any free port (see --addr-file)", *addr, err)
	}
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	return a.Serve(ctx, l, app.ServeOptions{TLSCert: *cert, TLSKey: *key, ShutdownTimeout: *grace,
		Ready: func(bound net.Addr) {
			log.Info("listening", "addr", bound.String(), "db", string(d.Dialect()), "tls", *cert != "")
			if *addrFile != "" {
				if err := writeAtomic(*addrFile, bound.String()); err != nil {
					log.Error("write address file", "err", err)
				}
			}
		}})
}

func enroll(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("enroll", stderr)
	var (
		dsn      = fs.String("db", defaultDB, "database: sqlite:PATH or postgres://...")
		office   = fs.String("office", "", "create a new office with this name (Tên cơ quan)")
		officeID = fs.String("office-id", "", "make a code for this existing office instead")
		ttl      = fs.Duration("ttl", 7*24*time.Hour, "how long the code stays valid")
		zone     = fs.String("time-zone", "", "the office's time zone, an IANA name (a new office: "+queue.DefaultTimeZone+")")
	)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if (*office == "") == (*officeID == "") {
		return errors.New("enroll: give exactly one of --office NAME or --office-id ID")
	}
	d, err := db.Open(ctx, *dsn)
	if err != nil {
		return err
	}
	defer d.Close()
	id := *officeID
	name := ""
	if id == "" {
		o, err := d.CreateOffice(ctx, *office)
		if err != nil {
			return err
		}
		id, name = o.ID, o.Name
	} else {
		o, err := d.Office(ctx, id)
		if err != nil {
			return err
		}
		name = o.Name
	}
	if *zone != "" {
		if err := d.SetOfficeTimeZone(ctx, id, *zone); err != nil {
			return err
		}
	}
	o, err := d.Office(ctx, id)
	if err != nil {
		return err
	}
	code, err := d.CreateEnrollCode(ctx, id, *ttl)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "office: %s\nname: %s\ntime zone: %s\ncode: %s\nexpires: %s\n", id, name, o.TimeZone, code, time.Now().Add(*ttl).In(o.Location()).Format(time.RFC3339))
	return nil
}

// writeAtomic writes a small file through a temporary file and rename.
func writeAtomic(path, content string) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".addr-*")
	if err != nil {
		return err
	}
	if _, err := tmp.WriteString(content); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
