//go:build integration

package main

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestQuietLocale: on a C.UTF-8 machine the kiosk starts without Fyne's
// "Error parsing user locale C". The control run (LANGUAGE=C.UTF-8, which
// quietlocale leaves alone) shows the check can see the message.
func TestQuietLocale(t *testing.T) {
	bin := buildKiosk(t)
	run := func(env ...string) string {
		c := exec.Command(bin, "help")
		c.Env = append(withoutLocale(os.Environ()), env...)
		out, _ := c.CombinedOutput()
		return string(out)
	}
	if out := run("LANG=C.UTF-8"); strings.Contains(out, "Error parsing user locale") {
		t.Errorf("LANG=C.UTF-8: Fyne still logs the locale:\n%s", out)
	}
	if out := run("LANG=C.UTF-8", "LANGUAGE=C.UTF-8"); !strings.Contains(out, "Error parsing user locale") {
		t.Errorf("control run: no locale message, so the check above cannot fail:\n%s", out)
	}
}

func withoutLocale(env []string) []string {
	var out []string
	for _, e := range env {
		if k, _, _ := strings.Cut(e, "="); k == "LANG" || k == "LANGUAGE" || strings.HasPrefix(k, "LC_") {
			continue
		}
		out = append(out, e)
	}
	return out
}

// TestDemo_QRPointsAtItsCentralServer: `kiosk demo --server bin/server`
// starts the real central server, enrolls the office, and a ticket tapped
// on the demo's kiosk carries a QR that zbarimg reads back as the URL of
// the ticket's page on that server, which shows the ticket once synced.
func TestDemo_QRPointsAtItsCentralServer(t *testing.T) {
	needTools(t, "Xvfb", "xdotool", "zbarimg")
	bin := buildKiosk(t)
	server := os.Getenv("SERVER_BIN")
	if server == "" {
		server = filepath.Join(t.TempDir(), "server")
		if out, err := exec.Command("go", "build", "-o", server, "../server").CombinedOutput(); err != nil {
			t.Fatalf("build server: %v\n%s", err, out)
		}
	}
	display := startXvfb(t, 1920, 1080)
	data := t.TempDir()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	hubAddr := l.Addr().String()
	l.Close()

	c := exec.Command(bin, "demo", "--data", data, "--server", server, "--listen", hubAddr)
	c.Env = append(withoutLocale(os.Environ()), "DISPLAY="+display, "LANG=C.UTF-8")
	stdout, _ := c.StdoutPipe()
	var logs strings.Builder
	var mu sync.Mutex
	stderr, _ := c.StderrPipe()
	if err := c.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Process.Signal(os.Interrupt); c.Wait() })
	go func() {
		b, _ := io.ReadAll(stderr)
		mu.Lock()
		logs.Write(b)
		mu.Unlock()
	}()
	urlc := make(chan string, 1)
	go func() {
		re := regexp.MustCompile(`Máy chủ trung tâm:\s+(http://\S+)`)
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if m := re.FindStringSubmatch(sc.Text()); m != nil {
				urlc <- m[1]
			}
		}
	}()
	var central string
	select {
	case central = <-urlc:
	case <-time.After(120 * time.Second):
		mu.Lock()
		defer mu.Unlock()
		t.Fatalf("the demo printed no central server address; its log:\n%s", logs.String())
	}
	if resp, err := http.Get(central + "/healthz"); err != nil || resp.StatusCode != 200 {
		t.Fatalf("central server %s/healthz: %v %v", central, resp, err)
	}

	env := append(os.Environ(), "DISPLAY="+display)
	syncWindow(t, env, "Máy lấy số")
	xdo := func(args ...string) string {
		t.Helper()
		x := exec.Command("xdotool", args...)
		x.Env = env
		out, err := x.CombinedOutput()
		if err != nil {
			t.Fatalf("xdotool %v: %v %s", args, err, out)
		}
		return strings.TrimSpace(string(out))
	}
	// Without a window manager the demo's windows lie on top of each
	// other at 0,0: bring the kiosk's to the top, then tap "Đất đai".
	win := strings.Fields(xdo("search", "--onlyvisible", "--name", "Máy lấy số"))[0]
	xdo("windowraise", win)
	time.Sleep(time.Second) // the raised window repaints
	xdo("mousemove", "383", "514", "click", "1")

	printed := filepath.Join(data, "printer")
	var png string
	deadline := time.Now().Add(60 * time.Second)
	for png == "" {
		m, _ := filepath.Glob(filepath.Join(printed, "*.png"))
		if len(m) > 0 {
			png = m[0]
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no ticket printed in %s after the tap", printed)
		}
		time.Sleep(100 * time.Millisecond)
	}
	time.Sleep(500 * time.Millisecond) // the PNG is written whole (rename), but be sure it is closed
	out, err := exec.Command("zbarimg", "-q", "--raw", png).Output()
	if err != nil {
		t.Fatalf("zbarimg %s: %v", png, err)
	}
	qr := strings.TrimSpace(string(out))
	if !strings.HasPrefix(qr, central+"/t/") {
		t.Fatalf("the ticket's QR is %q, want a page on %s", qr, central)
	}
	// The page shows the ticket once the sync has carried it.
	deadline = time.Now().Add(60 * time.Second)
	for {
		resp, err := http.Get(qr)
		var body []byte
		if err == nil {
			body, _ = io.ReadAll(resp.Body)
			resp.Body.Close()
		}
		if err == nil && resp.StatusCode == 200 && strings.Contains(string(body), "A001") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("GET %s never showed A001: %v %s", qr, err, fmt.Sprint(len(body)))
		}
		time.Sleep(200 * time.Millisecond)
	}
	mu.Lock()
	defer mu.Unlock()
	for _, noise := range []string{"Error parsing user locale", "ALSA lib", "not_enrolled"} {
		if strings.Contains(logs.String(), noise) {
			t.Errorf("the demo's log still says %q", noise)
		}
	}
}
