package audio

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"
	"time"

	"github.com/motcua-kiosk/motcua/devices"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

func shipped(t testing.TB) *Bank {
	t.Helper()
	b, err := Shipped()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestShipped_HasEveryClip(t *testing.T) {
	b := shipped(t)
	if got, want := b.Rate(), ClipRate; got != want {
		t.Errorf("Rate() = %d, want %d", got, want)
	}
	numbers := "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	for _, lang := range []string{"vi", "en"} {
		for counter := 1; counter <= 9999; counter++ {
			if counter > 300 && counter%97 != 0 {
				continue // every counter an office may have, then a sample of the rest
			}
			c := devices.Call{Number: numbers[counter%26:counter%26+1] + "0" + numbers[26+counter%10:27+counter%10], Counter: counter}
			for _, name := range Phrase(c, lang) {
				if _, err := b.Clip(lang, name); err != nil {
					t.Fatalf("%s counter %d: %v", lang, counter, err)
				}
			}
		}
		for _, r := range numbers {
			if _, err := b.Sentence(devices.Call{Number: string(r)}, lang); err != nil {
				t.Errorf("%s %c: %v", lang, r, err)
			}
		}
	}
}

func TestShipped_ClipsAreSpeech(t *testing.T) {
	b := shipped(t)
	for lang, clips := range b.clips {
		for name, c := range clips {
			if d := c.Duration(); d < 80*time.Millisecond || d > 3*time.Second {
				t.Errorf("%s/%s lasts %v, want 80ms-3s", lang, name, d)
			}
			if rms := c.RMS(); rms < 0.05 {
				t.Errorf("%s/%s RMS %.3f, want a voice (>= 0.05)", lang, name, rms)
			}
		}
	}
}

