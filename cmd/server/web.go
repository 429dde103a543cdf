package main

// The web side's wiring and commands:
//
//	server supervisor add    --db ... --name NAME [--display "Họ tên"] [--office-id ID] [--password-file F | --password-stdin] [--reset]
//	server demo-data         --db ... [--days 7] [--per-day 120] [--office "Tên"]...

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/netip"
	"os"
	"strings"
	"time"

	"github.com/motcua-kiosk/motcua/server/app"
	"github.com/motcua-kiosk/motcua/server/db"
	"github.com/motcua-kiosk/motcua/server/web"
	"github.com/motcua-kiosk/motcua/server/web/demo"
)

// webFlags are serve's flags of the web side.
type webFlags struct {
	publicURL, proxies *string
}

func addWebFlags(fs *flag.FlagSet) *webFlags {
	return &webFlags{
		publicURL: fs.String("public-url", "", "the server's root as citizens reach it (https://motcua.example.gov.vn), for the booking QR; default: the request's host"),
		proxies:   fs.String("trusted-proxy", "", "comma-separated addresses or CIDRs of reverse proxies whose X-Forwarded-For the booking page's rate limit believes"),
	}
}

// mountWeb adds the report pages, the public ticket page and the phone
// booking page to a.
func mountWeb(a *app.App, d *db.DB, log *slog.Logger, secureCookies bool, wf *webFlags) error {
	opt := web.Options{Logger: log, SecureCookies: secureCookies, Bookings: a.Bookings}
	if wf != nil {
		opt.PublicURL = strings.TrimRight(*wf.publicURL, "/")
		for _, s := range strings.Split(*wf.proxies, ",") {
			if s = strings.TrimSpace(s); s == "" {
				continue
			}
			p, err := netip.ParsePrefix(s)
			if err != nil {
				a, aerr := netip.ParseAddr(s)
				if aerr != nil {
					return fmt.Errorf("--trusted-proxy %q: not an address or CIDR", s)
				}
				p = netip.PrefixFrom(a, a.BitLen())
			}
			opt.TrustedProxies = append(opt.TrustedProxies, p)
		}
	}
	w, err := web.New(d, opt)
	if err != nil {
		return err
	}
	w.Register(a)
	return nil
}

// webCommand runs the web side's commands; ok is false for a command it
// does not know.
func webCommand(ctx context.Context, cmd string, args []string, stdin io.Reader, stdout, stderr io.Writer) (ok bool, err error) {
	switch cmd {
	case "supervisor":
		return true, supervisorCmd(ctx, args, stdin, stdout, stderr)
	case "demo-data":
		return true, demoData(ctx, args, stdout, stderr)
	}
	return false, nil
}

func supervisorCmd(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "add" {
		return errors.New("usage: server supervisor add --db ... --name NAME [--display NAME] [--office-id ID] [--password-file F | --password-stdin] [--reset]")
	}
	fs := newFlagSet("supervisor add", stderr)
	var (
		dsn     = fs.String("db", defaultDB, "database: sqlite:PATH or postgres://...")
		name    = fs.String("name", "", "login name")
		display = fs.String("display", "", "full name shown on the pages (Họ và tên)")
		office  = fs.String("office-id", "", "limit the account to this node of the hierarchy and everything under it (a province, a commune centre, a reception point)")
		pwFile  = fs.String("password-file", "", "read the password from this file (first line)")
		pwStdin = fs.Bool("password-stdin", false, "read the password from standard input (first line)")
		reset   = fs.Bool("reset", false, "the account exists: set a new password (ends its sessions)")
		iter    = fs.Int("iterations", web.DefaultIterations, "PBKDF2 iterations")
	)
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if strings.TrimSpace(*name) == "" {
		return errors.New("supervisor add: --name is required")
	}
	var pw string
	switch {
	case *pwFile != "":
		b, err := os.ReadFile(*pwFile)
		if err != nil {
			return fmt.Errorf("supervisor add: %w", err)
		}
		pw, _, _ = strings.Cut(string(b), "\n")
	case *pwStdin:
		line, err := bufio.NewReader(stdin).ReadString('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return fmt.Errorf("supervisor add: read password: %w", err)
		}
		pw = line
	default:
		return errors.New("supervisor add: give --password-file F or --password-stdin (never on the command line)")
	}
	pw = strings.TrimRight(pw, "\r\n")
	hash, err := web.HashPassword(pw, *iter)
	if err != nil {
		return fmt.Errorf("supervisor add: %w", err)
	}
	d, err := db.Open(ctx, *dsn)
	if err != nil {
		return err
	}
	defer d.Close()
	if *reset {
		if err := d.SetSupervisorPassword(ctx, *name, hash); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "supervisor: %s\npassword: changed\n", db.NormalizeLogin(*name))
		return nil
	}
	if *office != "" {
		if _, err := d.Office(ctx, *office); err != nil {
			return fmt.Errorf("supervisor add: %w", err)
		}
	}
	sv, err := d.CreateSupervisor(ctx, db.Supervisor{Name: *name, DisplayName: *display, Office: *office, PassHash: hash})
	if err != nil {
		return err
	}
	scope := "all offices"
	if sv.Office != "" {
		scope = sv.Office
	}
	fmt.Fprintf(stdout, "supervisor: %s\nid: %s\noffices: %s\n", sv.Name, sv.ID, scope)
	return nil
}

type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ", ") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }

func demoData(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("demo-data", stderr)
	var offices multiFlag
	var (
		dsn    = fs.String("db", defaultDB, "database: sqlite:PATH or postgres://...")
		days   = fs.Int("days", 7, "working days of data, ending today")
		perDay = fs.Int("per-day", 120, "tickets per office and day")
		seed   = fs.Uint64("seed", uint64(time.Now().UnixNano()), "random seed")
	)
	fs.Var(&offices, "office", "office name (repeatable; default one demo office)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	d, err := db.Open(ctx, *dsn)
	if err != nil {
		return err
	}
	defer d.Close()
	start := time.Now()
	res, err := demo.Fill(ctx, d, demo.Options{Offices: offices, Days: *days, PerDay: *perDay, Seed: *seed})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "days: %s to %s\ntickets: %d\nratings: %d\nwaiting ticket: /t/%s\nserved, not rated: /t/%s\ntook: %s\n",
		res.From, res.To, res.Tickets, res.Ratings, res.WaitingRef, res.UnratedRef, time.Since(start).Round(time.Millisecond))
	for _, o := range res.Offices {
		fmt.Fprintf(stdout, "office: %s %s\n", o.ID, o.Name)
	}
	return nil
}
