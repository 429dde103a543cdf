package printertest

import (
	"testing"

	"github.com/motcua-kiosk/motcua/devices"
	"github.com/motcua-kiosk/motcua/devices/escpos"
)

// TestStatusByte_roundTrip checks the test printer's answers against the
// driver's parser: what one says, the other reads back.
func TestStatusByte_roundTrip(t *testing.T) {
	tests := []struct {
		name string
		st   devices.Status
	}{
		{"ready", devices.Status{Online: true}},
		{"near end", devices.Status{Online: true, PaperNearEnd: true}},
		{"paper end", devices.Status{PaperEnd: true, PaperNearEnd: true}},
		{"cover open", devices.Status{CoverOpen: true}},
		{"cutter", devices.Status{CutterError: true}},
		{"unrecoverable", devices.Status{Unrecoverable: true}},
		{"hot head", devices.Status{AutoRecoverable: true}},
		{"offline", devices.Status{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got devices.Status
			for n := 1; n <= 4; n++ {
				b := StatusByte(n, tt.st)
				if b == XON || b == XOFF {
					t.Fatalf("StatusByte(%d) = %#02x, a flow-control byte", n, b)
				}
				if err := escpos.ParseStatus(n, b, &got); err != nil {
					t.Fatalf("ParseStatus(%d, %#02x): %v", n, b, err)
				}
			}
			if got, want := got.State(), tt.st.State(); got != want {
				t.Errorf("parsed state %v, want %v", got, want)
			}
		})
	}
}

func TestCmdLen(t *testing.T) {
	raster := append([]byte{0x1d, 'v', '0', 0, 2, 0, 3, 0}, make([]byte, 6)...)
	qr := append([]byte{0x1d, '(', 'k', 7, 0}, "1P0abcd"...)
	udc := []byte{0x1b, '&', 3, 'A', 'B', 1, 1, 2, 3, 2, 1, 2, 3, 4, 5, 6}
	tests := []struct {
		name string
		in   []byte
		want int
	}{
		{"text", []byte("A"), 1},
		{"init", []byte{0x1b, '@'}, 2},
		{"align", []byte{0x1b, 'a', 1}, 3},
		{"size", []byte{0x1d, '!', 0x33}, 3},
		{"cut", []byte{0x1d, 'V', 0}, 3},
		{"cut feed", []byte{0x1d, 'V', 66, 3}, 4},
		{"raster", raster, len(raster)},
		{"qr", qr, len(qr)},
		{"user chars", udc, len(udc)},
		{"status", []byte{0x10, 0x04, 1}, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, ok := cmdLen(tt.in)
			if !ok || n != tt.want {
				t.Errorf("cmdLen(% x) = %d, %v; want %d, true", tt.in, n, ok, tt.want)
			}
			if len(tt.in) > 1 {
				if _, ok := cmdLen(tt.in[:len(tt.in)-1]); ok {
					t.Errorf("cmdLen of all but the last byte reports complete")
				}
			}
		})
	}
}

// TestPrinter_step drives the printer without a line: answers, jobs, paper end.
func TestPrinter_step(t *testing.T) {
	p := New(nil)
	p.PaperEndAfter = 1
	job := []byte{0x1b, '@', 'h', 'i', 0x1d, 'V', 0}
	if out := p.step(append([]byte{0x10, 0x04, 4}, job...), 0); len(out) != 1 || out[0] != 0x12 {
		t.Fatalf("answer to DLE EOT 4 = % x, want 12", out)
	}
	if got, want := len(p.Jobs()), 1; got != want {
		t.Fatalf("%d jobs, want %d", got, want)
	}
	if got := p.Jobs()[0]; string(got) != string(job) {
		t.Errorf("job % x, want % x", got, job)
	}
	// The second job finds the roll empty.
	p.step(job, 0)
	if out := p.step([]byte{0x10, 0x04, 4}, 0); len(out) != 1 || out[0] != 0x7e {
		t.Errorf("paper sensor after the roll ran out = % x, want 7e", out)
	}
	if got, want := len(p.Jobs()), 1; got != want {
		t.Errorf("%d jobs printed without paper, want %d", got, want)
	}
}
