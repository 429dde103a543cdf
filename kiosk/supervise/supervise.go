package supervise

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"time"
)

// EnvHeartbeat is the environment variable that names the heartbeat file to
// the child.
const EnvHeartbeat = "MOTCUA_HEARTBEAT"

// ExitStop is the exit status with which a child asks not to be restarted
// (the admin menu's "leave kiosk mode"): Run then returns ErrStopped. The
// systemd unit lists it in RestartPreventExitStatus.
const ExitStop = 10

// ErrStopped is returned by Run when the child exited with ExitStop.
var ErrStopped = errors.New("child asked to stop (exit status 10)")

// Options configure Run. Command is required; zero values of the rest
// have the defaults named.
type Options struct {
	Command []string // program and arguments
	Env     []string // extra environment for the child, "K=V"
	Dir     string   // the child's working directory

	// Heartbeat is the file the child touches; "" turns the hang check
	// off (the child is still restarted when it exits).
	Heartbeat string
	// HeartbeatTimeout is how long the file may stay untouched before the
	// child counts as hung; default 5 s (the child beats every 2 s), so a
	// hang is ended and the child back within 10 s.
	HeartbeatTimeout time.Duration
	// StartupGrace, when positive, also kills a child that has not beaten
	// at all that long after it started. Zero waits for the first beat
	// before the hang check starts, for children that do not beat.
	StartupGrace time.Duration
	// RestartDelay is the pause before the first restart; it doubles on
	// each quick crash up to MaxRestartDelay and resets after the child
	// has run for a minute. Defaults 1 s and 8 s.
	RestartDelay, MaxRestartDelay time.Duration
	// StopTimeout is how long a child has to exit after the interrupt
	// signal when Run is cancelled; default 10 s, then it is killed.
	StopTimeout time.Duration

	Stdout, Stderr io.Writer    // nil: the supervisor's own
	Logger         *slog.Logger // nil: slog.Default()
	// Notifier receives READY=1 once the first child has started and
	// WATCHDOG=1 every WatchdogEvery; nil uses systemd's NOTIFY_SOCKET
	// when set (SystemdNotifier).
	Notifier      Notifier
	WatchdogEvery time.Duration // nil Notifier: half of WATCHDOG_USEC
	// OnStart is called with each child's PID (tests and logs).
	OnStart func(pid int)
}

func (o *Options) defaults() {
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&o.HeartbeatTimeout, 5*time.Second)
	def(&o.RestartDelay, time.Second)
	def(&o.MaxRestartDelay, 8*time.Second)
	def(&o.StopTimeout, 10*time.Second)
	if o.Stdout == nil {
		o.Stdout = os.Stdout
	}
	if o.Stderr == nil {
		o.Stderr = os.Stderr
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.Notifier == nil {
		n, every := SystemdNotifier()
		o.Notifier = n
		if o.WatchdogEvery == 0 {
			o.WatchdogEvery = every
		}
	}
}

// Run supervises the child until ctx is done (then it stops the child and
// returns nil) or the child exits with ExitStop (ErrStopped). Any other
// exit, a crash, or a stopped heartbeat restarts it. It returns an error
// at once only if the program cannot be started at all.
func Run(ctx context.Context, o Options) error {
	if len(o.Command) == 0 {
		return errors.New("supervise: no command")
	}
	o.defaults()
	log := o.Logger
	delay := o.RestartDelay
	var watchdog <-chan time.Time
	if o.Notifier != nil && o.WatchdogEvery > 0 {
		t := time.NewTicker(o.WatchdogEvery)
		defer t.Stop()
		watchdog = t.C
	}
	for n := 0; ; n++ {
		started := time.Now()
		res, err := runOnce(ctx, o, watchdog, n == 0)
		if err != nil {
			return err
		}
		switch {
		case ctx.Err() != nil:
			return nil
		case res.exitCode == ExitStop:
			log.Info("child asked to stop; not restarting")
			return ErrStopped
		}
		if time.Since(started) > time.Minute {
			delay = o.RestartDelay
		}
		log.Warn("child ended; restarting", "reason", res.reason, "exit", res.exitCode, "ran", time.Since(started).Round(time.Millisecond), "restart_in", delay)
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(delay):
		}
		delay = min(delay*2, o.MaxRestartDelay)
	}
}

