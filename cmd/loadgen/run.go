package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/motcua-kiosk/motcua/cmd/loadgen/internal/load"
	"github.com/motcua-kiosk/motcua/server/pgtest"
)

// Run runs the load test with args; ok is false when the read-back found
// a lost or duplicated event or an office whose up_to fell short.
func Run(ctx context.Context, args []string, stdout, stderr io.Writer) (ok bool, err error) {
	fs := flag.NewFlagSet("loadgen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var (
		offices     = fs.Int("offices", 3321, "simulated offices, each a hub with its own device credential")
		target      = fs.String("url", "", "the server to load, http://HOST:PORT (or -start-server)")
		dsn         = fs.String("db", "", "the server's database (postgres://... or sqlite:PATH): offices and codes are made there and the events read back; with -start-server and none, a throwaway PostgreSQL cluster is started")
		start       = fs.Bool("start-server", false, "start a cmd/server process (-server-bin) on -db on a free loopback port")
		serverBin   = fs.String("server-bin", os.Getenv("SERVER_BIN"), "cmd/server binary for -start-server (default $SERVER_BIN; else go build)")
		serverArgs  = fs.String("server-args", "", "extra flags for `server serve`, space-separated")
		serverPID   = fs.Int("server-pid", 0, "the server's process id, for its RSS (with -url)")
		durable     = fs.Bool("pg-durable", true, "the throwaway cluster keeps fsync and synchronous_commit on, as in production")
		concurrency = fs.Int("concurrency", 64, "batches in flight at once across all offices")
		batch       = fs.Int("batch", 500, "events per batch (the syncer's batch size)")
		window      = fs.String("live", "07:00-08:30", "the live phase's window of the office day (office clock)")
		duration    = fs.Duration("duration", 3*time.Minute, "wall time of the live phase (the window is compressed into it); 0 skips it")
		backlog     = fs.Int("backlog", 5000, "events each office brings back in the reconnect storm; 0 skips it")
		timeout     = fs.Duration("timeout", 30*time.Minute, "longest wait for each phase to drain")
		tickets     = fs.Float64("tickets", 300, "mean citizens a day per office")
		seed        = fs.Uint64("seed", 15, "seed of the generated days")
		jsonOut     = fs.String("json", "", "also write the result as JSON to this file (- for stdout)")
		runID       = fs.String("run-id", "", "names this run's offices and devices (default from the clock)")
		workDir     = fs.String("workdir", "", "directory for the server's log and address file (default a temporary one)")
	)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: loadgen [-start-server | -url URL -db DSN] [flags]")
		fmt.Fprintln(stderr, "  the central server's load test: offices sending generated days, then a reconnect storm")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return false, err
	}
	cfg := load.Config{Offices: *offices, URL: *target, DSN: *dsn, Concurrency: *concurrency, BatchSize: *batch,
		LiveDuration: *duration, Backlog: *backlog, Timeout: *timeout, Seed: *seed, RunID: *runID,
		ServerPID: *serverPID, Progress: stderr, Model: load.DefaultModel()}
	cfg.Model.TicketsPerDay = *tickets
	if cfg.LiveFrom, cfg.LiveTo, err = parseWindow(*window); err != nil {
		return false, err
	}
	if !*start && (cfg.URL == "" || cfg.DSN == "") {
		fs.Usage()
		return false, fmt.Errorf("give -url and -db, or -start-server: %w", flag.ErrHelp)
	}
	if *start {
		dir := *workDir
		if dir == "" {
			if dir, err = os.MkdirTemp("", "loadgen-"); err != nil {
				return false, err
			}
			defer os.RemoveAll(dir)
		}
		if cfg.DSN == "" {
			c, err := pgtest.Start(pgtest.Options{Durable: *durable})
			if err != nil {
				return false, err
			}
			defer c.Stop()
			if cfg.DSN, err = c.CreateDB(ctx); err != nil {
				return false, err
			}
			fmt.Fprintf(stderr, "loadgen: PostgreSQL cluster on 127.0.0.1:%d (durable %v)\n", c.Port, *durable)
		}
		bin := *serverBin
		if bin == "" {
			if bin, err = load.BuildServer(ctx, dir); err != nil {
				return false, err
			}
		}
		srv, err := load.StartServer(ctx, bin, cfg.DSN, dir, strings.Fields(*serverArgs)...)
		if err != nil {
			return false, err
		}
		defer func() {
			if serr := srv.Stop(); serr != nil && err == nil {
				log, _ := os.ReadFile(srv.LogPath)
				err = fmt.Errorf("server exit: %w\n%s", serr, log)
			}
		}()
		cfg.URL, cfg.ServerPID = srv.URL, srv.PID
		fmt.Fprintf(stderr, "loadgen: server %s pid %d\n", srv.URL, srv.PID)
	}
	res, err := load.Run(ctx, cfg)
	if err != nil {
		return false, err
	}
	writeTable(stdout, res)
	if *jsonOut != "" {
		b, _ := json.MarshalIndent(res, "", "  ")
		b = append(b, '\n')
		if *jsonOut == "-" {
			stdout.Write(b)
		} else if err := os.WriteFile(*jsonOut, b, 0o644); err != nil {
			return false, err
		}
	}
	return res.OK(), nil
}

