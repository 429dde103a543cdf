//go:build integration

package serialport_test

import (
	"bytes"
	"errors"
	"io"
	"os"
	"testing"
	"time"

	"github.com/motcua-kiosk/motcua/devices"
	"github.com/motcua-kiosk/motcua/devices/serialport"
	"github.com/motcua-kiosk/motcua/devices/serialport/socattest"
)

func open(t *testing.T, c serialport.Config) *serialport.Port {
	t.Helper()
	p, err := serialport.Open(c)
	if err != nil {
		t.Fatalf("Open(%s): %v", c.Path, err)
	}
	t.Cleanup(func() { p.Close() })
	return p
}

// readN reads exactly n bytes or fails after timeout.
func readN(t *testing.T, p *serialport.Port, n int, timeout time.Duration) []byte {
	t.Helper()
	p.SetReadTimeout(50 * time.Millisecond)
	var got []byte
	buf := make([]byte, 4096)
	deadline := time.Now().Add(timeout)
	for len(got) < n && time.Now().Before(deadline) {
		k, err := p.Read(buf)
		if err != nil {
			t.Fatalf("Read after %d bytes: %v", len(got), err)
		}
		got = append(got, buf[:k]...)
	}
	return got
}

func TestPort_roundTrip(t *testing.T) {
	pair := socattest.New(t)
	a := open(t, serialport.Config{Path: pair.A, Baud: 115200, ChunkSize: 64})
	b := open(t, serialport.Config{Path: pair.B, Baud: 115200})
	msg := make([]byte, 10000)
	for i := range msg {
		msg[i] = byte(i * 7)
	}
	done := make(chan error, 1)
	go func() { _, err := a.Write(msg); done <- err }()
	got := readN(t, b, len(msg), 5*time.Second)
	if err := <-done; err != nil {
		t.Fatalf("Write: %v", err)
	}
	if !bytes.Equal(got, msg) {
		t.Fatalf("received %d bytes, differ from the %d sent", len(got), len(msg))
	}
	// The other way, with XON/XOFF off every byte value passes.
	if _, err := b.Write([]byte{0x12, serialport.XOFF, serialport.XON, 0x16}); err != nil {
		t.Fatal(err)
	}
	if got, want := readN(t, a, 4, time.Second), []byte{0x12, 0x13, 0x11, 0x16}; !bytes.Equal(got, want) {
		t.Errorf("read % x, want % x", got, want)
	}
}

func TestPort_XONXOFF(t *testing.T) {
	pair := socattest.New(t)
	kiosk := open(t, serialport.Config{Path: pair.A, Baud: 115200, XONXOFF: true, ChunkSize: 16})
	printer := open(t, serialport.Config{Path: pair.B, Baud: 115200})

	// XOFF with a status byte on each side: the status bytes reach Read,
	// the flow-control byte does not.
	if _, err := printer.Write([]byte{0x12, serialport.XOFF, 0x1e}); err != nil {
		t.Fatal(err)
	}
	if got, want := readN(t, kiosk, 2, time.Second), []byte{0x12, 0x1e}; !bytes.Equal(got, want) {
		t.Fatalf("kiosk read % x, want % x", got, want)
	}
	if !kiosk.Paused() {
		t.Fatal("Paused() = false after XOFF")
	}
	done := make(chan error, 1)
	go func() { _, err := kiosk.Write(bytes.Repeat([]byte("x"), 100)); done <- err }()
	if got := readN(t, printer, 1, 300*time.Millisecond); len(got) != 0 {
		t.Fatalf("printer received %q while it had sent XOFF", got)
	}
	// A real-time status request still goes out while paused.
	if _, err := kiosk.WriteRealtime([]byte{0x10, 0x04, 0x01}); err != nil {
		t.Fatalf("WriteRealtime: %v", err)
	}
	if got, want := readN(t, printer, 3, time.Second), []byte{0x10, 0x04, 0x01}; !bytes.Equal(got, want) {
		t.Fatalf("printer read % x while paused, want % x", got, want)
	}
	if _, err := printer.Write([]byte{serialport.XON}); err != nil {
		t.Fatal(err)
	}
	if got := readN(t, printer, 100, 2*time.Second); len(got) != 100 {
		t.Fatalf("after XON printer got %d bytes, want 100", len(got))
	}
	if err := <-done; err != nil {
		t.Fatalf("Write: %v", err)
	}
}

