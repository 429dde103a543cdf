package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"

	"github.com/motcua-kiosk/motcua/kiosk/logging"
)

// Version is the product version, set at build time from FyneApp.toml by
// the Makefile (-ldflags "-X main.Version=...").
var Version = "dev"

var errUsage = errors.New("usage")

// errHelp stops a command after its flags' help was printed; Run turns it
// into success.
var errHelp = errors.New("help shown")

// command is one subcommand: its flags are parsed by run itself.
type command struct {
	summary string
	run     func(ctx context.Context, args []string) error
}

// commands is filled by each subcommand's file in its init, so that the
// roles can live in separate files.
var commands = map[string]command{}

func register(name, summary string, run func(ctx context.Context, args []string) error) {
	commands[name] = command{summary, run}
}

func init() {
	register("version", "print the version", func(ctx context.Context, args []string) error {
		fmt.Printf("Một Cửa Kiosk %s (%s, %s/%s)\n", Version, runtime.Version(), runtime.GOOS, runtime.GOARCH)
		return nil
	})
}

// Run runs the kiosk with command-line args (without the program name).
func Run(ctx context.Context, args []string) error {
	name := "dispenser"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		name, args = args[0], args[1:]
	}
	if name == "--version" || (len(args) > 0 && args[0] == "--version") {
		name, args = "version", nil
	}
	cmd, ok := commands[name]
	if name == "help" || !ok {
		usage(os.Stderr)
		if name == "help" {
			return nil
		}
		return fmt.Errorf("unknown command %q: %w", name, errUsage)
	}
	if err := cmd.run(ctx, args); !errors.Is(err, errHelp) {
		return err
	}
	return nil
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "Một Cửa Kiosk — usage: kiosk [command] [flags]")
	var names []string
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-11s %s\n", n, commands[n].summary)
	}
	fmt.Fprintln(w, "Run 'kiosk COMMAND -h' for a command's flags.")
}

// newFlags returns a flag set that reports errors as errUsage.
func newFlags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet("kiosk "+name, flag.ContinueOnError)
	return fs
}

func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return errHelp
		}
		return fmt.Errorf("%v: %w", err, errUsage)
	}
	return nil
}

// defaultDataDir is where the office database lives: the user's data
// directory (XDG_DATA_HOME or ~/.local/share on Linux, %LOCALAPPDATA% on
// Windows), in a folder of the product's own.
func defaultDataDir() string {
	if runtime.GOOS == "windows" {
		if d := os.Getenv("LOCALAPPDATA"); d != "" {
			return filepath.Join(d, "MotCuaKiosk")
		}
	}
	if d := os.Getenv("XDG_DATA_HOME"); d != "" {
		return filepath.Join(d, "motcua-kiosk")
	}
	if home, err := os.UserHomeDir(); err == nil {
		return filepath.Join(home, ".local", "share", "motcua-kiosk")
	}
	return "motcua-kiosk-data"
}

// startLogging makes every role log the same way: to rotated, redacted
// files under DIR/logs (what the admin menu exports and the diagnostic
// bundle takes) and to stderr; if the folder cannot be written, to stderr
// alone. It also becomes slog's default logger.
func startLogging(dir, level string) (*slog.Logger, func()) {
	log, closeLog := dataLogger(dir, level)
	slog.SetDefault(log)
	startProfiling(log)
	return log, closeLog
}

func dataLogger(dir, level string) (*slog.Logger, func()) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(level)); err != nil {
		l = slog.LevelInfo
	}
	log, f, err := logging.New(logging.Options{Dir: filepath.Join(dir, "logs"), Console: os.Stderr, Level: l})
	if err != nil {
		log := newLogger(level)
		log.Warn("log files unavailable; logging to stderr only", "dir", dir, "err", err)
		return log, func() {}
	}
	return log, func() { f.Close() }
}

func newLogger(level string) *slog.Logger {
	var l slog.Level
	if err := l.UnmarshalText([]byte(level)); err != nil {
		l = slog.LevelInfo
	}
	return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: l}))
}
