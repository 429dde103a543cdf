package audio

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/motcua-kiosk/motcua/devices"
)

func waitCtx(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func newTestAnnouncer(t *testing.T, p Player, opts Options) *Announcer {
	t.Helper()
	a := NewAnnouncer(shipped(t), p, opts)
	t.Cleanup(func() { a.Close() })
	return a
}

// render is what the announcer should hand to the player for c.
func render(t *testing.T, c devices.Call) PCM {
	t.Helper()
	pcm, err := shipped(t).Render(c, []string{"vi"}, 2)
	if err != nil {
		t.Fatal(err)
	}
	return pcm
}

func samePCM(a, b PCM) bool {
	return a.Rate == b.Rate && bytes.Equal(pcmBytes(a.Samples), pcmBytes(b.Samples))
}

// TestAnnouncer_SayQueuesInOrder says three calls in a row while the
// first is still being spoken (the player takes a twentieth of real time,
// about half a second per call): they come out whole, in order, one after
// the other.
func TestAnnouncer_SayQueuesInOrder(t *testing.T) {
	// The player holds the first sound until the gate opens: Say must
	// return for all three calls while nothing has been played yet.
	gate := make(chan struct{})
	p := &RecordingPlayer{Speed: 20, OnPlay: func(PCM) { <-gate }}
	a := newTestAnnouncer(t, p, Options{})
	calls := []devices.Call{{Number: "A012", Counter: 3}, {Number: "B001", Counter: 15}, {Number: "C105", Counter: 21}}
	said := make(chan error, 1)
	go func() {
		for _, c := range calls {
			if err := a.Say(c); err != nil {
				said <- err
				return
			}
		}
		said <- nil
	}()
	select {
	case err := <-said:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(30 * time.Second): // ends a hang only
		close(gate)
		t.Fatal("Say waited for the sound to be played; it must return at once")
	}
	close(gate)
	if err := a.Flush(waitCtx(t)); err != nil {
		t.Fatal(err)
	}
	played := p.Played()
	if got, want := len(played), len(calls); got != want {
		t.Fatalf("played %d sounds, want %d", got, want)
	}
	for i, c := range calls {
		if !samePCM(played[i].PCM, render(t, c)) {
			t.Errorf("sound %d is not the announcement of %s", i, c.Number)
		}
		if played[i].Cut {
			t.Errorf("sound %d (%s) was cut off", i, c.Number)
		}
		if min := played[i].PCM.Duration() / 20; played[i].End.Sub(played[i].Start) < min {
			t.Errorf("sound %d played for %v, want its whole %v", i, played[i].End.Sub(played[i].Start), min)
		}
		if i > 0 && played[i].Start.Before(played[i-1].End) {
			t.Errorf("sound %d started before sound %d ended", i, i-1)
		}
	}
	if p.Overlapped() {
		t.Error("two sounds played at the same time")
	}
}

// TestAnnouncer_NewCallDoesNotCutOff says a second call while the first
// is half spoken.
func TestAnnouncer_NewCallDoesNotCutOff(t *testing.T) {
	started := make(chan struct{}, 2)
	p := &RecordingPlayer{Speed: 20, OnPlay: func(PCM) { started <- struct{}{} }}
	a := newTestAnnouncer(t, p, Options{})
	first, second := devices.Call{Number: "A001", Counter: 1}, devices.Call{Number: "A002", Counter: 2}
	if err := a.Say(first); err != nil {
		t.Fatal(err)
	}
	<-started
	time.Sleep(render(t, first).Duration() / 20 / 2)
	if err := a.Say(second); err != nil {
		t.Fatal(err)
	}
	if err := a.Flush(waitCtx(t)); err != nil {
		t.Fatal(err)
	}
	played := p.Played()
	if len(played) != 2 || played[0].Cut || !samePCM(played[0].PCM, render(t, first)) || !samePCM(played[1].PCM, render(t, second)) {
		t.Fatalf("played %d sounds (first cut: %v), want A001 whole then A002", len(played), len(played) > 0 && played[0].Cut)
	}
}

func TestAnnouncer_Recall(t *testing.T) {
	p := &RecordingPlayer{}
	a := newTestAnnouncer(t, p, Options{})
	c := devices.Call{Number: "A012", Counter: 3}
	recall := c
	recall.Recall = true
	for _, call := range []devices.Call{c, recall, recall} {
		if err := a.Say(call); err != nil {
			t.Fatal(err)
		}
	}
	if err := a.Flush(waitCtx(t)); err != nil {
		t.Fatal(err)
	}
	played := p.Played()
	if got, want := len(played), 3; got != want {
		t.Fatalf("played %d sounds, want %d: the call and two recalls", got, want)
	}
	for i := range played {
		if !samePCM(played[i].PCM, render(t, c)) {
			t.Errorf("sound %d is not A012 to counter 3", i)
		}
	}
}

// TestAnnouncer_DoublePressDropped: the same call pressed twice while it
// still waits is said once.
func TestAnnouncer_DoublePressDropped(t *testing.T) {
	started, release := make(chan struct{}, 1), make(chan struct{})
	p := &RecordingPlayer{OnPlay: func(PCM) {
		select {
		case started <- struct{}{}:
		default:
		}
		<-release
	}}
	a := newTestAnnouncer(t, p, Options{})
	busy, c := devices.Call{Number: "Z999", Counter: 9}, devices.Call{Number: "A012", Counter: 3}
	if err := a.Say(busy); err != nil {
		t.Fatal(err)
	}
	<-started
	for _, call := range []devices.Call{c, c} {
		if err := a.Say(call); err != nil {
			t.Fatal(err)
		}
	}
	if got, want := a.Pending(), 1; got != want {
		t.Errorf("Pending() = %d, want %d (A012 once)", got, want)
	}
	close(release)
	if err := a.Flush(waitCtx(t)); err != nil {
		t.Fatal(err)
	}
	if got, want := len(p.Played()), 2; got != want {
		t.Errorf("played %d sounds, want %d", got, want)
	}
}

func TestAnnouncer_SetVolume(t *testing.T) {
	tests := []struct {
		volume int
		gain   float64 // RMS ratio to the clips as recorded
	}{
		{100, 1},
		{50, 0.25},
		{20, 0.04},
	}
	c := devices.Call{Number: "A012", Counter: 3}
	full := render(t, c).RMS()
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.volume), func(t *testing.T) {
			p := &RecordingPlayer{}
			a := newTestAnnouncer(t, p, Options{})
			a.SetVolume(tt.volume)
			if got, want := a.Volume(), tt.volume; got != want {
				t.Errorf("Volume() = %d, want %d", got, want)
			}
			if err := a.Say(c); err != nil {
				t.Fatal(err)
			}
			if err := a.Flush(waitCtx(t)); err != nil {
				t.Fatal(err)
			}
			played := p.Played()
			if len(played) != 1 {
				t.Fatalf("played %d sounds, want 1", len(played))
			}
			if got, want := played[0].PCM.RMS()/full, tt.gain; got < want*0.98 || got > want*1.02 {
				t.Errorf("RMS ratio %.4f, want %.4f", got, want)
			}
		})
	}
}

