package hub

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/motcua-kiosk/motcua/kiosk/queue"
	"github.com/motcua-kiosk/motcua/kiosk/store"
)

var ctx = context.Background()

// fixture is a hub on a real store file behind a real HTTP server.
type fixture struct {
	hub    *Hub
	st     *store.Store
	srv    *httptest.Server
	tokens map[string]string // role -> token
	clock  *clock
}

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func testConfig() queue.Config {
	c := queue.DefaultConfig()
	all := []time.Weekday{0, 1, 2, 3, 4, 5, 6}
	for i := range c.Services {
		c.Services[i].Windows, c.Services[i].Days, c.Services[i].DailyCap = nil, all, 0
	}
	return c
}

// newFixture opens the hub; each of server changes the HTTP server's
// settings (NewServer's) before it starts.
func newFixture(t testing.TB, server ...func(*http.Server)) *fixture {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "office.db"))
	if err != nil {
		t.Fatal(err)
	}
	if err := st.SaveConfig(ctx, testConfig()); err != nil {
		t.Fatal(err)
	}
	if err := st.SetOfficer(ctx, "cb01", "Nguyễn Văn An", "1111"); err != nil {
		t.Fatal(err)
	}
	if err := st.SetOfficer(ctx, "cb02", "Trần Thị Bình", "2222"); err != nil {
		t.Fatal(err)
	}
	c := &clock{t: time.Date(2026, 11, 23, 1, 0, 0, 0, time.UTC)} // 08:00 in Hà Nội
	h, err := Open(ctx, Options{Store: st, Now: c.now})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewUnstartedServer(nil)
	srv.Config = NewServer(h, nil) // the limits the hub is served with
	for _, set := range server {
		set(srv.Config)
	}
	srv.Start()
	f := &fixture{hub: h, st: st, srv: srv, tokens: map[string]string{}, clock: c}
	t.Cleanup(func() { f.srv.Close(); h.Close(); st.Close() })
	for _, role := range []string{store.RoleDispenser, store.RoleDisplay, store.RoleRating, store.RoleAdmin} {
		_, tok, err := st.AddDevice(ctx, role+" device", role, 0)
		if err != nil {
			t.Fatal(err)
		}
		f.tokens[role] = tok
	}
	_, tok, err := st.AddDevice(ctx, "Máy quầy 1", store.RoleDesk, 1)
	if err != nil {
		t.Fatal(err)
	}
	f.tokens[store.RoleDesk] = tok
	return f
}

func (f *fixture) client(role string) *Client { return NewClient(f.srv.URL, f.tokens[role]) }

