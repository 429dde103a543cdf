//go:build integration

package main

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/motcua-kiosk/motcua/kiosk/hub"
	"github.com/motcua-kiosk/motcua/kiosk/queue"
	"github.com/motcua-kiosk/motcua/kiosk/store"
	"github.com/motcua-kiosk/motcua/kiosk/ui/desk/stafftest"
)

// staffProc starts the kiosk binary with args on display; it is killed at
// the end of the test.
func staffProc(t *testing.T, bin, display string, args ...string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), "DISPLAY="+display, "LANG=vi_VN.UTF-8")
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL); cmd.Wait() })
	return cmd
}

func xdo(t *testing.T, display string, args ...string) string {
	t.Helper()
	cmd := exec.Command("xdotool", args...)
	cmd.Env = append(os.Environ(), "DISPLAY="+display)
	out, err := cmd.Output()
	if err != nil {
		t.Logf("xdotool %v: %v", args, err)
	}
	return strings.TrimSpace(string(out))
}

// waitWindowNamed waits for a visible window whose title contains name
// and returns its id.
func waitWindowNamed(t *testing.T, display, name string) string {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		// xdotool's --name regex does not match Vietnamese letters: list
		// the visible windows and compare their names here.
		cmd := exec.Command("xdotool", "search", "--onlyvisible", "--name", ".")
		cmd.Env = append(os.Environ(), "DISPLAY="+display)
		out, _ := cmd.Output()
		for _, id := range strings.Fields(string(out)) {
			if strings.Contains(xdo(t, display, "getwindowname", id), name) {
				return id
			}
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Fatalf("no window %q on %s", name, display)
	return ""
}

// shot saves the X display (window "root" or an id) as a PNG into the
// folder named by MOTCUA_SCREENSHOTS, or the test's temporary folder.
func shot(t *testing.T, display, window, name string) string {
	t.Helper()
	dir := os.Getenv("MOTCUA_SCREENSHOTS")
	if dir == "" {
		dir = t.TempDir()
	}
	path := filepath.Join(dir, name)
	cmd := exec.Command(needTool(t, "import"), "-window", window, path)
	cmd.Env = append(os.Environ(), "DISPLAY="+display)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("import: %v: %s", err, out)
	}
	return path
}

type hubProc struct {
	t             *testing.T
	bin, dir, url string
	addr          string
	cmd           *exec.Cmd
}

func (h *hubProc) start() {
	h.t.Helper()
	h.cmd = exec.Command(h.bin, "hub", "--data", h.dir, "--listen", h.addr, "--log-level", "warn")
	h.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	h.cmd.Stderr = os.Stderr
	if err := h.cmd.Start(); err != nil {
		h.t.Fatal(err)
	}
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if r, err := http.Get(h.url + "/healthz"); err == nil {
			r.Body.Close()
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	h.t.Fatal("hub not healthy")
}

func (h *hubProc) kill() {
	if h.cmd != nil {
		syscall.Kill(-h.cmd.Process.Pid, syscall.SIGKILL)
		h.cmd.Wait()
		h.cmd = nil
	}
}

// pressUntil presses key on the desk's display about once a second
// until cond holds (at most 60 s, a hang). A press the desk ignores
// (busy with the last answer, or reconnecting) is pressed again; once
// the action has landed its button is disabled, so a late press cannot
// do it twice.
func pressUntil(t *testing.T, display, key, what string, cond func() bool) {
	t.Helper()
	var last time.Time
	waitFor(t, what, func() bool {
		if cond() {
			return true
		}
		if time.Since(last) > time.Second {
			xdo(t, display, "key", key)
			last = time.Now()
		}
		return false
	})
}

// waitFor polls cond every 100 ms for up to 60 s (a hang).
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second) // ends a hang only
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting until %s", what)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func counterView(t *testing.T, api hub.API, n int) queue.CounterView {
	st, err := api.State(context.Background())
	if err != nil {
		return queue.CounterView{}
	}
	for _, c := range st.Counters {
		if c.CounterState.Number == n {
			return c
		}
	}
	return queue.CounterView{}
}

