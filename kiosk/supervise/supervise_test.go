//go:build unix

package supervise

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// The test binary doubles as the supervised child: SUPERVISE_TEST_CHILD
// picks its behaviour.
func TestMain(m *testing.M) {
	switch os.Getenv("SUPERVISE_TEST_CHILD") {
	case "":
		os.Exit(m.Run())
	case "exit":
		os.Exit(3)
	case "stop":
		os.Exit(ExitStop)
	case "sleep":
		time.Sleep(time.Hour)
	case "beat-then-hang":
		// The UI thread answers three beats, then hangs for good.
		var n int
		var mu sync.Mutex
		onUI := func(f func()) {
			mu.Lock()
			n++
			alive := n <= 3
			mu.Unlock()
			if alive {
				f()
			}
		}
		go beat(context.Background(), os.Getenv(EnvHeartbeat), onUI, 100*time.Millisecond)
		time.Sleep(time.Hour)
	case "never-beat":
		time.Sleep(time.Hour)
	}
	os.Exit(99)
}

type starts struct {
	mu   sync.Mutex
	pids []int
	at   []time.Time
	ch   chan int
}

func newStarts() *starts { return &starts{ch: make(chan int, 100)} }

func (s *starts) add(pid int) {
	s.mu.Lock()
	s.pids, s.at = append(s.pids, pid), append(s.at, time.Now())
	s.mu.Unlock()
	s.ch <- pid
}

func (s *starts) wait(t *testing.T, within time.Duration) int {
	t.Helper()
	select {
	case pid := <-s.ch:
		return pid
	case <-time.After(within):
		t.Fatalf("no child start within %s", within)
		return 0
	}
}

func childOptions(t *testing.T, mode string, s *starts, log *bytes.Buffer) Options {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	return Options{
		Command:      []string{exe},
		Env:          []string{"SUPERVISE_TEST_CHILD=" + mode},
		RestartDelay: 100 * time.Millisecond, MaxRestartDelay: 400 * time.Millisecond,
		StopTimeout: 2 * time.Second,
		Logger:      slog.New(slog.NewTextHandler(log, nil)),
		Notifier:    NotifierFunc(func(string) error { return nil }),
		OnStart:     s.add,
	}
}

func runAsync(ctx context.Context, o Options) <-chan error {
	errc := make(chan error, 1)
	go func() { errc <- Run(ctx, o) }()
	return errc
}