func TestAnnouncer_VolumeZeroAndOff(t *testing.T) {
	p := &RecordingPlayer{}
	a := newTestAnnouncer(t, p, Options{})
	c := devices.Call{Number: "A012", Counter: 3}

	a.SetVolume(0)
	if err := a.Say(c); err != nil {
		t.Fatal(err)
	}
	a.SetVolume(100)
	a.SetEnabled(false)
	if a.Enabled() {
		t.Error("Enabled() = true after SetEnabled(false)")
	}
	if err := a.Say(devices.Call{Number: "A013", Counter: 3}); err != nil {
		t.Fatal(err)
	}
	if err := a.Flush(waitCtx(t)); err != nil {
		t.Fatal(err)
	}
	if got := len(p.Played()); got != 0 {
		t.Errorf("played %d sounds at volume 0 and off, want 0", got)
	}

	a.SetEnabled(true)
	if err := a.Say(c); err != nil {
		t.Fatal(err)
	}
	if err := a.Flush(waitCtx(t)); err != nil {
		t.Fatal(err)
	}
	if got := len(p.Played()); got != 1 {
		t.Errorf("played %d sounds after SetEnabled(true), want 1", got)
	}
}

func TestAnnouncer_SetLanguages(t *testing.T) {
	p := &RecordingPlayer{}
	a := newTestAnnouncer(t, p, Options{})
	a.SetLanguages("vi", "en")
	c := devices.Call{Number: "A012", Counter: 3}
	if err := a.Say(c); err != nil {
		t.Fatal(err)
	}
	if err := a.Flush(waitCtx(t)); err != nil {
		t.Fatal(err)
	}
	want, err := shipped(t).Render(c, []string{"vi", "en"}, 2)
	if err != nil {
		t.Fatal(err)
	}
	if played := p.Played(); len(played) != 1 || !samePCM(played[0].PCM, want) {
		t.Error("the call was not said in Vietnamese then English")
	}
}

