//go:build integration

package speech

import (
	"bufio"
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/motcua-kiosk/motcua/devices/audio"
)

// needTool fails when a tool the integration suite installs is missing
// (scripts/deps.sh test installs espeak-ng and sox).
func needTool(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		t.Fatalf("%s is missing: run scripts/deps.sh test", name)
	}
	return p
}

// TestEspeak_TicketWAV renders the ticket screen's speech with the real
// espeak-ng, writes it to a WAV file and listens to it with sox: the
// length sox reads is the length of the phrase list's parts, nothing is
// clipped, and no silence inside the sentence lasts over a second.
func TestEspeak_TicketWAV(t *testing.T) {
	needTool(t, "espeak-ng")
	sox := needTool(t, "sox")
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	r := &Renderer{Bank: shipped(t), Synth: &Espeak{}}
	info := ticket
	info.Then = []string{"Thời gian chờ dự kiến: khoảng 10 phút", "Vui lòng nhận phiếu"}
	u := Ticket("vi", info)
	pcm, err := r.Render(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	name := filepath.Join(t.TempDir(), "ticket.wav")
	if dir := os.Getenv("SPEECH_WAV_DIR"); dir != "" {
		name = filepath.Join(dir, "ticket-vi.wav")
	}
	f, err := os.Create(name)
	if err != nil {
		t.Fatal(err)
	}
	if err := audio.WriteWAV(f, pcm); err != nil {
		t.Fatal(err)
	}
	f.Close()

	// The same phrase list, part by part: the sound is exactly its parts.
	want := 0
	for i, p := range u.Phrases {
		if i > 0 {
			want += len(audio.Silence(pcm.Rate, PhraseGap).Samples)
		}
		for j, part := range p {
			c, err := r.Part(ctx, "vi", part)
			if err != nil {
				t.Fatal(err)
			}
			if j > 0 {
				want += int(time.Duration(pcm.Rate) * audio.Gap / time.Second)
			}
			want += len(c.Samples)
		}
	}

	out, err := exec.CommandContext(ctx, sox, name, "-n", "stats").CombinedOutput()
	if err != nil {
		t.Fatalf("sox stats: %v\n%s", err, out)
	}
	stats := string(out)
	info2, err := exec.CommandContext(ctx, sox, "--i", "-s", name).Output()
	if err != nil {
		t.Fatalf("sox --i: %v", err)
	}
	samples, err := strconv.ParseFloat(strings.TrimSpace(string(info2)), 64)
	if err != nil {
		t.Fatal(err)
	}
	peak := soxField(t, stats, `Pk lev dB\s+(-?[\d.]+)`)
	t.Logf("%s: %v, %d parts; sox: %.0f samples, peak %.2f dBFS", name, pcm.Duration(), len(u.Parts()), samples, peak)
	if int(samples) != want {
		t.Errorf("sox reads %.0f samples, want %d from the phrase list", samples, want)
	}
	if peak >= -0.1 || strings.Contains(stats, "clip") {
		t.Errorf("peak %.2f dBFS: clipped\n%s", peak, stats)
	}

	// Silences, from sox's own decoding: 10 ms windows under 0.5 % of
	// full scale.
	gaps := soxGaps(t, ctx, sox, name, pcm.Rate)
	first := u.Phrases[0]
	if len(gaps) == 0 {
		t.Fatal("no silence found at all: the words run into each other")
	}
	for _, g := range gaps {
		if g.len > time.Second {
			t.Errorf("a silence of %v at %v: over 1 s inside the speech", g.len, g.at)
		}
	}
	t.Logf("first phrase: %d parts; %d silences, longest %v", len(first), len(gaps), longest(gaps))
}

type gap struct{ at, len time.Duration }

func longest(gs []gap) time.Duration {
	var m time.Duration
	for _, g := range gs {
		m = max(m, g.len)
	}
	return m
}

func soxField(t *testing.T, s, re string) float64 {
	t.Helper()
	m := regexp.MustCompile(re).FindStringSubmatch(s)
	if m == nil {
		t.Fatalf("sox stats has no %s:\n%s", re, s)
	}
	v, err := strconv.ParseFloat(m[1], 64)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// soxGaps reads the file's samples as sox decodes them (-t dat) and lists
// the silences between its first and last sound.
func soxGaps(t *testing.T, ctx context.Context, sox, name string, rate int) []gap {
	t.Helper()
	out, err := exec.CommandContext(ctx, sox, name, "-t", "dat", "-").Output()
	if err != nil {
		t.Fatalf("sox -t dat: %v", err)
	}
	win := rate / 100
	var quiet []bool
	n, loud := 0, false
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) != 2 || strings.HasPrefix(f[0], ";") {
			continue
		}
		v, err := strconv.ParseFloat(f[1], 64)
		if err != nil {
			continue
		}
		loud = loud || v > 0.005 || v < -0.005
		if n++; n == win {
			quiet = append(quiet, !loud)
			n, loud = 0, false
		}
	}
	var gaps []gap
	start := -1
	seenSound := false
	for i, q := range quiet {
		switch {
		case q && start < 0 && seenSound:
			start = i
		case !q:
			if start >= 0 {
				gaps = append(gaps, gap{time.Duration(start) * 10 * time.Millisecond, time.Duration(i-start) * 10 * time.Millisecond})
			}
			start, seenSound = -1, true
		}
	}
	return gaps
}
