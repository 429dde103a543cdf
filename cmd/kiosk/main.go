// Command kiosk is Một Cửa Kiosk: one binary that takes a role per machine.
//
//	kiosk [dispenser]            the lobby kiosk (default): touch screen, printer, embedded hub
//	kiosk desk --hub URL         an officer's desk
//	kiosk display --hub URL      the lobby board with the voice call
//	kiosk rating --hub URL       a counter's rating tablet
//	kiosk hub --data DIR         the office hub alone, headless
//	kiosk pair --hub URL CODE    pair this machine with a hub
//	kiosk print-test --printer SPEC, kiosk render IN.bin OUT.png
//	kiosk version
//
// main only maps Run's error to an exit code; everything else is in Run.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	_ "time/tzdata" // the offices' time zones on a PC without zoneinfo (Windows)

	_ "github.com/motcua-kiosk/motcua/cmd/kiosk/internal/quietlocale" // before Fyne's own init
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := Run(ctx, os.Args[1:])
	stop()
	switch {
	case err == nil:
	case errors.Is(err, errUsage):
		os.Exit(2)
	default:
		fmt.Fprintln(os.Stderr, "kiosk:", err)
		os.Exit(1)
	}
}
