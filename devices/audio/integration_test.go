//go:build integration

package audio

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/motcua-kiosk/motcua/devices"
)

// needTool skips without the tool, or fails under CI where it must exist.
func needTool(t *testing.T, name, pkg string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s (Debian package %s) is missing", name, pkg)
		}
		t.Skipf("%s not installed", name)
	}
	return p
}

// hasSoundCard reports whether the kernel sees an ALSA card.
func hasSoundCard() bool {
	b, err := os.ReadFile("/proc/asound/cards")
	return err == nil && !strings.Contains(string(b), "no soundcards")
}

// TestOtoPlayer_Play plays a real announcement through oto and ALSA. On a
// machine without a sound card (CI, the Xvfb build box) it checks the
// other contract instead: Play fails fast with ErrNoDevice, and an
// Announcer on that player keeps taking calls.
func TestOtoPlayer_Play(t *testing.T) {
	b := shipped(t)
	p := NewOtoPlayer(b.Rate())
	pcm, err := b.Sentence(devices.Call{Number: "A012", Counter: 3}, "vi")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	if hasSoundCard() {
		start := time.Now()
		if err := p.Play(ctx, pcm.Scaled(10)); err != nil {
			t.Fatalf("Play on a machine with a sound card: %v", err)
		}
		if d, want := time.Since(start), pcm.Duration()/2; d < want {
			t.Errorf("Play returned after %v for %v of sound", d, pcm.Duration())
		}
		return
	}

	start := time.Now()
	err = p.Play(ctx, pcm)
	if !errors.Is(err, ErrNoDevice) {
		t.Fatalf("Play without a sound card = %v, want ErrNoDevice", err)
	}
	t.Logf("no sound card after %v: %v", time.Since(start), err)
	if err2 := p.Play(ctx, pcm); !errors.Is(err2, ErrNoDevice) {
		t.Errorf("second Play = %v, want the same ErrNoDevice", err2)
	}

	var logs syncBuffer
	a := NewAnnouncer(b, p, Options{Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	defer a.Close()
	for _, c := range []devices.Call{{Number: "A012", Counter: 3}, {Number: "A013", Counter: 4}} {
		if err := a.Say(c); err != nil {
			t.Fatalf("Say without a sound card = %v, want nil", err)
		}
	}
	if err := a.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if err := a.LastError(); !errors.Is(err, ErrNoDevice) {
		t.Errorf("LastError() = %v, want ErrNoDevice", err)
	}
	if got := strings.Count(logs.String(), "announce call failed"); got != 2 {
		t.Errorf("logged %d failures, want 2: %s", got, logs.String())
	}
}

// TestMakeClips_Reproducible runs scripts/voice/make-clips.sh into a
// temporary folder and compares every file with the committed clips: the
// clips in assets/voice are exactly what the documented command makes.
func TestMakeClips_Reproducible(t *testing.T) {
	needTool(t, "espeak-ng", "espeak-ng")
	needTool(t, "sox", "sox")
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	cmd := exec.Command(filepath.Join(root, "scripts/voice/make-clips.sh"), out)
	cmd.Dir = root
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("make-clips.sh: %v\n%s", err, b)
	}
	committed := os.DirFS(filepath.Join(root, "assets/voice"))
	made := os.DirFS(out)
	n := 0
	err = fs.WalkDir(made, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		n++
		want, err := fs.ReadFile(committed, p)
		if err != nil {
			t.Errorf("%s is made by the script but not committed", p)
			return nil
		}
		got, err := fs.ReadFile(made, p)
		if err != nil {
			return err
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from the committed clip (re-run scripts/voice/make-clips.sh and commit)", p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 100 {
		t.Errorf("the script made %d files, want the ~100 clips", n)
	}
}
