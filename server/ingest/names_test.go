package ingest_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/motcua-kiosk/motcua/server/db"
	"github.com/motcua-kiosk/motcua/server/ingest"
)

func (e *env) putNames(t *testing.T, body, token string) int {
	t.Helper()
	req, _ := http.NewRequest("PUT", e.srv.URL+ingest.PathNames, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func TestServer_Names(t *testing.T) {
	e := newEnv(t, ingest.Options{})
	ctx := context.Background()
	dev, err := e.d.Authenticate(ctx, e.token)
	if err != nil {
		t.Fatal(err)
	}
	if got := e.putNames(t, `{"officers":{"cb01":"Nguyễn Thị Lan","cb02":"Trần Văn Minh"},"services":{"A":"Đăng ký đất đai"}}`, e.token); got != http.StatusNoContent {
		t.Fatalf("PUT names = %d, want 204", got)
	}
	// A later request renames one, forgets one and leaves the rest.
	if got := e.putNames(t, `{"officers":{"cb01":"Nguyễn Thị Lan (Hộ tịch)","cb02":""}}`, e.token); got != http.StatusNoContent {
		t.Fatalf("second PUT names = %d, want 204", got)
	}
	for _, tc := range []struct {
		kind     db.NameKind
		id, want string
	}{
		{db.OfficerNames, "cb01", "Nguyễn Thị Lan (Hộ tịch)"},
		{db.OfficerNames, "cb02", "cb02"},
		{db.OfficerNames, "cb09", "cb09"},
		{db.ServiceNames, "A", "Đăng ký đất đai"},
	} {
		got, err := e.d.NameOf(ctx, dev.Office, tc.kind, tc.id)
		if err != nil || got != tc.want {
			t.Errorf("NameOf(%s %s) = %q, %v; want %q", tc.kind, tc.id, got, err, tc.want)
		}
	}
	// Another office's names are its own.
	if got, _ := e.d.NameOf(ctx, "of-other", db.OfficerNames, "cb01"); got != "cb01" {
		t.Errorf("another office's cb01 is named %q", got)
	}
	for _, tc := range []struct {
		name, body, token string
		want              int
	}{
		{"bad token", `{}`, "nope", http.StatusUnauthorized},
		{"not json", `{`, e.token, http.StatusBadRequest},
		{"unknown field", `{"staff":{}}`, e.token, http.StatusBadRequest},
		{"empty id", `{"officers":{"":"X"}}`, e.token, http.StatusUnprocessableEntity},
		{"long name", `{"officers":{"cb01":"` + strings.Repeat("a", 201) + `"}}`, e.token, http.StatusUnprocessableEntity},
		{"newline", `{"services":{"A":"a\nb"}}`, e.token, http.StatusUnprocessableEntity},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := e.putNames(t, tc.body, tc.token); got != tc.want {
				t.Errorf("PUT names = %d, want %d", got, tc.want)
			}
		})
	}
}
