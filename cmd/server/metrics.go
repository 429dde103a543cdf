package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/motcua-kiosk/motcua/server/app"
)

// defaultMetricsAddr is loopback: the metrics say how many devices send,
// how fast, and the process's memory, which is the operator's business,
// not the offices' or the public's.
const defaultMetricsAddr = "127.0.0.1:9464"

// serveMetrics starts the metrics listener and returns the function that
// stops it. An address other than loopback needs a token file: metrics are
// never served to a network without authentication. A port already taken
// (another server on this machine) is logged, not fatal: the ingest API
// matters more than its figures.
func serveMetrics(ctx context.Context, a *app.App, addr, tokenFile string, log *slog.Logger) (func(), error) {
	if addr == "" || addr == "off" {
		return func() {}, nil
	}
	token := ""
	if tokenFile != "" {
		b, err := os.ReadFile(tokenFile)
		if err != nil {
			return nil, fmt.Errorf("--metrics-token-file: %w", err)
		}
		token, _, _ = strings.Cut(string(b), "\n")
		if token = strings.TrimSpace(token); len(token) < 16 {
			return nil, errors.New("--metrics-token-file: the token must be at least 16 characters")
		}
	}
	if token == "" && !loopback(addr) {
		return nil, fmt.Errorf("--metrics-addr %s is not loopback: give --metrics-token-file too, or bind 127.0.0.1", addr)
	}
	l, err := net.Listen("tcp", addr)
	if err != nil {
		log.Error("metrics listener not started (the server runs without /metrics)", "addr", addr, "err", err)
		return func() {}, nil
	}
	srv := &http.Server{Handler: a.Metrics(token), ReadHeaderTimeout: 5 * time.Second}
	go srv.Serve(l)
	log.Info("metrics listening", "addr", l.Addr().String(), "token", token != "")
	return func() {
		sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 2*time.Second)
		defer cancel()
		srv.Shutdown(sctx)
	}, nil
}

// loopback reports whether addr's host is a loopback address or name.
func loopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
