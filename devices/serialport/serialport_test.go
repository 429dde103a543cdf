package serialport

import (
	"errors"
	"testing"
	"time"

	"go.bug.st/serial/enumerator"

	"github.com/motcua-kiosk/motcua/devices"
)

func TestParseFraming(t *testing.T) {
	tests := []struct {
		in       string
		data     int
		parity   Parity
		stop     int
		wantFail bool
	}{
		{in: "8N1", data: 8, parity: NoParity, stop: 1},
		{in: "7e2", data: 7, parity: EvenParity, stop: 2},
		{in: "8O1", data: 8, parity: OddParity, stop: 1},
		{in: "9N1", wantFail: true},
		{in: "8X1", wantFail: true},
		{in: "8N3", wantFail: true},
		{in: "8N", wantFail: true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			d, p, s, err := ParseFraming(tt.in)
			if got, want := err != nil, tt.wantFail; got != want {
				t.Fatalf("ParseFraming(%q) error = %v, want failure %v", tt.in, err, want)
			}
			if tt.wantFail {
				return
			}
			if d != tt.data || p != tt.parity || s != tt.stop {
				t.Errorf("ParseFraming(%q) = %d %c %d, want %d %c %d", tt.in, d, p, s, tt.data, tt.parity, tt.stop)
			}
		})
	}
}

func TestConfig_ByteTime(t *testing.T) {
	tests := []struct {
		name string
		cfg  Config
		want time.Duration
	}{
		{"9600 8N1", Config{Baud: 9600}, 10 * time.Second / 9600},
		{"115200 8N1", Config{Baud: 115200}, 10 * time.Second / 115200},
		{"9600 8E2", Config{Baud: 9600, Parity: EvenParity, StopBits: 2}, 12 * time.Second / 9600},
		{"default", Config{}, 10 * time.Second / 9600},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, want := tt.cfg.ByteTime(), tt.want; got != want {
				t.Errorf("ByteTime() = %v, want %v", got, want)
			}
		})
	}
}

func TestOpen_errors(t *testing.T) {
	saved := listPorts
	t.Cleanup(func() { listPorts = saved })
	listPorts = func(...func(vid, pid string) bool) ([]*enumerator.PortDetails, error) {
		return []*enumerator.PortDetails{{Name: "/dev/ttyS0"}}, nil
	}
	tests := []struct {
		name         string
		cfg          Config
		code         Code
		disconnected bool
	}{
		{"missing path", Config{Path: "/dev/does-not-exist-kiosk"}, NotFound, true},
		{"bad VID:PID", Config{VIDPID: "0416"}, InvalidConfig, false},
		{"absent USB device", Config{VIDPID: "0416:5011"}, NotFound, true},
		{"bad stop bits", Config{Path: "/dev/null", StopBits: 3}, InvalidConfig, false},
		{"bad parity", Config{Path: "/dev/null", Parity: 'X'}, InvalidConfig, false},
		{"not a tty", Config{Path: "/dev/null"}, Other, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Open(tt.cfg)
			if err == nil {
				p.Close()
				t.Fatalf("Open(%+v) succeeded, want error", tt.cfg)
			}
			if got, want := CodeOf(err), tt.code; got != want {
				t.Errorf("CodeOf(%v) = %v, want %v", err, got, want)
			}
			if got, want := errors.Is(err, devices.ErrDisconnected), tt.disconnected; got != want {
				t.Errorf("errors.Is(%v, ErrDisconnected) = %v, want %v", err, got, want)
			}
		})
	}
}

func TestMatchVIDPID(t *testing.T) {
	list := []*enumerator.PortDetails{
		{Name: "/dev/ttyS0"},
		{Name: "/dev/ttyUSB1", IsUSB: true, VID: "0416", PID: "5011"},
		{Name: "/dev/ttyUSB0", IsUSB: true, VID: "0416", PID: "5011"},
		{Name: "/dev/ttyACM0", IsUSB: true, VID: "0483", PID: "5740"},
		{Name: "COM3", IsUSB: true, VID: "04B8", PID: "0E15"},
		nil,
	}
	tests := []struct{ vid, pid, want string }{
		{"0416", "5011", "/dev/ttyUSB0"},
		{"0483", "5740", "/dev/ttyACM0"},
		{"04b8", "0e15", "COM3"}, // Windows reports upper case, Linux lower
		{"04b8", "0e28", ""},
	}
	for _, tt := range tests {
		if got, want := matchVIDPID(list, tt.vid, tt.pid), tt.want; got != want {
			t.Errorf("matchVIDPID(%s:%s) = %q, want %q", tt.vid, tt.pid, got, want)
		}
	}
}

// TestEnumerator_list runs the real enumerator on this machine, the only
// exercise VID:PID lookup gets without a USB printer attached.
func TestEnumerator_list(t *testing.T) {
	list, err := enumerator.GetDetailedPortsList()
	if err != nil {
		t.Fatalf("GetDetailedPortsList: %v", err)
	}
	for _, d := range list {
		t.Logf("port %q usb=%v %s:%s", d.Name, d.IsUSB, d.VID, d.PID)
	}
}
