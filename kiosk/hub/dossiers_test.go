package hub

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/motcua-kiosk/motcua/kiosk/dossiers"
	"github.com/motcua-kiosk/motcua/kiosk/queue"
	"github.com/motcua-kiosk/motcua/kiosk/store"
	"github.com/motcua-kiosk/motcua/kiosk/syncer"
	"github.com/motcua-kiosk/motcua/kiosk/wire"
)

const hubCode = "000.00.13.H12-261123-0001"

// TestHub_RecordDossier: the desk records a received dossier on the hub,
// which keeps it and commits its event to the outbox for the syncer (no
// central server needed); recording it again gives the same secret.
func TestHub_RecordDossier(t *testing.T) {
	f := newFixture(t)
	desk := f.client(store.RoleDesk)
	before := f.outbox(t)
	due := time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC)
	rec, err := desk.RecordDossier(ctx, RecordDossierRequest{Code: " 000.00.13.h12-261123-0001\r\n", ProcedureCode: "1.001193",
		ProcedureName: "Thủ tục đăng ký khai sinh", DueAt: &due, Officer: "cb01"})
	if err != nil {
		t.Fatal(err)
	}
	if rec.Code != hubCode || len(rec.Secret) != 16 || !rec.Created || rec.URL != "" {
		t.Errorf("recorded %+v", rec)
	}
	if got, want := f.outbox(t), before+1; got != want {
		t.Fatalf("outbox %d, want %d", got, want)
	}
	evs, _ := f.st.Outbox(ctx, 0, 1000)
	last := evs[len(evs)-1]
	var x wire.DossierEvent
	if err := json.Unmarshal(last.Body, &x); err != nil || last.Kind != wire.KindDossierReceived || x.Secret != rec.Secret ||
		x.State != wire.DossierReceived || x.Step != "Tiếp nhận hồ sơ" || x.Unit != "Bộ phận Một cửa" || x.ProcedureName != "Thủ tục đăng ký khai sinh" {
		t.Errorf("outbox event %s %s (%v)", last.Kind, last.Body, err)
	}
	// Once enrolled, the answer carries the slip's QR URL; a second record
	// of the code (a reprint) keeps the first secret and adds no event.
	if err := f.st.SetMeta(ctx, metaSyncURL, "https://motcua.example.gov.vn/"); err != nil {
		t.Fatal(err)
	}
	again, err := desk.RecordDossier(ctx, RecordDossierRequest{Code: hubCode, ProcedureName: "Thủ tục khác"})
	if err != nil {
		t.Fatal(err)
	}
	if again.Secret != rec.Secret || again.Created || f.outbox(t) != before+1 {
		t.Errorf("second record %+v, outbox %d", again, f.outbox(t))
	}
	ref, err := dossiers.Parse(again.URL)
	if err != nil || ref.Code != hubCode || ref.Secret != rec.Secret || !strings.HasPrefix(again.URL, "https://motcua.example.gov.vn/hs/") {
		t.Errorf("slip URL %q parses to %+v, %v", again.URL, ref, err)
	}
	// A step moves it; a step of a dossier never recorded is not found.
	if err := desk.MoveDossier(ctx, hubCode, MoveDossierRequest{State: wire.DossierProcessing, Step: "Thẩm định hồ sơ", Unit: "Tư pháp – Hộ tịch"}); err != nil {
		t.Fatal(err)
	}
	if got, want := f.outbox(t), before+2; got != want {
		t.Errorf("outbox after a step %d, want %d", got, want)
	}
	if err := desk.MoveDossier(ctx, "000.00.13.H12-261123-0002", MoveDossierRequest{State: wire.DossierDone, Step: "x", Unit: "y"}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("step of an unknown dossier: %v", err)
	}
	if err := desk.MoveDossier(ctx, hubCode, MoveDossierRequest{State: "lost", Step: "x", Unit: "y"}); !errors.Is(err, store.ErrInvalidInput) {
		t.Errorf("unknown state: %v", err)
	}
	// A display may not record dossiers.
	if _, err := f.client(store.RoleDisplay).RecordDossier(ctx, RecordDossierRequest{Code: hubCode, ProcedureName: "x"}); !errors.Is(err, ErrForbidden) {
		t.Errorf("display records: %v", err)
	}
}

