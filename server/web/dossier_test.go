package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/motcua-kiosk/motcua/kiosk/dossiers"
	"github.com/motcua-kiosk/motcua/kiosk/wire"
	"github.com/motcua-kiosk/motcua/server/app"
	"github.com/motcua-kiosk/motcua/server/report"
	"github.com/motcua-kiosk/motcua/server/web"
)

const (
	dCode   = "000.00.13.H12-261120-0007"
	dSecret = "Q7KX2M9PA4TR6WZB"
)

var dDay = time.Date(2026, 11, 20, 8, 15, 0, 0, report.Vietnam)

// dossierEnv is a central server with two enrolled office hubs, serving
// ingest and the web side, and a settable clock for the pages.
type dossierEnv struct {
	srv    *httptest.Server
	clock  *clock
	tokens [2]string
	devs   [2]string
	seq    [2]int64
}

func newDossierEnv(t *testing.T, open opener) *dossierEnv {
	t.Helper()
	ctx := context.Background()
	d := open(t)
	e := &dossierEnv{clock: &clock{t: dDay.Add(24 * time.Hour)}}
	for i, name := range []string{"UBND xã Tân Hòa", "UBND xã Bình Minh"} {
		o, err := d.CreateOffice(ctx, name)
		if err != nil {
			t.Fatal(err)
		}
		code, err := d.CreateEnrollCode(ctx, o.ID, time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		e.devs[i] = fmt.Sprintf("hub-%d", i)
		if _, e.tokens[i], err = d.Enroll(ctx, code, e.devs[i], name); err != nil {
			t.Fatal(err)
		}
	}
	quiet := slog.New(slog.DiscardHandler)
	w, err := web.New(d, web.Options{Now: e.clock.Now, Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	a := app.New(d, app.Options{Logger: quiet})
	w.Register(a)
	e.srv = httptest.NewServer(a.Handler())
	t.Cleanup(e.srv.Close)
	return e
}

// send posts dossier events from hub i as one batch and returns the status.
func (e *dossierEnv) send(t *testing.T, i int, evs ...wire.DossierEvent) (int, string) {
	t.Helper()
	b := wire.Batch{Device: e.devs[i]}
	for _, x := range evs {
		e.seq[i]++
		body, _ := json.Marshal(x)
		b.Events = append(b.Events, wire.Event{ID: fmt.Sprintf("%s:%d", e.devs[i], e.seq[i]), Seq: e.seq[i],
			Kind: x.Kind, At: x.At, Body: body})
	}
	return e.post(t, i, b)
}

func (e *dossierEnv) post(t *testing.T, i int, b wire.Batch) (int, string) {
	t.Helper()
	body, _ := json.Marshal(b)
	req, _ := http.NewRequest("POST", e.srv.URL+wire.PathEvents, bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+e.tokens[i])
	req.Header.Set("Content-Type", "application/json")
	res, err := e.srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	out, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(out)
}

func (e *dossierEnv) get(t *testing.T, path string) (int, string) {
	t.Helper()
	res, err := e.srv.Client().Get(e.srv.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	out, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(out)
}

func received(code, secret string, at time.Time) wire.DossierEvent {
	due := time.Date(2026, 11, 25, 0, 0, 0, 0, report.Vietnam)
	return wire.DossierEvent{Kind: wire.KindDossierReceived, At: at, Code: code, Secret: secret,
		ProcedureCode: "1.001193", ProcedureName: "Thủ tục đăng ký khai sinh", ReceivedAt: at, DueAt: &due,
		State: wire.DossierReceived, Step: "Tiếp nhận hồ sơ", Unit: "Bộ phận Một cửa", Officer: "cb01"}
}

func step(code, state, name, unit string, at time.Time) wire.DossierEvent {
	return wire.DossierEvent{Kind: wire.KindDossierStep, At: at, Code: code, State: state, Step: name, Unit: unit, Officer: "cb02"}
}

func TestDossier_SQLite(t *testing.T) { runDossierSuite(t, openSQLite) }

func runDossierSuite(t *testing.T, open opener) {
	for _, tc := range []struct {
		name string
		run  func(*testing.T, opener)
	}{
		{"RecordMoveRead", testDossierRecordMoveRead},
		{"Secret", testDossierSecret},
		{"Rules", testDossierRules},
		{"Refused", testDossierRefused},
	} {
		t.Run(tc.name, func(t *testing.T) { tc.run(t, open) })
	}
}

// testDossierRecordMoveRead: a dossier received and moved through its
// steps by one office reads back on the public JSON route and page.
func testDossierRecordMoveRead(t *testing.T, open opener) {
	e := newDossierEnv(t, open)
	if code, body := e.send(t, 0, received(dCode, dSecret, dDay),
		step(dCode, wire.DossierProcessing, "Thẩm định hồ sơ", "Công chức Tư pháp – Hộ tịch", dDay.Add(2*time.Hour))); code != 200 {
		t.Fatalf("ingest: %d %s", code, body)
	}
	code, body := e.get(t, wire.PathDossierPrefix+dCode+"?secretKey="+dSecret)
	if code != 200 {
		t.Fatalf("GET status: %d %s", code, body)
	}
	var st wire.DossierStatus
	if err := json.Unmarshal([]byte(body), &st); err != nil {
		t.Fatal(err)
	}
	if got, want := st.State, wire.DossierProcessing; got != want {
		t.Errorf("state %q, want %q", got, want)
	}
	if st.Step != "Thẩm định hồ sơ" || st.Unit != "Công chức Tư pháp – Hộ tịch" || st.Procedure != "Thủ tục đăng ký khai sinh" ||
		st.Agency != "UBND xã Tân Hòa" || st.ProcedureCode != "1.001193" {
		t.Errorf("status %+v", st)
	}
	if !st.ReceivedAt.Equal(dDay) || st.DueAt == nil || len(st.History) != 2 || st.History[0].Step != "Tiếp nhận hồ sơ" {
		t.Errorf("dates or history: %+v", st)
	}
	if strings.Contains(body, "secret") || strings.Contains(body, dSecret) || strings.Contains(body, "cb0") {
		t.Errorf("the answer carries the secret or an officer: %s", body)
	}
	// The page behind the slip's QR, in Vietnamese, then English.
	code, page := e.get(t, wire.PathDossierPage+dCode+"?secretKey="+dSecret)
	for _, want := range []string{"Tra cứu hồ sơ", "Thủ tục đăng ký khai sinh", "20/11/2026", "25/11/2026", "Đang giải quyết",
		"Thẩm định hồ sơ", "Công chức Tư pháp – Hộ tịch", "Hồ sơ đang trong hạn giải quyết."} {
		if code != 200 || !strings.Contains(page, want) {
			t.Errorf("page (%d) lacks %q", code, want)
		}
	}
	if _, page = e.get(t, wire.PathDossierPage+dCode+"?secretKey="+dSecret+"&lang=en"); !strings.Contains(page, "Being processed") {
		t.Errorf("English page lacks the state")
	}
	// Past the promised day it says late; ready offers the results queue.
	e.clock.Add(10 * 24 * time.Hour)
	if _, page = e.get(t, wire.PathDossierPage+dCode+"?secretKey="+dSecret); !strings.Contains(page, "Hồ sơ đã quá hạn hẹn trả kết quả.") {
		t.Errorf("late dossier page does not say late")
	}
	if code, body := e.send(t, 0, step(dCode, wire.DossierReady, "Trả kết quả", "Bộ phận Một cửa", dDay.Add(3*24*time.Hour))); code != 200 {
		t.Fatalf("ingest: %d %s", code, body)
	}
	_, page = e.get(t, wire.PathDossierPage+dCode+"?secretKey="+dSecret)
	if !strings.Contains(page, "Kết quả đã sẵn sàng") || strings.Contains(page, "quá hạn") {
		t.Errorf("ready on time: page %s", page)
	}
	// A look-up by the URL's own form (the slip's QR) parses to the code and secret.
	ref, err := dossiers.Parse(e.srv.URL + wire.PathDossierPage + dCode + "?secretKey=" + dSecret)
	if err != nil || ref.Code != dCode || ref.Secret != dSecret {
		t.Errorf("Parse(slip URL) = %+v, %v", ref, err)
	}
}

// testDossierSecret: without the secret, or with a wrong one, nothing is
// shown; an unknown code is 404; a guessable look-up finds nothing.
func testDossierSecret(t *testing.T, open opener) {
	e := newDossierEnv(t, open)
	if code, body := e.send(t, 0, received(dCode, dSecret, dDay)); code != 200 {
		t.Fatalf("ingest: %d %s", code, body)
	}
	for _, tc := range []struct {
		path string
		want int
	}{
		{wire.PathDossierPrefix + dCode, 403},
		{wire.PathDossierPrefix + dCode + "?secretKey=" + strings.ToLower(dSecret), 403},
		{wire.PathDossierPrefix + dCode + "?secretKey=" + dSecret[:15], 403},
		{wire.PathDossierPrefix + "000.00.13.H12-261120-0008?secretKey=" + dSecret, 404},
		{wire.PathDossierPrefix + "not-a-code?secretKey=" + dSecret, 404},
		{wire.PathDossierPage + dCode + "?secretKey=wrong", 403},
		{wire.PathDossierPage + "000.00.13.H12-261120-0008", 404},
	} {
		code, body := e.get(t, tc.path)
		if code != tc.want {
			t.Errorf("GET %s: %d, want %d", tc.path, code, tc.want)
		}
		if strings.Contains(body, "khai sinh") {
			t.Errorf("GET %s shows the dossier: %s", tc.path, body)
		}
	}
	_, page := e.get(t, wire.PathDossierPage+dCode)
	if !strings.Contains(page, "Mã bí mật của hồ sơ không đúng hoặc chưa có.") {
		t.Errorf("page without the secret does not say so: %s", page)
	}
}

// testDossierRules: replays are stored once; the first office to receive a
// code keeps it, and another office cannot move or overwrite it; a step
// dated before the current one (arriving late) joins the history only.
func testDossierRules(t *testing.T, open opener) {
	e := newDossierEnv(t, open)
	first := received(dCode, dSecret, dDay)
	if code, body := e.send(t, 0, first); code != 200 {
		t.Fatalf("ingest: %d %s", code, body)
	}
	// The same event again (a retried batch) is a duplicate.
	e.seq[0]--
	if code, body := e.send(t, 0, first); code != 200 || !strings.Contains(body, `"duplicates":1`) {
		t.Fatalf("replay: %d %s", code, body)
	}
	other := received(dCode, "ZZZZZZZZZZZZZZZZ", dDay.Add(time.Hour))
	other.ProcedureName = "Thủ tục khác"
	if code, body := e.send(t, 1, other, step(dCode, wire.DossierDone, "Đã trả", "Xã khác", dDay.Add(2*time.Hour))); code != 200 {
		t.Fatalf("ingest other office: %d %s", code, body)
	}
	if code, _ := e.get(t, wire.PathDossierPrefix+dCode+"?secretKey=ZZZZZZZZZZZZZZZZ"); code != 403 {
		t.Errorf("the second office's secret opens the dossier: %d", code)
	}
	if code, body := e.send(t, 0, step(dCode, wire.DossierPaused, "Chờ xác minh", "Công an xã", dDay.Add(5*time.Hour)),
		step(dCode, wire.DossierProcessing, "Thẩm định hồ sơ", "Tư pháp", dDay.Add(4*time.Hour))); code != 200 {
		t.Fatalf("ingest: %d %s", code, body)
	}
	_, body := e.get(t, wire.PathDossierPrefix+dCode+"?secretKey="+dSecret)
	var st wire.DossierStatus
	json.Unmarshal([]byte(body), &st)
	if st.State != wire.DossierPaused || st.Step != "Chờ xác minh" || st.Procedure != "Thủ tục đăng ký khai sinh" {
		t.Errorf("current %q %q %q, want paused at Chờ xác minh of the first office's procedure", st.State, st.Step, st.Procedure)
	}
	if len(st.History) != 3 || st.History[1].Step != "Thẩm định hồ sơ" || st.History[2].Step != "Chờ xác minh" {
		t.Errorf("history (oldest first, only the owner's steps) %+v", st.History)
	}
	// A step of a dossier nobody received is kept as an event and changes nothing.
	if code, body := e.send(t, 0, step("H12.22-261120-0001", wire.DossierDone, "Đã trả", "x", dDay)); code != 200 {
		t.Fatalf("step of an unknown dossier blocks the outbox: %d %s", code, body)
	}
}

// testDossierRefused: the server refuses a dossier event that could carry
// a citizen's identity or a guessable secret, naming the event.
func testDossierRefused(t *testing.T, open opener) {
	e := newDossierEnv(t, open)
	short := received(dCode, "abc123", dDay)
	badCode := received("000.00.13.H12-261131-0001", dSecret, dDay)
	lower := received(strings.ToLower(dCode), dSecret, dDay)
	noProc := received(dCode, dSecret, dDay)
	noProc.ProcedureName = ""
	badState := step(dCode, "lost", "x", "y", dDay)
	stepSecret := step(dCode, wire.DossierDone, "x", "y", dDay)
	stepSecret.Secret = dSecret
	noTicket := wire.DossierEvent{Kind: wire.KindDossierAttached, At: dDay, Code: dCode}
	attachState := wire.DossierEvent{Kind: wire.KindDossierAttached, At: dDay, Code: dCode, Ticket: "20261120-A001", State: wire.DossierDone}
	for name, x := range map[string]wire.DossierEvent{"short secret": short, "impossible date": badCode,
		"not canonical": lower, "no procedure": noProc, "unknown state": badState, "step with a secret": stepSecret,
		"attachment without a ticket": noTicket, "attachment with a state": attachState} {
		if code, body := e.send(t, 0, x); code != 422 {
			t.Errorf("%s: %d %s, want 422", name, code, body)
		}
		e.seq[0]--
	}
	// An extra field (a citizen's name) is refused, not stored.
	body, _ := json.Marshal(received(dCode, dSecret, dDay))
	body = bytes.Replace(body, []byte(`{"kind"`), []byte(`{"citizen_name":"Nguyễn Văn A","kind"`), 1)
	b := wire.Batch{Device: e.devs[0], Events: []wire.Event{{ID: e.devs[0] + ":1", Seq: 1, Kind: wire.KindDossierReceived, At: dDay, Body: body}}}
	if code, out := e.post(t, 0, b); code != 422 || !strings.Contains(out, "citizen_name") {
		t.Errorf("extra field: %d %s, want 422 naming it", code, out)
	}
	if code, _ := e.get(t, wire.PathDossierPrefix+dCode+"?secretKey="+dSecret); code != 404 {
		t.Errorf("a refused dossier was stored: %d", code)
	}
}
