//go:build integration

package scanner_test

import (
	"context"
	"errors"
	"os"
	"testing"
	"time"

	"github.com/motcua-kiosk/motcua/devices/scanner"
	"github.com/motcua-kiosk/motcua/devices/serialport"
	"github.com/motcua-kiosk/motcua/devices/serialport/socattest"
)

// rig is a scanner on one end of a socat pair and the "scanner
// hardware" writing on the other.
type rig struct {
	pair  *socattest.Pair
	s     *scanner.Scanner
	codes chan string
	done  chan error
	end   *os.File
}

func start(t *testing.T, c scanner.Config) *rig {
	t.Helper()
	pair := socattest.New(t)
	c.Port.Path, c.Port.Baud = pair.A, 115200
	if c.Retry == 0 {
		c.Retry = 50 * time.Millisecond
	}
	r := &rig{pair: pair, s: scanner.New(c), codes: make(chan string, 16), done: make(chan error, 1)}
	opened := r.s.Opened()
	ctx, cancel := context.WithCancel(context.Background())
	go func() { r.done <- r.s.Run(ctx, func(code string) { r.codes <- code }) }()
	t.Cleanup(func() {
		cancel()
		select {
		case <-r.done:
		case <-time.After(10 * time.Second):
			t.Error("Run did not return after its ctx ended")
		}
	})
	r.wait(t, opened)
	r.plugEnd(t)
	return r
}

func (r *rig) wait(t *testing.T, ch <-chan struct{}) {
	t.Helper()
	select {
	case <-ch:
	case <-time.After(10 * time.Second):
		t.Fatal("the scanner's port did not open")
	}
}

// plugEnd opens the far end, where the scanner hardware writes.
func (r *rig) plugEnd(t *testing.T) {
	t.Helper()
	f, err := os.OpenFile(r.pair.B, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	r.end = f
	t.Cleanup(func() { f.Close() })
}

func (r *rig) send(t *testing.T, s string) {
	t.Helper()
	if _, err := r.end.WriteString(s); err != nil {
		t.Fatal(err)
	}
}

func (r *rig) next(t *testing.T) string {
	t.Helper()
	select {
	case c := <-r.codes:
		return c
	case <-time.After(10 * time.Second):
		t.Fatal("no code delivered")
		return ""
	}
}

// TestScanner_codes: codes ended by CR, LF and CR LF, one sent in pieces
// over several writes, an over-long line dropped whole and the code after
// it delivered, all through a real pseudo-terminal.
func TestScanner_codes(t *testing.T) {
	r := start(t, scanner.Config{MaxLen: 64})
	r.send(t, "000.00.13.H12-240315-0001\r")
	r.send(t, "H12.22-240315-0002\n")
	r.send(t, "https://dvc.example.gov.vn/tra-cuu?dossierNo=000.00.13.H12-240315-0003&secretKey=aB3xY9\r\n")
	r.send(t, "000.00.13.")
	r.send(t, "H12-2403")
	r.send(t, "15-0004\r\n")
	for _, want := range []string{"000.00.13.H12-240315-0001", "H12.22-240315-0002", "000.00.13.H12-240315-0004"} {
		if got := r.next(t); got != want {
			t.Errorf("code %q, want %q", got, want)
		}
	}
	select {
	case c := <-r.codes:
		t.Errorf("unexpected code %q", c)
	default:
	}
}

// TestScanner_suffix: a scanner set to end codes with TAB.
func TestScanner_suffix(t *testing.T) {
	r := start(t, scanner.Config{Suffix: "\t"})
	r.send(t, "A1\tB2\t")
	for _, want := range []string{"A1", "B2"} {
		if got := r.next(t); got != want {
			t.Errorf("code %q, want %q", got, want)
		}
	}
}

// TestScanner_reconnect: the cable pulled (socat killed: the device path
// vanishes) and put back; the scanner opens the port again by itself and
// the next code arrives, without the half code sent before the pull.
func TestScanner_reconnect(t *testing.T) {
	r := start(t, scanner.Config{})
	r.send(t, "BEFORE-1\r")
	if got := r.next(t); got != "BEFORE-1" {
		t.Fatalf("code %q", got)
	}
	r.send(t, "HALF-")
	opened := r.s.Opened()
	r.end.Close()
	r.pair.Unplug()
	r.pair.Plug()
	r.wait(t, opened)
	r.plugEnd(t)
	r.send(t, "AFTER-2\r")
	if got := r.next(t); got != "AFTER-2" {
		t.Errorf("code after reconnect %q, want AFTER-2", got)
	}
}

// TestScanner_Close: Close ends Run with ErrClosed, and a port that never
// opened (no such device) keeps Run retrying, not failing.
func TestScanner_Close(t *testing.T) {
	s := scanner.New(scanner.Config{Port: serialport.Config{Path: "/nonexistent/ttyUSB9"}, Retry: 20 * time.Millisecond})
	done := make(chan error, 1)
	go func() { done <- s.Run(context.Background(), func(string) {}) }()
	select {
	case err := <-done:
		t.Fatalf("Run returned %v for a missing port; it must keep retrying", err)
	case <-time.After(200 * time.Millisecond):
	}
	s.Close()
	select {
	case err := <-done:
		if !errors.Is(err, scanner.ErrClosed) {
			t.Errorf("Run after Close: %v, want ErrClosed", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return after Close")
	}
}

// TestScanner_Codes: the channel form delivers the codes and closes when
// the ctx ends.
func TestScanner_Codes(t *testing.T) {
	pair := socattest.New(t)
	s := scanner.New(scanner.Config{Port: serialport.Config{Path: pair.A, Baud: 115200}, Retry: 50 * time.Millisecond})
	opened := s.Opened()
	ctx, cancel := context.WithCancel(context.Background())
	ch := s.Codes(ctx, 4)
	<-opened
	f, err := os.OpenFile(pair.B, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	f.WriteString("C1\r\n")
	select {
	case c := <-ch:
		if c != "C1" {
			t.Errorf("code %q", c)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no code")
	}
	cancel()
	for range ch {
	}
}
