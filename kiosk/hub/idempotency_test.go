package hub

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/motcua-kiosk/motcua/kiosk/hub/hubtest"
	"github.com/motcua-kiosk/motcua/kiosk/queue"
	"github.com/motcua-kiosk/motcua/kiosk/store"
	"github.com/motcua-kiosk/motcua/kiosk/visits"
)

// matchRoute tells whether a request path is an instance of a route
// pattern ("/api/v1/tickets/{ticket}/rating").
func matchRoute(pattern, path string) bool {
	a, b := strings.Split(pattern, "/"), strings.Split(path, "/")
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] && !strings.HasPrefix(a[i], "{") {
			return false
		}
	}
	return true
}

// lobbyDay is every state-changing route of the hub, each once or more,
// as the devices of an office send them. It returns what each step
// answered, in words that do not depend on random ids.
func lobbyDay(t *testing.T, base string, tokens map[string]string) []string {
	t.Helper()
	kiosk, desk := NewClient(base, tokens[store.RoleDispenser]), NewClient(base, tokens[store.RoleDesk])
	tablet, admin := NewClient(base, tokens[store.RoleRating]), NewClient(base, tokens[store.RoleAdmin])
	var out []string
	step := func(name string, v any, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		out = append(out, fmt.Sprintf("%s: %v", name, v))
	}
	ticket := func(name string) func(queue.Ticket, error) {
		return func(tk queue.Ticket, err error) { t.Helper(); step(name, tk.Number+" "+string(tk.Status), err) }
	}
	for range 3 {
		is, err := kiosk.Issue(ctx, "A", "")
		step("issue", is.Ticket.Number, err)
	}
	o, err := desk.SignIn(ctx, 1, "cb01", "1111")
	step("sign in", o.Name, err)
	ticket("call next")(desk.CallNext(ctx, 1))
	rec, err := desk.RecordDossier(ctx, RecordDossierRequest{Code: "000.00.13.H12-261123-0001", ProcedureName: "Thủ tục đăng ký khai sinh"})
	step("record dossier", fmt.Sprint(rec.Code, " ", rec.Created, " ", len(rec.Secret)), err)
	step("move dossier", "", desk.MoveDossier(ctx, rec.Code, MoveDossierRequest{State: "processing", Step: "Thẩm định hồ sơ", Unit: "Tư pháp"}))
	td, err := desk.AttachDossier(ctx, "A001", rec.Code)
	step("attach dossier", td.Dossiers, err)
	td, err = desk.AttachDossier(ctx, "A001", "H12.22-261123-0002")
	step("attach dossier", td.Dossiers, err)
	td, err = desk.DetachDossier(ctx, "A001", "H12.22-261123-0002")
	step("detach dossier", td.Dossiers, err)
	tk, err := desk.Recall(ctx, 1)
	step("recall", fmt.Sprint(tk.Number, " recalls ", tk.Recalls), err)
	ticket("start")(desk.Start(ctx, 1))
	ticket("complete")(desk.Complete(ctx, 1))
	r, err := tablet.Rate(ctx, RateRequest{Ticket: "A001", Stars: 4, Reasons: []string{queue.ReasonLongWait}})
	step("rate", r.Stars, err)
	ticket("call next")(desk.CallNext(ctx, 1))
	ticket("skip")(desk.Skip(ctx, 1))
	ticket("return")(desk.Return(ctx, "A002"))
	ticket("transfer")(desk.Transfer(ctx, "A003", "B", 0))
	ticket("cancel")(desk.Cancel(ctx, "A002"))
	step("pause", "on", desk.Pause(ctx, 1, true))
	step("unpause", "off", desk.Pause(ctx, 1, false))
	step("sign out", "", desk.SignOut(ctx, 1))
	step("alert", "", kiosk.Alert(ctx, Alert{Kind: "printer", State: "paper_end", Message: "Hết giấy"}))
	ci, err := kiosk.CheckIn(ctx, "K7M-Q2PT", "")
	step("booking check-in", ci.Outcome, err)
	bk, err := desk.Book(ctx, BookRequest{Service: "A", Start: time.Date(2026, 11, 23, 13, 0, 0, 0, queue.Zone("")), Phone: "0912345678"})
	step("desk booking", bk.Status, err)
	sl, err := desk.BookingSlots(ctx, "A", "2026-11-23")
	step("slot after booking", fmt.Sprint(sl.Slots[0].Free, " free"), err) // booked twice would leave 0
	bk, err = desk.CancelBooking(ctx, bk.Code)
	step("cancel booking", string(bk.Status)+" "+bk.Phone, err)
	vr := visits.Request{ProcedureName: "Chứng thực bản sao từ bản chính", Service: "B", Citizen: "Lê Văn Ba",
		Phone: "0987654321", Area: "Ấp Bình An", Address: "Số 4, hẻm 12", Reason: visits.ReasonElderly}
	v, err := desk.RecordVisit(ctx, vr)
	step("record visit", v.Day+" "+string(v.Status), err)
	_, err = desk.ScheduleVisit(ctx, v.ID) // already scheduled: the same refusal twice
	out = append(out, fmt.Sprint("schedule visit: ", errors.Is(err, visits.ErrClosed)))
	v, err = desk.VisitDone(ctx, v.ID, "cb01")
	step("visit done", string(v.Status)+" "+v.Address, err)
	v, err = desk.RecordVisit(ctx, vr)
	step("record visit", v.Day+" "+string(v.Status), err)
	v, err = desk.CancelVisit(ctx, v.ID)
	step("cancel visit", v.Status, err)
	step("visit rules", "", admin.SaveVisitRules(ctx, visits.Rules{PerDay: 5}))
	cfg, err := admin.Config(ctx)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Office.Notice = "Thứ Sáu không hẹn"
	step("config", "", admin.SetConfig(ctx, cfg))
	var code struct {
		Code string `json:"code"`
	}
	step("pairing code", "", admin.do(ctx, "POST", "/api/v1/pairing-codes", map[string]any{"role": store.RoleDisplay}, &code))
	d, tok, err := Pair(ctx, base, code.Code, "Màn hình sảnh 2")
	step("pair", d.Name+" "+d.Role+fmt.Sprint(tok != ""), err)
	step("revoke", "", admin.do(ctx, "DELETE", "/api/v1/devices/"+d.ID, nil, nil))
	step("officer", "", admin.do(ctx, "PUT", "/api/v1/officers/cb03", map[string]string{"name": "Lê Văn Cường", "pin": "3333"}, nil))
	return out
}