func (f *fixture) outbox(t testing.TB) int {
	n, err := f.st.OutboxPending(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestHub_TicketLifecycleOverHTTP(t *testing.T) {
	f := newFixture(t)
	kiosk, desk, tablet := f.client(store.RoleDispenser), f.client(store.RoleDesk), f.client(store.RoleRating)
	is, err := kiosk.Issue(ctx, "a", "")
	if err != nil {
		t.Fatal(err)
	}
	if is.Ticket.Number != "A001" || is.Estimate.Ahead != 0 || is.Service.Waiting != 1 {
		t.Fatalf("issued = %+v", is)
	}
	if _, err := desk.CallNext(ctx, 1); !errors.Is(err, queue.ErrNotSignedIn) {
		t.Fatalf("call before sign-in: err = %v", err)
	}
	if _, err := desk.SignIn(ctx, 1, "cb01", "9999"); !errors.Is(err, store.ErrBadPIN) {
		t.Fatalf("wrong PIN: err = %v", err)
	}
	o, err := desk.SignIn(ctx, 1, "cb01", "1111")
	if err != nil || o.Name != "Nguyễn Văn An" {
		t.Fatalf("sign in: %+v %v", o, err)
	}
	called, err := desk.CallNext(ctx, 1)
	if err != nil || called.Number != "A001" || called.Officer != "cb01" {
		t.Fatalf("call: %+v %v", called, err)
	}
	if _, err := desk.Start(ctx, 1); err != nil {
		t.Fatal(err)
	}
	f.clock.add(4 * time.Minute)
	if _, err := desk.Complete(ctx, 1); err != nil {
		t.Fatal(err)
	}
	r, err := tablet.Rate(ctx, RateRequest{Ticket: "A001", Stars: 2, Reasons: []string{queue.ReasonLongWait}})
	if err != nil || r.Source != "counter" || r.Officer != "cb01" {
		t.Fatalf("rate: %+v %v", r, err)
	}
	if _, err := kiosk.Rate(ctx, RateRequest{Ticket: "A001", Stars: 5}); !errors.Is(err, queue.ErrAlreadyRated) {
		t.Errorf("second rating: err = %v", err)
	}
	if got := Message(err, "vi"); got == "" {
		t.Error("no Vietnamese message")
	}
	ratings, _ := f.st.Ratings(ctx, "2026-11-23")
	if len(ratings) != 1 || ratings[0].Stars != 2 {
		t.Errorf("stored ratings = %+v", ratings)
	}
	ts, _ := f.st.Tickets(ctx, "2026-11-23")
	if len(ts) != 1 || ts[0].Status != queue.StatusDone || !ts[0].Rated {
		t.Errorf("stored tickets = %+v", ts)
	}
}

func TestHub_BadInputChangesNothing(t *testing.T) {
	f := newFixture(t)
	kiosk, desk := f.client(store.RoleDispenser), f.client(store.RoleDesk)
	done, _ := kiosk.Issue(ctx, "A", "")
	desk.SignIn(ctx, 1, "cb01", "1111")
	desk.CallNext(ctx, 1)
	desk.Complete(ctx, 1)
	before := f.outbox(t)
	raw := func(method, path, token, body string) (int, string) {
		req, _ := http.NewRequest(method, f.srv.URL+path, strings.NewReader(body))
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var e struct{ Error Error }
		json.NewDecoder(resp.Body).Decode(&e)
		if e.Error.Message == "" || e.Error.MessageEN == "" {
			t.Errorf("%s %s: no message in the answer", method, path)
		}
		return resp.StatusCode, e.Error.Code
	}
	tests := []struct {
		name, method, path, role, body string
		status                         int
		code                           string
	}{
		{"malformed json", "POST", "/api/v1/tickets", "dispenser", `{"service":`, 400, "bad_request"},
		{"unknown field", "POST", "/api/v1/tickets", "dispenser", `{"service":"A","vip":true}`, 400, "bad_request"},
		{"unknown service", "POST", "/api/v1/tickets", "dispenser", `{"service":"Q"}`, 404, "unknown_service"},
		{"unknown priority", "POST", "/api/v1/tickets", "dispenser", `{"service":"A","priority":"vip"}`, 422, "unknown_priority"},
		{"no token", "POST", "/api/v1/tickets", "", `{"service":"A"}`, 401, "bad_token"},
		{"stale token", "POST", "/api/v1/tickets", "stale", `{"service":"A"}`, 401, "bad_token"},
		{"display may not issue", "POST", "/api/v1/tickets", "display", `{"service":"A"}`, 403, "forbidden"},
		{"desk of counter 1 on counter 2", "POST", "/api/v1/counters/2/call-next", "desk", ``, 403, "forbidden"},
		{"counter not a number", "POST", "/api/v1/counters/x/call-next", "admin", ``, 400, "bad_request"},
		{"unknown counter", "POST", "/api/v1/counters/99/pause", "admin", `{"paused":true}`, 404, "unknown_counter"},
		{"transfer finished ticket", "POST", "/api/v1/tickets/" + done.Ticket.ID + "/transfer", "desk", `{"service":"B"}`, 409, "bad_transition"},
		{"transfer to counter not serving", "POST", "/api/v1/tickets/A001/transfer", "desk", `{"service":"A","counter":2}`, 409, "bad_transition"},
		{"rating out of range", "POST", "/api/v1/tickets/A001/rating", "dispenser", `{"stars":9}`, 422, "bad_rating"},
		{"unknown ticket", "GET", "/api/v1/tickets/Z999", "dispenser", ``, 404, "unknown_ticket"},
		{"invalid config", "PUT", "/api/v1/config", "admin", `{"office":{"name":""}}`, 422, "invalid_config"},
		{"config by desk", "PUT", "/api/v1/config", "desk", `{}`, 403, "forbidden"},
		{"bad pairing code", "POST", "/api/v1/pair", "", `{"code":"000000","name":"x"}`, 403, "bad_pairing_code"},
		{"huge body", "POST", "/api/v1/tickets", "dispenser", `{"service":"` + strings.Repeat("A", 70000) + `"}`, 413, "too_large"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tok := f.tokens[tt.role]
			if tt.role == "stale" {
				tok = "not-a-token"
			}
			status, code := raw(tt.method, tt.path, tok, tt.body)
			if status != tt.status || code != tt.code {
				t.Errorf("got %d %s, want %d %s", status, code, tt.status, tt.code)
			}
		})
	}
	if got := f.outbox(t); got != before {
		t.Errorf("refused requests changed the outbox: %d → %d events", before, got)
	}
	if st, _ := f.hub.State(ctx); len(st.Waiting) != 0 || f.hub.Config().Office.Name == "" {
		t.Errorf("refused requests changed the queue: %+v", st.Waiting)
	}
}

func TestHub_TransferToCounterNotServing(t *testing.T) {
	f := newFixture(t)
	f.client(store.RoleDispenser).Issue(ctx, "D", "")
	// Counter 1 serves only A.
	_, err := f.client(store.RoleAdmin).Transfer(ctx, "D001", "D", 1)
	if !errors.Is(err, queue.ErrNotServed) {
		t.Errorf("err = %v", err)
	}
}

func TestHub_UnavailableIsAnAnswer(t *testing.T) {
	f := newFixture(t)
	cfg := testConfig()
	cfg.Services[0].DailyCap = 1
	if err := f.client(store.RoleAdmin).SetConfig(ctx, cfg); err != nil {
		t.Fatal(err)
	}
	kiosk := f.client(store.RoleDispenser)
	kiosk.Issue(ctx, "A", "")
	_, err := kiosk.Issue(ctx, "A", "")
	var u *queue.Unavailable
	if !errors.As(err, &u) || u.Reason != queue.ReasonCapReached {
		t.Fatalf("err = %v", err)
	}
	if got := Message(err, "vi"); got != "Đã hết số hôm nay" {
		t.Errorf("message = %q", got)
	}
	st, _ := kiosk.State(ctx)
	if st.Services[0].Unavailable != queue.ReasonCapReached || st.Services[0].Remaining != 0 {
		t.Errorf("home view = %+v", st.Services[0])
	}
}

func TestHub_PairingAndRevocation(t *testing.T) {
	f := newFixture(t)
	admin := f.client(store.RoleAdmin)
	var code struct {
		Code string `json:"code"`
	}
	if err := admin.do(ctx, "POST", "/api/v1/pairing-codes", map[string]any{"role": "display", "counter": 0}, &code); err != nil {
		t.Fatal(err)
	}
	d, token, err := Pair(ctx, f.srv.URL, code.Code, "TV sảnh")
	if err != nil || d.Role != store.RoleDisplay {
		t.Fatalf("pair: %+v %v", d, err)
	}
	tv := NewClient(f.srv.URL, token)
	if _, err := tv.State(ctx); err != nil {
		t.Fatal(err)
	}
	if err := admin.do(ctx, "DELETE", "/api/v1/devices/"+d.ID, nil, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := tv.State(ctx); !errors.Is(err, store.ErrBadToken) {
		t.Errorf("revoked device: err = %v", err)
	}
	// Wrong codes lock pairing from that address after five tries.
	for i := 0; i < 5; i++ {
		Pair(ctx, f.srv.URL, "999999", "x")
	}
	if _, _, err := Pair(ctx, f.srv.URL, code.Code, "x"); !errors.Is(err, ErrLocked) {
		t.Errorf("sixth try: err = %v", err)
	}
}

func TestHub_PINLockout(t *testing.T) {
	f := newFixture(t)
	desk := f.client(store.RoleDesk)
	for i := 0; i < 5; i++ {
		desk.SignIn(ctx, 1, "cb01", "0000")
	}
	if _, err := desk.SignIn(ctx, 1, "cb01", "1111"); !errors.Is(err, ErrLocked) {
		t.Errorf("after five wrong PINs the right one: err = %v", err)
	}
}

func TestHub_LiveEvents(t *testing.T) {
	f := newFixture(t)
	c, cancel := context.WithCancel(ctx)
	defer cancel()
	events, _ := f.client(store.RoleDisplay).Subscribe(c)
	first := <-events
	if first.Type != "state" || first.Summary == nil || len(first.Summary.Counters) != 3 {
		t.Fatalf("first event = %+v", first)
	}
	desk := f.client(store.RoleDesk)
	f.client(store.RoleDispenser).Issue(ctx, "A", "")
	desk.SignIn(ctx, 1, "cb01", "1111")
	desk.CallNext(ctx, 1)
	deadline := time.After(30 * time.Second)
	for {
		select {
		case ev := <-events:
			if ev.Type == string(queue.EventCalled) {
				if ev.Event.Ticket.Number != "A001" || ev.Summary == nil || ev.Summary.Counters[0].Number != "A001" {
					t.Errorf("called event = %+v", ev)
				}
				return
			}
		case <-deadline:
			t.Fatal("no ticket.called event")
		}
	}
}

func TestHub_ConcurrentIssueGroupCommit(t *testing.T) {
	f := newFixture(t)
	kiosk := f.client(store.RoleDispenser)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var numbers []string
	for g := 0; g < 16; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 25; i++ {
				is, err := kiosk.Issue(ctx, "B", "")
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				numbers = append(numbers, is.Ticket.Number)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	sort.Strings(numbers)
	for i, n := range numbers {
		if want := fmt.Sprintf("B%03d", i+1); n != want {
			t.Fatalf("numbers[%d] = %s, want %s (duplicates or gaps)", i, n, want)
		}
	}
	ts, _ := f.st.Tickets(ctx, "2026-11-23")
	if len(ts) != 400 {
		t.Errorf("store has %d tickets, want 400", len(ts))
	}
}

func TestHub_FailedCommitIsNotAcknowledged(t *testing.T) {
	f := newFixture(t)
	if _, err := f.hub.Issue(ctx, "A", ""); err != nil {
		t.Fatal(err)
	}
	f.st.Close() // the disk goes away
	if _, err := f.hub.Issue(ctx, "A", ""); !errors.Is(err, ErrStorage) {
		t.Fatalf("issue on a dead store: err = %v", err)
	}
	if got := Message(ErrStorage, "vi"); !strings.Contains(got, "Không lưu được") {
		t.Errorf("message = %q", got)
	}
	// The engine could not be reloaded from the dead store: it refuses to
	// work from memory that may hold unsaved changes.
	if _, err := f.hub.Issue(ctx, "A", ""); !errors.Is(err, ErrStorage) {
		t.Fatalf("second issue on a dead store: err = %v", err)
	}
}

func TestHub_FailedCommitRollsBackMemory(t *testing.T) {
	f := newFixture(t)
	mustIssue := func(want string) {
		t.Helper()
		is, err := f.hub.Issue(ctx, "A", "")
		if err != nil || is.Ticket.Number != want {
			t.Fatalf("issue = %s, %v; want %s", is.Ticket.Number, err, want)
		}
	}
	mustIssue("A001")
	// A second rating of the same ticket reaching the store makes the whole
	// commit fail (UNIQUE); simulate it by committing one behind the hub's back.
	f.hub.SignIn(ctx, 1, "cb01", "1111")
	f.hub.CallNext(ctx, 1)
	f.hub.Complete(ctx, 1)
	ev := queue.Event{Kind: queue.EventRated, At: f.clock.now(), Rating: &queue.Rating{TicketID: "20261123-A001", Day: "2026-11-23", Stars: 4}}
	if err := f.st.Commit(ctx, []queue.Event{ev}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.hub.Rate(ctx, RateRequest{Ticket: "A001", Stars: 5}); !errors.Is(err, ErrStorage) {
		t.Fatalf("rating refused by the store: err = %v", err)
	}
	// The hub reloaded from the store: the ticket is not marked rated in
	// memory by the failed commit, and numbering goes on.
	info, _ := f.hub.Ticket(ctx, "A001")
	if info.Ticket.Rated {
		t.Error("memory kept the rating the store refused")
	}
	mustIssue("A002")
}

func TestHub_RestartResumesQueue(t *testing.T) {
	dir := t.TempDir()
	st, _ := store.Open(filepath.Join(dir, "office.db"))
	st.SaveConfig(ctx, testConfig())
	st.SetOfficer(ctx, "cb01", "An", "1111")
	c := &clock{t: time.Date(2026, 11, 23, 2, 0, 0, 0, time.UTC)}
	h, _ := Open(ctx, Options{Store: st, Now: c.now})
	h.Issue(ctx, "A", "")
	h.Issue(ctx, "A", "elderly")
	h.SignIn(ctx, 1, "cb01", "1111")
	called, _ := h.CallNext(ctx, 1)
	h.Close()
	st.Close()

	st, _ = store.Open(filepath.Join(dir, "office.db"))
	defer st.Close()
	h, err := Open(ctx, Options{Store: st, Now: c.now})
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	s, _ := h.State(ctx)
	if s.Counters[0].Current != called.ID || s.Counters[0].Officer != "cb01" || len(s.Waiting) != 1 {
		t.Errorf("after restart: counters %+v waiting %d", s.Counters[0], len(s.Waiting))
	}
	if is, _ := h.Issue(ctx, "A", ""); is.Ticket.Number != "A003" {
		t.Errorf("next number after restart = %s", is.Ticket.Number)
	}
}

func TestHub_SSEFormat(t *testing.T) {
	f := newFixture(t)
	req, _ := http.NewRequest("GET", f.srv.URL+"/api/v1/events", nil)
	req.Header.Set("Authorization", "Bearer "+f.tokens[store.RoleDisplay])
	c, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	resp, err := http.DefaultClient.Do(req.WithContext(c))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Errorf("content type %q", ct)
	}
	buf := make([]byte, 4096)
	n, _ := resp.Body.Read(buf)
	if !bytes.HasPrefix(buf[:n], []byte("event: state\ndata: {")) {
		t.Errorf("stream starts %q", buf[:min(n, 60)])
	}
}
