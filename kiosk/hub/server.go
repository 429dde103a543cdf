package hub

import (
	"log/slog"
	"net/http"
	"time"
)

// Limits of the hub's HTTP server. A desk's request is small and quick;
// these bound what a slow or hostile client can hold: a connection that
// dribbles its headers is closed after ReadHeaderTimeout, whatever it
// sends meanwhile, so it cannot keep a desk waiting.
const (
	ReadHeaderTimeout = 5 * time.Second
	ReadTimeout       = 15 * time.Second // the whole request, body included
	// WriteTimeout bounds an answer; the live-event stream lifts it (and
	// the read deadline) for itself.
	WriteTimeout   = 30 * time.Second
	IdleTimeout    = 60 * time.Second
	MaxHeaderBytes = 16 << 10
)

// NewServer returns the HTTP server for the hub's LAN API (Handler) with
// the limits above; the caller serves it on its listener and shuts it
// down. log (nil: slog.Default) receives net/http's own complaints.
func NewServer(h *Hub, log *slog.Logger) *http.Server {
	if log == nil {
		log = slog.Default()
	}
	return &http.Server{
		Handler:           Handler(h),
		ReadHeaderTimeout: ReadHeaderTimeout,
		ReadTimeout:       ReadTimeout,
		WriteTimeout:      WriteTimeout,
		IdleTimeout:       IdleTimeout,
		MaxHeaderBytes:    MaxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
}