// outboxKinds is the kinds of every event the hub committed, in order.
func outboxKinds(t *testing.T, st *store.Store) []string {
	t.Helper()
	evs, err := st.Outbox(ctx, 0, 100000)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range evs {
		out = append(out, e.Kind)
	}
	return out
}

// TestHub_RetryAfterCutConnectionDoesItOnce runs the same office day twice:
// straight to a hub, and through a proxy that cuts every state-changing
// request's first connection after the hub has done it. The client
// retries with the same Idempotency-Key; both hubs must answer the same
// and commit the same events: nothing done twice, nothing lost. Every
// state-changing route the hub serves is cut at least once.
func TestHub_RetryAfterCutConnectionDoesItOnce(t *testing.T) {
	direct := newFixture(t)
	saveDeskRules(t, direct.st)
	want := lobbyDay(t, direct.srv.URL, direct.tokens)

	cut := newFixture(t)
	saveDeskRules(t, cut.st)
	p := hubtest.NewCuttingProxy(t, cut.srv.URL, IdempotencyHeader)
	got := lobbyDay(t, p.URL(), cut.tokens)
	if !slices.Equal(got, want) {
		t.Errorf("answers through cut connections:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if g, w := outboxKinds(t, cut.st), outboxKinds(t, direct.st); !slices.Equal(g, w) {
		t.Errorf("events committed through cut connections:\n%v\nwant\n%v", g, w)
	}
	for _, rt := range Routes() {
		method, pattern, _ := strings.Cut(rt, " ")
		if method == "GET" {
			continue
		}
		if !slices.ContainsFunc(p.Cut(), func(c string) bool {
			m, path, _ := strings.Cut(c, " ")
			return m == method && matchRoute(pattern, path)
		}) {
			t.Errorf("%s was never cut: the test does not cover it", rt)
		}
	}
	t.Logf("%d requests cut after the hub did them: %v", len(p.Cut()), p.Cut())
}

// TestHub_IdempotencyKey: the same key and request answers the first
// answer again, marked as replayed, without doing it again; the same key
// with another request is refused with a Vietnamese message; another
// device's key is its own; a malformed key is refused.
func TestHub_IdempotencyKey(t *testing.T) {
	f := newFixture(t)
	send := func(role, key, body string) (int, http.Header, string) {
		t.Helper()
		req, _ := http.NewRequest("POST", f.srv.URL+"/api/v1/tickets", strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+f.tokens[role])
		req.Header.Set(IdempotencyHeader, key)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, resp.Header, string(b)
	}
	s1, _, b1 := send(store.RoleDispenser, "k-1", `{"service":"A"}`)
	s2, h2, b2 := send(store.RoleDispenser, "k-1", `{"service":"A"}`)
	if s1 != http.StatusCreated || s2 != s1 || b2 != b1 || h2.Get("Idempotent-Replayed") != "true" {
		t.Errorf("repeat: %d %q then %d %q (replayed %q)", s1, b1, s2, b2, h2.Get("Idempotent-Replayed"))
	}
	s3, _, b3 := send(store.RoleDispenser, "k-1", `{"service":"B"}`)
	if s3 != http.StatusUnprocessableEntity || !strings.Contains(b3, "idempotency_key_reused") || !strings.Contains(b3, "trùng mã") {
		t.Errorf("same key, other body: %d %s", s3, b3)
	}
	s4, _, b4 := send(store.RoleDesk, "k-1", `{"service":"A"}`)
	if s4 != http.StatusCreated || b4 == b1 {
		t.Errorf("another device's k-1: %d %s", s4, b4)
	}
	if s, _, b := send(store.RoleDispenser, "bad key", `{"service":"A"}`); s != http.StatusBadRequest {
		t.Errorf("malformed key: %d %s", s, b)
	}
	ts, _ := f.st.Tickets(ctx, "2026-11-23")
	if len(ts) != 2 {
		t.Errorf("%d tickets stored, want 2 (one per device)", len(ts))
	}
	// A refusal is an answer too: the same key gets the same refusal.
	_, _, e1 := send(store.RoleDispenser, "k-2", `{"service":"Z"}`)
	_, _, e2 := send(store.RoleDispenser, "k-2", `{"service":"Z"}`)
	if e1 != e2 || !strings.Contains(e1, "unknown_service") {
		t.Errorf("refusal repeated: %s then %s", e1, e2)
	}
	var he *Error
	_, err := NewClient(f.srv.URL, f.tokens[store.RoleDispenser]).Issue(ctx, "Z", "")
	if !errors.As(err, &he) || !errors.Is(err, queue.ErrUnknownService) {
		t.Errorf("client error = %v", err)
	}
}
