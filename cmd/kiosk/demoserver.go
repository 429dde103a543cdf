package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// The demo's central server: the real `server` binary in a process of its
// own, on SQLite in the demo's folder and a free port on loopback, with the
// demo office enrolled and a supervisor who can read the reports. The
// ticket's QR then opens the ticket's page on it.

// Demo supervisor, printed at start.
const (
	demoSupervisor         = "giamsat"
	demoSupervisorPassword = "motcua-demo-2026"
)

// demoServer is a running central server of the demo.
type demoServer struct {
	URL     string
	LogPath string
	cmd     *exec.Cmd
	done    chan struct{}
}

// findServerBinary returns the server binary: path when given, else
// "server" beside this program (bin/server beside bin/kiosk), else "".
func findServerBinary(path string) string {
	if path != "" {
		return path
	}
	self, err := os.Executable()
	if err != nil {
		return ""
	}
	p := filepath.Join(filepath.Dir(self), "server")
	if fi, err := os.Stat(p); err == nil && !fi.IsDir() {
		return p
	}
	return ""
}

// startDemoServer starts bin in dir and returns once it answers, with an
// enrollment code for the office officeID, or for a new office of that
// name when officeID is "" (a demo started again on the same --data keeps
// its office).
func startDemoServer(ctx context.Context, bin, dir, officeID, office string, log *slog.Logger) (*demoServer, string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, "", fmt.Errorf("demo server: %w", err)
	}
	dsn := "sqlite:" + filepath.Join(dir, "server.db")
	run := func(stdin string, args ...string) (string, error) {
		c := exec.CommandContext(ctx, bin, args...)
		c.Stdin = strings.NewReader(stdin)
		var out, errb bytes.Buffer
		c.Stdout, c.Stderr = &out, &errb
		if err := c.Run(); err != nil {
			return "", fmt.Errorf("demo server: %s %s: %w: %s", bin, args[0], err, strings.TrimSpace(errb.String()))
		}
		return out.String(), nil
	}
	enroll := []string{"enroll", "--db", dsn, "--office", office}
	if officeID != "" {
		enroll = []string{"enroll", "--db", dsn, "--office-id", officeID}
	}
	out, err := run("", enroll...)
	if err != nil {
		return nil, "", err
	}
	code := field(out, "code")
	if code == "" {
		return nil, "", fmt.Errorf("demo server: no code in the enroll output %q", out)
	}
	sup := []string{"supervisor", "add", "--db", dsn, "--name", demoSupervisor, "--display", "Giám sát (demo)", "--password-stdin"}
	if _, err := run(demoSupervisorPassword+"\n", sup...); err != nil {
		// Started again on the same data: the account is there; set its
		// password again.
		if _, err := run(demoSupervisorPassword+"\n", append(sup, "--reset")...); err != nil {
			return nil, "", err
		}
	}

	addrFile := filepath.Join(dir, "addr")
	os.Remove(addrFile)
	logPath := filepath.Join(dir, "server.log")
	lf, err := os.Create(logPath)
	if err != nil {
		return nil, "", fmt.Errorf("demo server: %w", err)
	}
	c := exec.Command(bin, "serve", "--db", dsn, "--addr", "127.0.0.1:0", "--addr-file", addrFile)
	c.Stdout, c.Stderr = lf, lf
	if err := c.Start(); err != nil {
		lf.Close()
		return nil, "", fmt.Errorf("demo server: %w", err)
	}
	s := &demoServer{LogPath: logPath, cmd: c, done: make(chan struct{})}
	go func() { c.Wait(); lf.Close(); close(s.done) }()
	deadline := time.Now().Add(60 * time.Second)
	for {
		if b, err := os.ReadFile(addrFile); err == nil && len(b) > 0 {
			s.URL = "http://" + strings.TrimSpace(string(b))
			break
		}
		select {
		case <-s.done:
			return nil, "", fmt.Errorf("demo server exited at start; see %s", logPath)
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			s.Stop()
			return nil, "", fmt.Errorf("demo server did not start within 60 s; see %s", logPath)
		}
	}
	log.Info("demo central server started", "url", s.URL, "log", logPath)
	return s, code, nil
}

// Stop ends the server gracefully (SIGTERM, then SIGKILL after 10 s).
func (s *demoServer) Stop() {
	if s == nil || s.cmd.Process == nil {
		return
	}
	s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.done:
	case <-time.After(10 * time.Second):
		s.cmd.Process.Kill()
		<-s.done
	}
}

// field returns the value of a "name: value" line of out.
func field(out, name string) string {
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		if k, v, ok := strings.Cut(sc.Text(), ":"); ok && strings.TrimSpace(k) == name {
			return strings.TrimSpace(v)
		}
	}
	return ""
}
