package printer

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/motcua-kiosk/motcua/devices"
	"github.com/motcua-kiosk/motcua/devices/escpos"
	"github.com/motcua-kiosk/motcua/devices/serialport"
)

// realtimeWriter is a port that can send ESC/POS real-time commands past
// an XOFF (serialport.Port does).
type realtimeWriter interface {
	WriteRealtime(b []byte) (int, error)
}

// inputResetter is a port that can drop unread input (serialport.Port does).
type inputResetter interface {
	ResetInputBuffer() error
}

// isStall recognises a write that gave up waiting for XON.
func isStall(err error) bool { return serialport.CodeOf(err) == serialport.Stalled }

// disconnectedErr is the error for a printer that is not there: a
// *devices.StatusError in state Disconnected (so errors.As finds the state
// and errors.Is finds devices.ErrDisconnected), with the cause in the text.
func disconnectedErr(op string, cause error) error {
	se := &devices.StatusError{Status: disconnected(), Op: op}
	if cause == nil {
		return se
	}
	return fmt.Errorf("%w (%v)", se, cause)
}

// serialBackend drives a printer over a devices.Port and reopens the port
// after it fails.
type serialBackend struct {
	port   devices.Port // nil while the device is gone
	opts   Options
	wait   time.Duration // current backoff
	nextAt time.Time     // no reopen before this
}

func newSerial(port devices.Port, opts Options) *serialBackend {
	return &serialBackend{port: port, opts: opts, wait: opts.MinBackoff}
}

var errNoReopen = errors.New("port failed and no reopen function is set")

// ensure makes sure a port is open, reopening it with backoff.
func (s *serialBackend) ensure() error {
	if s.port != nil {
		return nil
	}
	if s.opts.Reopen == nil {
		return errNoReopen
	}
	now := time.Now()
	if now.Before(s.nextAt) {
		return fmt.Errorf("next reopen in %v", s.nextAt.Sub(now).Round(time.Millisecond))
	}
	port, err := s.opts.Reopen()
	if err != nil {
		s.nextAt = now.Add(s.wait)
		s.wait = min(2*s.wait, s.opts.MaxBackoff)
		s.opts.Logger.Debug("printer reopen failed", "err", err, "retry_in", s.wait)
		return fmt.Errorf("reopen printer: %w", err)
	}
	s.opts.Logger.Info("printer port reopened")
	s.port, s.wait, s.nextAt = port, s.opts.MinBackoff, time.Time{}
	return nil
}

// fail drops a port that returned an I/O error; the next call reopens.
func (s *serialBackend) fail(op string, err error) error {
	s.opts.Logger.Warn("printer port failed", "op", op, "err", err)
	if s.port != nil {
		_ = s.port.Close()
		s.port = nil
	}
	return disconnectedErr(op, err)
}

func disconnected() devices.Status { return devices.Status{Disconnected: true, At: time.Now()} }

// settle is how long to let stray bytes arrive before re-reading a fault.
const settle = 30 * time.Millisecond

// status drains what was written, then asks DLE EOT 1..4 one at a time.
// A fault is read twice: a printer answers a DLE EOT pattern that occurs
// by chance inside raster data too, and such a stray answer, arriving
// while the next request waits, would be misread as a fault.
func (s *serialBackend) status(ctx context.Context) (devices.Status, error) {
	if err := s.ensure(); err != nil {
		return disconnected(), disconnectedErr("status", err)
	}
	if err := s.port.Drain(); err != nil {
		return disconnected(), s.fail("status", err)
	}
	st, err := s.query(ctx)
	if err == nil && !st.State().CanPrint() {
		time.Sleep(settle)
		st, err = s.query(ctx)
	}
	return st, err
}

// query asks DLE EOT 1..4 once.
func (s *serialBackend) query(ctx context.Context) (devices.Status, error) {
	s.resetInput()
	if err := s.port.SetReadTimeout(s.opts.StatusTimeout); err != nil {
		return disconnected(), s.fail("status", err)
	}
	var st devices.Status
	for n := 1; n <= 4; n++ {
		if err := ctx.Err(); err != nil {
			return devices.Status{}, fmt.Errorf("printer status: %w", err)
		}
		b, ok, err := s.ask(n)
		if err != nil {
			return disconnected(), s.fail("status", err)
		}
		if !ok {
			return disconnected(), disconnectedErr("status", fmt.Errorf("no answer to DLE EOT %d within %v", n, s.opts.StatusTimeout))
		}
		if err := escpos.ParseStatus(n, b, &st); err != nil {
			return disconnected(), fmt.Errorf("printer status: DLE EOT %d answer %#02x: %w", n, b, err)
		}
	}
	st.At = time.Now()
	return st, nil
}

// ask sends DLE EOT n and waits one status timeout for the answer byte.
func (s *serialBackend) ask(n int) (byte, bool, error) {
	req := escpos.StatusRequest(n)
	var err error
	if rt, ok := s.port.(realtimeWriter); ok {
		_, err = rt.WriteRealtime(req)
	} else {
		_, err = s.port.Write(req)
	}
	if err != nil {
		return 0, false, err
	}
	var b [1]byte
	deadline := time.Now().Add(s.opts.StatusTimeout)
	for time.Now().Before(deadline) {
		k, err := s.port.Read(b[:])
		if err != nil {
			return 0, false, err
		}
		if k == 1 {
			return b[0], true, nil
		}
	}
	return 0, false, nil
}

// resetInput drops stale bytes (late answers, automatic status back).
func (s *serialBackend) resetInput() {
	if r, ok := s.port.(inputResetter); ok {
		_ = r.ResetInputBuffer()
		return
	}
	_ = s.port.SetReadTimeout(time.Millisecond)
	var junk [64]byte
	for {
		if n, err := s.port.Read(junk[:]); n == 0 || err != nil {
			return
		}
	}
}

// send writes the job; while the printer holds it with XOFF past the
// port's stall timeout, it asks the printer why and gives up on a fault.
func (s *serialBackend) send(ctx context.Context, job []byte) error {
	if err := s.ensure(); err != nil {
		return disconnectedErr("print", err)
	}
	for len(job) > 0 {
		n, err := s.port.Write(job)
		job = job[n:]
		switch {
		case err == nil:
		case isStall(err):
			if cerr := ctx.Err(); cerr != nil {
				return fmt.Errorf("send job, %d bytes left: %w", len(job), cerr)
			}
			st, serr := s.status(ctx)
			if serr != nil {
				return serr
			}
			if !st.State().CanPrint() {
				return &devices.StatusError{Status: st, Op: "print"}
			}
		default:
			return s.fail("print", fmt.Errorf("send job, %d bytes left: %w", len(job), err))
		}
	}
	return nil
}

func (s *serialBackend) close() error {
	if s.port == nil {
		return nil
	}
	err := s.port.Close()
	s.port = nil
	s.opts.Reopen = nil
	return err
}

func asStatusError(err error, se **devices.StatusError) bool { return errors.As(err, se) }

func isDisconnected(err error) bool { return errors.Is(err, devices.ErrDisconnected) }
