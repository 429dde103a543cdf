package main

import (
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"os"
)

// startProfiling serves Go's profiles (heap, goroutines, CPU) on the
// loopback address in KIOSK_PPROF, e.g. KIOSK_PPROF=127.0.0.1:6060, for a
// technician chasing memory or CPU on a kiosk:
//
//	go tool pprof http://127.0.0.1:6060/debug/pprof/heap
//
// It is off unless the variable is set, and refuses an address that is
// not loopback: profiles show the office's data in memory.
func startProfiling(log *slog.Logger) {
	addr := os.Getenv("KIOSK_PPROF")
	if addr == "" {
		return
	}
	host, _, err := net.SplitHostPort(addr)
	if ip := net.ParseIP(host); err != nil || ip == nil || !ip.IsLoopback() {
		log.Warn("KIOSK_PPROF ignored: not a loopback host:port", "addr", addr)
		return
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		log.Warn("KIOSK_PPROF: listen", "addr", addr, "err", err)
		return
	}
	log.Info("profiles served", "addr", ln.Addr().String())
	go func() { _ = http.Serve(ln, mux) }()
}
