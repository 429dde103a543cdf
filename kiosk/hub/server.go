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
//
// ReadTimeout and WriteTimeout are deadlines of each request other than
// the live-event stream, set by the handler (withDeadlines) rather than
// as the http.Server's, so that the stream (a request that never ends) is
// not subject to them at all instead of lifting them for itself. Idle
// keep-alive connections are not timed out: a LAN hub has a handful of
// devices, and each desk keeps one or two.
const (
	ReadHeaderTimeout = 5 * time.Second
	ReadTimeout       = 15 * time.Second // the whole request, body included
	WriteTimeout      = 30 * time.Second // the answer
	MaxHeaderBytes    = 16 << 10
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
		MaxHeaderBytes:    MaxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
}

// requestTimeouts are ReadTimeout and WriteTimeout; tests shorten them.
var requestTimeouts = [2]time.Duration{ReadTimeout, WriteTimeout}

// withDeadlines gives every request but the live-event stream a deadline
// to send its body (a body dribbled byte by byte is cut) and one for its
// answer.
func withDeadlines(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !(r.Method == http.MethodGet && r.URL.Path == "/api/v1/events") {
			rc := http.NewResponseController(w)
			now := time.Now()
			rc.SetReadDeadline(now.Add(requestTimeouts[0]))
			rc.SetWriteDeadline(now.Add(requestTimeouts[1]))
		}
		next.ServeHTTP(w, r)
	})
}
