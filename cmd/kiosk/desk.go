package main

import (
	"context"
	"fmt"
	"log/slog"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"

	"github.com/motcua-kiosk/motcua/kiosk/settings"
	"github.com/motcua-kiosk/motcua/kiosk/supervise"
	"github.com/motcua-kiosk/motcua/kiosk/ui/desk"
)

func init() {
	register("desk", "an officer's desk (--hub URL [--token T] --counter N)", runDesk)
}

func runDesk(ctx context.Context, args []string) error {
	fs := newFlags("desk")
	hf := addHubFlags(fs)
	counter := fs.Int("counter", 0, "counter number (default: the paired device's counter)")
	lang := fs.String("lang", "vi", "language of the desk: vi or en")
	spec := fs.String("printer", "", "this desk's ticket printer SPEC for this run (default: the settings' in --data): /dev/ttyUSB0, usb:VID:PID, file:PATH, virtual:DIR")
	logLevel := fs.String("log-level", "info", "debug, info, warn or error")
	if err := parse(fs, args); err != nil {
		return err
	}
	log, closeLog := startLogging(*hf.data, *logLevel)
	defer closeLog()
	client, paired, err := hf.client()
	if err != nil {
		return err
	}
	if *counter == 0 {
		*counter = paired
	}
	if *counter <= 0 {
		return fmt.Errorf("desk: which counter? give --counter N: %w", errUsage)
	}
	opts, closePrinter, err := deskOptions(*hf.data, *spec, *lang, log)
	if err != nil {
		return err
	}
	defer closePrinter()
	startTrimming(ctx, log)
	a := app.NewWithID("vn.motcua.kiosk.desk")
	w := desk.NewWindow(a, client, *counter, opts)
	go func() {
		<-ctx.Done()
		fyne.Do(a.Quit)
	}()
	log.Info("desk started", "counter", *counter)
	supervise.StartHeartbeat(ctx, fyne.Do) // a hung UI stops the beat; the supervisor restarts us
	w.ShowAndRun()
	return nil
}

// deskOptions are the desk window's options: its language and log, and
// the desk machine's own ticket printer from the settings in data (spec
// overrides its port), with the QR address of the settings' central
// server, for the home-visit run lists and booking slips. No printer
// configured: none, and the print keys say so. closeFn closes the printer.
func deskOptions(data, spec, lang string, log *slog.Logger) (opts desk.Options, closeFn func(), err error) {
	opts = desk.Options{Lang: lang, Logger: log}
	sf, err := settings.Open(data)
	if err != nil {
		return opts, nil, err
	}
	s := sf.Get()
	if spec != "" {
		s.Printer = spec
	}
	if s.Printer == "" {
		log.Info("desk: no ticket printer configured")
		return opts, func() {}, nil
	}
	pr := newSwapPrinter(log)
	pr.open(s)
	opts.Printer = pr
	opts.TicketURL = func(ref string) string { return sf.Get().TicketURL(ref) }
	return opts, func() { pr.Close() }, nil
}
