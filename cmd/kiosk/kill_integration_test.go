//go:build integration

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/motcua-kiosk/motcua/kiosk/queue"
	"github.com/motcua-kiosk/motcua/kiosk/store"
)

// buildKiosk builds the real binary once per test process (linking the
// cgo Fyne binary is the slow part), shared by every test and benchmark.
func buildKiosk(t testing.TB) string {
	t.Helper()
	// KIOSK_BIN runs an already built binary instead: make test builds
	// bin/kiosk once for every package; or the one unpacked from the
	// release archive, or one whose pages are not in the page cache (a
	// fresh build's whole file is, and is mapped whole: see docs/perf/ui.md).
	if bin := os.Getenv("KIOSK_BIN"); bin != "" {
		return bin
	}
	kioskOnce.Do(func() {
		kioskPath = filepath.Join(binDir, "kiosk")
		cmd := exec.Command("go", "build", "-o", kioskPath, ".")
		if out, err := cmd.CombinedOutput(); err != nil {
			kioskErr = fmt.Errorf("build kiosk: %v\n%s", err, out)
		}
	})
	if kioskErr != nil {
		t.Fatal(kioskErr)
	}
	return kioskPath
}

var (
	kioskOnce sync.Once
	kioskPath string
	kioskErr  error
	binDir    string
)

// TestMain gives the binary built for the tests a folder that goes with
// the test process.
func TestMain(m *testing.M) {
	binDir, _ = os.MkdirTemp("", "motcua-kiosk-bin-")
	code := m.Run()
	os.RemoveAll(binDir)
	os.Exit(code)
}

func freeAddr(t testing.TB) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// TestHubProcess_SIGKILLLosesNoTicket kills a real hub process with
// SIGKILL in the middle of concurrent issuing, 100 times, and checks that
// every acknowledged ticket is in the store afterwards and that no number
// was ever acknowledged twice.
func TestHubProcess_SIGKILLLosesNoTicket(t *testing.T) {
	bin := buildKiosk(t)
	dir := t.TempDir()
	st, err := store.Open(filepath.Join(dir, "office.db"))
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
	_, token, err := st.AddDevice(context.Background(), "kiosk", store.RoleDispenser, 0)
	if err != nil {
		t.Fatal(err)
	}
	st.Close()

	acked := map[string]string{} // ticket ID -> round that acknowledged it
	rounds := 100
	if testing.Short() {
		rounds = 10
	}
	client := &http.Client{Timeout: 5 * time.Second}
	for round := 0; round < rounds; round++ {
		addr := freeAddr(t)
		cmd := exec.Command(bin, "hub", "--data", dir, "--listen", addr, "--log-level", "error")
		cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		waitHealthy(t, client, addr)
		var mu sync.Mutex
		var wg sync.WaitGroup
		stop := make(chan struct{})
		for g := 0; g < 8; g++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					select {
					case <-stop:
						return
					default:
					}
					svc := []string{"A", "B", "C", "D"}[rand.IntN(4)]
					body, _ := json.Marshal(map[string]string{"service": svc})
					req, _ := http.NewRequest("POST", "http://"+addr+"/api/v1/tickets", bytes.NewReader(body))
					req.Header.Set("Authorization", "Bearer "+token)
					resp, err := client.Do(req)
					if err != nil {
						return // the process is gone
					}
					var out struct{ Ticket queue.Ticket }
					ok := resp.StatusCode == http.StatusCreated && json.NewDecoder(resp.Body).Decode(&out) == nil
					resp.Body.Close()
					if ok {
						mu.Lock()
						if prev, dup := acked[out.Ticket.ID]; dup {
							t.Errorf("ticket %s acknowledged in round %s and again in round %d", out.Ticket.ID, prev, round)
						}
						acked[out.Ticket.ID] = fmt.Sprint(round)
						mu.Unlock()
					}
				}
			}()
		}
		time.Sleep(time.Duration(20+rand.IntN(150)) * time.Millisecond)
		syscall.Kill(cmd.Process.Pid, syscall.SIGKILL)
		cmd.Wait()
		close(stop)
		wg.Wait()
	}

	st, err = store.Open(filepath.Join(dir, "office.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	stored := map[string]bool{}
	days := map[string]bool{}
	for id := range acked {
		days[id[:8]] = true
	}
	for d := range days {
		day := d[:4] + "-" + d[4:6] + "-" + d[6:]
		ts, err := st.Tickets(context.Background(), day)
		if err != nil {
			t.Fatal(err)
		}
		for _, tk := range ts {
			stored[tk.ID] = true
		}
	}
	lost := 0
	for id := range acked {
		if !stored[id] {
			lost++
			t.Errorf("acknowledged ticket %s is not in the store", id)
		}
	}
	if len(acked) < rounds {
		t.Fatalf("only %d tickets acknowledged over %d rounds: the test did not exercise issuing", len(acked), rounds)
	}
	t.Logf("%d rounds, %d tickets acknowledged, %d in the store, %d lost", rounds, len(acked), len(stored), lost)
}

func waitHealthy(t *testing.T, c *http.Client, addr string) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		resp, err := c.Get("http://" + addr + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("hub at %s did not become healthy", addr)
}
