package printer

import (
	"bytes"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/motcua-kiosk/motcua/devices"
	"github.com/motcua-kiosk/motcua/devices/escpos"
	"github.com/motcua-kiosk/motcua/devices/escpos/interp"
	"github.com/motcua-kiosk/motcua/devices/serialport"
)

// Config is what Open needs besides the SPEC: the printer model, the text
// strategy, the line settings and the driver options.
type Config struct {
	// Profile names the printer model in the profiles file; default
	// "generic-80mm".
	Profile string
	// Strategy overrides the profile's text strategy when set.
	Strategy escpos.Strategy
	// Serial holds baud, framing, flow control and chunking for serial
	// SPECs; its Path and VIDPID come from the SPEC. When StallTimeout is
	// zero Open sets 2 s, so a printer holding a job with XOFF is asked why.
	Serial serialport.Config
	// Options tune the driver; Open sets Reopen itself for serial SPECs.
	Options Options
	// Render turns a job into PNG bytes for virtual:DIR; nil uses the
	// virtual printer (devices/escpos/interp), RenderPNG.
	Render func(job []byte, profile escpos.Profile) ([]byte, error)
}

// ErrSpec is returned for a SPEC Open cannot read.
var ErrSpec = errors.New("invalid printer spec")

// Open opens the printer a SPEC names:
//
//	/dev/ttyUSB0, COM3   a serial line by path
//	usb:0416:5011        a USB serial printer by vendor and product ID
//	file:PATH            raw bytes appended to PATH; always ready
//	virtual:DIR          each job saved as DIR/<time>-<n>.bin (and .png); always ready
//
// A serial printer that is missing at start-up is not an error: the
// Printer starts in state Disconnected and connects when it appears (the
// kiosk must start even with the printer unplugged). Errors that will not
// fix themselves (bad SPEC, unknown profile, bad baud, permission denied)
// are returned, and so is a Strategy the profile's printer cannot run
// (an error matching escpos.ErrUnsupported).
func Open(spec string, cfg Config) (*Printer, error) {
	name := cfg.Profile
	if name == "" {
		name = "generic-80mm"
	}
	profile, err := escpos.LookupProfile(name)
	if err != nil {
		return nil, fmt.Errorf("open printer %s: %w", spec, err)
	}
	// A strategy the profile says the printer cannot run will not fix
	// itself: refuse now rather than fail every ticket.
	if _, err := profile.ResolveStrategy(cfg.Strategy); err != nil {
		return nil, fmt.Errorf("open printer %s: %w", spec, err)
	}
	opts := cfg.Options.withDefaults()
	kind, rest, _ := strings.Cut(spec, ":")
	switch {
	case spec == "":
		return nil, fmt.Errorf("open printer: %w: empty", ErrSpec)
	case kind == "file" && rest != "":
		return newPrinter(fileBackend{path: rest}, profile, cfg.Strategy, opts.Logger), nil
	case kind == "virtual" && rest != "":
		v := &virtualBackend{dir: rest}
		v.render = func(job []byte) ([]byte, error) {
			if cfg.Render != nil {
				return cfg.Render(job, profile)
			}
			return renderPNG(job, profile, opts.Logger)
		}
		return newPrinter(v, profile, cfg.Strategy, opts.Logger), nil
	case kind == "usb":
		cfg.Serial.Path, cfg.Serial.VIDPID = "", rest
	case kind == "file" || kind == "virtual":
		return nil, fmt.Errorf("open printer %q: %w: %s: needs a path", spec, ErrSpec, kind)
	default:
		cfg.Serial.Path, cfg.Serial.VIDPID = spec, ""
	}
	return openSerial(spec, cfg.Serial, profile, cfg.Strategy, opts)
}

func openSerial(spec string, sc serialport.Config, profile escpos.Profile, strategy escpos.Strategy, opts Options) (*Printer, error) {
	if sc.StallTimeout == 0 {
		sc.StallTimeout = 2 * time.Second
	}
	reopen := func() (devices.Port, error) {
		p, err := serialport.Open(sc)
		if err != nil {
			return nil, err
		}
		return p, nil
	}
	opts.Reopen = reopen
	port, err := reopen()
	switch code := serialport.CodeOf(err); {
	case err == nil:
	case code == serialport.InvalidConfig || code == serialport.PermissionDenied:
		return nil, fmt.Errorf("open printer %s: %w", spec, err)
	default:
		opts.Logger.Warn("printer not available at start; will retry", "spec", spec, "err", err)
		port = nil
	}
	return newPrinter(newSerial(port, opts), profile, strategy, opts.Logger), nil
}

// RenderPNG draws a job as the virtual printer (devices/escpos/interp)
// would print it on the profile's paper and returns the PNG.
func RenderPNG(job []byte, profile escpos.Profile) ([]byte, error) {
	return renderPNG(job, profile, nil)
}

// renderPNG is RenderPNG that logs the commands the virtual printer did
// not draw, so a stream problem is seen, not silently skipped.
func renderPNG(job []byte, profile escpos.Profile, log *slog.Logger) ([]byte, error) {
	img, rep, err := interp.Render(job, profile)
	if err != nil {
		return nil, fmt.Errorf("render job: %w", err)
	}
	if log != nil && len(rep.Unknown) > 0 {
		log.Warn("virtual printer: commands not drawn", "count", len(rep.Unknown), "first", rep.Unknown[0].String())
	}
	var buf bytes.Buffer
	if err := interp.WritePNG(&buf, img); err != nil {
		return nil, fmt.Errorf("render job: %w", err)
	}
	return buf.Bytes(), nil
}
