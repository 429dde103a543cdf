package audio

import (
	"bytes"
	"errors"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestJoin(t *testing.T) {
	a := PCM{Rate: 1000, Samples: []int16{1, 2, 3}}
	b := PCM{Rate: 1000, Samples: []int16{4}}
	got, err := Join([]PCM{a, b, a})
	if err != nil {
		t.Fatal(err)
	}
	gap := make([]int16, 60) // Gap at 1000 Hz
	want := slices.Concat([]int16{1, 2, 3}, gap, []int16{4}, gap, []int16{1, 2, 3})
	if !slices.Equal(got.Samples, want) {
		t.Errorf("Join() = %v, want %v", got.Samples, want)
	}
	if got, want := got.Rate, 1000; got != want {
		t.Errorf("Join().Rate = %d, want %d", got, want)
	}
}

func TestJoin_RateMismatch(t *testing.T) {
	_, err := Join([]PCM{{Rate: 22050}, {Rate: 16000}})
	if err == nil || !strings.Contains(err.Error(), "16000") {
		t.Errorf("Join() error = %v, want a rate mismatch", err)
	}
}

func TestJoin_Empty(t *testing.T) {
	got, err := Join(nil)
	if err != nil || len(got.Samples) != 0 || got.Rate != ClipRate {
		t.Errorf("Join(nil) = %+v, %v; want empty at ClipRate", got, err)
	}
}

func TestPCM_Duration(t *testing.T) {
	if got, want := Silence(22050, 1500*time.Millisecond).Duration(), 1500*time.Millisecond; got != want {
		t.Errorf("Duration() = %v, want %v", got, want)
	}
	if got := (PCM{}).Duration(); got != 0 {
		t.Errorf("zero PCM Duration() = %v, want 0", got)
	}
}

func TestPCM_RMS(t *testing.T) {
	tests := []struct {
		name    string
		samples []int16
		want    float64
	}{
		{"silence", make([]int16, 100), 0},
		{"full square", []int16{32767, -32768, 32767, -32768}, 1},
		{"half square", []int16{16384, -16384}, 0.5},
		{"empty", nil, 0},
	}
	for _, tt := range tests {
		if got := (PCM{Rate: 8000, Samples: tt.samples}).RMS(); math.Abs(got-tt.want) > 0.001 {
			t.Errorf("%s: RMS() = %.4f, want %.4f", tt.name, got, tt.want)
		}
	}
}

func TestPCM_Scaled(t *testing.T) {
	p := PCM{Rate: 8000, Samples: []int16{10000, -10000, 20000}}
	tests := []struct {
		volume int
		want   []int16
	}{
		{100, []int16{10000, -10000, 20000}},
		{150, []int16{10000, -10000, 20000}}, // clamped
		{50, []int16{2500, -2500, 5000}},     // (0.5)² gain
		{10, []int16{100, -100, 200}},
		{0, []int16{0, 0, 0}},
		{-5, []int16{0, 0, 0}},
	}
	for _, tt := range tests {
		if got := p.Scaled(tt.volume).Samples; !slices.Equal(got, tt.want) {
			t.Errorf("Scaled(%d) = %v, want %v", tt.volume, got, tt.want)
		}
	}
	if got, want := p.Samples[0], int16(10000); got != want {
		t.Errorf("Scaled changed its receiver: %d, want %d", got, want)
	}
}

func TestWriteWAV_RoundTrip(t *testing.T) {
	in := PCM{Rate: 22050, Samples: []int16{0, 1, -1, 32767, -32768, 1234}}
	var buf bytes.Buffer
	if err := WriteWAV(&buf, in); err != nil {
		t.Fatal(err)
	}
	if got, want := buf.Len(), 44+2*len(in.Samples); got != want {
		t.Errorf("WAV is %d bytes, want %d", got, want)
	}
	out, err := ReadWAV(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if out.Rate != in.Rate || !slices.Equal(out.Samples, in.Samples) {
		t.Errorf("ReadWAV(WriteWAV(x)) = %+v, want %+v", out, in)
	}
}

// TestWriteWAV_Soxi has sox's own reader check the header WriteWAV makes.
func TestWriteWAV_Soxi(t *testing.T) {
	soxi, err := exec.LookPath("soxi")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("soxi (Debian package sox) is missing")
		}
		t.Skip("soxi not installed")
	}
	path := filepath.Join(t.TempDir(), "s.wav")
	var buf bytes.Buffer
	if err := WriteWAV(&buf, Silence(22050, 2*time.Second)); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	for flag, want := range map[string]string{"-r": "22050", "-c": "1", "-b": "16", "-s": "44100"} {
		out, err := exec.Command(soxi, flag, path).Output()
		if err != nil {
			t.Fatalf("soxi %s: %v", flag, err)
		}
		if got := strings.TrimSpace(string(out)); got != want {
			t.Errorf("soxi %s = %s, want %s", flag, got, want)
		}
	}
}

func TestReadWAV_Errors(t *testing.T) {
	var good bytes.Buffer
	if err := WriteWAV(&good, PCM{Rate: 8000, Samples: []int16{1}}); err != nil {
		t.Fatal(err)
	}
	eightBit := slices.Clone(good.Bytes())
	eightBit[34] = 8
	noData := slices.Clone(good.Bytes()[:36])
	tests := []struct {
		name string
		b    []byte
	}{
		{"empty", nil},
		{"not riff", []byte("OggS0000WAVE")},
		{"8-bit", eightBit},
		{"no data chunk", noData},
	}
	for _, tt := range tests {
		if _, err := ReadWAV(tt.b); !errors.Is(err, ErrFormat) {
			t.Errorf("%s: ReadWAV() error = %v, want ErrFormat", tt.name, err)
		}
	}
}
