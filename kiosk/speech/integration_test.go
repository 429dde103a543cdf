//go:build integration

package speech

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/motcua-kiosk/motcua/devices/audio"
	"github.com/motcua-kiosk/motcua/kiosk/speech/speechtest"
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

	nsamp, err := exec.CommandContext(ctx, sox, "--i", "-s", name).Output()
	if err != nil {
		t.Fatalf("sox --i: %v", err)
	}
	samples, err := strconv.Atoi(strings.TrimSpace(string(nsamp)))
	if err != nil {
		t.Fatal(err)
	}
	// Peak and silences, from sox's own decoding (speechtest.Listen: 10 ms
	// windows under 0.5 % of full scale are silent).
	m, err := speechtest.Listen(ctx, name)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%s: %v, %d parts; sox: %d samples, peak %.2f dBFS, %d silences, longest %v", name, pcm.Duration(), len(u.Parts()), samples, m.PeakDB, m.Gaps, m.Longest)
	if samples != want {
		t.Errorf("sox reads %d samples, want %d from the phrase list", samples, want)
	}
	if m.PeakDB >= -0.1 || m.Clipped {
		t.Errorf("peak %.2f dBFS (clipped %v): clipped", m.PeakDB, m.Clipped)
	}
	if m.Gaps == 0 {
		t.Fatal("no silence found at all: the words run into each other")
	}
	if m.Longest > time.Second {
		t.Errorf("a silence of %v: over 1 s inside the speech", m.Longest)
	}
}
