package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/motcua-kiosk/motcua/kiosk/queue"
	"github.com/motcua-kiosk/motcua/kiosk/wire"
)

// The dossiers of the seeded ratings: two carried by one ticket of cb01
// (5 stars), one by a ticket of cb02 (2 stars).
const (
	rdCode1 = "000.00.13.H12-261123-0001"
	rdCode2 = "000.00.13.H12-261123-0002"
	rdCode3 = "H12.22-261123-0003"
)

// hubPoster enrolls a hub for the first demo office and posts events as
// its syncer would.
type hubPoster struct {
	url, token, dev string
	seq             int64
}

func newHubPoster(t *testing.T, e *env) *hubPoster {
	t.Helper()
	ctx := context.Background()
	code, err := e.db.CreateEnrollCode(ctx, e.demo.Offices[0].ID, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	_, tok, err := e.db.Enroll(ctx, code, "hub-dossier", "hub")
	if err != nil {
		t.Fatal(err)
	}
	return &hubPoster{url: e.srv.URL, token: tok, dev: "hub-dossier"}
}

func (h *hubPoster) post(t *testing.T, evs ...any) (int, string) {
	t.Helper()
	b := wire.Batch{Device: h.dev}
	for _, x := range evs {
		body, _ := json.Marshal(x)
		var head struct {
			Kind string    `json:"kind"`
			At   time.Time `json:"at"`
		}
		json.Unmarshal(body, &head)
		h.seq++
		b.Events = append(b.Events, wire.Event{ID: fmt.Sprintf("%s:%d", h.dev, h.seq), Seq: h.seq, Kind: head.Kind, At: head.At, Body: body})
	}
	raw, _ := json.Marshal(b)
	req, _ := http.NewRequest("POST", h.url+wire.PathEvents, bytes.NewReader(raw))
	req.Header.Set("Authorization", "Bearer "+h.token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var out bytes.Buffer
	out.ReadFrom(res.Body)
	return res.StatusCode, out.String()
}

// ratedVisit is a ticket served by officer and rated with stars, its
// rating carrying codes, as the hub sends it.
func ratedVisit(id, officer string, counter, stars int, codes []string, at time.Time) []any {
	tk := queue.Ticket{ID: id, Day: at.Format("2006-01-02"), Number: id[len(id)-4:], Service: "A", Origin: "A",
		Ref: "ref-dossier-" + id, Status: queue.StatusWaiting, IssuedAt: at, ArrivedAt: at}
	var out []any
	add := func(kind queue.EventKind, when time.Time, r *queue.Rating) {
		snap := tk
		out = append(out, queue.Event{Kind: kind, At: when, Ticket: &snap, Rating: r})
	}
	add(queue.EventIssued, at, nil)
	called, done := at.Add(5*time.Minute), at.Add(15*time.Minute)
	tk.Status, tk.CalledAt, tk.Counter, tk.Officer = queue.StatusCalled, &called, counter, officer
	add(queue.EventCalled, called, nil)
	tk.Status, tk.ServingAt = queue.StatusServing, &called
	add(queue.EventServing, called, nil)
	tk.Status, tk.DoneAt = queue.StatusDone, &done
	add(queue.EventDone, done, nil)
	rated := done.Add(time.Minute)
	tk.Rated, tk.Stars = true, stars
	add(queue.EventRated, rated, &queue.Rating{TicketID: id, Day: tk.Day, Number: tk.Number, Service: "A", Counter: counter,
		Officer: officer, Stars: stars, Source: "counter", At: rated, Dossiers: codes})
	return out
}

// seedDossierRatings records one dossier on the central server and two
// rated visits that carry dossier codes.
func seedDossierRatings(t *testing.T, e *env) {
	t.Helper()
	h := newHubPoster(t, e)
	at := lastDay.Add(8 * time.Hour)
	rec := received(rdCode1, dSecret, at)
	evs := []any{rec}
	evs = append(evs, ratedVisit("20261123-X901", "cb01", 1, 5, []string{rdCode1, rdCode2}, at.Add(time.Minute))...)
	evs = append(evs, ratedVisit("20261123-X902", "cb02", 2, 2, []string{rdCode3}, at.Add(time.Hour))...)
	if code, body := h.post(t, evs...); code != 200 {
		t.Fatalf("ingest: %d %s", code, body)
	}
}

func runDossierReportSuite(t *testing.T, open opener) {
	t.Run("Page", func(t *testing.T) { testDossierReport(t, open) })
	t.Run("Refused", func(t *testing.T) { testRatingDossierRefused(t, open) })
	t.Run("TicketDossiers", func(t *testing.T) { testTicketDossiers(t, open) })
}

func TestDossierReport_SQLite(t *testing.T) { runDossierReportSuite(t, openSQLite) }

// testDossierReport: the ratings' dossiers reach the central server with
// them, and the dossier page shows satisfaction per dossier and the
// officers' totals by dossier, with its CSV files; supervisors only.
func testDossierReport(t *testing.T, open opener) {
	e := newEnv(t, open, envOptions{perDay: 5})
	seedDossierRatings(t, e)
	if r := do(t, e.client(t), "GET", e.srv.URL+"/reports/dossiers", nil); r.code != http.StatusSeeOther {
		t.Errorf("signed out: %d, want 303 to the sign-in", r.code)
	}
	c, _ := e.signedIn(t)
	if main := do(t, c, "GET", e.srv.URL+"/reports", nil); !strings.Contains(main.body, `href="/reports/dossiers"`) {
		t.Error("the main report has no link to the dossier report")
	}
	r := do(t, c, "GET", e.srv.URL+"/reports/dossiers", nil)
	if r.code != 200 {
		t.Fatalf("page: %d", r.code)
	}
	for _, want := range []string{"Mức độ hài lòng theo hồ sơ", rdCode1, rdCode2, rdCode3, "Thủ tục đăng ký khai sinh",
		"(hồ sơ trên hệ thống khác)", "Nguyễn Thị Lan", "Trần Văn Minh", "Tổng hợp theo cán bộ, tính theo hồ sơ (Thông tư 01/2018/TT-VPCP)"} {
		if !strings.Contains(r.body, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	csv := do(t, c, "GET", e.srv.URL+"/reports/dossiers/csv/officers", nil)
	if csv.code != 200 || !strings.Contains(csv.header.Get("Content-Type"), "text/csv") {
		t.Fatalf("officers csv: %d %s", csv.code, csv.header.Get("Content-Type"))
	}
	// cb01: two dossiers rated, both satisfied, 5.00; cb02: one, none, 2.00.
	for _, want := range []string{"cb01,2,2,2,5.00,100.0,Nguyễn Thị Lan", "cb02,1,0,1,2.00,0.0,Trần Văn Minh"} {
		if !strings.Contains(csv.body, want) {
			t.Errorf("officers csv lacks %q:\n%s", want, csv.body)
		}
	}
	dcsv := do(t, c, "GET", e.srv.URL+"/reports/dossiers/csv/dossiers?lang=en", nil)
	for _, want := range []string{"Dossier code", rdCode1 + ",Thủ tục đăng ký khai sinh,cb01,23/11/2026,1,5.00,100.0", rdCode3 + ",,cb02,23/11/2026,1,2.00,0.0"} {
		if !strings.Contains(dcsv.body, want) {
			t.Errorf("dossiers csv lacks %q:\n%s", want, dcsv.body)
		}
	}
	if strings.Contains(dcsv.body, dSecret) || strings.Contains(r.body, dSecret) {
		t.Error("the report shows a dossier's secret")
	}
	if r := do(t, c, "GET", e.srv.URL+"/reports/dossiers/csv/nope", nil); r.code != 404 {
		t.Errorf("unknown table: %d", r.code)
	}
}

// testRatingDossierRefused: a rating whose dossier code is not a canonical
// code (a name typed in the field) is refused with the event named.
func testRatingDossierRefused(t *testing.T, open opener) {
	e := newEnv(t, open, envOptions{perDay: 2})
	h := newHubPoster(t, e)
	evs := ratedVisit("20261123-X903", "cb01", 1, 4, []string{"Nguyễn Văn A"}, lastDay.Add(9*time.Hour))
	if code, body := h.post(t, evs...); code != 422 || !strings.Contains(body, "not a canonical dossier code") {
		t.Errorf("rating with a name as a dossier: %d %s", code, body)
	}
}

// testTicketDossiers: the desk's attachments reach the central server on
// their own, so the ticket's page lists its dossiers with their status,
// a detached one goes, and a rating from the page (source web, which
// carries no codes) counts for the dossiers too.
func testTicketDossiers(t *testing.T, open opener) {
	e := newEnv(t, open, envOptions{perDay: 2})
	h := newHubPoster(t, e)
	at := lastDay.Add(9 * time.Hour)
	visit := ratedVisit("20261123-X905", "cb01", 1, 4, nil, at)
	visit = visit[:4] // served, not rated: the citizen rates from the phone
	attach := func(kind, code string) wire.DossierEvent {
		return wire.DossierEvent{Kind: kind, At: at.Add(6 * time.Minute), Code: code, Ticket: "20261123-X905"}
	}
	evs := []any{received(rdCode1, dSecret, at)}
	evs = append(evs, visit[:2]...)
	evs = append(evs, attach(wire.KindDossierAttached, rdCode1), attach(wire.KindDossierAttached, rdCode3),
		attach(wire.KindDossierAttached, rdCode2), attach(wire.KindDossierDetached, rdCode2))
	evs = append(evs, visit[2:]...)
	if code, body := h.post(t, evs...); code != 200 {
		t.Fatalf("ingest: %d %s", code, body)
	}
	page := do(t, e.client(t), "GET", e.srv.URL+"/t/ref-dossier-20261123-X905", nil)
	for _, want := range []string{"Hồ sơ của phiếu này", rdCode1, "Đã tiếp nhận", "Tiếp nhận hồ sơ, tại Bộ phận Một cửa", rdCode3, "Tra cứu tình trạng trên hệ thống một cửa của tỉnh"} {
		if page.code != 200 || !strings.Contains(page.body, want) {
			t.Errorf("ticket page (%d) lacks %q", page.code, want)
		}
	}
	if strings.Contains(page.body, rdCode2) {
		t.Errorf("the ticket page lists the detached dossier")
	}
	if err := e.db.InsertRating(context.Background(), e.demo.Offices[0].ID, queue.Rating{TicketID: "20261123-X905", Day: "2026-11-23",
		Number: "X905", Service: "A", Counter: 1, Officer: "cb01", Stars: 4, Source: "web", At: at.Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	c, _ := e.signedIn(t)
	csv := do(t, c, "GET", e.srv.URL+"/reports/dossiers/csv/officers", nil)
	if !strings.Contains(csv.body, "cb01,2,2,2,4.00,100.0,Nguyễn Thị Lan") {
		t.Errorf("the web rating does not count for the ticket's two dossiers:\n%s", csv.body)
	}
}
