package printer_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/motcua-kiosk/motcua/devices"
	"github.com/motcua-kiosk/motcua/devices/escpos"
	"github.com/motcua-kiosk/motcua/devices/printer"
)

func TestOpen_spec(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		spec    string
		cfg     printer.Config
		wantErr error // nil: opens
		state   devices.State
	}{
		{spec: "file:" + filepath.Join(dir, "out.bin"), state: devices.StateReady},
		{spec: "virtual:" + filepath.Join(dir, "v"), state: devices.StateReady},
		{spec: "", wantErr: printer.ErrSpec},
		{spec: "file:", wantErr: printer.ErrSpec},
		{spec: "virtual:", wantErr: printer.ErrSpec},
		{spec: "file:x", cfg: printer.Config{Profile: "no-such-printer"}, wantErr: escpos.ErrUnknownProfile},
		// A serial printer missing at start-up opens in state Disconnected.
		{spec: "/dev/no-such-tty", state: devices.StateDisconnected},
		{spec: "usb:0416:5011", state: devices.StateDisconnected},
	}
	for _, tt := range tests {
		t.Run(tt.spec, func(t *testing.T) {
			tt.cfg.Options.StatusTimeout = 50 * time.Millisecond
			p, err := printer.Open(tt.spec, tt.cfg)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("Open(%q) = %v, want %v", tt.spec, err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("Open(%q): %v", tt.spec, err)
			}
			defer p.Close()
			st, _ := p.Status(context.Background())
			if got, want := st.State(), tt.state; got != want {
				t.Errorf("Status().State() = %v, want %v", got, want)
			}
		})
	}
}

func TestOpen_badSerialConfig(t *testing.T) {
	cfg := printer.Config{}
	cfg.Serial.StopBits = 3
	if _, err := printer.Open("/dev/ttyUSB0", cfg); err == nil {
		t.Fatal("Open with 3 stop bits succeeded")
	}
}

func TestPrinter_Print_file(t *testing.T) {
	path := filepath.Join(t.TempDir(), "capture.bin")
	p, err := printer.Open("file:"+path, printer.Config{})
	if err != nil {
		t.Fatal(err)
	}
	prof, _ := escpos.LookupProfile("generic-80mm")
	tk := escpos.ReferenceTicket()
	want, err := escpos.EncodeTicket(tk, prof, prof.Strategy)
	if err != nil {
		t.Skipf("encoder not ready: %v", err)
	}
	for range 2 {
		if err := p.Print(context.Background(), tk); err != nil {
			t.Fatalf("Print: %v", err)
		}
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, append(append([]byte(nil), want...), want...)) {
		t.Errorf("file holds %d bytes, want two jobs of %d", len(got), len(want))
	}
}

func TestPrinter_Print_virtual(t *testing.T) {
	dir := t.TempDir()
	rendered := 0
	p, err := printer.Open("virtual:"+dir, printer.Config{
		Profile: "generic-58mm",
		Render: func(job []byte, prof escpos.Profile) ([]byte, error) {
			rendered++
			if prof.Name != "generic-58mm" {
				t.Errorf("render got profile %q", prof.Name)
			}
			return []byte("\x89PNG fake"), nil
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	job := []byte{0x1b, '@', 'h', 'i', 0x1d, 'V', 0}
	for range 3 {
		if err := p.PrintJob(context.Background(), job); err != nil {
			t.Fatalf("PrintJob: %v", err)
		}
	}
	bins, _ := filepath.Glob(filepath.Join(dir, "*.bin"))
	pngs, _ := filepath.Glob(filepath.Join(dir, "*.png"))
	if got, want := len(bins), 3; got != want {
		t.Fatalf("%d .bin files, want %d", got, want)
	}
	if got, want := len(pngs), 3; got != want {
		t.Errorf("%d .png files, want %d", got, want)
	}
	if got, want := rendered, 3; got != want {
		t.Errorf("rendered %d jobs, want %d", got, want)
	}
	if !strings.HasSuffix(bins[2], "-0003.bin") {
		t.Errorf("third job saved as %s, want a -0003.bin suffix", bins[2])
	}
	got, _ := os.ReadFile(bins[0])
	if !bytes.Equal(got, job) {
		t.Errorf(".bin holds % x, want % x", got, job)
	}
}

func TestPrinter_Watch_file(t *testing.T) {
	p, err := printer.Open("file:"+filepath.Join(t.TempDir(), "x"), printer.Config{})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	var seen []devices.State
	err = p.Watch(ctx, 20*time.Millisecond, func(st devices.Status) { seen = append(seen, st.State()) })
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Watch = %v, want DeadlineExceeded", err)
	}
	// A state that never changes is reported once.
	if got, want := len(seen), 1; got != want || seen[0] != devices.StateReady {
		t.Errorf("Watch reported %v, want one ready", seen)
	}
	if err := p.Watch(ctx, 0, func(devices.Status) {}); err == nil {
		t.Error("Watch with zero interval succeeded")
	}
}

func TestPrinter_Close(t *testing.T) {
	p, err := printer.Open("file:"+filepath.Join(t.TempDir(), "x"), printer.Config{})
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- p.Watch(context.Background(), 10*time.Millisecond, func(devices.Status) {}) }()
	time.Sleep(30 * time.Millisecond)
	if err := p.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	select {
	case err := <-done:
		if !errors.Is(err, printer.ErrClosed) {
			t.Errorf("Watch after Close = %v, want ErrClosed", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("Watch did not return after Close")
	}
	if err := p.PrintJob(context.Background(), []byte("x")); !errors.Is(err, printer.ErrClosed) {
		t.Errorf("PrintJob after Close = %v, want ErrClosed", err)
	}
	if _, err := p.Status(context.Background()); !errors.Is(err, printer.ErrClosed) {
		t.Errorf("Status after Close = %v, want ErrClosed", err)
	}
	if err := p.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
}
