package syncer_test

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/motcua-kiosk/motcua/kiosk/dossiers"
	"github.com/motcua-kiosk/motcua/kiosk/hub"
	"github.com/motcua-kiosk/motcua/kiosk/store"
	"github.com/motcua-kiosk/motcua/kiosk/syncer"
	"github.com/motcua-kiosk/motcua/kiosk/wire"
	"github.com/motcua-kiosk/motcua/server/app"
	"github.com/motcua-kiosk/motcua/server/db"
	"github.com/motcua-kiosk/motcua/server/web"
)

// TestSyncer_CarriesDossiers: with the central server down, the desk still
// records a dossier and moves it on the hub (the slip gets its secret and
// URL); when the link is back the syncer carries both events, and the
// kiosk's Central source reads the dossier from the slip's QR.
func TestSyncer_CarriesDossiers(t *testing.T) {
	ctx := context.Background()
	d, err := db.Open(ctx, "sqlite:"+filepath.Join(t.TempDir(), "server.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	quiet := slog.New(slog.DiscardHandler)
	a := app.New(d, app.Options{Logger: quiet})
	w, err := web.New(d, web.Options{Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	w.Register(a)
	var down atomic.Bool
	srv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if down.Load() {
			http.Error(rw, "link down", http.StatusBadGateway)
			return
		}
		a.Handler().ServeHTTP(rw, r)
	}))
	defer srv.Close()
	off, _ := d.CreateOffice(ctx, "UBND xã Chi Lăng Bắc")
	code, _ := d.CreateEnrollCode(ctx, off.ID, time.Hour)

	st, err := store.Open(filepath.Join(t.TempDir(), "office.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	opt := fastOptions()
	opt.Idle = time.Hour // only Flush sends here
	s := syncer.New(st, opt)
	if _, err := s.Enroll(ctx, srv.URL, code); err != nil {
		t.Fatal(err)
	}
	h, err := hub.Open(ctx, hub.Options{Store: st, Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()

	down.Store(true)
	rec, err := h.RecordDossier(ctx, hub.RecordDossierRequest{Code: "H12.22-261207-0015", ProcedureCode: "2.000815",
		ProcedureName: "Chứng thực bản sao từ bản chính", Officer: "cb01"})
	if err != nil {
		t.Fatalf("record offline: %v", err)
	}
	if err := h.MoveDossier(ctx, rec.Code, hub.MoveDossierRequest{State: wire.DossierReady, Step: "Trả kết quả", Unit: "Bộ phận Một cửa"}); err != nil {
		t.Fatalf("move offline: %v", err)
	}
	if err := s.Flush(ctx); err == nil {
		t.Fatal("flush succeeded with the link down")
	}
	ref, err := dossiers.Parse(rec.URL)
	if err != nil {
		t.Fatalf("slip URL %q: %v", rec.URL, err)
	}
	central := &dossiers.Central{BaseURL: srv.URL, Client: srv.Client()}
	if _, err := central.Lookup(ctx, ref); !errors.Is(err, dossiers.ErrUnreachable) {
		t.Errorf("look-up with the link down: %v", err)
	}

	down.Store(false)
	if err := s.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	got, err := central.Lookup(ctx, ref)
	if err != nil {
		t.Fatal(err)
	}
	if !got.Ready || got.Procedure != "Chứng thực bản sao từ bản chính" || got.Agency != "UBND xã Chi Lăng Bắc" || len(got.History) != 2 {
		t.Errorf("status after sync: %+v", got)
	}
}
