package hub

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/motcua-kiosk/motcua/kiosk/store"
)

var update = flag.Bool("update", false, "rewrite the table of docs/hub-hostile-input.md from this run")

// validBodies is a body each route with one would take, so that a request
// refused for its credential is refused for that alone: with a valid token
// it would have done something.
func validBodies(t testing.TB, f *fixture) map[string]string {
	cfg := f.hub.Config()
	cfg.Office.Notice = "Thứ Sáu không hẹn"
	return map[string]string{
		"POST /api/v1/pair":                               `{"code":"123456","name":"Màn hình sảnh"}`,
		"POST /api/v1/tickets":                            `{"service":"A"}`,
		"POST /api/v1/tickets/{ticket}/transfer":          `{"service":"B"}`,
		"POST /api/v1/tickets/{ticket}/rating":            `{"stars":5}`,
		"POST /api/v1/counters/{counter}/pause":           `{"paused":true}`,
		"POST /api/v1/counters/{counter}/signin":          `{"officer":"cb02","pin":"2222"}`,
		"POST /api/v1/alerts":                             `{"kind":"printer","state":"paper_end","message":"Hết giấy"}`,
		"PUT /api/v1/config":                              mustJSON(t, cfg),
		"POST /api/v1/pairing-codes":                      `{"role":"display"}`,
		"PUT /api/v1/officers/{id}":                       `{"name":"Lê Văn Cường","pin":"3333"}`,
		"POST /api/v1/counters/{counter}/signout":         ``,
		"POST /api/v1/counters/{counter}/call-next":       ``,
		"POST /api/v1/tickets/{ticket}/cancel":            ``,
		"POST /api/v1/tickets/{ticket}/return":            ``,
		"POST /api/v1/counters/{counter}/complete":        ``,
		"POST /api/v1/counters/{counter}/start":           ``,
		"POST /api/v1/counters/{counter}/recall":          ``,
		"POST /api/v1/counters/{counter}/skip":            ``,
		"DELETE /api/v1/devices/{id}":                     ``,
		"GET /api/v1/state":                               ``,
		"GET /api/v1/events":                              ``,
		"GET /api/v1/tickets/{ticket}":                    ``,
		"GET /api/v1/config":                              ``,
		"GET /api/v1/devices":                             ``,
		"GET /api/v1/officers":                            ``,
		"GET /healthz":                                    ``,
		"POST /api/v1/dossiers":                           `{"code":"000.00.13.H12-261123-0009","procedure_name":"Thủ tục đăng ký khai sinh"}`,
		"POST /api/v1/dossiers/{code}/steps":              `{"state":"processing","step":"Thẩm định hồ sơ","unit":"Tư pháp"}`,
		"GET /api/v1/tickets/{ticket}/dossiers":           ``,
		"POST /api/v1/tickets/{ticket}/dossiers":          `{"code":"000.00.13.H12-261123-0009"}`,
		"DELETE /api/v1/tickets/{ticket}/dossiers/{code}": ``,
		"POST /api/v1/bookings/check-in":                  `{"code":"K7M-Q2PT"}`,
		"GET /api/v1/bookings":                            ``,
		"GET /api/v1/bookings/slots":                      ``,
		"POST /api/v1/bookings":                           `{"service":"A","start":"2026-11-23T13:00:00+07:00"}`,
		"POST /api/v1/bookings/{code}/cancel":             ``,
		"GET /api/v1/visits":                              ``,
		"POST /api/v1/visits":                             `{"procedure_name":"Chứng thực bản sao","service":"B","citizen":"Lê Văn Ba","phone":"0987654321","area":"Ấp Bình An","address":"Số 4","reason":"elderly"}`,
		"POST /api/v1/visits/{id}/schedule":               ``,
		"POST /api/v1/visits/{id}/cancel":                 ``,
		"POST /api/v1/visits/{id}/done":                   `{"officer":"cb01"}`,
		"GET /api/v1/visit-rules":                         ``,
		"PUT /api/v1/visit-rules":                         `{"per_day":5}`,
	}
}

