//go:build integration

package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/motcua-kiosk/motcua/devices/audio"
	"github.com/motcua-kiosk/motcua/kiosk/settings"
	"github.com/motcua-kiosk/motcua/kiosk/speech"
	"github.com/motcua-kiosk/motcua/kiosk/speech/speechtest"
	"github.com/motcua-kiosk/motcua/kiosk/ui"
)

// kioskSound is a kiosk whose citizen speech goes to a file: the data
// dir's settings name a file-plugin ALSA PCM as the speech output, and
// the kiosk started after it finds that PCM through ALSA_CONFIG_PATH.
type kioskSound struct {
	raw string
}

// withSound sets the kiosk of dir to speak into a file (issue 16's Xvfb
// run with the sound written to a WAV).
func withSound(t *testing.T, dir string) *kioskSound {
	t.Helper()
	for _, tool := range []string{"aplay", "espeak-ng", "sox"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s is missing: run scripts/deps.sh test", tool)
		}
	}
	conf, raw, err := speechtest.FilePCM(dir, "kioskphones")
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("ALSA_CONFIG_PATH", conf) // startKiosk passes the environment on
	sf, err := settings.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := sf.Update(func(s *settings.Settings) { s.SpeechOutput = "kioskphones" }); err != nil {
		t.Fatal(err)
	}
	return &kioskSound{raw: raw}
}

// listenTicket taps the ticket screen's "Nghe hướng dẫn" key at x, y and
// listens to what the kiosk said: the file must hold the ticket's
// sentence (number, service, people ahead), the wait and "Vui lòng nhận
// phiếu" in that order, as this machine's clips and espeak-ng say them
// at the speech's volume; sox then measures the WAV made of it.
func (k *kioskSound) listenTicket(t *testing.T, s *session, x, y int, number, service string) {
	t.Helper()
	began := time.Now()
	defer func() { t.Logf("listening added %v to the session", time.Since(began).Round(100*time.Millisecond)) }()
	s.tap(x, y)
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	bank, err := audio.Shipped()
	if err != nil {
		t.Fatal(err)
	}
	r := &speech.Renderer{Bank: bank, Synth: &speech.Espeak{}}
	tr := ui.Tr{Lang: ui.LangVI}
	u := speech.Ticket("vi", speech.TicketInfo{Number: number, Service: service, Ahead: 0,
		Then: []string{tr.L("ticket.no_counter"), tr.L("ticket.take")}})
	var want [][]int16
	for _, p := range u.Phrases {
		pcm, err := r.Phrase(ctx, "vi", p)
		if err != nil {
			t.Fatal(err)
		}
		want = append(want, pcm.Scaled(settings.Defaults().SpeechVolume).Samples)
	}
	// Wait (a hang ends at ctx) until the last expected phrase has
	// arrived and the file has stopped growing (the status line follows).
	var got []int16
	for last := -1; ; time.Sleep(500 * time.Millisecond) {
		if ctx.Err() != nil {
			t.Fatalf("the kiosk's speech did not reach the file (%d samples); log:\n%s", len(got), s.log)
		}
		got, _ = speechtest.Samples(k.raw)
		if len(got) == last && speechtest.Find(got, want[len(want)-1], 0) >= 0 {
			break
		}
		last = len(got)
	}
	at := 0
	for i, w := range want {
		j := speechtest.Find(got, w, at)
		if j < 0 {
			t.Fatalf("phrase %d (%v) is not in what the kiosk said after sample %d", i, u.Phrases[i], at)
		}
		at = j + len(w)
	}
	wav := filepath.Join(t.TempDir(), "kiosk-ticket.wav")
	if d := os.Getenv("SPEECH_WAV_DIR"); d != "" {
		wav = filepath.Join(d, "kiosk-ticket-vi.wav")
	}
	if err := speechtest.WAV(ctx, k.raw, wav, bank.Rate()); err != nil {
		t.Fatal(err)
	}
	m, err := speechtest.Listen(ctx, wav)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("the kiosk said %.2f s into %s: peak %.2f dBFS, %d silences inside, longest %v", m.Seconds, wav, m.PeakDB, m.Gaps, m.Longest)
	if m.PeakDB >= 0 || m.Clipped {
		t.Errorf("peak %.2f dBFS: clipped", m.PeakDB)
	}
	if m.Longest > time.Second {
		t.Errorf("a silence of %v inside the kiosk's speech", m.Longest)
	}
	if m.Gaps == 0 {
		t.Error("no silence at all between the words")
	}
}