// syncBuffer is a log sink safe for the announcer's goroutine.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestAnnouncer_NoDevice: with a player that has no device (as on a CI
// machine), Say still returns nil, every call is tried, the failure is
// logged and kept for the admin screen, and the announcer recovers when
// the device comes back.
func TestAnnouncer_NoDevice(t *testing.T) {
	var tries int
	var mu sync.Mutex
	var broken = true
	p := PlayerFunc(func(ctx context.Context, pcm PCM) error {
		mu.Lock()
		defer mu.Unlock()
		tries++
		if broken {
			return fmt.Errorf("open audio device: %w: oto: ALSA error at snd_pcm_open", ErrNoDevice)
		}
		return nil
	})
	var logs syncBuffer
	a := newTestAnnouncer(t, p, Options{Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	for i := range 3 {
		if err := a.Say(devices.Call{Number: fmt.Sprintf("A%03d", i), Counter: 1}); err != nil {
			t.Fatalf("Say() = %v, want nil without a device", err)
		}
	}
	if err := a.Flush(waitCtx(t)); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	if got, want := tries, 3; got != want {
		t.Errorf("player tried %d times, want %d", got, want)
	}
	broken = false
	mu.Unlock()
	if err := a.LastError(); !errors.Is(err, ErrNoDevice) {
		t.Errorf("LastError() = %v, want ErrNoDevice", err)
	}
	if got := logs.String(); strings.Count(got, "announce call failed") != 3 || !strings.Contains(got, "no audio output device") {
		t.Errorf("log = %q, want three warnings naming the missing device", got)
	}

	if err := a.Say(devices.Call{Number: "A100", Counter: 1}); err != nil {
		t.Fatal(err)
	}
	if err := a.Flush(waitCtx(t)); err != nil {
		t.Fatal(err)
	}
	if err := a.LastError(); err != nil {
		t.Errorf("LastError() = %v after a good call, want nil", err)
	}
}

func TestAnnouncer_RenderError(t *testing.T) {
	p := &RecordingPlayer{}
	var logs syncBuffer
	a := newAnnouncer(failingRenderer{}, p, Options{Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	t.Cleanup(func() { a.Close() })
	if err := a.Say(devices.Call{Number: "A1", Counter: 1}); err != nil {
		t.Fatal(err)
	}
	if err := a.Flush(waitCtx(t)); err != nil {
		t.Fatal(err)
	}
	if err := a.LastError(); !errors.Is(err, ErrNoClip) {
		t.Errorf("LastError() = %v, want ErrNoClip", err)
	}
	if len(p.Played()) != 0 {
		t.Error("played a sound although rendering failed")
	}
}

type failingRenderer struct{}

func (failingRenderer) Render(devices.Call, []string, int) (PCM, error) {
	return PCM{}, fmt.Errorf("say A1: %w en/intro", ErrNoClip)
}

func TestAnnouncer_Close(t *testing.T) {
	started := make(chan struct{}, 1)
	p := &RecordingPlayer{Speed: 1, OnPlay: func(PCM) { started <- struct{}{} }} // real time: ~10 s per call
	a := NewAnnouncer(shipped(t), p, Options{})
	if err := a.Say(devices.Call{Number: "A1", Counter: 1}); err != nil {
		t.Fatal(err)
	}
	if err := a.Say(devices.Call{Number: "A2", Counter: 1}); err != nil {
		t.Fatal(err)
	}
	<-started
	start := time.Now()
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
	t.Logf("Close returned after %v", time.Since(start)) // the cut below is the check
	if played := p.Played(); len(played) != 1 || !played[0].Cut {
		t.Errorf("after Close: %d sounds played, want only the first, cut", len(played))
	}
	if err := a.Say(devices.Call{Number: "A3"}); !errors.Is(err, ErrClosed) {
		t.Errorf("Say after Close = %v, want ErrClosed", err)
	}
	if err := a.Close(); err != nil {
		t.Errorf("second Close = %v, want nil", err)
	}
}

func TestAnnouncer_QueueFull(t *testing.T) {
	release := make(chan struct{})
	p := &RecordingPlayer{OnPlay: func(PCM) { <-release }}
	a := newTestAnnouncer(t, p, Options{})
	defer close(release)
	var err error
	for i := 0; i < MaxQueue+2 && err == nil; i++ {
		err = a.Say(devices.Call{Number: fmt.Sprintf("A%03d", i), Counter: 1})
	}
	if !errors.Is(err, ErrQueueFull) {
		t.Errorf("Say beyond MaxQueue = %v, want ErrQueueFull", err)
	}
}

func TestErrorText(t *testing.T) {
	tests := []struct {
		err  error
		lang string
		want string
	}{
		{nil, "vi", ""},
		{fmt.Errorf("open audio device: %w: alsa", ErrNoDevice), "vi", "Không có thiết bị âm thanh: hãy kiểm tra loa rồi khởi động lại máy."},
		{fmt.Errorf("open audio device: %w: alsa", ErrNoDevice), "en", "No sound device: check the speakers, then restart the kiosk."},
		{fmt.Errorf("say A1: %w vi/intro", ErrNoClip), "vi", "Thiếu tệp giọng đọc: không đọc được lời gọi số."},
		{errors.New("boom"), "", "Không phát được lời gọi số."},
		{errors.New("boom"), "en-US", "The call could not be announced."},
	}
	for _, tt := range tests {
		if got := ErrorText(tt.err, tt.lang); got != tt.want {
			t.Errorf("ErrorText(%v, %q) = %q, want %q", tt.err, tt.lang, got, tt.want)
		}
	}
}
