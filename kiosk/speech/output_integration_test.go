//go:build integration

package speech

import (
	"bytes"
	"context"
	"encoding/binary"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// FilePCM writes an ALSA configuration into dir that defines the PCM
// name as headphones whose sound goes to a file: ALSA's "file" plugin on
// the "null" device, appending raw 16-bit samples to dir/name.raw (each
// aplay run opens the PCM anew; a "wav"-format file would be overwritten
// by each phrase, so the test makes the WAV from the raw samples). It
// returns aplay's environment and the raw file's path.
func FilePCM(t testing.TB, dir, name string) (env []string, raw string) {
	t.Helper()
	raw = filepath.Join(dir, name+".raw")
	conf := filepath.Join(dir, "asound.conf")
	body := "pcm." + name + " {\n  type file\n  slave.pcm \"null\"\n  file \"|cat >> " + raw + "\"\n  format \"raw\"\n" +
		"  hint { show on description \"Test headphones (a WAV file)\" }\n}\n"
	if err := os.WriteFile(conf, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return append(os.Environ(), "ALSA_CONFIG_PATH=/usr/share/alsa/alsa.conf:"+conf), raw
}

// TestALSAOutput_TicketToHeadphones selects a headphone output that ALSA
// lists (a file-plugin PCM of a private configuration), has a Voice say
// the ticket screen on it through aplay, and listens to what arrived:
// the file holds every phrase, in order, at the Voice's volume, with
// nothing between them but the device's padding; sox reads it as a WAV
// with no clipping and no silence over a second inside the speech.
func TestALSAOutput_TicketToHeadphones(t *testing.T) {
	needTool(t, "aplay")
	needTool(t, "espeak-ng")
	sox := needTool(t, "sox")
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	dir := t.TempDir()
	env, raw := FilePCM(t, dir, "kioskphones")

	devs, err := Devices(ctx, env)
	if err != nil {
		t.Fatal(err)
	}
	var found *Device
	for i, d := range devs {
		if d.Name == "kioskphones" {
			found = &devs[i]
		}
	}
	if found == nil || found.Kind != KindHeadphones || devs[0].Name != "" {
		t.Fatalf("aplay -L lists %+v: want the default first and kioskphones as headphones", devs)
	}

	bank := shipped(t)
	r := &Renderer{Bank: bank, Synth: &Espeak{}}
	out := NewSwitch(NewOutput("", bank.Rate()))
	if out.Device() != "" {
		t.Fatalf("default output's device = %q", out.Device())
	}
	out.Use(&ALSAOutput{Name: found.Name, Rate: bank.Rate(), Env: env})
	v := NewVoice(r, out, nil)
	info := ticket
	info.Then = []string{"Vui lòng nhận phiếu"}
	u := Ticket("vi", info)
	v.Say(u)
	if err := v.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if err := v.LastError(); err != nil {
		t.Fatalf("voice: %v", err)
	}
	v.Close()

	// The file is each phrase, as the Voice scaled it, then padding.
	b, err := os.ReadFile(raw)
	if err != nil {
		t.Fatal(err)
	}
	got := make([]int16, len(b)/2)
	if err := binary.Read(bytes.NewReader(b), binary.LittleEndian, got); err != nil {
		t.Fatal(err)
	}
	at := 0
	for i, p := range u.Phrases {
		pcm, err := r.Phrase(ctx, "vi", p)
		if err != nil {
			t.Fatal(err)
		}
		want := pcm.Scaled(DefaultVolume).Samples
		k := find(got, want, at)
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
	speech := at

	wav := filepath.Join(dir, "headphones.wav")
	if d := os.Getenv("SPEECH_WAV_DIR"); d != "" {
		wav = filepath.Join(d, "headphones-vi.wav")
	}
	if o, err := exec.CommandContext(ctx, sox, "-t", "raw", "-r", strconv.Itoa(bank.Rate()), "-e", "signed", "-b", "16", "-c", "1", raw, wav).CombinedOutput(); err != nil {
		t.Fatalf("sox raw → wav: %v\n%s", err, o)
	}
	m := measureWAV(t, ctx, sox, wav)
	t.Logf("%s: %.2f s, peak %.2f dBFS, %d silences inside, longest %v", wav, m.seconds, m.peak, m.gaps, m.longest)
	if m.peak >= 0 || m.clipped {
		t.Errorf("peak %.2f dBFS: clipped", m.peak)
	}
	if m.longest > time.Second {
		t.Errorf("a silence of %v inside the speech", m.longest)
	}
	if m.gaps == 0 {
		t.Error("no silence at all between the words")
	}
	if m.seconds < float64(speech)/float64(bank.Rate()) {
		t.Errorf("sox reads %.2f s, the phrases are %.2f s", m.seconds, float64(speech)/float64(bank.Rate()))
	}
}

// wavMeasure is what sox hears in a WAV file.
type wavMeasure struct {
	seconds float64
	peak    float64 // dBFS
	clipped bool
	gaps    int
	longest time.Duration
}

// measureWAV listens to a WAV file with sox: its length (sox --i -D), its
// peak level (sox stats), and the silences between its first and last
// sound (10 ms windows under 0.5 % of full scale, from sox's decoding).
func measureWAV(t *testing.T, ctx context.Context, sox, name string) wavMeasure {
	t.Helper()
	var m wavMeasure
	d, err := exec.CommandContext(ctx, sox, "--i", "-D", name).Output()
	if err != nil {
		t.Fatalf("sox --i: %v", err)
	}
	if m.seconds, err = strconv.ParseFloat(strings.TrimSpace(string(d)), 64); err != nil {
		t.Fatal(err)
	}
	st, err := exec.CommandContext(ctx, sox, name, "-n", "stats").CombinedOutput()
	if err != nil {
		t.Fatalf("sox stats: %v\n%s", err, st)
	}
	m.peak = soxField(t, string(st), `Pk lev dB\s+(-?[\d.]+)`)
	m.clipped = strings.Contains(string(st), "clip")
	rate, err := exec.CommandContext(ctx, sox, "--i", "-r", name).Output()
	if err != nil {
		t.Fatalf("sox --i -r: %v", err)
	}
	r, _ := strconv.Atoi(strings.TrimSpace(string(rate)))
	gs := soxGaps(t, ctx, sox, name, r)
	m.gaps, m.longest = len(gs), longest(gs)
	return m
}

// find is the first index from which want appears in got, at or after
// from; -1 if it does not.
func find(got, want []int16, from int) int {
	for k := from; k+len(want) <= len(got); k++ {
		if slices.Equal(got[k:k+len(want)], want) {
			return k
		}
	}
	return -1
}