type result struct {
	exitCode int
	reason   string
}

// runOnce starts one child and waits until it exits, hangs, or ctx ends.
func runOnce(ctx context.Context, o Options, watchdog <-chan time.Time, first bool) (result, error) {
	if o.Heartbeat != "" {
		if err := os.Remove(o.Heartbeat); err != nil && !errors.Is(err, os.ErrNotExist) {
			return result{}, fmt.Errorf("supervise: reset heartbeat: %w", err)
		}
	}
	cmd := exec.Command(o.Command[0], o.Command[1:]...)
	cmd.Dir = o.Dir
	cmd.Stdout, cmd.Stderr = o.Stdout, o.Stderr
	cmd.Env = append(os.Environ(), o.Env...)
	if o.Heartbeat != "" {
		cmd.Env = append(cmd.Env, EnvHeartbeat+"="+o.Heartbeat)
	}
	setProcAttr(cmd)
	if err := cmd.Start(); err != nil {
		if first {
			return result{}, fmt.Errorf("supervise: start %s: %w", o.Command[0], err)
		}
		// A program replaced during an upgrade may be missing for a moment.
		return result{exitCode: -1, reason: "start failed: " + err.Error()}, nil
	}
	o.Logger.Info("child started", "pid", cmd.Process.Pid, "command", o.Command)
	if o.OnStart != nil {
		o.OnStart(cmd.Process.Pid)
	}
	if first && o.Notifier != nil {
		o.Notifier.Notify("READY=1")
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()

	check := time.NewTicker(500 * time.Millisecond)
	defer check.Stop()
	hb := newBeatWatch(o.Heartbeat)
	started := time.Now()
	for {
		select {
		case err := <-done:
			return exitResult(cmd, err), nil
		case <-ctx.Done():
			stop(cmd, done, o.StopTimeout, o.Logger)
			return result{reason: "stopped"}, nil
		case <-watchdog:
			o.Notifier.Notify("WATCHDOG=1")
		case now := <-check.C:
			if reason := hb.hung(now, started, o.HeartbeatTimeout, o.StartupGrace); reason != "" {
				o.Logger.Error("child hung; killing it", "pid", cmd.Process.Pid, "why", reason)
				cmd.Process.Kill()
				<-done
				return result{exitCode: -1, reason: reason}, nil
			}
		}
	}
}

func exitResult(cmd *exec.Cmd, err error) result {
	code := cmd.ProcessState.ExitCode()
	switch {
	case err == nil:
		return result{exitCode: 0, reason: "exited"}
	case code == -1:
		return result{exitCode: -1, reason: "killed: " + cmd.ProcessState.String()}
	}
	return result{exitCode: code, reason: "exited with an error"}
}

// stop asks the child to end, then kills it after timeout.
func stop(cmd *exec.Cmd, done <-chan error, timeout time.Duration, log *slog.Logger) {
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		cmd.Process.Kill() // Windows has no interrupt for another process
	}
	select {
	case <-done:
	case <-time.After(timeout):
		log.Warn("child did not stop in time; killing it", "pid", cmd.Process.Pid)
		cmd.Process.Kill()
		<-done
	}
}

// beatWatch follows the heartbeat file's modification time.
type beatWatch struct {
	path    string
	last    time.Time // the file's last mtime seen
	changed time.Time // monotonic: when the supervisor saw it change
	armed   bool      // the child has beaten at least once
}

func newBeatWatch(path string) *beatWatch { return &beatWatch{path: path} }

// hung returns why the child counts as hung at now, or "".
func (b *beatWatch) hung(now, started time.Time, timeout, grace time.Duration) string {
	if b.path == "" {
		return ""
	}
	if st, err := os.Stat(b.path); err == nil && !st.ModTime().Equal(b.last) {
		b.last, b.changed, b.armed = st.ModTime(), now, true
		return ""
	}
	switch {
	case b.armed && now.Sub(b.changed) > timeout:
		return fmt.Sprintf("no heartbeat for %s", now.Sub(b.changed).Round(time.Second))
	case !b.armed && grace > 0 && now.Sub(started) > grace:
		return fmt.Sprintf("no first heartbeat within %s", grace)
	}
	return ""
}
