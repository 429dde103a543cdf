package scanner

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/motcua-kiosk/motcua/devices"
	"github.com/motcua-kiosk/motcua/devices/serialport"
)

// Config says which port the scanner is on and how its codes end.
type Config struct {
	// Port is the serial line: Path ("/dev/ttyACM0") or VIDPID, and Baud
	// (9600 when zero, the factory rate of most scanners).
	Port serialport.Config
	// Suffix is an extra end-of-code the scanner is set to send; CR and LF
	// end a code whatever it is.
	Suffix string
	// MaxLen bounds a code in bytes; 0 is DefaultMaxLen.
	MaxLen int
	// Retry is how long Run waits before opening the port again after it
	// failed or went away; 0 is DefaultRetry.
	Retry time.Duration
	// Log hears opens, losses and dropped lines; nil is slog.Default().
	// Codes themselves are never logged: a slip's QR carries its secret.
	Log *slog.Logger
}

// DefaultRetry is Config.Retry's default.
const DefaultRetry = 2 * time.Second

// pollEvery is how often a blocked read looks at ctx.
const pollEvery = 250 * time.Millisecond

// ErrClosed is what Run returns after Close.
var ErrClosed = errors.New("scanner closed")

// Scanner is a barcode scanner on a serial line. Make it with New; Run
// reads it. It is safe to call Close from any goroutine.
type Scanner struct {
	cfg Config
	log *slog.Logger

	mu     sync.Mutex
	port   *serialport.Port // the port open now, nil between opens
	closed bool
	done   chan struct{}
	opened chan struct{} // closed and renewed at each successful open (tests)
}

var _ devices.Scanner = (*Scanner)(nil)

// New returns a scanner for c; it opens nothing until Run.
func New(c Config) *Scanner {
	if c.Retry <= 0 {
		c.Retry = DefaultRetry
	}
	if c.Port.Baud == 0 {
		c.Port.Baud = 9600
	}
	log := c.Log
	if log == nil {
		log = slog.Default()
	}
	return &Scanner{cfg: c, log: log.With("scanner", name(c.Port)), done: make(chan struct{}), opened: make(chan struct{})}
}

func name(c serialport.Config) string {
	if c.Path != "" {
		return c.Path
	}
	return "usb:" + c.VIDPID
}

// Run opens the port and calls onScan with every code read, one call at a
// time on Run's goroutine, until ctx is done (it returns ctx.Err()) or
// Close is called (ErrClosed). A port that cannot be opened or goes away
// is opened again every Retry: Run does not return for it. onScan should
// hand the code over quickly (a UI takes it with fyne.Do).
func (s *Scanner) Run(ctx context.Context, onScan func(code string)) error {
	lines := &Lines{Suffix: s.cfg.Suffix, MaxLen: s.cfg.MaxLen, OnDrop: func(n int) {
		s.log.Warn("scanner: line too long, dropped", "bytes", n, "max", s.maxLen())
	}}
	var lastErr string
	for {
		if err := s.stopped(ctx); err != nil {
			return err
		}
		p, err := serialport.Open(s.cfg.Port)
		if err == nil {
			lastErr = ""
			s.log.Info("scanner: port open")
			err = s.read(ctx, p, lines, onScan)
			lines.Reset()
			if serr := s.stopped(ctx); serr != nil {
				return serr
			}
			s.log.Warn("scanner: port lost, will reopen", "err", err, "retry", s.cfg.Retry)
		} else if msg := err.Error(); msg != lastErr {
			// Said once per cause, not every Retry for a scanner left unplugged all day.
			lastErr = msg
			s.log.Warn("scanner: cannot open, will retry", "err", err, "retry", s.cfg.Retry)
		}
		t := time.NewTimer(s.cfg.Retry)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-s.done:
			t.Stop()
			return ErrClosed
		case <-t.C:
		}
	}
}

func (s *Scanner) maxLen() int {
	if s.cfg.MaxLen > 0 {
		return s.cfg.MaxLen
	}
	return DefaultMaxLen
}

// stopped says why Run must stop, or nil.
func (s *Scanner) stopped(ctx context.Context) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	select {
	case <-s.done:
		return ErrClosed
	default:
		return nil
	}
}

// read delivers codes from an open port until it fails, ctx is done or
// the scanner is closed; the port is closed on return.
func (s *Scanner) read(ctx context.Context, p *serialport.Port, lines *Lines, onScan func(string)) error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		p.Close()
		return ErrClosed
	}
	s.port = p
	close(s.opened)
	s.opened = make(chan struct{})
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		s.port = nil
		s.mu.Unlock()
		p.Close()
	}()
	p.SetReadTimeout(pollEvery)
	buf := make([]byte, 512)
	for {
		n, err := p.Read(buf)
		if n > 0 {
			lines.Write(buf[:n], onScan)
		}
		if err != nil {
			return fmt.Errorf("read: %w", err)
		}
		if serr := s.stopped(ctx); serr != nil {
			return serr
		}
	}
}

// Close stops Run and closes the port. It is safe to call twice.
func (s *Scanner) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil
	}
	s.closed = true
	close(s.done)
	if s.port != nil {
		s.port.Close() // Run's read returns at once
	}
	return nil
}

// Opened returns a channel closed at the next successful open of the
// port: a test waits on it before it sends codes, rather than sleeping.
func (s *Scanner) Opened() <-chan struct{} {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.opened
}

// Codes runs the scanner on its own goroutine and delivers the codes on a
// channel, which is closed when Run returns (ctx done or Close). The
// channel holds up to buffer codes; when the reader falls that far
// behind, the oldest waiting code is dropped, not the scanner blocked.
func (s *Scanner) Codes(ctx context.Context, buffer int) <-chan string {
	ch := make(chan string, max(1, buffer))
	go func() {
		defer close(ch)
		s.Run(ctx, func(code string) {
			for {
				select {
				case ch <- code:
					return
				default:
				}
				select {
				case <-ch:
					s.log.Warn("scanner: codes not taken, oldest dropped")
				default:
				}
			}
		})
	}()
	return ch
}