// TestStaffProcesses_Xvfb runs the real binary: a hub process, `kiosk
// pair` for a desk, the desk and the lobby display on a virtual X server.
// The officer signs in and calls with the keyboard (xdotool); the hub
// process is killed and started again, and the desk completes the ticket
// and calls the next one without being restarted. Screenshots go to
// $MOTCUA_SCREENSHOTS when set (docs/screenshots).
func TestStaffProcesses_Xvfb(t *testing.T) {
	needTool(t, "xdotool")
	bin := buildKiosk(t)
	ctx := context.Background()
	hubDir, deskDir := t.TempDir(), t.TempDir()
	st, err := store.Open(filepath.Join(hubDir, "office.db"))
	if err != nil {
		t.Fatal(err)
	}
	cfg := stafftest.Config(6)
	cfg.Counters[2].Name = "Trả kết quả"
	if err := st.SaveConfig(ctx, cfg); err != nil {
		t.Fatal(err)
	}
	for n := 1; n <= 6; n++ {
		if err := st.SetOfficer(ctx, stafftest.Officer(n), []string{"Nguyễn Văn An", "Trần Thị Bích", "Lê Hoàng Cường", "Phạm Thu Dung", "Võ Minh Đức", "Đặng Thị Hồng"}[n-1], stafftest.OfficerPIN); err != nil {
			t.Fatal(err)
		}
	}
	_, adminToken, _ := st.AddDevice(ctx, "admin", store.RoleAdmin, 0)
	_, displayToken, _ := st.AddDevice(ctx, "TV sảnh", store.RoleDisplay, 0)
	_, kioskToken, _ := st.AddDevice(ctx, "kiosk", store.RoleDispenser, 0)
	deskTokens := map[int]string{}
	for _, n := range []int{1, 2, 4, 5, 6} {
		_, deskTokens[n], _ = st.AddDevice(ctx, "desk", store.RoleDesk, n)
	}
	st.Close()

	addr := freeAddr(t)
	h := &hubProc{t: t, bin: bin, dir: hubDir, addr: addr, url: "http://" + addr}
	h.start()
	t.Cleanup(h.kill)
	admin := hub.NewClient(h.url, adminToken)

	// kiosk pair: a pairing code from the admin API, spent by the command.
	var code struct {
		Code string `json:"code"`
	}
	body := strings.NewReader(`{"role":"desk","counter":3}`)
	req, _ := http.NewRequest("POST", h.url+"/api/v1/pairing-codes", body)
	req.Header.Set("Authorization", "Bearer "+adminToken)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	json.NewDecoder(resp.Body).Decode(&code)
	resp.Body.Close()
	if out, err := exec.Command(bin, "pair", "--hub", h.url, code.Code, "--name", "Quầy 3", "--data", deskDir).CombinedOutput(); err != nil {
		t.Fatalf("kiosk pair: %v: %s", err, out)
	}
	fi, err := os.Stat(filepath.Join(deskDir, pairingFile))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := fi.Mode().Perm(), os.FileMode(0o600); got != want {
		t.Errorf("pairing file mode = %v, want %v", got, want)
	}
	p, err := loadPairing(deskDir)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := p.Device.Counter, 3; got != want {
		t.Errorf("paired counter = %d, want %d", got, want)
	}

	// The office's morning: tickets, four counters at work.
	kiosk := hub.NewClient(h.url, kioskToken)
	for i := range 14 {
		if _, err := kiosk.Issue(ctx, []string{"A", "B"}[i%3/2], ""); err != nil {
			t.Fatal(err)
		}
	}
	for _, n := range []int{1, 2, 4, 5} {
		d := hub.NewClient(h.url, deskTokens[n])
		if _, err := d.SignIn(ctx, n, stafftest.Officer(n), stafftest.OfficerPIN); err != nil {
			t.Fatal(err)
		}
		if _, err := d.CallNext(ctx, n); err != nil {
			t.Fatal(err)
		}
	}
	d6 := hub.NewClient(h.url, deskTokens[6])
	d6.SignIn(ctx, 6, stafftest.Officer(6), stafftest.OfficerPIN)
	d6.Pause(ctx, 6, true)

	display := startXvfb(t, 1920, 1080)
	staffProc(t, bin, display, "display", "--hub", h.url, "--token", displayToken,
		"--notice", "Bộ phận Một cửa làm việc từ thứ Hai đến thứ Sáu: sáng 7:00–11:30, chiều 13:30–17:00. Công dân vui lòng giữ phiếu số thứ tự để đánh giá sau khi được phục vụ.")
	waitWindowNamed(t, display, "Bảng gọi số")
	time.Sleep(3 * time.Second) // first frame, then the notice moves in
	// A new call while the board is up: its tile blinks.
	if _, err := hub.NewClient(h.url, deskTokens[2]).Complete(ctx, 2); err != nil {
		t.Fatal(err)
	}
	if _, err := hub.NewClient(h.url, deskTokens[2]).CallNext(ctx, 2); err != nil {
		t.Fatal(err)
	}
	time.Sleep(700 * time.Millisecond)
	shot(t, display, "root", "display-board.png")

	// The desk of counter 3 from its pairing, in its own X server.
	deskX := startXvfb(t, 1920, 1080)
	staffProc(t, bin, deskX, "desk", "--data", deskDir)
	win := waitWindowNamed(t, deskX, "Quầy 3")
	time.Sleep(2 * time.Second)
	shot(t, deskX, win, "desk-signin.png")
	xdo(t, deskX, "windowfocus", win)
	xdo(t, deskX, "type", "--delay", "30", stafftest.Officer(3))
	xdo(t, deskX, "key", "Tab")
	xdo(t, deskX, "type", "--delay", "30", stafftest.OfficerPIN)
	xdo(t, deskX, "key", "Return")
	waitFor(t, "the officer is signed in at counter 3", func() bool {
		return counterView(t, admin, 3).Officer == stafftest.Officer(3)
	})
	time.Sleep(time.Second)
	xdo(t, deskX, "key", "F2")
	waitFor(t, "F2 called a ticket at counter 3", func() bool { return counterView(t, admin, 3).Number != "" })
	called := counterView(t, admin, 3).Number
	time.Sleep(2500 * time.Millisecond) // the elapsed time ticks
	shot(t, deskX, win, "desk-calling.png")
	shot(t, display, "root", "display-after-desk-call.png")

	// The hub goes down: the desk says so and disables its buttons.
	h.kill()
	time.Sleep(1500 * time.Millisecond)
	shot(t, deskX, win, "desk-reconnecting.png")
	xdo(t, deskX, "key", "F5") // does nothing while disconnected
	h.start()
	time.Sleep(2 * time.Second) // reconnect backoff
	if got := counterView(t, admin, 3); got.Number != called || got.Status != queue.StatusCalled {
		t.Fatalf("counter 3 after restart = %s %s, want %s called", got.Number, got.Status, called)
	}
	// The desk may still be reconnecting: F5 is disabled until it is.
	pressUntil(t, deskX, "F5", "F5 completed the ticket after the restart", func() bool { return counterView(t, admin, 3).Number == "" })
	// The hub has the completion before the desk has its answer; until
	// then the desk is busy and F2 does nothing (a press while busy is
	// ignored, by design): pressUntil presses again until the call lands.
	pressUntil(t, deskX, "F2", "F2 called the next ticket after the restart", func() bool {
		n := counterView(t, admin, 3).Number
		return n != "" && n != called
	})
	time.Sleep(time.Second)
	shot(t, display, "root", "display-after-restart.png")
}
