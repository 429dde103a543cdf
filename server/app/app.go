// Package app assembles the central server: the HTTP mux with the ingest
// API and /healthz, the metrics handler of its own listener (Metrics), and
// Serve, which runs it with optional TLS and shuts down gracefully, letting
// in-flight batches finish. Other server packages (reports, the public
// ticket page) add their routes with Handle; every route goes into Routes
// so that the OpenAPI test can hold docs/openapi-server.yaml to what is
// served.
package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sort"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/motcua-kiosk/motcua/kiosk/wire"
	"github.com/motcua-kiosk/motcua/server/bookings"
	"github.com/motcua-kiosk/motcua/server/db"
	"github.com/motcua-kiosk/motcua/server/ingest"
)

// Route is one served method and path pattern.
type Route struct {
	Method string
	Path   string // net/http pattern path, e.g. "/t/{ref}"
}

// App is the server's HTTP side.
type App struct {
	DB       *db.DB
	Registry *prometheus.Registry
	Ingest   *ingest.Server
	// Bookings is the phone bookings and the hubs' booking sync (its
	// device routes are registered here; server/web's booking page uses
	// it too).
	Bookings *bookings.Service
	Log      *slog.Logger

	mux    *http.ServeMux
	mu     sync.Mutex
	routes []Route
}

// Options configure New.
type Options struct {
	Ingest   ingest.Options
	Bookings bookings.Options
	Logger   *slog.Logger
}

// New builds the app over an open database.
func New(d *db.DB, opt Options) *App {
	if opt.Logger == nil {
		opt.Logger = slog.Default()
	}
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	opt.Ingest.Registerer = reg
	opt.Ingest.Logger = opt.Logger
	a := &App{DB: d, Registry: reg, Ingest: ingest.New(d, opt.Ingest), Log: opt.Logger, mux: http.NewServeMux()}
	a.Handle("POST", wire.PathEvents, http.HandlerFunc(a.Ingest.Events))
	a.Handle("POST", wire.PathEnroll, http.HandlerFunc(a.Ingest.Enroll))
	a.Handle("PUT", ingest.PathNames, http.HandlerFunc(a.Ingest.Names))
	if opt.Bookings.Logger == nil {
		opt.Bookings.Logger = opt.Logger
	}
	a.Bookings = bookings.New(d, opt.Bookings)
	a.Bookings.Register(a)
	a.Handle("GET", "/healthz", http.HandlerFunc(a.healthz))
	return a
}

// Handle registers h for method and path and records the route.
func (a *App) Handle(method, path string, h http.Handler) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.mux.Handle(method+" "+path, h)
	a.routes = append(a.routes, Route{Method: method, Path: path})
}

// Routes lists the served routes sorted by path then method.
func (a *App) Routes() []Route {
	a.mu.Lock()
	defer a.mu.Unlock()
	out := append([]Route(nil), a.routes...)
	sort.Slice(out, func(i, j int) bool {
		if out[i].Path != out[j].Path {
			return out[i].Path < out[j].Path
		}
		return out[i].Method < out[j].Method
	})
	return out
}

// Handler is the whole server, logging each request that did not succeed
// (and, at debug level, every request).
func (a *App) Handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		a.mux.ServeHTTP(rec, r)
		level := slog.LevelDebug
		if rec.status >= 400 {
			level = slog.LevelWarn
		}
		a.Log.Log(r.Context(), level, "http request", "method", r.Method, "path", r.URL.Path,
			"status", rec.status, "duration", time.Since(start), "remote", r.RemoteAddr)
	})
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (s *statusRecorder) WriteHeader(code int) {
	s.status = code
	s.ResponseWriter.WriteHeader(code)
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (s *statusRecorder) Unwrap() http.ResponseWriter { return s.ResponseWriter }

func (a *App) healthz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	w.Header().Set("Content-Type", "application/json")
	if err := a.DB.Ping(ctx); err != nil {
		a.Log.Warn("health check", "err", err)
		w.WriteHeader(http.StatusServiceUnavailable)
		json.NewEncoder(w).Encode(map[string]string{"status": "database unavailable"})
		return
	}
	json.NewEncoder(w).Encode(map[string]string{"status": "ok", "db": string(a.DB.Dialect())})
}

// ServeOptions configure Serve.
type ServeOptions struct {
	TLSCert, TLSKey string        // both set: serve HTTPS
	ShutdownTimeout time.Duration // default 30 s
	// Ready, if set, receives the bound address once listening.
	Ready func(addr net.Addr)
}

// Serve serves on l until ctx is done, then stops accepting connections
// and waits (up to ShutdownTimeout) for in-flight requests, so that a batch
// being stored is committed and acknowledged, not cut.
func (a *App) Serve(ctx context.Context, l net.Listener, opt ServeOptions) error {
	if opt.ShutdownTimeout <= 0 {
		opt.ShutdownTimeout = 30 * time.Second
	}
	srv := &http.Server{
		Handler:           a.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(a.Log.Handler(), slog.LevelWarn),
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	errc := make(chan error, 1)
	go func() {
		if opt.TLSCert != "" || opt.TLSKey != "" {
			errc <- srv.ServeTLS(l, opt.TLSCert, opt.TLSKey)
		} else {
			errc <- srv.Serve(l)
		}
	}()
	if opt.Ready != nil {
		opt.Ready(l.Addr())
	}
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	a.Log.Info("shutting down: finishing in-flight requests", "timeout", opt.ShutdownTimeout)
	sctx, cancel := context.WithTimeout(context.Background(), opt.ShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	return nil
}