func TestRun_RestartsAnExitedChild(t *testing.T) {
	s := newStarts()
	var log bytes.Buffer
	ctx, cancel := context.WithCancel(context.Background())
	errc := runAsync(ctx, childOptions(t, "exit", s, &log))
	for i := 0; i < 4; i++ {
		s.wait(t, 30*time.Second)
	}
	cancel()
	if err := <-errc; err != nil {
		t.Errorf("Run = %v, want nil after cancel", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	// Backoff: 100, 200, 400, 400 ms.
	if gap := s.at[3].Sub(s.at[2]); gap < 350*time.Millisecond {
		t.Errorf("third restart after %s: backoff not applied", gap)
	}
	if !strings.Contains(log.String(), "exit=3") {
		t.Errorf("log does not name the exit status:\n%s", log.String())
	}
}

func TestRun_KillsAndRestartsAHungChild(t *testing.T) {
	s := newStarts()
	var log bytes.Buffer
	o := childOptions(t, "beat-then-hang", s, &log)
	o.Heartbeat = filepath.Join(t.TempDir(), "heartbeat")
	o.HeartbeatTimeout = time.Second
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	errc := runAsync(ctx, o)
	// The waits only end a hang: the first child beat for ~0.3 s, then
	// hung, and is killed after the 1 s timeout (checked every 0.5 s);
	// how soon is not checked, a loaded machine may take longer.
	first := s.wait(t, 30*time.Second)
	second := s.wait(t, 30*time.Second)
	if first == second {
		t.Fatal("same pid twice")
	}
	if err := syscall.Kill(first, 0); err == nil {
		t.Errorf("hung child %d still alive", first)
	}
	if !strings.Contains(log.String(), "no heartbeat") {
		t.Errorf("log does not say why:\n%s", log.String())
	}
	cancel()
	<-errc
}

func TestRun_StartupGrace(t *testing.T) {
	s := newStarts()
	var log bytes.Buffer
	o := childOptions(t, "never-beat", s, &log)
	o.Heartbeat = filepath.Join(t.TempDir(), "heartbeat")
	o.StartupGrace = 700 * time.Millisecond
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	errc := runAsync(ctx, o)
	s.wait(t, 30*time.Second)
	s.wait(t, 30*time.Second)
	if !strings.Contains(log.String(), "no first heartbeat") {
		t.Errorf("log:\n%s", log.String())
	}
	cancel()
	<-errc
}

func TestRun_NoGraceWaitsForFirstBeat(t *testing.T) {
	s := newStarts()
	var log bytes.Buffer
	o := childOptions(t, "never-beat", s, &log)
	o.Heartbeat = filepath.Join(t.TempDir(), "heartbeat")
	o.HeartbeatTimeout = 300 * time.Millisecond
	ctx, cancel := context.WithCancel(context.Background())
	errc := runAsync(ctx, o)
	s.wait(t, 30*time.Second)
	select {
	case pid := <-s.ch:
		t.Errorf("a child that never beat was restarted (new pid %d) though no grace was set", pid)
	case <-time.After(1500 * time.Millisecond):
	}
	cancel()
	<-errc
}

func TestRun_ExitStop(t *testing.T) {
	s := newStarts()
	var log bytes.Buffer
	err := Run(context.Background(), childOptions(t, "stop", s, &log))
	if !errors.Is(err, ErrStopped) {
		t.Errorf("Run = %v, want ErrStopped", err)
	}
	if len(s.pids) != 1 {
		t.Errorf("started %d times, want 1", len(s.pids))
	}
}

func TestRun_CancelStopsTheChild(t *testing.T) {
	s := newStarts()
	var log bytes.Buffer
	ctx, cancel := context.WithCancel(context.Background())
	errc := runAsync(ctx, childOptions(t, "sleep", s, &log))
	pid := s.wait(t, 30*time.Second)
	cancel()
	select {
	case err := <-errc:
		if err != nil {
			t.Errorf("Run = %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("Run did not return after cancel")
	}
	if err := syscall.Kill(pid, 0); err == nil {
		t.Errorf("child %d still alive after Run returned", pid)
	}
}

func TestRun_MissingProgram(t *testing.T) {
	err := Run(context.Background(), Options{Command: []string{filepath.Join(t.TempDir(), "nope")}, Logger: slog.New(slog.DiscardHandler)})
	if err == nil {
		t.Error("Run of a missing program returned nil")
	}
}

// TestSystemdNotifier talks to a real unix datagram socket as systemd
// would offer it, through Run: READY=1 once, then WATCHDOG=1 pings at half
// of WATCHDOG_USEC.
func TestSystemdNotifier(t *testing.T) {
	sock := filepath.Join(t.TempDir(), "notify")
	conn, err := net.ListenUnixgram("unixgram", &net.UnixAddr{Name: sock, Net: "unixgram"})
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	t.Setenv("NOTIFY_SOCKET", sock)
	t.Setenv("WATCHDOG_USEC", "200000")
	t.Setenv("WATCHDOG_PID", fmt.Sprint(os.Getpid()))
	n, every := SystemdNotifier()
	if n == nil || every != 100*time.Millisecond {
		t.Fatalf("SystemdNotifier = %v, %s; want a notifier and 100ms", n, every)
	}
	s := newStarts()
	var log bytes.Buffer
	o := childOptions(t, "sleep", s, &log)
	o.Notifier = nil // from the environment
	ctx, cancel := context.WithCancel(context.Background())
	errc := runAsync(ctx, o)
	var got []string
	buf := make([]byte, 256)
	conn.SetReadDeadline(time.Now().Add(30 * time.Second))
	for len(got) < 4 {
		k, err := conn.Read(buf)
		if err != nil {
			t.Fatalf("after %v: %v", got, err)
		}
		got = append(got, string(buf[:k]))
	}
	cancel()
	<-errc
	if got[0] != "READY=1" {
		t.Errorf("first message %q, want READY=1", got[0])
	}
	for _, m := range got[1:] {
		if m != "WATCHDOG=1" {
			t.Errorf("message %q, want WATCHDOG=1", m)
		}
	}
	t.Setenv("WATCHDOG_PID", "1")
	if _, every := SystemdNotifier(); every != 0 {
		t.Errorf("watchdog meant for pid 1 used by us (every %s)", every)
	}
}

func TestStartHeartbeat(t *testing.T) {
	path := filepath.Join(t.TempDir(), "hb")
	t.Setenv(EnvHeartbeat, "")
	if StartHeartbeat(context.Background(), func(f func()) { f() }) {
		t.Error("heartbeat started without the variable")
	}
	t.Setenv(EnvHeartbeat, path)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if !StartHeartbeat(ctx, func(f func()) { go f() }) {
		t.Fatal("heartbeat not started")
	}
	// The file is first touched on the second beat (the UI hop of the
	// first runs after it is read) and moves on the third: 2 × BeatEvery
	// at best, so allow 5 beats for a loaded machine (-race, parallel CI).
	wait := 5 * BeatEvery
	deadline := time.Now().Add(wait)
	var first time.Time
	for time.Now().Before(deadline) {
		if st, err := os.Stat(path); err == nil {
			if first.IsZero() {
				first = st.ModTime()
			} else if st.ModTime().After(first) {
				return // moved: beating
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Errorf("heartbeat file did not move within %s (first %v)", wait, first)
}

func TestBeatWatch_Hung(t *testing.T) {
	path := filepath.Join(t.TempDir(), "hb")
	t0 := time.Now()
	b := newBeatWatch(path)
	step := func(d time.Duration) string { return b.hung(t0.Add(d), t0, 2*time.Second, 0) }
	if r := step(10 * time.Second); r != "" {
		t.Errorf("not armed yet, no grace: %q", r)
	}
	touch(path, time.Unix(1000, 0))
	if r := step(11 * time.Second); r != "" {
		t.Errorf("just beat: %q", r)
	}
	if r := step(12 * time.Second); r != "" {
		t.Errorf("1 s after a beat: %q", r)
	}
	if r := step(13500 * time.Millisecond); !strings.Contains(r, "no heartbeat") {
		t.Errorf("2.5 s after a beat: %q, want hung", r)
	}
	// A clock set back by NTP: the file time goes backwards, still a change.
	touch(path, time.Unix(10, 0))
	if r := step(14 * time.Second); r != "" {
		t.Errorf("beat with an earlier wall time counted as hung: %q", r)
	}
}
