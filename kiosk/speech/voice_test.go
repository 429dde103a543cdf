package speech

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/motcua-kiosk/motcua/devices/audio"
)

// gatePlayer plays nothing: each Play waits until the test lets it finish
// (release) or the Voice cuts it off, and reports how it ended.
type gatePlayer struct {
	started chan audio.PCM
	release chan struct{}
	ended   chan string // "done" or "cut"
}

func newGate() *gatePlayer {
	return &gatePlayer{started: make(chan audio.PCM, 16), release: make(chan struct{}), ended: make(chan string, 16)}
}

func (g *gatePlayer) Play(ctx context.Context, pcm audio.PCM) error {
	g.started <- pcm
	select {
	case <-g.release:
		g.ended <- "done"
		return nil
	case <-ctx.Done():
		g.ended <- "cut"
		return ctx.Err()
	}
}

func recv[T any](t *testing.T, ch <-chan T) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(10 * time.Second):
		t.Fatal("hung")
	}
	var zero T
	return zero
}

func newTestVoice(t *testing.T) (*Voice, *gatePlayer, *Renderer) {
	g := newGate()
	r := &Renderer{Bank: shipped(t), Synth: SynthFunc(toneSynth)}
	v := NewVoice(r, g, nil)
	t.Cleanup(func() { v.Close() })
	return v, g, r
}

// TestVoice_SayFinishesThePhrase: the next screen's speech waits for the
// phrase being said, then replaces the rest of the last screen's.
func TestVoice_SayFinishesThePhrase(t *testing.T) {
	v, g, r := newTestVoice(t)
	v.SetVolume(100)
	first := Lines("vi", "một", "hai", "ba")
	v.Say(first)
	recv(t, g.started) // "một" is being said
	next := Lines("vi", "bốn")
	v.Say(next)
	g.release <- struct{}{}
	if got := recv(t, g.ended); got != "done" {
		t.Fatalf("the phrase being said ended %q, want done", got)
	}
	pcm := recv(t, g.started)
	want, _ := r.Phrase(context.Background(), "vi", next.Phrases[0])
	if len(pcm.Samples) != len(want.Samples) {
		t.Errorf("after the cut-short screen, played %v, want the next screen's %v (not 'hai')", pcm.Duration(), want.Duration())
	}
	g.release <- struct{}{}
	recv(t, g.ended)
	if err := v.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// TestVoice_InterruptCuts: a tap cuts off what is being said.
func TestVoice_InterruptCuts(t *testing.T) {
	v, g, _ := newTestVoice(t)
	v.Say(Lines("vi", "một", "hai"))
	recv(t, g.started)
	v.Interrupt(Lines("vi", "ba"))
	if got := recv(t, g.ended); got != "cut" {
		t.Fatalf("the phrase under a tap ended %q, want cut", got)
	}
	recv(t, g.started) // "ba"
	g.release <- struct{}{}
	recv(t, g.ended)
	v.Flush(context.Background())
	if err := v.LastError(); err != nil {
		t.Errorf("LastError = %v after a cut and a full phrase, want nil", err)
	}
}

func TestVoice_RepeatAndVolume(t *testing.T) {
	v, g, _ := newTestVoice(t)
	v.SetVolume(50)
	u := Lines("vi", "một")
	v.Say(u)
	loud := recv(t, g.started)
	g.release <- struct{}{}
	recv(t, g.ended)
	v.Repeat()
	again := recv(t, g.started)
	g.release <- struct{}{}
	recv(t, g.ended)
	if len(again.Samples) != len(loud.Samples) {
		t.Errorf("Repeat played %v, want the same %v", again.Duration(), loud.Duration())
	}
	full, _ := (&Renderer{Bank: shipped(t), Synth: SynthFunc(toneSynth)}).Phrase(context.Background(), "vi", u.Phrases[0])
	if loud.RMS() >= full.RMS() {
		t.Errorf("volume 50 RMS %.3f, not under full %.3f", loud.RMS(), full.RMS())
	}
	v.SetVolume(150)
	if got := v.Volume(); got != 100 {
		t.Errorf("Volume after SetVolume(150) = %d, want 100", got)
	}
}

func TestVoice_FailingSynthCarriesOn(t *testing.T) {
	g := newGate()
	boom := errors.New("no espeak")
	r := &Renderer{Bank: shipped(t), Synth: SynthFunc(func(context.Context, string, string) (audio.PCM, error) { return audio.PCM{}, boom })}
	v := NewVoice(r, g, nil)
	defer v.Close()
	v.Say(Utterance{Lang: "vi", Phrases: []Phrase{{Text("x")}, {Clip("digit-1")}}})
	recv(t, g.started) // the clip-only phrase still plays
	g.release <- struct{}{}
	recv(t, g.ended)
	v.Flush(context.Background())
}
