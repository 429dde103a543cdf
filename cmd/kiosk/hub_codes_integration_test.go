//go:build integration

package main

import (
	"context"
	"errors"
	"net/http"
	"os/exec"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/motcua-kiosk/motcua/kiosk/hub"
	"github.com/motcua-kiosk/motcua/kiosk/store"
)

var codeLine = regexp.MustCompile(`^Mã ghép nối \((.+)\): (\d{6}) — dùng một lần, hết hạn lúc \d\d:\d\d ngày \d\d/\d\d/\d{4} \(Asia/Ho_Chi_Minh\)\.\n` +
	`Pairing code \((.+)\): (\d{6}) — single use, expires at \d\d:\d\d on \d{4}-\d\d-\d\d \(Asia/Ho_Chi_Minh\)\.\n$`)

// hubCodes runs the real `kiosk hub codes` and returns the printed code.
func hubCodes(t *testing.T, bin string, args ...string) (code, viRole, enRole string) {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"hub", "codes"}, args...)...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("kiosk hub codes %v: %v\n%s", args, err, stderr.String())
	}
	m := codeLine.FindStringSubmatch(string(out))
	if m == nil || m[2] != m[4] {
		t.Fatalf("kiosk hub codes printed:\n%s", out)
	}
	return m[2], m[1], m[3]
}

// startHub runs the real `kiosk hub` on dir and returns its address and a
// stop that ends it with SIGTERM.
func startHub(t *testing.T, bin, dir string) (addr string, stop func()) {
	t.Helper()
	addr = freeAddr(t)
	cmd := exec.Command(bin, "hub", "--data", dir, "--listen", addr, "--log-level", "error")
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	stopped := false
	stop = func() {
		if stopped {
			return
		}
		stopped = true
		cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-done:
		case <-time.After(60 * time.Second): // ends a hang only
			cmd.Process.Kill()
			t.Error("hub did not stop on SIGTERM")
		}
	}
	t.Cleanup(stop)
	waitHealthy(t, &http.Client{Timeout: 30 * time.Second}, addr)
	return addr, stop
}

// TestHubCodes_PairsHeadlessHub: a headless hub's first admin comes from
// `kiosk hub codes` run on the hub's machine, while the hub runs; the code
// pairs over the real API once, and the device it pairs is an admin. A
// desk code made while the hub is stopped pairs after it starts.
func TestHubCodes_PairsHeadlessHub(t *testing.T) {
	bin := buildKiosk(t)
	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute) // ends a hang only
	defer cancel()

	addr, stop := startHub(t, bin, dir)
	base := "http://" + addr
	code, vi, en := hubCodes(t, bin, "--data", dir)
	if vi != "quản trị" || en != "admin" {
		t.Errorf("role printed as %q / %q", vi, en)
	}
	d, token, err := hub.Pair(ctx, base, code, "Máy quản trị")
	if err != nil {
		t.Fatalf("pair with the printed code: %v", err)
	}
	if d.Role != store.RoleAdmin {
		t.Errorf("paired as %q, want admin", d.Role)
	}
	if _, err := hub.NewClient(base, token).Config(ctx); err != nil {
		t.Errorf("the new admin's token: %v", err)
	}
	if _, _, err := hub.Pair(ctx, base, code, "Máy thứ hai"); !errors.Is(err, store.ErrBadCode) {
		t.Errorf("the same code again: %v, want ErrBadCode (one-time)", err)
	}
	stop()

	code, vi, en = hubCodes(t, bin, "--data", dir, "--role", "desk", "--counter", "2", "--ttl", "5m")
	if vi != "máy quầy, quầy 2" || en != "desk, counter 2" {
		t.Errorf("role printed as %q / %q", vi, en)
	}
	addr, _ = startHub(t, bin, dir)
	d, _, err = hub.Pair(ctx, "http://"+addr, code, "Quầy 2")
	if err != nil {
		t.Fatalf("pair with a code made while the hub was stopped: %v", err)
	}
	if d.Role != store.RoleDesk || d.Counter != 2 {
		t.Errorf("paired as %q counter %d, want desk 2", d.Role, d.Counter)
	}

	for _, bad := range [][]string{{"--role", "root"}, {"--ttl", "0s"}, {"--ttl", "48h"}} {
		cmd := exec.Command(bin, append([]string{"hub", "codes", "--data", dir}, bad...)...)
		var ee *exec.ExitError
		if out, err := cmd.CombinedOutput(); !errors.As(err, &ee) || ee.ExitCode() != 2 {
			t.Errorf("kiosk hub codes %v: %v, want exit 2\n%s", bad, err, out)
		}
	}
}
