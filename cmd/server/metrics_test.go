package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// freePort returns a loopback address that was free a moment ago.
func freePort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

func get(t *testing.T, url, auth string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// TestServe_Metrics runs the real serve command: /metrics is refused on
// the main listener and served on its own one, with the token.
func TestServe_Metrics(t *testing.T) {
	dir := t.TempDir()
	tokenFile := filepath.Join(dir, "metrics-token")
	os.WriteFile(tokenFile, []byte("token-of-the-operator-123\n"), 0o600)
	addrFile := filepath.Join(dir, "addr")
	metrics := freePort(t)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	var wg sync.WaitGroup
	var errb bytes.Buffer
	wg.Go(func() {
		Run(ctx, []string{"serve", "--db", "sqlite:" + filepath.Join(dir, "s.db"), "--addr", "127.0.0.1:0", "--addr-file", addrFile,
			"--metrics-addr", metrics, "--metrics-token-file", tokenFile, "--log-level", "warn"}, io.Discard, &errb)
	})
	defer wg.Wait()
	defer cancel()
	var addr []byte
	for ctx.Err() == nil {
		if b, err := os.ReadFile(addrFile); err == nil {
			addr = b
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if code, body := get(t, "http://"+string(addr)+"/metrics", ""); code != http.StatusNotFound || strings.Contains(body, "go_goroutines") {
		t.Errorf("main listener GET /metrics = %d %.100q, want 404 without metrics", code, body)
	}
	if code, _ := get(t, "http://"+metrics+"/metrics", ""); code != http.StatusUnauthorized {
		t.Errorf("metrics listener without the token = %d, want 401", code)
	}
	if code, body := get(t, "http://"+metrics+"/metrics", "Bearer token-of-the-operator-123"); code != http.StatusOK || !strings.Contains(body, "go_goroutines") {
		t.Errorf("metrics listener with the token = %d %.100q, want 200 with metrics", code, body)
	}
}

// A metrics address beyond loopback without a token is refused before
// anything is served; -h documents the flags.
func TestServe_MetricsFlags(t *testing.T) {
	dir := t.TempDir()
	var errb bytes.Buffer
	err := Run(context.Background(), []string{"serve", "--db", "sqlite:" + filepath.Join(dir, "s.db"), "--addr", "127.0.0.1:0", "--metrics-addr", "0.0.0.0:0"}, io.Discard, &errb)
	if err == nil || !strings.Contains(err.Error(), "--metrics-token-file") {
		t.Errorf("non-loopback metrics without a token: Run = %v, want a refusal naming --metrics-token-file", err)
	}
	errb.Reset()
	err = Run(context.Background(), []string{"serve", "-h"}, io.Discard, &errb)
	if !errors.Is(err, flag.ErrHelp) || !strings.Contains(errb.String(), "-metrics-addr") || !strings.Contains(errb.String(), "127.0.0.1:9464") || !strings.Contains(errb.String(), "-metrics-token-file") {
		t.Errorf("serve -h = %v\n%s", err, errb.String())
	}
}
