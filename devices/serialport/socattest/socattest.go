// Package socattest makes a real serial line for tests: a pair of
// pseudo-terminals joined by socat, one end for the kiosk and one for a
// test printer. Killing socat is unplugging the cable; Plug starts it again
// with the same link names, as a printer that is plugged back in reappears
// under the same device path.
package socattest

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// Pair is a socat pseudo-terminal pair. A and B are the paths of its two
// ends (symbolic links to /dev/pts/N).
type Pair struct {
	A, B string
	tb   testing.TB
	cmd  *exec.Cmd
	log  *syncBuffer
}

// syncBuffer collects socat's log; socat writes it from exec's goroutine.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// Require returns socat's path, or skips the test when socat is missing and
// the CI variable is unset; under CI a missing socat fails the test.
func Require(tb testing.TB) string {
	tb.Helper()
	path, err := exec.LookPath("socat")
	if err != nil {
		if os.Getenv("CI") == "" {
			tb.Skip("socat not installed (apt-get install socat)")
		}
		tb.Fatalf("socat required under CI: %v", err)
	}
	return path
}

// New starts socat with two raw pseudo-terminals linked under a temporary
// directory, waits for both links, and stops socat when the test ends.
func New(tb testing.TB) *Pair {
	tb.Helper()
	Require(tb)
	dir := tb.TempDir()
	p := &Pair{A: filepath.Join(dir, "a"), B: filepath.Join(dir, "b"), tb: tb}
	p.Plug()
	tb.Cleanup(p.Unplug)
	return p
}

// Plug starts socat if it is not running and waits until both ends exist.
func (p *Pair) Plug() {
	p.tb.Helper()
	if p.cmd != nil {
		return
	}
	p.log = new(syncBuffer)
	p.cmd = exec.Command("socat", "-d", "-d",
		"pty,raw,echo=0,link="+p.A,
		"pty,raw,echo=0,link="+p.B)
	p.cmd.Stderr = p.log
	if err := p.cmd.Start(); err != nil {
		p.tb.Fatalf("start socat: %v", err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for !exists(p.A) || !exists(p.B) {
		if time.Now().After(deadline) {
			p.tb.Fatalf("socat links did not appear: %s", p.log)
		}
		time.Sleep(10 * time.Millisecond)
	}
	// socat prints "starting data transfer loop" once both ends are ready.
	for !strings.Contains(p.log.String(), "starting data transfer loop") {
		if time.Now().After(deadline) {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// Unplug kills socat: both ends vanish and open files on them fail.
func (p *Pair) Unplug() {
	if p.cmd == nil {
		return
	}
	_ = p.cmd.Process.Kill()
	_ = p.cmd.Wait()
	p.cmd = nil
	// socat removes its links on a clean exit only; a killed socat leaves
	// them dangling, as a vanished /dev/ttyUSB0 would not be.
	_ = os.Remove(p.A)
	_ = os.Remove(p.B)
}

// String describes the pair for test logs.
func (p *Pair) String() string { return fmt.Sprintf("socat %s <-> %s", p.A, p.B) }

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}
