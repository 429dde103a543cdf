// Command loadgen is the central server's load test (issue 15): N offices
// (3,321 by default, every commune of the country), each a hub with its
// own device credential and the real kiosk/syncer, send generated office
// days to a real server on PostgreSQL on loopback; then a reconnect storm
// brings every office back at once with a 5,000-event backlog. It prints
// events/s, batch acknowledgement p50/p99, the backlog's drain time, lost
// and duplicated events read back from the database, and the server's RSS.
//
//	loadgen -start-server                       # own PostgreSQL cluster and server (SERVER_BIN or go build)
//	loadgen -start-server -db postgres://...    # own server on a given database
//	loadgen -url http://127.0.0.1:8443 -db postgres://... [-server-pid PID]
//
// See docs/perf/loadgen.md for the figures and the exact commands.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	ok, err := Run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	switch {
	case errors.Is(err, flag.ErrHelp):
		os.Exit(2)
	case err != nil:
		fmt.Fprintln(os.Stderr, "loadgen:", err)
		os.Exit(1)
	case !ok:
		fmt.Fprintln(os.Stderr, "loadgen: events were lost or duplicated, or an office's up_to did not reach its last seq")
		os.Exit(3)
	}
}
