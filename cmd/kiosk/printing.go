package main

import (
	"context"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/motcua-kiosk/motcua/devices/escpos"
	"github.com/motcua-kiosk/motcua/devices/escpos/interp"
	"github.com/motcua-kiosk/motcua/devices/printer"
	"github.com/motcua-kiosk/motcua/devices/serialport"
)

func init() {
	register("print-test", "print a test page (--printer SPEC [--page ticket|profile|probe] [--profile NAME] [--strategy S] [--paper 58|80])", runPrintTest)
	register("render", "render an ESC/POS stream to PNG with the virtual printer (IN.bin OUT.png [--profile NAME])", runRender)
}

// The pages print-test prints.
const (
	pageTicket  = "ticket"  // the reference ticket (escpos.ReferenceTicket)
	pageProfile = "profile" // the admin's test page for the profile ("In thử")
	pageProbe   = "probe"   // the installer's probe page: every feature tried
)

// pageNames says what each page is, Vietnamese then English.
var pageNames = map[string][2]string{
	pageTicket:  {"phiếu mẫu", "reference ticket"},
	pageProfile: {"trang in thử của hồ sơ", "profile test page"},
	pageProbe:   {"trang thử tính năng máy in", "printer probe page"},
}

func runPrintTest(ctx context.Context, args []string) error {
	fs := newFlags("print-test")
	spec := fs.String("printer", "", "SPEC: a serial path (/dev/ttyUSB0, COM3), usb:VID:PID, file:PATH (raw bytes) or virtual:DIR (PNG)")
	page := fs.String("page", pageTicket, "what to print: ticket (the reference ticket), profile (the admin's test page for --profile) or probe (tries every printer feature, to choose the profile by looking at the paper)")
	profile := fs.String("profile", "generic-80mm", "printer profile: "+strings.Join(escpos.ProfileNames(), ", "))
	strategy := fs.String("strategy", "", "text strategy: codepage, hybrid, raster or userchars (default: the profile's)")
	paper := fs.Int("paper", 0, "probe page: paper width in mm, 58 or 80 (default: the profile's)")
	baud := fs.Int("baud", 9600, "serial speed")
	xonxoff := fs.Bool("xonxoff", true, "software flow control (XON/XOFF) on serial lines")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *spec == "" {
		return fmt.Errorf("print-test needs --printer SPEC: %w", errUsage)
	}
	if _, ok := pageNames[*page]; !ok {
		return fmt.Errorf("print-test --page %q: want ticket, profile or probe: %w", *page, errUsage)
	}
	dots := 0
	if *paper != 0 {
		d, err := escpos.PaperDots(*paper)
		if err != nil {
			return fmt.Errorf("print-test --paper: %v: %w", err, errUsage)
		}
		dots = d
	}
	p, err := printer.Open(*spec, printer.Config{Profile: *profile, Strategy: escpos.Strategy(*strategy),
		Serial: serialport.Config{Baud: *baud, XONXOFF: *xonxoff}})
	if err != nil {
		printErrorText(err)
		return err
	}
	defer p.Close()
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	tp := escpos.TestPage{Time: time.Now().Format("15:04 02/01/2006"), QR: "https://motcua.example.gov.vn/t/test"}
	start := time.Now()
	switch *page {
	case pageTicket:
		err = p.Print(ctx, escpos.ReferenceTicket())
	case pageProfile:
		err = p.PrintTestPage(ctx, tp)
	case pageProbe:
		err = p.PrintProbePage(ctx, tp, dots)
	}
	if err != nil {
		printErrorText(err)
		return fmt.Errorf("print-test: %w", err)
	}
	took := time.Since(start).Round(time.Millisecond)
	fmt.Printf("Đã in %s trên %s (%s) trong %v\n", pageNames[*page][0], *spec, *profile, took)
	fmt.Printf("Printed the %s on %s (%s) in %v\n", pageNames[*page][1], *spec, *profile, took)
	if *page == pageProbe {
		fmt.Println("Xem từng phần của trang, rồi đặt hồ sơ khớp ở bảng cuối trang (--profile, hay \"Hồ sơ máy in\" trong menu quản trị).")
		fmt.Println("Check each part of the page, then set the matching profile from its closing table (--profile, or the admin menu's printer profile).")
	}
	return nil
}

// printErrorText tells the installer what went wrong in a sentence,
// Vietnamese then English; the error itself follows from main.
func printErrorText(err error) {
	fmt.Fprintf(os.Stderr, "%s\n%s\n", printer.ErrorText(err, "vi"), printer.ErrorText(err, "en"))
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
