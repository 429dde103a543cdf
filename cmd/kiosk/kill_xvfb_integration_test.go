//go:build integration

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/motcua-kiosk/motcua/kiosk/queue"
	"github.com/motcua-kiosk/motcua/kiosk/store"
)

// childrenOf lists the PIDs whose parent is pid (from /proc).
func childrenOf(pid int) []int {
	var out []int
	ents, _ := os.ReadDir("/proc")
	for _, e := range ents {
		n, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		b, err := os.ReadFile(filepath.Join("/proc", e.Name(), "stat"))
		if err != nil {
			continue
		}
		// pid (comm) state ppid ...: comm may hold spaces, so cut at the last ')'.
		s := string(b)
		f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
		if len(f) > 1 && f[1] == strconv.Itoa(pid) {
			out = append(out, n)
		}
	}
	return out
}

// waitChild waits for a child of sup other than not, and returns it.
func waitChild(t *testing.T, sup, not int, within time.Duration) int {
	t.Helper()
	deadline := time.Now().Add(within)
	for time.Now().Before(deadline) {
		for _, c := range childrenOf(sup) {
			if c != not {
				return c
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("no new child of supervisor %d within %s", sup, within)
	return 0
}

type kioskClient struct {
	t     *testing.T
	addr  string
	token string
	c     *http.Client
}

func (k kioskClient) do(method, path string, body any, out any) int {
	k.t.Helper()
	var rd *bytes.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	} else {
		rd = bytes.NewReader(nil)
	}
	req, _ := http.NewRequest(method, "http://"+k.addr+path, rd)
	req.Header.Set("Authorization", "Bearer "+k.token)
	resp, err := k.c.Do(req)
	if err != nil {
		return 0
	}
	defer resp.Body.Close()
	if out != nil {
		json.NewDecoder(resp.Body).Decode(out)
	}
	return resp.StatusCode
}

func (k kioskClient) issue(service string) queue.Ticket {
	k.t.Helper()
	var out struct{ Ticket queue.Ticket }
	if code := k.do("POST", "/api/v1/tickets", map[string]string{"service": service}, &out); code != http.StatusCreated {
		k.t.Fatalf("issue %s: HTTP %d", service, code)
	}
	return out.Ticket
}

func (k kioskClient) waiting() []string {
	k.t.Helper()
	var st queue.State
	if code := k.do("GET", "/api/v1/state", nil, &st); code != http.StatusOK {
		k.t.Fatalf("state: HTTP %d", code)
	}
	var out []string
	for _, tk := range st.Waiting {
		out = append(out, tk.Number)
	}
	return out
}

// healthyWithin polls /healthz and returns how long it took.
func (k kioskClient) healthyWithin(within time.Duration) (time.Duration, bool) {
	start := time.Now()
	for time.Since(start) < within {
		if k.do("GET", "/healthz", nil, nil) == http.StatusOK {
			return time.Since(start), true
		}
		time.Sleep(50 * time.Millisecond)
	}
	return time.Since(start), false
}

// windowUp reports whether the kiosk's window is mapped on the display.
func windowUp(display string) bool {
	cmd := exec.Command("xdotool", "search", "--onlyvisible", "--name", "Một Cửa")
	cmd.Env = append(os.Environ(), "DISPLAY="+display)
	out, err := cmd.Output()
	return err == nil && len(bytes.TrimSpace(out)) > 0
}

func waitWindow(t *testing.T, display string, within time.Duration) time.Duration {
	t.Helper()
	start := time.Now()
	for time.Since(start) < within {
		if windowUp(display) {
			return time.Since(start)
		}
		time.Sleep(100 * time.Millisecond)
	}
	tree, _ := exec.Command("xwininfo", "-display", display, "-root", "-tree").CombinedOutput()
	t.Fatalf("kiosk window not on display %s within %s; windows:\n%s", display, within, tree)
	return 0
}

// TestSupervisedDispenser_SIGKILLUnderXvfb starts the dispenser the way the
// systemd unit does (kiosk supervise -- dispenser --data DIR), on a virtual
// X display, issues tickets through the hub API, kills the kiosk process
// with SIGKILL, and checks that it is back — hub answering and window on
// screen — with the same queue (how soon, against the 10 s target, is
// logged: docs/perf/ops.md), and that numbering goes on.
// Then it freezes the kiosk (SIGSTOP) and checks the heartbeat brings it
// back, when the dispenser beats.
func TestSupervisedDispenser_SIGKILLUnderXvfb(t *testing.T) {
	needTool(t, "xdotool")
	display := startXvfb(t, 1080, 1920)
	bin := buildKiosk(t)
	dir := t.TempDir()
	data := filepath.Join(dir, "data")

	st, err := store.Open(filepath.Join(data, "office.db"))
	if err != nil {
		t.Fatal(err)
	}
	cfg := queue.DefaultConfig()
	all := []time.Weekday{0, 1, 2, 3, 4, 5, 6}
	for i := range cfg.Services {
		cfg.Services[i].Windows, cfg.Services[i].Days, cfg.Services[i].DailyCap = nil, all, 0
	}
	if err := st.SaveConfig(context.Background(), cfg); err != nil {
		t.Fatal(err)
	}
	_, token, err := st.AddDevice(context.Background(), "test", store.RoleDispenser, 0)
	if err != nil {
		t.Fatal(err)
	}
	st.Close()

	addr := freeAddr(t)
	var out bytes.Buffer
	// The unit's ExecStart, with a virtual printer and loopback address.
	sup := exec.Command(bin, "supervise", "--", "dispenser", "--data", data, "--listen", addr,
		"--printer", "virtual:"+filepath.Join(dir, "printed"))
	sup.Env = append(os.Environ(), "DISPLAY="+display)
	sup.Stdout, sup.Stderr = &out, &out
	sup.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := sup.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		syscall.Kill(sup.Process.Pid, syscall.SIGTERM)
		done := make(chan struct{})
		go func() { sup.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(15 * time.Second):
			syscall.Kill(-sup.Process.Pid, syscall.SIGKILL)
			<-done
		}
		if t.Failed() {
			t.Logf("supervisor and kiosk output:\n%s", out.String())
		}
	})

	k := kioskClient{t: t, addr: addr, token: token, c: &http.Client{Timeout: 3 * time.Second}}
	if _, ok := k.healthyWithin(30 * time.Second); !ok {
		t.Fatal("kiosk hub did not come up")
	}
	waitWindow(t, display, 30*time.Second)
	child := waitChild(t, sup.Process.Pid, 0, 5*time.Second)

	var issued []string
	for _, svc := range []string{"A", "B", "A", "C", "A"} {
		issued = append(issued, k.issue(svc).Number)
	}
	before := k.waiting()
	if len(before) != len(issued) {
		t.Fatalf("waiting before the kill = %v, issued %v", before, issued)
	}

	killed := time.Now()
	if err := syscall.Kill(child, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	// The waits below only end a hang: how soon the kiosk is back (the
	// 10 s target) is a figure this test logs for docs/perf/ops.md, not a
	// check, since a loaded machine may be slower.
	next := waitChild(t, sup.Process.Pid, child, 60*time.Second)
	started := time.Since(killed)
	if _, ok := k.healthyWithin(60 * time.Second); !ok {
		t.Fatalf("hub not back within 60 s of SIGKILL (new child %d)", next)
	}
	up := time.Since(killed)
	waitWindow(t, display, 60*time.Second)
	back := time.Since(killed)
	t.Logf("SIGKILL of pid %d at 0: new pid %d started at %s, hub answering at %s, window on screen at %s",
		child, next, started.Round(time.Millisecond), up.Round(time.Millisecond), back.Round(time.Millisecond))

	after := k.waiting()
	if got, want := strings.Join(after, ","), strings.Join(before, ","); got != want {
		t.Errorf("queue after restart = %s, want %s", got, want)
	}
	if got, want := k.issue("A").Number, "A004"; got != want {
		t.Errorf("next A ticket after restart = %s, want %s (numbering must go on)", got, want)
	}

	t.Run("hung UI", func(t *testing.T) {
		hb := filepath.Join(data, "heartbeat")
		deadline := time.Now().Add(30 * time.Second)
		for time.Now().Before(deadline) {
			if _, err := os.Stat(hb); err == nil {
				break
			}
			time.Sleep(200 * time.Millisecond)
		}
		if _, err := os.Stat(hb); err != nil {
			t.Fatal("the dispenser wrote no heartbeat: runDispenser must call supervise.StartHeartbeat(ctx, fyne.Do)")
		}
		frozen := time.Now()
		syscall.Kill(next, syscall.SIGSTOP)
		third := waitChild(t, sup.Process.Pid, next, 60*time.Second)
		if _, ok := k.healthyWithin(60 * time.Second); !ok {
			t.Fatal("hub not back after a hang")
		}
		d := time.Since(frozen)
		t.Logf("frozen pid %d replaced by %d, hub back %s after the freeze", next, third, d.Round(time.Millisecond))
		if got, want := len(k.waiting()), len(before)+1; got != want {
			t.Errorf("%d waiting after the hang, want %d", got, want)
		}
	})
}
