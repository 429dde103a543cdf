package dossiers_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/motcua-kiosk/motcua/kiosk/dossiers"
	"github.com/motcua-kiosk/motcua/kiosk/wire"
	"github.com/motcua-kiosk/motcua/server/app"
	"github.com/motcua-kiosk/motcua/server/db"
	"github.com/motcua-kiosk/motcua/server/web"
)

var ict = time.FixedZone("ICT", 7*3600)

const (
	cCode   = "000.00.13.H12-261120-0042"
	cSecret = "M4XQ7T2KZP9BWA6R"
)

// centralServer is a real central server (server/app + server/web over
// SQLite) holding one dossier recorded by an enrolled office hub through
// the ingest API, as the syncer sends it.
func centralServer(t *testing.T, steps ...wire.DossierEvent) *httptest.Server {
	t.Helper()
	ctx := context.Background()
	d, err := db.Open(ctx, "sqlite:"+filepath.Join(t.TempDir(), "server.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	o, err := d.CreateOffice(ctx, "UBND xã Tân Hòa")
	if err != nil {
		t.Fatal(err)
	}
	code, _ := d.CreateEnrollCode(ctx, o.ID, time.Hour)
	_, token, err := d.Enroll(ctx, code, "hub-1", "hub")
	if err != nil {
		t.Fatal(err)
	}
	quiet := slog.New(slog.DiscardHandler)
	w, err := web.New(d, web.Options{Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	a := app.New(d, app.Options{Logger: quiet})
	w.Register(a)
	srv := httptest.NewServer(a.Handler())
	t.Cleanup(srv.Close)
	b := wire.Batch{Device: "hub-1"}
	for i, x := range steps {
		body, _ := json.Marshal(x)
		b.Events = append(b.Events, wire.Event{ID: fmt.Sprintf("hub-1:%d", i+1), Seq: int64(i + 1), Kind: x.Kind, At: x.At, Body: body})
	}
	body, _ := json.Marshal(b)
	req, _ := http.NewRequest("POST", srv.URL+wire.PathEvents, bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 {
		t.Fatalf("ingest: HTTP %d", res.StatusCode)
	}
	return srv
}

var (
	cReceived = time.Date(2026, 11, 20, 8, 15, 0, 0, ict)
	cDue      = time.Date(2026, 11, 25, 0, 0, 0, 0, ict)
)

func cDossier(more ...wire.DossierEvent) []wire.DossierEvent {
	return append([]wire.DossierEvent{{Kind: wire.KindDossierReceived, At: cReceived, Code: cCode, Secret: cSecret,
		ProcedureCode: "1.001193", ProcedureName: "Thủ tục đăng ký khai sinh", ReceivedAt: cReceived, DueAt: &cDue,
		State: wire.DossierReceived, Step: "Tiếp nhận hồ sơ", Unit: "Bộ phận Một cửa", Officer: "cb01"}}, more...)
}

func TestCentral_Lookup(t *testing.T) {
	srv := centralServer(t, cDossier(wire.DossierEvent{Kind: wire.KindDossierStep, At: cReceived.Add(3 * time.Hour),
		Code: cCode, State: wire.DossierProcessing, Step: "Thẩm định hồ sơ", Unit: "Công chức Tư pháp – Hộ tịch"})...)
	now := time.Date(2026, 11, 26, 9, 0, 0, 0, ict) // the day after the promise
	c := &dossiers.Central{BaseURL: srv.URL + "/", Client: srv.Client(), Now: func() time.Time { return now }}
	// The slip's QR: the status page's URL with the secret.
	ref, err := dossiers.Parse("https://motcua.example.gov.vn" + wire.PathDossierPage + cCode + "?secretKey=" + cSecret)
	if err != nil {
		t.Fatal(err)
	}
	st, err := c.Lookup(context.Background(), ref)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := st.State, dossiers.StateProcessing; got != want {
		t.Errorf("State = %v, want %v", got, want)
	}
	if st.Code != cCode || st.Procedure != "Thủ tục đăng ký khai sinh" || st.ProcedureCode != "1.001193" || st.Agency != "UBND xã Tân Hòa" {
		t.Errorf("Status = %+v", st)
	}
	if st.Step.Name != "Thẩm định hồ sơ" || st.Step.Unit != "Công chức Tư pháp – Hộ tịch" {
		t.Errorf("Step = %+v", st.Step)
	}
	if !st.Received.Equal(cReceived) || !st.Promised.Equal(cDue) || st.Ready || !st.Late || st.Stale || st.Source != "central" || !st.AsOf.Equal(now) {
		t.Errorf("dates/flags: %+v", st)
	}
	if len(st.History) != 2 || !strings.HasPrefix(st.History[1].Text, "Thẩm định hồ sơ") || !st.History[0].At.Before(st.History[1].At) {
		t.Errorf("History = %+v", st.History)
	}
	if fmt.Sprintf("%+v", st) != strings.ReplaceAll(fmt.Sprintf("%+v", st), cSecret, "") {
		t.Error("the status carries the secret")
	}
}

func TestCentral_Ready(t *testing.T) {
	srv := centralServer(t, cDossier(wire.DossierEvent{Kind: wire.KindDossierStep, At: cReceived.Add(48 * time.Hour),
		Code: cCode, State: wire.DossierReady, Step: "Trả kết quả", Unit: "Bộ phận Một cửa"})...)
	c := &dossiers.Central{BaseURL: srv.URL, Client: srv.Client(), Now: func() time.Time { return cDue.Add(72 * time.Hour) }}
	st, err := c.Lookup(context.Background(), dossiers.Ref{Code: cCode, Secret: cSecret})
	if err != nil {
		t.Fatal(err)
	}
	if !st.Ready || st.State != dossiers.StateReady || st.Late || !st.Finished.Equal(cReceived.Add(48*time.Hour)) {
		t.Errorf("ready on time: %+v", st)
	}
}

func TestCentral_Errors(t *testing.T) {
	srv := centralServer(t, cDossier()...)
	c := &dossiers.Central{BaseURL: srv.URL, Client: srv.Client()}
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	down := httptest.NewServer(http.NotFoundHandler())
	downURL := down.URL
	down.Close()
	broken := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "maintenance", http.StatusServiceUnavailable)
	}))
	defer broken.Close()
	for _, tc := range []struct {
		name string
		c    *dossiers.Central
		ctx  context.Context
		ref  dossiers.Ref
		want error
	}{
		{"no secret", c, context.Background(), dossiers.Ref{Code: cCode}, dossiers.ErrWrongSecret},
		{"wrong secret", c, context.Background(), dossiers.Ref{Code: cCode, Secret: "AAAAAAAAAAAAAAAA"}, dossiers.ErrWrongSecret},
		{"unknown", c, context.Background(), dossiers.Ref{Code: "000.00.13.H12-261120-0043", Secret: cSecret}, dossiers.ErrNotFound},
		{"empty", c, context.Background(), dossiers.Ref{}, dossiers.ErrNotFound},
		{"server down", &dossiers.Central{BaseURL: downURL}, context.Background(), dossiers.Ref{Code: cCode, Secret: cSecret}, dossiers.ErrUnreachable},
		{"5xx", &dossiers.Central{BaseURL: broken.URL}, context.Background(), dossiers.Ref{Code: cCode, Secret: cSecret}, dossiers.ErrUnreachable},
		{"ctx ended", c, cancelled, dossiers.Ref{Code: cCode, Secret: cSecret}, dossiers.ErrUnreachable},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tc.c.Lookup(tc.ctx, tc.ref)
			if !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
			if tc.name == "ctx ended" && !errors.Is(err, context.Canceled) {
				t.Errorf("err = %v does not wrap the ctx error", err)
			}
			if err != nil && strings.Contains(err.Error(), cSecret) {
				t.Errorf("the error quotes the secret: %v", err)
			}
		})
	}
}

// TestCentral_Cached: the kiosk's offline fallback works over Central as
// over OpenCPS: the last status comes back stale when the server is gone.
func TestCentral_Cached(t *testing.T) {
	srv := centralServer(t, cDossier()...)
	c := &dossiers.Central{BaseURL: srv.URL, Client: srv.Client()}
	fs, err := dossiers.OpenFileStore(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	cached := dossiers.Cached(c, fs)
	ref := dossiers.Ref{Code: cCode, Secret: cSecret}
	if _, err := cached.Lookup(context.Background(), ref); err != nil {
		t.Fatal(err)
	}
	srv.Close()
	st, err := cached.Lookup(context.Background(), ref)
	if err != nil || !st.Stale || st.Procedure != "Thủ tục đăng ký khai sinh" {
		t.Errorf("offline: %+v, %v", st, err)
	}
}
