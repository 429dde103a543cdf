//go:build integration

package speech_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/motcua-kiosk/motcua/devices/audio"
	"github.com/motcua-kiosk/motcua/kiosk/speech"
	"github.com/motcua-kiosk/motcua/kiosk/speech/speechtest"
)

// TestALSAOutput_TicketToHeadphones selects a headphone output that ALSA
// lists (a file-plugin PCM of a private configuration), has a Voice say
// the ticket screen on it through aplay, and listens to what arrived:
// the file holds every phrase, in order, at the Voice's volume, with
// nothing between them but the device's silent padding; sox reads it as
// a WAV with no clipping and no silence over a second inside the speech.
func TestALSAOutput_TicketToHeadphones(t *testing.T) {
	for _, tool := range []string{"aplay", "espeak-ng", "sox"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s is missing: run scripts/deps.sh test", tool)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	dir := t.TempDir()
	conf, raw, err := speechtest.FilePCM(dir, "kioskphones")
	if err != nil {
		t.Fatal(err)
	}
	env := append(os.Environ(), "ALSA_CONFIG_PATH="+conf)

	devs, err := speech.Devices(ctx, env)
	if err != nil {
		t.Fatal(err)
	}
	var found *speech.Device
	for i, d := range devs {
		if d.Name == "kioskphones" {
			found = &devs[i]
		}
	}
	if found == nil || found.Kind != speech.KindHeadphones || devs[0].Name != "" {
		t.Fatalf("aplay -L lists %+v: want the default first and kioskphones as headphones", devs)
	}

	bank, err := audio.Shipped()
	if err != nil {
		t.Fatal(err)
	}
	r := &speech.Renderer{Bank: bank, Synth: &speech.Espeak{}}
	out := speech.NewSwitch(speech.NewOutput("", bank.Rate()))
	if out.Device() != "" {
		t.Fatalf("default output's device = %q", out.Device())
	}
	out.Use(&speech.ALSAOutput{Name: found.Name, Rate: bank.Rate(), Env: env})
	v := speech.NewVoice(r, out, nil)
	u := speech.Ticket("vi", speech.TicketInfo{Number: "A012", Service: "Đất đai", Ahead: 5, Then: []string{"Vui lòng nhận phiếu"}})
	v.Say(u)
	if err := v.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if err := v.LastError(); err != nil {
		t.Fatalf("voice: %v", err)
	}
	v.Close()

	got, err := speechtest.Samples(raw)
	if err != nil {
		t.Fatal(err)
	}
	at := 0
	for i, p := range u.Phrases {
		pcm, err := r.Phrase(ctx, "vi", p)
		if err != nil {
			t.Fatal(err)
		}
		want := pcm.Scaled(speech.DefaultVolume).Samples
		k := speechtest.Find(got, want, at)
		if k < 0 {
			t.Fatalf("phrase %d (%v) is not in the file after sample %d", i, p, at)
		}
		for j := at; j < k; j++ {
			if got[j] != 0 {
				t.Fatalf("phrase %d: sample %d before it is %d, not the device's silent padding", i, j, got[j])
			}
		}
		at = k + len(want)
	}
	for j := at; j < len(got); j++ {
		if got[j] != 0 {
			t.Fatalf("sample %d after the last phrase is %d, not silence", j, got[j])
		}
	}

	wav := filepath.Join(dir, "headphones.wav")
	if d := os.Getenv("SPEECH_WAV_DIR"); d != "" {
		wav = filepath.Join(d, "headphones-vi.wav")
	}
	if err := speechtest.WAV(ctx, raw, wav, bank.Rate()); err != nil {
		t.Fatal(err)
	}
	m, err := speechtest.Listen(ctx, wav)
	if err != nil {
		t.Fatal(err)
	}
	phrases := float64(at) / float64(bank.Rate())
	t.Logf("%s: %.2f s (phrases %.2f s), peak %.2f dBFS, %d silences inside, longest %v", wav, m.Seconds, phrases, m.PeakDB, m.Gaps, m.Longest)
	if m.PeakDB >= 0 || m.Clipped {
		t.Errorf("peak %.2f dBFS: clipped", m.PeakDB)
	}
	if m.Longest > time.Second {
		t.Errorf("a silence of %v inside the speech", m.Longest)
	}
	if m.Gaps == 0 {
		t.Error("no silence at all between the words")
	}
	if m.Seconds < phrases {
		t.Errorf("sox reads %.2f s, the phrases are %.2f s", m.Seconds, phrases)
	}
}
