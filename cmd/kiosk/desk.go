package main

import (
	"context"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"

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
	startTrimming(ctx, log)
	a := app.NewWithID("vn.motcua.kiosk.desk")
	w := desk.NewWindow(a, client, *counter, desk.Options{Lang: *lang, Logger: log})
	go func() {
		<-ctx.Done()
		fyne.Do(a.Quit)
	}()
	log.Info("desk started", "counter", *counter)
	supervise.StartHeartbeat(ctx, fyne.Do) // a hung UI stops the beat; the supervisor restarts us
	w.ShowAndRun()
	return nil
}
