package app_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// The main listener, which hubs and browsers reach, never answers
// /metrics; the metrics handler does, with the token when one is set.
func TestApp_Metrics(t *testing.T) {
	a := newApp(t)
	rec := httptest.NewRecorder()
	a.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	if got, want := rec.Code, http.StatusNotFound; got != want {
		t.Errorf("main listener: GET /metrics = %d, want %d", got, want)
	}
	if strings.Contains(rec.Body.String(), "go_goroutines") {
		t.Errorf("main listener answered metrics: %.200s", rec.Body.String())
	}
	for _, tc := range []struct {
		name, token, auth string
		want              int
	}{
		{"no token set, loopback listener", "", "", http.StatusOK},
		{"token set, no header", "s3cret-token", "", http.StatusUnauthorized},
		{"token set, wrong token", "s3cret-token", "Bearer s3cret-tokem", http.StatusUnauthorized},
		{"token set, not bearer", "s3cret-token", "Basic s3cret-token", http.StatusUnauthorized},
		{"token set, right token", "s3cret-token", "Bearer s3cret-token", http.StatusOK},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req := httptest.NewRequest("GET", "/metrics", nil)
			if tc.auth != "" {
				req.Header.Set("Authorization", tc.auth)
			}
			rec := httptest.NewRecorder()
			a.Metrics(tc.token).ServeHTTP(rec, req)
			if got := rec.Code; got != tc.want {
				t.Fatalf("status = %d, want %d", got, tc.want)
			}
			has := strings.Contains(rec.Body.String(), "go_goroutines")
			if has != (tc.want == http.StatusOK) {
				t.Errorf("body has the ingest metrics = %v, want %v", has, tc.want == http.StatusOK)
			}
		})
	}
	rec = httptest.NewRecorder()
	a.Metrics("").ServeHTTP(rec, httptest.NewRequest("GET", "/healthz", nil))
	if got, want := rec.Code, http.StatusNotFound; got != want {
		t.Errorf("metrics listener: GET /healthz = %d, want %d (it serves metrics only)", got, want)
	}
}