// lobbyOpen is the office a few minutes into the day: A001 waiting at
// counter 1, whose desk is signed in, and a display to revoke.
func lobbyOpen(t testing.TB, f *fixture) (display store.Device) {
	t.Helper()
	if _, err := f.client(store.RoleDispenser).Issue(ctx, "A", ""); err != nil {
		t.Fatal(err)
	}
	if _, err := f.client(store.RoleDesk).SignIn(ctx, 1, "cb01", "1111"); err != nil {
		t.Fatal(err)
	}
	devs, err := f.st.Devices(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range devs {
		if d.Role == store.RoleDisplay {
			return d
		}
	}
	t.Fatal("no display device")
	return
}

// fill puts values in a route pattern's {ticket}, {counter}, {id}.
func fill(pattern, id string) string {
	return strings.NewReplacer("{ticket}", "A001", "{counter}", "1", "{id}", id, "{code}", "000.00.13.H12-261123-0009").Replace(pattern)
}

// answer is what a raw request got back.
type answer struct {
	status int
	code   string // the hub's error code, "" if the body is not the hub's error
	header http.Header
	vi, en string
}

func send(t testing.TB, base, method, path string, header http.Header, body string) answer {
	t.Helper()
	req, err := http.NewRequest(method, base+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header[k] = v
	}
	c := &http.Client{Timeout: 30 * time.Second}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	var e struct{ Error Error }
	b, _ := io.ReadAll(resp.Body)
	json.Unmarshal(b, &e)
	return answer{resp.StatusCode, e.Error.Code, resp.Header, e.Error.Message, e.Error.MessageEN}
}

// TestHub_EveryRouteNeedsACredential walks every route of
// docs/openapi-hub.yaml without a token, with a well-formed token the hub
// never gave, with a revoked device's token and with another scheme: each
// is 401 bad_token with a Vietnamese and an English message, and nothing
// changed. /healthz needs none; /api/v1/pair takes a pairing code instead
// of a token (that is how a device gets one), and a forged code is 403
// bad_pairing_code.
func TestHub_EveryRouteNeedsACredential(t *testing.T) {
	f := newFixture(t)
	display := lobbyOpen(t, f)
	_, revoked, err := f.st.AddDevice(ctx, "Máy cũ", store.RoleAdmin, 0)
	if err != nil {
		t.Fatal(err)
	}
	devs, _ := f.st.Devices(ctx)
	for _, d := range devs {
		if d.Name == "Máy cũ" {
			if err := f.st.RevokeDevice(ctx, d.ID); err != nil {
				t.Fatal(err)
			}
		}
	}
	forged := strings.Repeat("A", len(revoked)) // the shape of a token, never issued
	creds := []struct {
		name   string
		header http.Header
	}{
		{"no token", http.Header{}},
		{"forged token", http.Header{"Authorization": {"Bearer " + forged}}},
		{"revoked token", http.Header{"Authorization": {"Bearer " + revoked}}},
		{"other scheme", http.Header{"Authorization": {"Basic " + f.tokens[store.RoleAdmin]}}},
		{"empty bearer", http.Header{"Authorization": {"Bearer "}}},
	}
	spec, _ := specRoutes(t, "../../docs/openapi-hub.yaml")
	if len(spec) < 20 {
		t.Fatalf("only %d routes in the spec", len(spec))
	}
	routes := make([]string, 0, len(spec))
	for r := range spec {
		routes = append(routes, r)
	}
	sort.Strings(routes)
	bodies := validBodies(t, f)
	before := snapshot(t, f)
	for _, rt := range routes {
		method, pattern, _ := strings.Cut(rt, " ")
		body, ok := bodies[rt]
		if !ok {
			t.Errorf("%s: no body in validBodies: add one", rt)
		}
		path := fill(pattern, display.ID)
		if pattern == "/api/v1/officers/{id}" {
			path = "/api/v1/officers/cb03"
		}
		for _, c := range creds {
			t.Run(rt+"/"+c.name, func(t *testing.T) {
				h := c.header.Clone()
				h.Set(IdempotencyHeader, "walk-"+strings.ReplaceAll(c.name, " ", "-"))
				a := send(t, f.srv.URL, method, path, h, body)
				switch {
				case rt == "GET /healthz":
					if a.status != http.StatusOK {
						t.Errorf("got %d, want 200", a.status)
					}
				case rt == "POST /api/v1/pair":
					if a.status != http.StatusForbidden || a.code != "bad_pairing_code" {
						t.Errorf("forged pairing code: got %d %s, want 403 bad_pairing_code", a.status, a.code)
					}
				default:
					if a.status != http.StatusUnauthorized || a.code != "bad_token" {
						t.Errorf("got %d %q, want 401 bad_token", a.status, a.code)
					}
				}
				if a.status >= 400 && (a.vi == "" || a.en == "") {
					t.Errorf("%d without a Vietnamese and an English message", a.status)
				}
			})
		}
	}
	if after := snapshot(t, f); after != before {
		t.Errorf("requests without a valid credential changed the office:\n%s", diffLines(before, after))
	}
	if !healthy(f.srv.URL) {
		t.Error("hub down after the walk")
	}
}

// hostileCase is one row of the hostile-input table.
type hostileCase struct {
	name   string // the input, as the doc's table names it
	method string
	path   string
	role   string // token sent; "" none, "forged" a token never issued
	header http.Header
	body   string
	setup  func(t *testing.T, f *fixture) // done before the snapshot
	status int
	code   string // "" when net/http answers before the hub sees the request
	raw    bool   // send over a bare TCP connection (a header net/http's client would refuse)
}

func hostileCases() []hostileCase {
	big := strings.Repeat("A", 70<<10)
	return []hostileCase{
		{name: "body over 64 KiB", method: "POST", path: "/api/v1/tickets", role: store.RoleDispenser,
			body: `{"service":"` + big + `"}`, status: 413, code: "too_large"},
		{name: "body over 64 KiB, with an Idempotency-Key", method: "POST", path: "/api/v1/tickets", role: store.RoleDispenser,
			header: http.Header{IdempotencyHeader: {"big-1"}}, body: `{"service":"` + big + `"}`, status: 413, code: "too_large"},
		{name: "configuration over 64 KiB", method: "PUT", path: "/api/v1/config", role: store.RoleAdmin,
			body: `{"office":{"name":"` + big + `"}}`, status: 413, code: "too_large"},
		{name: "unknown field", method: "POST", path: "/api/v1/tickets", role: store.RoleDispenser,
			body: `{"service":"A","vip":true}`, status: 400, code: "bad_request"},
		{name: "unknown nested field in the configuration", method: "PUT", path: "/api/v1/config", role: store.RoleAdmin,
			body: `{"office":{"name":"UBND","owner":"x"}}`, status: 400, code: "bad_request"},
		{name: "trailing data: a second object", method: "POST", path: "/api/v1/tickets", role: store.RoleDispenser,
			body: `{"service":"A"} {"service":"B"}`, status: 400, code: "bad_request"},
		{name: "trailing data: a stray brace", method: "POST", path: "/api/v1/tickets", role: store.RoleDispenser,
			body: `{"service":"A"}}`, status: 400, code: "bad_request"},
		{name: "trailing data: garbage", method: "POST", path: "/api/v1/alerts", role: store.RoleDispenser,
			body: `{"kind":"printer","state":"paper_end"}xyz`, status: 400, code: "bad_request"},
		{name: "wrong type: number for a string", method: "POST", path: "/api/v1/tickets", role: store.RoleDispenser,
			body: `{"service":1}`, status: 400, code: "bad_request"},
		{name: "wrong type: string for a bool", method: "POST", path: "/api/v1/counters/1/pause", role: store.RoleDesk,
			body: `{"paused":"yes"}`, status: 400, code: "bad_request"},
		{name: "wrong type: number out of range", method: "POST", path: "/api/v1/tickets/A001/transfer", role: store.RoleDesk,
			body: `{"service":"B","counter":1e400}`, status: 400, code: "bad_request"},
		{name: "wrong type: an array, not an object", method: "POST", path: "/api/v1/tickets", role: store.RoleDispenser,
			body: `[{"service":"A"}]`, status: 400, code: "bad_request"},
		{name: "wrong type: null, not an object", method: "POST", path: "/api/v1/tickets", role: store.RoleDispenser,
			body: `null`, status: 400, code: "bad_request"},
		{name: "invalid UTF-8 in a string", method: "PUT", path: "/api/v1/officers/cb01", role: store.RoleAdmin,
			body: "{\"name\":\"Nguy\xc3\x85\xff n\",\"pin\":\"1111\"}", status: 400, code: "bad_request"},
		{name: "invalid UTF-8 in a rating comment", method: "POST", path: "/api/v1/tickets/A001/rating", role: store.RoleRating,
			body: "{\"stars\":5,\"comment\":\"t\xe1\xbb\"}", status: 400, code: "bad_request"},
		{name: "empty body", method: "POST", path: "/api/v1/tickets", role: store.RoleDispenser,
			body: ``, status: 400, code: "bad_request"},
		{name: "blank body", method: "POST", path: "/api/v1/pair",
			body: " \r\n\t", status: 400, code: "bad_request"},
		{name: "truncated JSON", method: "POST", path: "/api/v1/counters/1/signin", role: store.RoleDesk,
			body: `{"officer":"cb02","pin":`, status: 400, code: "bad_request"},
		{name: "nesting 10 000 deep", method: "POST", path: "/api/v1/alerts", role: store.RoleDispenser,
			body: `{"kind":` + strings.Repeat("[", 10001) + strings.Repeat("]", 10001) + `}`, status: 400, code: "bad_request"},
		{name: "replayed Idempotency-Key with a different body", method: "POST", path: "/api/v1/tickets", role: store.RoleDispenser,
			header: http.Header{IdempotencyHeader: {"replay-1"}}, body: `{"service":"B"}`,
			setup: func(t *testing.T, f *fixture) {
				if a := send(t, f.srv.URL, "POST", "/api/v1/tickets", http.Header{
					"Authorization": {"Bearer " + f.tokens[store.RoleDispenser]}, IdempotencyHeader: {"replay-1"},
				}, `{"service":"A"}`); a.status != 201 {
					t.Fatalf("first request: %d", a.status)
				}
			},
			status: 422, code: "idempotency_key_reused"},
		{name: "malformed Idempotency-Key", method: "POST", path: "/api/v1/tickets", role: store.RoleDispenser,
			header: http.Header{IdempotencyHeader: {strings.Repeat("k", 200)}}, body: `{"service":"A"}`, status: 400, code: "bad_request"},
		{name: "forged token", method: "POST", path: "/api/v1/tickets", role: "forged",
			body: `{"service":"A"}`, status: 401, code: "bad_token"},
		{name: "no token", method: "PUT", path: "/api/v1/config", role: "",
			body: `{}`, status: 401, code: "bad_token"},
		{name: "forged token with a body over 64 KiB", method: "POST", path: "/api/v1/tickets", role: "forged",
			body: `{"service":"` + big + `"}`, status: 401, code: "bad_token"},
		{name: "forged pairing code", method: "POST", path: "/api/v1/pair",
			body: `{"code":"000000","name":"x"}`, status: 403, code: "bad_pairing_code"},
		{name: "header of 64 KiB", method: "GET", path: "/api/v1/state", role: store.RoleDesk,
			header: http.Header{"X-Padding": {strings.Repeat("p", 64<<10)}}, raw: true, status: 431},
	}
}

// TestHub_HostileInput sends each hostile input of hostileCases to a hub
// on a real HTTP server: each gets its status (and the hub's error body
// with both messages), the hub still answers /healthz afterwards, and
// nothing changed. With -update it writes its results into
// docs/hub-hostile-input.md; without, it checks that the doc says what
// the run found.
func TestHub_HostileInput(t *testing.T) {
	f := newFixture(t)
	lobbyOpen(t, f)
	var table []string
	for _, tc := range hostileCases() {
		t.Run(tc.name, func(t *testing.T) {
			if tc.setup != nil {
				tc.setup(t, f)
			}
			before := snapshot(t, f)
			h := http.Header{}
			for k, v := range tc.header {
				h[k] = v
			}
			switch tc.role {
			case "":
			case "forged":
				h.Set("Authorization", "Bearer "+strings.Repeat("x", 43))
			default:
				h.Set("Authorization", "Bearer "+f.tokens[tc.role])
			}
			var a answer
			if tc.raw {
				a = sendRaw(t, f.srv.Listener.Addr().String(), tc.method, tc.path, h, tc.body)
			} else {
				a = send(t, f.srv.URL, tc.method, tc.path, h, tc.body)
			}
			up := healthy(f.srv.URL)
			after := snapshot(t, f)
			if a.status != tc.status || a.code != tc.code {
				t.Errorf("got %d %q, want %d %q", a.status, a.code, tc.status, tc.code)
			}
			if tc.code != "" && (a.vi == "" || a.en == "") {
				t.Errorf("answer without a Vietnamese and an English message")
			}
			if !up {
				t.Error("hub down afterwards")
			}
			if after != before {
				t.Errorf("the refused request changed the office:\n%s", diffLines(before, after))
			}
			code := a.code
			if code == "" {
				code = "(net/http, before the hub)"
			}
			table = append(table, fmt.Sprintf("| %s | `%s %s` | %d %s | %s | %s |",
				tc.name, tc.method, tc.path, a.status, code, yesNo(up), yesNo(after == before)))
		})
	}
	checkDocTable(t, "../../docs/hub-hostile-input.md", table)
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "**no**"
}

// sendRaw writes one request by hand on a bare connection and reads the
// answer: for headers net/http's client would not send.
func sendRaw(t testing.TB, addr, method, path string, header http.Header, body string) answer {
	t.Helper()
	c, err := net.DialTimeout("tcp", addr, 30*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(60 * time.Second)) // ends a hang only
	go func() {
		w := bufio.NewWriter(c)
		fmt.Fprintf(w, "%s %s HTTP/1.1\r\nHost: hub\r\nContent-Length: %d\r\n", method, path, len(body))
		header.Write(w)
		fmt.Fprintf(w, "\r\n%s", body)
		w.Flush() // may fail once the hub has answered and closed: that is the point
	}()
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	var e struct{ Error Error }
	b, _ := io.ReadAll(resp.Body)
	json.Unmarshal(b, &e)
	return answer{resp.StatusCode, e.Error.Code, resp.Header, e.Error.Message, e.Error.MessageEN}
}

const (
	tableStart = "<!-- hostile-input table: go test ./kiosk/hub -run TestHub_HostileInput -update -->"
	tableEnd   = "<!-- end of table -->"
)

// checkDocTable compares rows with the table between the markers of the
// doc at path, or with -update writes them there.
func checkDocTable(t *testing.T, path string, rows []string) {
	t.Helper()
	doc, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	head, rest, ok1 := strings.Cut(string(doc), tableStart)
	_, tail, ok2 := strings.Cut(rest, tableEnd)
	if !ok1 || !ok2 {
		t.Fatalf("%s: table markers missing", path)
	}
	table := "| input | request | status | hub still up | nothing changed |\n| --- | --- | --- | --- | --- |\n" + strings.Join(rows, "\n") + "\n"
	if *update {
		out := head + tableStart + "\n" + table + tableEnd + tail
		if err := os.WriteFile(path, []byte(out), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if got := strings.TrimSpace(strings.TrimPrefix(rest[:strings.Index(rest, tableEnd)], "\n")); got != strings.TrimSpace(table) {
		t.Errorf("%s does not show this run's results; rerun with -update:\n%s", path, table)
	}
}

// TestHub_StreamsAreBounded opens MaxStreams live-event streams: the next
// is refused with 503, Retry-After and both messages, while a desk's
// ordinary request still gets through; once one stream ends, its slot
// serves a new one.
func TestHub_StreamsAreBounded(t *testing.T) {
	f := newFixture(t)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	open := func(ctx context.Context) (*http.Response, error) {
		req, _ := http.NewRequestWithContext(ctx, "GET", f.srv.URL+"/api/v1/events", nil)
		req.Header.Set("Authorization", "Bearer "+f.tokens[store.RoleDisplay])
		return (&http.Client{Transport: &http.Transport{}}).Do(req)
	}
	cancels := make([]context.CancelFunc, MaxStreams)
	for i := range MaxStreams {
		sctx, scancel := context.WithCancel(ctx)
		cancels[i] = scancel
		resp, err := open(sctx)
		if err != nil {
			t.Fatal(err)
		}
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("stream %d: %d", i, resp.StatusCode)
		}
		// The first event proves the stream holds its slot.
		if line, err := bufio.NewReader(resp.Body).ReadString('\n'); err != nil || line != "event: state\n" {
			t.Fatalf("stream %d: %q %v", i, line, err)
		}
		defer resp.Body.Close()
	}
	a := send(t, f.srv.URL, "GET", "/api/v1/events", http.Header{"Authorization": {"Bearer " + f.tokens[store.RoleDisplay]}}, "")
	if a.status != http.StatusServiceUnavailable || a.code != "busy" || a.header.Get("Retry-After") == "" || a.vi == "" || a.en == "" {
		t.Errorf("stream %d: %d %q Retry-After %q (%q / %q), want 503 busy with Retry-After and both messages",
			MaxStreams+1, a.status, a.code, a.header.Get("Retry-After"), a.vi, a.en)
	}
	if a := send(t, f.srv.URL, "GET", "/api/v1/state", http.Header{"Authorization": {"Bearer " + f.tokens[store.RoleDesk]}}, ""); a.status != 200 {
		t.Errorf("desk's GET state while the streams are full: %d", a.status)
	}
	cancels[0]() // a display goes away
	deadline := time.Now().Add(30 * time.Second)
	for {
		sctx, scancel := context.WithCancel(ctx)
		defer scancel()
		resp, err := open(sctx)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode == http.StatusOK {
			break
		}
		if resp.StatusCode != http.StatusServiceUnavailable || time.Now().After(deadline) {
			t.Fatalf("after a stream ended: %d", resp.StatusCode)
		}
		time.Sleep(20 * time.Millisecond) // the hub notices the closed stream by itself
	}
}

// TestHub_SlowHeadersDoNotStarveDesks opens four times MaxStreams
// connections that send their headers a line at a time and never finish:
// a desk's request still gets its answer, and the hub closes every one of
// them by itself (ReadHeaderTimeout), whatever they keep dribbling.
func TestHub_SlowHeadersDoNotStarveDesks(t *testing.T) {
	f := newFixture(t)
	const n = 4 * MaxStreams
	stop := make(chan struct{})
	var wg sync.WaitGroup
	closedByHub := make(chan error, n)
	for i := range n {
		c, err := net.DialTimeout("tcp", f.srv.Listener.Addr().String(), 30*time.Second)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		fmt.Fprintf(c, "GET /api/v1/state HTTP/1.1\r\nHost: hub\r\nAuthorization: Bearer %s\r\n", f.tokens[store.RoleDesk])
		wg.Add(2)
		go func() { // dribble a header line every 100 ms
			defer wg.Done()
			for j := 0; ; j++ {
				select {
				case <-stop:
					return
				case <-time.After(100 * time.Millisecond):
				}
				if _, err := fmt.Fprintf(c, "X-Slow-%d: %d\r\n", j, i); err != nil {
					return
				}
			}
		}()
		go func() { // the hub must close it: read sees EOF or a reset, not our deadline
			defer wg.Done()
			c.SetReadDeadline(time.Now().Add(60 * time.Second)) // ends a hang only
			_, err := io.Copy(io.Discard, c)
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() {
				closedByHub <- fmt.Errorf("connection %d still open", i)
				return
			}
			closedByHub <- nil
		}()
	}
	desk := f.client(store.RoleDesk)
	for range 3 {
		if _, err := desk.State(ctx); err != nil {
			t.Fatalf("desk's GET state among %d slow connections: %v", n, err)
		}
	}
	for range n {
		if err := <-closedByHub; err != nil {
			t.Error(err)
		}
	}
	close(stop)
	wg.Wait()
	if !healthy(f.srv.URL) {
		t.Error("hub down")
	}
}

// TestHub_SlowBodyIsCut: a body dribbled slower than the request's read
// deadline (cut here to a fifth of a second) is cut by the hub and
// changes nothing; a stream opened on the same server is not cut.
func TestHub_SlowBodyIsCut(t *testing.T) {
	old := requestTimeouts
	requestTimeouts = [2]time.Duration{200 * time.Millisecond, 200 * time.Millisecond}
	t.Cleanup(func() { requestTimeouts = old })
	f := newFixture(t)
	before := snapshot(t, f)
	c, err := net.DialTimeout("tcp", f.srv.Listener.Addr().String(), 30*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	fmt.Fprintf(c, "POST /api/v1/tickets HTTP/1.1\r\nHost: hub\r\nAuthorization: Bearer %s\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"service\":", f.tokens[store.RoleDispenser])
	stop := make(chan struct{})
	defer close(stop)
	go func() { // one space every 100 ms: never the whole body
		for {
			select {
			case <-stop:
				return
			case <-time.After(100 * time.Millisecond):
			}
			if _, err := c.Write([]byte(" ")); err != nil {
				return
			}
		}
	}()
	c.SetReadDeadline(time.Now().Add(60 * time.Second)) // ends a hang only
	answer, err := io.ReadAll(c)
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		t.Fatal("the hub kept reading a body dribbled for 60 s")
	}
	if len(answer) > 0 && !bytes.HasPrefix(answer, []byte("HTTP/1.1 4")) {
		t.Errorf("answer to a cut body: %q", answer)
	}
	if after := snapshot(t, f); after != before {
		t.Error("a cut body changed the hub")
	}
	if !healthy(f.srv.URL) {
		t.Error("hub down")
	}
}

// TestHub_StreamOutlivesServerTimeouts: the live-event stream keeps
// delivering after the server's read and write timeouts have passed (cut
// here to a tenth of a second), which end every other request.
func TestHub_StreamOutlivesServerTimeouts(t *testing.T) {
	f := newFixture(t, func(s *http.Server) {
		s.ReadTimeout, s.WriteTimeout = 100*time.Millisecond, 100*time.Millisecond
	})
	ctx, cancel := context.WithTimeout(ctx, 60*time.Second) // ends a hang only
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", f.srv.URL+"/api/v1/events", nil)
	req.Header.Set("Authorization", "Bearer "+f.tokens[store.RoleDisplay])
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	br := bufio.NewReader(resp.Body)
	if line, _ := br.ReadString('\n'); line != "event: state\n" {
		t.Fatalf("first line %q", line)
	}
	time.Sleep(time.Second) // ten times both timeouts
	if _, err := f.hub.Issue(ctx, "A", ""); err != nil {
		t.Fatal(err)
	}
	for {
		line, err := br.ReadString('\n')
		if err != nil {
			t.Fatalf("stream ended before the new ticket's event: %v", err)
		}
		if line == "event: ticket.issued\n" {
			return
		}
	}
}

// TestDecodeJSON covers the strict decoder on its own.
func TestDecodeJSON(t *testing.T) {
	type req struct {
		Service string `json:"service"`
		N       int    `json:"n"`
	}
	for _, tt := range []struct {
		body string
		ok   bool
	}{
		{`{"service":"A"}`, true},
		{" \n{\"service\":\"Hộ tịch\",\"n\":2}\r\n ", true},
		{`{}`, true},
		{``, false},
		{`null`, false},
		{`[]`, false},
		{`"A"`, false},
		{`{"service":"A"}}`, false},
		{`{"service":"A"}]`, false},
		{`{"service":"A"},`, false},
		{`{"service":"A"}{}`, false},
		{`{"service":"A"} 1`, false},
		{`{"Service":"A","x":1}`, false},
		{`{"n":"1"}`, false},
		{`{"n":1.5}`, false},
		{"{\"service\":\"\xff\"}", false},
		{"{\"service\":\"A\"}\xff", false},
	} {
		var v req
		err := decodeJSON([]byte(tt.body), &v)
		if got := err == nil; got != tt.ok {
			t.Errorf("decodeJSON(%q) = %v, want ok=%v", tt.body, err, tt.ok)
		}
		if err != nil && !errors.Is(err, ErrBadRequest) {
			t.Errorf("decodeJSON(%q) = %v, not ErrBadRequest", tt.body, err)
		}
	}
	if !slices.Contains(Routes(), "GET /api/v1/events") {
		t.Error("Routes misses the stream")
	}
}
