//go:build integration

package main

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// needTool returns the path of a tool the test needs. When it is missing
// the test is skipped, except under CI (CI set), where that is a failure:
// CI installs every tool.
func needTool(t testing.TB, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s is missing: %v", name, err)
		}
		t.Skipf("%s is missing: %v", name, err)
	}
	return p
}

// needTools is needTool for several tools.
func needTools(t testing.TB, names ...string) {
	t.Helper()
	for _, n := range names {
		needTool(t, n)
	}
}

// startXvfb starts a virtual X server of w×h on a display it picks itself
// (-displayfd, so parallel tests never collide) and returns its DISPLAY.
// It is stopped when the test ends.
func startXvfb(t testing.TB, w, h int) string {
	t.Helper()
	r, wr, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	x := exec.Command(needTool(t, "Xvfb"), "-displayfd", "3", "-screen", "0", fmt.Sprintf("%dx%dx24", w, h), "-nolisten", "tcp")
	x.ExtraFiles = []*os.File{wr}
	if err := x.Start(); err != nil {
		t.Fatal(err)
	}
	wr.Close()
	t.Cleanup(func() { x.Process.Kill(); x.Wait() })
	line, err := bufio.NewReader(r).ReadString('\n')
	r.Close()
	if err != nil {
		t.Fatalf("Xvfb gave no display number: %v", err)
	}
	return ":" + strings.TrimSpace(line)
}