// TestHub_RecordDossierRefused: a code that is no dossier code is refused
// with the parser's Vietnamese sentence; so is a missing procedure.
func TestHub_RecordDossierRefused(t *testing.T) {
	f := newFixture(t)
	desk := f.client(store.RoleDesk)
	_, err := desk.RecordDossier(ctx, RecordDossierRequest{Code: "000.00.13.H12-260231-0001", ProcedureName: "x"})
	if !errors.Is(err, dossiers.ErrUnrecognized) || !strings.Contains(Message(err, "vi"), "ngày tiếp nhận không có thật (31/02/2026)") {
		t.Errorf("impossible date: %v / %q", err, Message(err, "vi"))
	}
	if _, err := desk.RecordDossier(ctx, RecordDossierRequest{Code: hubCode}); !errors.Is(err, store.ErrInvalidInput) {
		t.Errorf("no procedure: %v", err)
	}
}

// servedTicket issues a ticket and has counter 1 call it.
func servedTicket(t *testing.T, f *fixture) queue.Ticket {
	t.Helper()
	if _, err := f.client(store.RoleDispenser).Issue(ctx, "a", ""); err != nil {
		t.Fatal(err)
	}
	desk := f.client(store.RoleDesk)
	if _, err := desk.SignIn(ctx, 1, "cb01", "1111"); err != nil {
		t.Fatal(err)
	}
	tk, err := desk.CallNext(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	return tk
}

// TestHub_AttachDossiers: the desk attaches several codes to the ticket it
// serves (scanned noise and a slip URL read with dossiers.Parse), again
// is a no-op, a bad code is refused with a sentence; a code is removable
// until the ticket is finished, and not after.
func TestHub_AttachDossiers(t *testing.T) {
	f := newFixture(t)
	tk := servedTicket(t, f)
	desk := f.client(store.RoleDesk)
	for _, code := range []string{hubCode, "]Q1H12.22-261123-0002\r", hubCode,
		"https://motcua.example.gov.vn/hs/000.00.13.H12-261123-0003?secretKey=ABCDEFGHIJKLMNOP"} {
		if _, err := desk.AttachDossier(ctx, tk.Number, code); err != nil {
			t.Fatalf("attach %q: %v", code, err)
		}
	}
	got, err := desk.TicketDossiers(ctx, tk.ID)
	want := []string{hubCode, "H12.22-261123-0002", "000.00.13.H12-261123-0003"}
	if err != nil || strings.Join(got.Dossiers, " ") != strings.Join(want, " ") {
		t.Fatalf("dossiers %v (%v), want %v", got.Dossiers, err, want)
	}
	// Each change is one outbox event for the central server; the repeat is none.
	var kinds []string
	evs, _ := f.st.Outbox(ctx, 0, 1000)
	for _, e := range evs {
		if strings.HasPrefix(e.Kind, "dossier.") {
			kinds = append(kinds, e.Kind)
		}
	}
	if got := strings.Join(kinds, " "); got != "dossier.attached dossier.attached dossier.attached" {
		t.Errorf("outbox dossier events %q", got)
	}
	_, err = desk.AttachDossier(ctx, tk.ID, "Nguyễn Văn A")
	if !errors.Is(err, dossiers.ErrUnrecognized) || Message(err, "vi") != (&dossiers.ParseError{Reason: dossiers.ReasonUnknown}).Message("vi") {
		t.Errorf("a name as a code: %v / %q", err, Message(err, "vi"))
	}
	if Message(err, "en") == Message(err, "vi") {
		t.Errorf("no English message")
	}
	left, err := desk.DetachDossier(ctx, tk.ID, "H12.22-261123-0002")
	if err != nil || len(left.Dossiers) != 2 {
		t.Fatalf("detach: %v %v", left, err)
	}
	evs, _ = f.st.Outbox(ctx, 0, 1000)
	if last := evs[len(evs)-1]; last.Kind != wire.KindDossierDetached || !strings.Contains(string(last.Body), `"ticket":"`+tk.ID+`"`) {
		t.Errorf("last outbox event %s %s", last.Kind, last.Body)
	}
	if _, err := desk.Start(ctx, 1); err != nil {
		t.Fatal(err)
	}
	if _, err := desk.Complete(ctx, 1); err != nil {
		t.Fatal(err)
	}
	if _, err := desk.DetachDossier(ctx, tk.ID, hubCode); !errors.Is(err, queue.ErrNoCurrent) {
		t.Errorf("detach from a finished ticket: %v", err)
	}
	if _, err := desk.AttachDossier(ctx, tk.ID, "H12-261123-0009"); !errors.Is(err, queue.ErrNoCurrent) {
		t.Errorf("attach to a finished ticket: %v", err)
	}
	got, _ = desk.TicketDossiers(ctx, tk.ID)
	if len(got.Dossiers) != 2 {
		t.Errorf("finished ticket's dossiers %v", got.Dossiers)
	}
}

// TestHub_AttachDossierIdempotent: a retried attach or detach with the
// same Idempotency-Key is answered the same and done once.
func TestHub_AttachDossierIdempotent(t *testing.T) {
	f := newFixture(t)
	tk := servedTicket(t, f)
	for i := 0; i < 2; i++ {
		req, _ := http.NewRequest("POST", f.srv.URL+"/api/v1/tickets/"+tk.ID+"/dossiers", strings.NewReader(`{"code":"`+hubCode+`"}`))
		req.Header.Set("Authorization", "Bearer "+f.tokens[store.RoleDesk])
		req.Header.Set(IdempotencyHeader, "attach-key-0001")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var out TicketDossiers
		json.NewDecoder(res.Body).Decode(&out)
		res.Body.Close()
		if res.StatusCode != 200 || len(out.Dossiers) != 1 {
			t.Errorf("try %d: %d %+v", i, res.StatusCode, out)
		}
	}
}

// TestHub_RatingCarriesDossiers: the rating of a ticket that carries
// dossiers carries their codes, in the outbox event the syncer sends and
// in the store; a ticket without dossiers rates as before.
func TestHub_RatingCarriesDossiers(t *testing.T) {
	f := newFixture(t)
	tk := servedTicket(t, f)
	desk := f.client(store.RoleDesk)
	for _, c := range []string{hubCode, "H12.22-261123-0002"} {
		if _, err := desk.AttachDossier(ctx, tk.ID, c); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := desk.Complete(ctx, 1); err != nil {
		t.Fatal(err)
	}
	r, err := f.client(store.RoleRating).Rate(ctx, RateRequest{Ticket: tk.Number, Stars: 5})
	if err != nil {
		t.Fatal(err)
	}
	want := hubCode + " H12.22-261123-0002"
	if got := strings.Join(r.Dossiers, " "); got != want {
		t.Errorf("rating's dossiers %q, want %q", got, want)
	}
	evs, _ := f.st.Outbox(ctx, 0, 1000)
	var ev queue.Event
	if err := json.Unmarshal(evs[len(evs)-1].Body, &ev); err != nil || ev.Kind != queue.EventRated || ev.Rating == nil {
		t.Fatalf("last outbox event %s (%v)", evs[len(evs)-1].Body, err)
	}
	if got := strings.Join(ev.Rating.Dossiers, " "); got != want {
		t.Errorf("outbox rating's dossiers %q, want %q", got, want)
	}
	day := tk.Day
	rs, err := f.st.Ratings(ctx, day)
	if err != nil || len(rs) != 1 || strings.Join(rs[0].Dossiers, " ") != want {
		t.Errorf("stored ratings %+v (%v)", rs, err)
	}
	// The next ticket carries none.
	next := servedTicket(t, f)
	if _, err := desk.Complete(ctx, 1); err != nil {
		t.Fatal(err)
	}
	r, err = f.client(store.RoleRating).Rate(ctx, RateRequest{Ticket: next.Number, Stars: 4})
	if err != nil || r.Dossiers != nil {
		t.Errorf("a rating without dossiers: %+v (%v)", r, err)
	}
}

// TestHub_SyncURLKey: the slip's QR URL is built from the central server's
// address the syncer keeps; the two must name the same meta key.
func TestHub_SyncURLKey(t *testing.T) {
	if metaSyncURL != syncer.KeyURL {
		t.Fatalf("hub reads %q, the syncer writes %q", metaSyncURL, syncer.KeyURL)
	}
}
