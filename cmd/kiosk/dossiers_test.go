package main

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/motcua-kiosk/motcua/kiosk/dossiers"
	"github.com/motcua-kiosk/motcua/kiosk/settings"
)

// TestOpenDossiers: none set gives no source (no key); OpenCPS and the
// central server each come behind the offline cache kept in the data
// dir, so a status seen once is still shown, marked stale, when the
// system goes away.
func TestOpenDossiers(t *testing.T) {
	log := slog.New(slog.DiscardHandler)
	zone := time.FixedZone("ICT", 7*3600)
	if src := openDossiers(settings.Defaults(), t.TempDir(), zone, log); src != nil {
		t.Errorf("no dossier source set: got %T, want none", src)
	}
	detail, err := os.ReadFile(filepath.Join("..", "..", "kiosk", "dossiers", "testdata", "opencps", "dossier_releasing.json"))
	if err != nil {
		t.Fatal(err)
	}
	up := true
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !up {
			http.Error(w, "down", http.StatusBadGateway)
			return
		}
		if r.URL.Path != "/o/rest/v2/dossiers/"+scanCode || r.Header.Get("groupId") != "35417" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Write(detail)
	}))
	defer srv.Close()
	dir := t.TempDir()
	s := settings.Defaults()
	s.DossierSource, s.OpenCPSURL, s.OpenCPSGroup = settings.DossierOpenCPS, srv.URL, "35417"
	src := openDossiers(s, dir, zone, log)
	if _, ok := src.(*dossiers.Cache); !ok {
		t.Fatalf("opencps: got %T, want a *dossiers.Cache", src)
	}
	ref, _ := dossiers.Parse(scanCode)
	if st, err := src.Lookup(context.Background(), ref); err != nil || !st.Ready || st.Stale {
		t.Fatalf("live look-up: %+v, %v", st, err)
	}
	up = false
	st, err := src.Lookup(context.Background(), ref)
	if err != nil || !st.Stale || !st.Ready {
		t.Errorf("offline look-up: stale=%v ready=%v err=%v, want the kept status marked stale", st.Stale, st.Ready, err)
	}
	var kept []json.RawMessage
	if b, err := os.ReadFile(filepath.Join(dir, dossierCacheDir, dossiers.CacheFile)); err != nil || json.Unmarshal(b, &kept) != nil || len(kept) != 1 {
		t.Errorf("cache file under the data dir: %d records, %v", len(kept), err)
	}

	s = settings.Defaults()
	s.DossierSource = settings.DossierCentral
	if src := openDossiers(s, t.TempDir(), zone, log); src == nil {
		t.Error("central: no source")
	}
	if _, err := newDossierSource(settings.Settings{DossierSource: "vnpt"}, t.TempDir(), zone, log); err == nil {
		t.Error("an unknown source gave no error")
	}
}

const scanCode = "000.00.13.H12-240315-0001"