func TestPort_stallTimeout(t *testing.T) {
	pair := socattest.New(t)
	kiosk := open(t, serialport.Config{Path: pair.A, XONXOFF: true, StallTimeout: 200 * time.Millisecond, ChunkSize: 8})
	printer := open(t, serialport.Config{Path: pair.B})
	printer.Write([]byte{serialport.XOFF})
	deadline := time.Now().Add(30 * time.Second)
	for !kiosk.Paused() && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	start := time.Now()
	n, err := kiosk.Write([]byte("0123456789"))
	if got, want := serialport.CodeOf(err), serialport.Stalled; got != want {
		t.Fatalf("Write error = %v (code %v), want code %v", err, got, want)
	}
	if n != 0 {
		t.Errorf("Write wrote %d bytes while paused, want 0", n)
	}
	if d := time.Since(start); d < 200*time.Millisecond {
		t.Errorf("Write gave up after %v, before the stall timeout", d)
	}
}

func TestPort_pace(t *testing.T) {
	pair := socattest.New(t)
	cfg := serialport.Config{Path: pair.A, Baud: 38400, Pace: true, ChunkSize: 128}
	kiosk := open(t, cfg)
	printer := open(t, serialport.Config{Path: pair.B})
	go io.Copy(io.Discard, printer)
	msg := make([]byte, 3840) // one second of wire at 38400 8N1
	start := time.Now()
	if _, err := kiosk.Write(msg); err != nil {
		t.Fatal(err)
	}
	if err := kiosk.Drain(); err != nil {
		t.Fatal(err)
	}
	got, want := time.Since(start), time.Duration(len(msg))*cfg.ByteTime()
	if got < want*95/100 || got > want*3 {
		t.Errorf("paced write of %d bytes took %v, want about %v", len(msg), got, want)
	}
}

func TestOpen_busy(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root bypasses the exclusive lock (TIOCEXCL) that makes a second Open busy")
	}
	pair := socattest.New(t)
	open(t, serialport.Config{Path: pair.A})
	_, err := serialport.Open(serialport.Config{Path: pair.A})
	if got, want := serialport.CodeOf(err), serialport.Busy; got != want {
		t.Errorf("second Open error = %v (code %v), want code %v", err, got, want)
	}
}

func TestPort_unplug(t *testing.T) {
	pair := socattest.New(t)
	kiosk := open(t, serialport.Config{Path: pair.A, XONXOFF: true})
	kiosk.SetReadTimeout(2 * time.Second)
	pair.Unplug()
	_, err := kiosk.Read(make([]byte, 8))
	if !errors.Is(err, devices.ErrDisconnected) {
		t.Fatalf("Read after unplug = %v, want ErrDisconnected", err)
	}
	if _, err := kiosk.Write([]byte("x")); !errors.Is(err, devices.ErrDisconnected) {
		t.Errorf("Write after unplug = %v, want ErrDisconnected", err)
	}
	if _, err := serialport.Open(serialport.Config{Path: pair.A}); !errors.Is(err, devices.ErrDisconnected) {
		t.Errorf("Open while unplugged = %v, want ErrDisconnected", err)
	}
	pair.Plug()
	again := open(t, serialport.Config{Path: pair.A})
	printer := open(t, serialport.Config{Path: pair.B})
	if _, err := again.Write([]byte("ok")); err != nil {
		t.Fatalf("Write after re-plug: %v", err)
	}
	if got, want := string(readN(t, printer, 2, time.Second)), "ok"; got != want {
		t.Errorf("after re-plug printer read %q, want %q", got, want)
	}
}