// parseWindow reads "07:00-08:30" as offsets from midnight.
func parseWindow(s string) (from, to time.Duration, err error) {
	a, b, ok := strings.Cut(s, "-")
	if !ok {
		return 0, 0, fmt.Errorf("-live %q: want HH:MM-HH:MM", s)
	}
	var t [2]time.Duration
	for i, x := range []string{a, b} {
		p, err := time.Parse("15:04", strings.TrimSpace(x))
		if err != nil {
			return 0, 0, fmt.Errorf("-live %q: %w", s, err)
		}
		t[i] = time.Duration(p.Hour())*time.Hour + time.Duration(p.Minute())*time.Minute
	}
	if t[1] <= t[0] {
		return 0, 0, errors.New("-live: the window ends before it starts")
	}
	return t[0], t[1], nil
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond)) }

func secs(d time.Duration) string { return fmt.Sprintf("%.1f s", d.Seconds()) }

// writeTable prints the result for a person.
func writeTable(w io.Writer, r *load.Result) {
	fmt.Fprintf(w, "run %s: %d offices, %d batches in flight at most, batches of %d; enrollment %s\n\n",
		r.RunID, r.Offices, r.Concurrency, r.BatchSize, secs(r.Enroll))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "phase\tevents\tbatches\twall\tevents/s\tack p50\tack p99\tack max\tdrain\toffice drain p50/p99\tretries\tresent\tserver RSS max\tdrained\t")
	for _, p := range r.Phases {
		od := "-"
		if p.OfficeDrainP50 > 0 {
			od = secs(p.OfficeDrainP50) + " / " + secs(p.OfficeDrainP99)
		}
		var retries []string
		for k, n := range p.Retries {
			retries = append(retries, fmt.Sprintf("%s: %d", k, n))
		}
		rt := strings.Join(retries, ", ")
		if rt == "" {
			rt = "0"
		}
		fmt.Fprintf(tw, "%s\t%d\t%d\t%s\t%.0f\t%s\t%s\t%s\t%s\t%s\t%s\t%d\t%.0f MB\t%v\t\n", p.Name, p.Events, p.Batches,
			secs(p.Wall), p.EventsPerSec, ms(p.AckP50), ms(p.AckP99), ms(p.AckMax), secs(p.Drain), od, rt,
			p.ResentEvents, p.ServerRSSMaxMB, p.Drained)
	}
	tw.Flush()
	v := r.Verify
	fmt.Fprintf(w, "\nread back from the database: %d offices, %d events committed, %d rows, %d distinct seqs\n",
		v.Offices, v.Sent, v.Rows, v.Stored)
	fmt.Fprintf(w, "lost %d, duplicated %d, offices with a seq never committed %d\n", v.Lost, v.Duplicated, v.Unexpected)
	fmt.Fprintf(w, "up_to reached the last seq: %d/%d offices on the hub, %d/%d on the server (devices.acked_seq)\n",
		v.HubUpTo, v.Offices, v.ServerUpTo, v.Offices)
	if v.Worst != "" {
		fmt.Fprintf(w, "first failing office: %s\n", v.Worst)
	}
	if r.ServerPID != 0 {
		fmt.Fprintf(w, "server pid %d: RSS max %.0f MB (sampled each second), peak VmHWM %.0f MB\n", r.ServerPID,
			r.ServerRSSMaxMB, r.ServerHWMMB)
	}
}