func TestLoadBank_Errors(t *testing.T) {
	var stereo bytes.Buffer
	if err := WriteWAV(&stereo, PCM{Rate: 8000, Samples: []int16{1, 2}}); err != nil {
		t.Fatal(err)
	}
	b := stereo.Bytes()
	b[22] = 2 // channels
	tests := []struct {
		name string
		fsys fstest.MapFS
		want error
	}{
		{"empty", fstest.MapFS{"README.md": {Data: []byte("x")}}, ErrNoClip},
		{"stereo", fstest.MapFS{"vi/intro.wav": {Data: b}}, ErrFormat},
		{"not wav", fstest.MapFS{"vi/intro.wav": {Data: []byte("ID3 mp3")}}, ErrFormat},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := LoadBank(tt.fsys); !errors.Is(err, tt.want) {
				t.Errorf("LoadBank() error = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestBank_SentenceMissingLanguage(t *testing.T) {
	var w bytes.Buffer
	if err := WriteWAV(&w, PCM{Rate: 8000, Samples: []int16{1000, -1000}}); err != nil {
		t.Fatal(err)
	}
	b, err := LoadBank(fstest.MapFS{"vi/intro.wav": {Data: w.Bytes()}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.Sentence(devices.Call{Number: "A1"}, "en"); !errors.Is(err, ErrNoClip) {
		t.Errorf("Sentence(en) error = %v, want ErrNoClip", err)
	}
}

// envelope is the RMS of each 20 ms window.
func envelope(p PCM) []float64 {
	win := p.Rate / 50
	var out []float64
	for i := 0; i+win <= len(p.Samples); i += win {
		out = append(out, PCM{Rate: p.Rate, Samples: p.Samples[i : i+win]}.RMS())
	}
	return out
}

// silences returns the [start, end) window indexes of every run of quiet
// windows at least minRun windows long.
func silences(env []float64, quiet float64, minRun int) [][2]int {
	var runs [][2]int
	start := -1
	for i := 0; i <= len(env); i++ {
		if i < len(env) && env[i] < quiet {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 && i-start >= minRun {
			runs = append(runs, [2]int{start, i})
		}
		start = -1
	}
	return runs
}

// TestBank_Render renders the office's usual call, writes it as a WAV file
// (kept under testdata/ with -update for a human to listen to), reads the
// file back and checks what a listener would: it lasts as long as two
// sayings should, it is not silent, and it is two sayings of the same
// sentence with a pause between.
func TestBank_Render(t *testing.T) {
	tests := []struct {
		name  string
		call  devices.Call
		langs []string
		// bounds for one saying
		min, max time.Duration
		sayings  int
	}{
		{"vi A012 quầy 3", devices.Call{Number: "A012", Counter: 3}, []string{"vi"}, 3 * time.Second, 7 * time.Second, 2},
		{"vi C105 quầy 24", devices.Call{Number: "C105", Counter: 24}, []string{"vi"}, 3 * time.Second, 8 * time.Second, 2},
		{"en A012 counter 3", devices.Call{Number: "A012", Counter: 3}, []string{"en"}, 2 * time.Second, 7 * time.Second, 2},
		{"vi then en", devices.Call{Number: "A012", Counter: 3}, []string{"vi", "en"}, 2 * time.Second, 7 * time.Second, 4},
	}
	b := shipped(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pcm, err := b.Render(tt.call, tt.langs, 2)
			if err != nil {
				t.Fatal(err)
			}
			var file bytes.Buffer
			if err := WriteWAV(&file, pcm); err != nil {
				t.Fatal(err)
			}
			checkGolden(t, tt.name, file.Bytes())
			got, err := ReadWAV(file.Bytes())
			if err != nil {
				t.Fatal(err)
			}

			d := got.Duration()
			gaps := time.Duration(tt.sayings-1) * RepeatGap
			if lo, hi := time.Duration(tt.sayings)*tt.min+gaps, time.Duration(tt.sayings)*tt.max+gaps; d < lo || d > hi {
				t.Errorf("announcement lasts %v, want %v-%v", d, lo, hi)
			}
			if rms := got.RMS(); rms < 0.05 {
				t.Errorf("announcement RMS %.4f, want >= 0.05 (not silent)", rms)
			}

			// The pauses between sayings are the only silences of 700 ms
			// or more; the sayings between them are alike in length.
			env := envelope(got)
			runs := silences(env, 0.005, 35)
			if got, want := len(runs), tt.sayings-1; got != want {
				t.Fatalf("found %d long pauses %v, want %d (one between each saying)", got, runs, want)
			}
			bounds := []int{0}
			for _, r := range runs {
				bounds = append(bounds, r[0], r[1])
			}
			bounds = append(bounds, len(env))
			for i := 0; i+1 < len(bounds); i += 2 {
				say := time.Duration(bounds[i+1]-bounds[i]) * 20 * time.Millisecond
				if say < tt.min || say > tt.max {
					t.Errorf("saying %d lasts %v, want %v-%v", i/2+1, say, tt.min, tt.max)
				}
			}
			if tt.sayings == 2 {
				// Align each saying on its first loud sample; the two must
				// then match sample for sample.
				win := got.Rate / 50
				a := firstLoud(got.Samples, 0)
				b := firstLoud(got.Samples, runs[0][1]*win-win)
				second := got.Samples[b:] // runs to the end of the file
				if a+len(second) > runs[0][1]*win || !bytes.Equal(pcmBytes(got.Samples[a:a+len(second)]), pcmBytes(second)) {
					t.Errorf("the second saying (from sample %d) differs from the first (from %d)", b, a)
				}
			}
		})
	}
}

// firstLoud returns the index of the first sample from `from` on above 1%
// of full scale.
func firstLoud(s []int16, from int) int {
	for i := max(from, 0); i < len(s); i++ {
		if s[i] > 328 || s[i] < -328 {
			return i
		}
	}
	return len(s)
}

// checkGolden compares the SHA-256 of a rendered WAV with
// testdata/<name>.sha256 and, with -update, rewrites it and keeps the WAV
// beside it for a human to listen to.
func checkGolden(t *testing.T, name string, wav []byte) {
	t.Helper()
	base := filepath.Join("testdata", fileName(name))
	sum := fmt.Sprintf("%x\n", sha256.Sum256(wav))
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(base+".sha256", []byte(sum), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(os.TempDir(), fileName(name)+".wav"), wav, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(base + ".sha256")
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if got := sum; got != string(want) {
		t.Errorf("%s.wav changed: sha256 %s, golden %s (listen to it, then go test -update)", name, got, want)
	}
}

func fileName(s string) string {
	out := []rune{}
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
			out = append(out, r)
		default:
			out = append(out, '_')
		}
	}
	return string(out)
}
