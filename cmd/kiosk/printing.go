package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/motcua-kiosk/motcua/devices"
	"github.com/motcua-kiosk/motcua/devices/escpos"
	"github.com/motcua-kiosk/motcua/devices/escpos/interp"
	"github.com/motcua-kiosk/motcua/devices/printer"
	"github.com/motcua-kiosk/motcua/devices/serialport"
)

func init() {
	register("print-test", "print the reference ticket (--printer SPEC [--profile NAME] [--strategy S])", runPrintTest)
	register("render", "render an ESC/POS stream to PNG with the virtual printer (IN.bin OUT.png [--profile NAME])", runRender)
}

func runPrintTest(ctx context.Context, args []string) error {
	fs := newFlags("print-test")
	spec := fs.String("printer", "", "SPEC: a serial path (/dev/ttyUSB0, COM3), usb:VID:PID, file:PATH (raw bytes) or virtual:DIR (PNG)")
	profile := fs.String("profile", "generic-80mm", "printer profile: "+strings.Join(escpos.ProfileNames(), ", "))
	strategy := fs.String("strategy", "", "text strategy: codepage, hybrid, raster or userchars (default: the profile's)")
	baud := fs.Int("baud", 9600, "serial speed")
	xonxoff := fs.Bool("xonxoff", true, "software flow control (XON/XOFF) on serial lines")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *spec == "" {
		return fmt.Errorf("print-test needs --printer SPEC: %w", errUsage)
	}
	p, err := printer.Open(*spec, printer.Config{Profile: *profile, Strategy: escpos.Strategy(*strategy),
		Serial: serialport.Config{Baud: *baud, XONXOFF: *xonxoff}})
	if err != nil {
		return err
	}
	defer p.Close()
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	t := escpos.ReferenceTicket()
	start := time.Now()
	if err := p.Print(ctx, t); err != nil {
		var se *devices.StatusError
		if errors.As(err, &se) {
			fmt.Fprintf(os.Stderr, "%s / %s\n", devices.StateText(se.Status.State(), "vi"), devices.StateText(se.Status.State(), "en"))
		}
		return fmt.Errorf("print-test: %w", err)
	}
	fmt.Printf("Đã in phiếu mẫu %s / reference ticket printed on %s (%s) in %v\n", t.Number, *spec, *profile, time.Since(start).Round(time.Millisecond))
	return nil
}

func runRender(ctx context.Context, args []string) error {
	fs := newFlags("render")
	profile := fs.String("profile", "generic-80mm", "printer profile whose width and code pages to use")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 2 {
		return fmt.Errorf("render needs IN.bin OUT.png: %w", errUsage)
	}
	in, out := fs.Arg(0), fs.Arg(1)
	p, err := escpos.LookupProfile(*profile)
	if err != nil {
		return err
	}
	stream, err := os.ReadFile(in)
	if err != nil {
		return fmt.Errorf("render: %w", err)
	}
	img, rep, err := interp.Render(stream, p)
	if err != nil {
		return fmt.Errorf("render %s: %w", in, err)
	}
	tmp := out + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return fmt.Errorf("render: %w", err)
	}
	if err := interp.WritePNG(f, img); err != nil {
		f.Close()
		os.Remove(tmp)
		return fmt.Errorf("render: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("render: %w", err)
	}
	if err := os.Rename(tmp, out); err != nil {
		return fmt.Errorf("render: %w", err)
	}
	fmt.Println(rep.String())
	if len(rep.Unknown) > 0 {
		return fmt.Errorf("render: %d unknown or unsupported command(s) in %s (listed above)", len(rep.Unknown), in)
	}
	return nil
}
