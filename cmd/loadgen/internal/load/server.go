package load

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// Server is a cmd/server process the load test started.
type Server struct {
	URL     string
	PID     int
	LogPath string // its stderr
	cmd     *exec.Cmd
	exited  chan error
}

// BuildServer builds cmd/server into dir (the module's source must be the
// working directory or above it) and returns the binary's path.
func BuildServer(ctx context.Context, dir string) (string, error) {
	bin := filepath.Join(dir, "server")
	out, err := exec.CommandContext(ctx, "go", "build", "-o", bin, "github.com/motcua-kiosk/motcua/cmd/server").CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("go build cmd/server: %w: %s", err, out)
	}
	return bin, nil
}

// StartServer runs `bin serve` on dsn on a free loopback port, with the
// production defaults except what extra says, and waits for /healthz.
func StartServer(ctx context.Context, bin, dsn, dir string, extra ...string) (*Server, error) {
	addrFile := filepath.Join(dir, "server.addr")
	os.Remove(addrFile)
	logPath := filepath.Join(dir, "server.log")
	logf, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	args := append([]string{"serve", "--db", dsn, "--addr", "127.0.0.1:0", "--addr-file", addrFile,
		"--metrics-addr", "off", "--log-level", "warn"}, extra...)
	cmd := exec.Command(bin, args...)
	cmd.Stdout, cmd.Stderr = logf, logf
	if err := cmd.Start(); err != nil {
		logf.Close()
		return nil, fmt.Errorf("start %s: %w", bin, err)
	}
	s := &Server{PID: cmd.Process.Pid, LogPath: logPath, cmd: cmd, exited: make(chan error, 1)}
	go func() { s.exited <- cmd.Wait(); logf.Close() }()
	deadline := time.Now().Add(2 * time.Minute) // a first start migrates
	for {
		if b, err := os.ReadFile(addrFile); err == nil && len(b) > 0 {
			s.URL = "http://" + strings.TrimSpace(string(b))
			if resp, err := http.Get(s.URL + "/healthz"); err == nil {
				resp.Body.Close()
				if resp.StatusCode == http.StatusOK {
					return s, nil
				}
			}
		}
		select {
		case err := <-s.exited:
			s.exited <- err
			log, _ := os.ReadFile(logPath)
			return nil, fmt.Errorf("server exited before answering /healthz: %v\n%s", err, log)
		case <-ctx.Done():
			s.Stop()
			return nil, ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			s.Stop()
			return nil, errors.New("server did not answer /healthz within 2 minutes")
		}
	}
}

// Stop sends SIGTERM (the server finishes its in-flight batches) and waits.
func (s *Server) Stop() error {
	s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-s.exited:
		return err
	case <-time.After(45 * time.Second):
		s.cmd.Process.Kill()
		return <-s.exited
	}
}
