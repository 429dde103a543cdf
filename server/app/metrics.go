package app

import (
	"crypto/subtle"
	"net/http"
	"strings"

	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// MetricsPath is where the metrics listener serves Prometheus metrics.
const MetricsPath = "/metrics"

// Metrics is the handler of the metrics listener: GET /metrics in the
// Prometheus text format and nothing else. It is not on the main handler,
// which faces the offices' hubs and the supervisors' browsers: the figures
// (devices, batch rates, process memory) are for the operator only. The
// listener is bound to loopback by default; when token is not empty, a
// request must also carry "Authorization: Bearer TOKEN" (so that the
// listener may be bound to a network a Prometheus server reaches), and
// is answered 401 without it.
func (a *App) Metrics(token string) http.Handler {
	prom := promhttp.HandlerFor(a.Registry, promhttp.HandlerOpts{Registry: a.Registry})
	mux := http.NewServeMux()
	mux.Handle("GET "+MetricsPath, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if token != "" && !tokenMatches(r.Header.Get("Authorization"), token) {
			w.Header().Set("WWW-Authenticate", `Bearer realm="metrics"`)
			http.Error(w, "metrics need the bearer token given to the server with --metrics-token-file", http.StatusUnauthorized)
			return
		}
		prom.ServeHTTP(w, r)
	}))
	return mux
}

// tokenMatches compares a bearer header with token in constant time.
func tokenMatches(header, token string) bool {
	if len(header) < 7 || !strings.EqualFold(header[:7], "bearer ") {
		return false
	}
	got := strings.TrimSpace(header[7:])
	return subtle.ConstantTimeCompare([]byte(got), []byte(token)) == 1
}
