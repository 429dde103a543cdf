package escpos

import (
	"bytes"
	"errors"
	"testing"

	"github.com/motcua-kiosk/motcua/devices"
)

func TestStatusRequest(t *testing.T) {
	for n := 1; n <= 4; n++ {
		if got, want := StatusRequest(n), []byte{0x10, 0x04, byte(n)}; !bytes.Equal(got, want) {
			t.Errorf("StatusRequest(%d) = % x, want % x", n, got, want)
		}
	}
}

func TestParseStatus(t *testing.T) {
	tests := []struct {
		name    string
		answers [4]byte // to DLE EOT 1..4
		want    devices.State
		check   func(devices.Status) bool
	}{
		{"ready", [4]byte{0x12, 0x12, 0x12, 0x12}, devices.StateReady, func(s devices.Status) bool { return s.Online }},
		{"near end", [4]byte{0x12, 0x12, 0x12, 0x1E}, devices.StatePaperNearEnd, func(s devices.Status) bool { return s.PaperNearEnd && !s.PaperEnd }},
		{"paper end", [4]byte{0x1A, 0x32, 0x12, 0x7E}, devices.StatePaperEnd, func(s devices.Status) bool { return s.PaperEnd && !s.Online }},
		{"cover open", [4]byte{0x1A, 0x16, 0x12, 0x12}, devices.StateCoverOpen, func(s devices.Status) bool { return s.CoverOpen }},
		{"offline", [4]byte{0x1A, 0x12, 0x12, 0x12}, devices.StateOffline, func(s devices.Status) bool { return !s.Online }},
		{"cutter", [4]byte{0x1A, 0x52, 0x1A, 0x12}, devices.StateCutterError, func(s devices.Status) bool { return s.CutterError }},
		{"unrecoverable", [4]byte{0x1A, 0x52, 0x32, 0x12}, devices.StateUnrecoverable, func(s devices.Status) bool { return s.Unrecoverable }},
		{"head hot", [4]byte{0x12, 0x12, 0x52, 0x12}, devices.StateBusy, func(s devices.Status) bool { return s.AutoRecoverable }},
		{"presenter bit alone", [4]byte{0x12, 0x12, 0x12, 0x52}, devices.StateReady, func(s devices.Status) bool { return !s.PaperEnd }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var st devices.Status
			for i, b := range tt.answers {
				if err := ParseStatus(i+1, b, &st); err != nil {
					t.Fatalf("n=%d: %v", i+1, err)
				}
			}
			if got, want := st.State(), tt.want; got != want {
				t.Errorf("State() = %v, want %v (%+v)", got, want, st)
			}
			if !tt.check(st) {
				t.Errorf("flags wrong: %+v", st)
			}
		})
	}
}

func TestParseStatus_Bad(t *testing.T) {
	var st devices.Status
	for _, tt := range []struct {
		n int
		b byte
	}{{0, 0x12}, {5, 0x12}, {1, 0x00}, {1, 0xFF}, {2, 0x10}, {3, 0x13}, {4, 0x92}} {
		if err := ParseStatus(tt.n, tt.b, &st); err == nil {
			t.Errorf("ParseStatus(%d, %#x) = nil", tt.n, tt.b)
		}
	}
	if err := ParseStatus(1, 0x00, &st); !errors.Is(err, ErrBadStatus) {
		t.Errorf("err = %v, want ErrBadStatus", err)
	}
}

func TestParseASB(t *testing.T) {
	tests := []struct {
		name string
		in   []byte
		want devices.State
		err  bool
	}{
		{"ready", []byte{0x10, 0x00, 0x00, 0x00}, devices.StateReady, false},
		{"drawer high is still ready", []byte{0x14, 0x00, 0x00, 0x00}, devices.StateReady, false},
		{"near end", []byte{0x10, 0x00, 0x03, 0x00}, devices.StatePaperNearEnd, false},
		{"paper end", []byte{0x18, 0x00, 0x0F, 0x00}, devices.StatePaperEnd, false},
		{"cover open", []byte{0x38, 0x00, 0x00, 0x00}, devices.StateCoverOpen, false},
		{"offline", []byte{0x18, 0x01, 0x00, 0x00}, devices.StateOffline, false},
		{"cutter", []byte{0x18, 0x08, 0x00, 0x00}, devices.StateCutterError, false},
		{"unrecoverable", []byte{0x18, 0x20, 0x00, 0x00}, devices.StateUnrecoverable, false},
		{"auto recoverable", []byte{0x10, 0x40, 0x00, 0x00}, devices.StateBusy, false},
		{"short", []byte{0x10, 0x00, 0x00}, 0, true},
		{"dle eot answer", []byte{0x12, 0x00, 0x00, 0x00}, 0, true},
		{"bit 4 in byte 2", []byte{0x10, 0x10, 0x00, 0x00}, 0, true},
		{"bit 7 in byte 4", []byte{0x10, 0x00, 0x00, 0x80}, 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st, err := ParseASB(tt.in)
			if (err != nil) != tt.err {
				t.Fatalf("err = %v, want error %v", err, tt.err)
			}
			if err == nil {
				if got, want := st.State(), tt.want; got != want {
					t.Errorf("State() = %v, want %v (%+v)", got, want, st)
				}
			}
		})
	}
}

func TestIsStatusByte_IsASBHeader(t *testing.T) {
	for b := 0; b < 256; b++ {
		if IsStatusByte(byte(b)) && IsASBHeader(byte(b)) {
			t.Errorf("%#x is both a DLE EOT answer and an ASB header", b)
		}
	}
}

// FuzzParseStatus: no input makes the parsers panic, and what they
// accept folds to a named state.
func FuzzParseStatus(f *testing.F) {
	for _, seed := range [][]byte{
		{1, 0x12}, {2, 0x32}, {3, 0x7A}, {4, 0x7E}, {0, 0}, {9, 0xFF},
		{0x10, 0x00, 0x00, 0x00}, {0x38, 0x68, 0x0F, 0x00}, {}, {0xFF, 0xFF, 0xFF, 0xFF, 0xFF},
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var st devices.Status
		if len(b) >= 2 {
			if err := ParseStatus(int(b[0])%6, b[1], &st); err == nil && st.State().String() == "" {
				t.Fatal("unnamed state")
			}
		}
		if s, err := ParseASB(b); err == nil {
			if len(b) != 4 {
				t.Fatalf("accepted %d bytes", len(b))
			}
			if name := s.State().String(); name == "" || name[0] == 's' && name[:6] == "state(" {
				t.Fatalf("unnamed state %q", name)
			}
		}
	})
}
