package hub

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/motcua-kiosk/motcua/kiosk/store"
)

// Fuzz targets, one per route that decodes a request body. Each sends the
// fuzzed body to the hub's handler with a token of a role the route
// takes, on an office with a ticket waiting and a desk signed in, and
// checks: no panic, no 5xx, a body the hub took is one valid JSON object,
// and a refused body (4xx) answers the hub's error with both messages and
// leaves the office as it was (the snapshot of snapshot_test.go).
//
//	go test -run '^$' -fuzz FuzzIssue -fuzztime 20s ./kiosk/hub

// hostileSeeds go into every target's corpus.
var hostileSeeds = []string{
	``, ` `, `null`, `[]`, `{}`, `{`, `}`, `"x"`, `0`, `true`,
	`{}}`, `{}]`, `{} {}`, `{},`, `{}x`,
	`{"x":1}`, `{"":""}`, "{\"a\":\"\xff\"}", "\xef\xbb\xbf{}", `{"a":"\ud800"}`,
	`{"a":` + strings.Repeat("[", 200) + strings.Repeat("]", 200) + `}`,
	`{"n":1e400}`, `{"n":-0}`, `{"n":9223372036854775808}`,
}

func fuzzRoute(f *testing.F, method, path, role string, seeds ...string) {
	// Every refusal is logged: thousands a second would drown the output.
	old := slog.Default()
	slog.SetDefault(slog.New(slog.DiscardHandler))
	f.Cleanup(func() { slog.SetDefault(old) })
	fx := newFixture(f)
	lobbyOpen(f, fx)
	handler := fx.srv.Config.Handler
	for _, s := range append(seeds, hostileSeeds...) {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		before := snapshot(t, fx)
		req := httptest.NewRequest(method, path, bytes.NewReader(body))
		if role != "" {
			req.Header.Set("Authorization", "Bearer "+fx.tokens[role])
		}
		rec := httptest.NewRecorder()
		handler.ServeHTTP(rec, req)
		switch {
		case rec.Code >= 500:
			t.Fatalf("%s %s %q: %d %s", method, path, body, rec.Code, rec.Body)
		case rec.Code >= 400:
			var e struct{ Error *Error }
			if json.Unmarshal(rec.Body.Bytes(), &e) != nil || e.Error == nil || e.Error.Message == "" || e.Error.MessageEN == "" {
				t.Fatalf("%s %s %q: %d without the hub's error body: %s", method, path, body, rec.Code, rec.Body)
			}
			if after := snapshot(t, fx); after != before {
				t.Fatalf("%s %s %q refused (%d %s) but changed the office:\n%s", method, path, body, rec.Code, e.Error.Code, diffLines(before, after))
			}
		default:
			if !utf8.Valid(body) || !json.Valid(body) || !bytes.HasPrefix(bytes.TrimLeft(body, " \t\r\n"), []byte("{")) {
				t.Fatalf("%s %s took %q (%d), not one JSON object in UTF-8", method, path, body, rec.Code)
			}
		}
	})
}

func FuzzPair(f *testing.F) {
	fuzzRoute(f, "POST", "/api/v1/pair", "",
		`{"code":"123456","name":"Màn hình sảnh"}`, `{"code":"","name":""}`, `{"code":"123456","name":"`+strings.Repeat("x", 101)+`"}`)
}

func FuzzIssue(f *testing.F) {
	fuzzRoute(f, "POST", "/api/v1/tickets", store.RoleDispenser,
		`{"service":"A"}`, `{"service":"b","priority":"elderly"}`, `{"service":"Q"}`, `{"service":"A","priority":"vip"}`, `{"service":"A"}}`)
}

func FuzzTransfer(f *testing.F) {
	fuzzRoute(f, "POST", "/api/v1/tickets/A001/transfer", store.RoleDesk,
		`{"service":"B"}`, `{"service":"A","counter":2}`, `{"counter":-1}`)
}

func FuzzRate(f *testing.F) {
	fuzzRoute(f, "POST", "/api/v1/tickets/A001/rating", store.RoleRating,
		`{"stars":5}`, `{"stars":2,"reasons":["long_wait"],"comment":"Chờ lâu"}`, `{"stars":9}`, `{"stars":5,"source":"web"}`)
}

func FuzzPause(f *testing.F) {
	fuzzRoute(f, "POST", "/api/v1/counters/1/pause", store.RoleDesk,
		`{"paused":true}`, `{"paused":false}`, `{"paused":null}`, `{"paused":"yes"}`)
}

func FuzzSignIn(f *testing.F) {
	fuzzRoute(f, "POST", "/api/v1/counters/1/signin", store.RoleDesk,
		`{"officer":"cb02","pin":"2222"}`, `{"officer":"cb01","pin":"9999"}`, `{"officer":"","pin":""}`)
}

func FuzzAlert(f *testing.F) {
	fuzzRoute(f, "POST", "/api/v1/alerts", store.RoleDispenser,
		`{"kind":"printer","state":"paper_end","message":"Hết giấy"}`, `{"kind":"printer","state":"ready"}`,
		`{"kind":"printer","state":"paper_end","device":"x","at":"2026-01-01T00:00:00Z"}`)
}

func FuzzCheckIn(f *testing.F) {
	fuzzRoute(f, "POST", "/api/v1/bookings/check-in", store.RoleDispenser,
		`{"code":"K7M-Q2PT"}`, `{"code":"https://motcua.example.gov.vn/b/K7MQ2PT","priority":"elderly"}`, `{"code":""}`, `{"code":1}`)
}

func FuzzSetConfig(f *testing.F) {
	cfg := testConfig()
	full, _ := json.Marshal(cfg)
	cfg.Office.Name = ""
	bad, _ := json.Marshal(cfg)
	fuzzRoute(f, "PUT", "/api/v1/config", store.RoleAdmin, string(full), string(bad), `{"office":{"name":"UBND"}}`)
}

func FuzzPairingCode(f *testing.F) {
	fuzzRoute(f, "POST", "/api/v1/pairing-codes", store.RoleAdmin,
		`{"role":"display"}`, `{"role":"desk","counter":2}`, `{"role":"root"}`)
}

func FuzzSetOfficer(f *testing.F) {
	fuzzRoute(f, "PUT", "/api/v1/officers/cb03", store.RoleAdmin,
		`{"name":"Lê Văn Cường","pin":"3333"}`, `{"name":"","pin":"1"}`, `{"name":"Lê Văn Cường"}`)
}
