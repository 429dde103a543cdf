package admin

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/motcua-kiosk/motcua/kiosk/settings"
	"github.com/motcua-kiosk/motcua/kiosk/ui"
)

// TestMenu_DossierSource: the "Tra cứu hồ sơ" page sets where dossiers
// are looked up and which service a ready result's ticket goes to. A bad
// OpenCPS address is refused beside its field and nothing is saved; a good
// one is saved and says a restart is needed; the result service chosen is
// the one in the settings file.
func TestMenu_DossierSource(t *testing.T) {
	r := newRig(t)
	(Guard{Meta: r.st, Now: time.Now}).SetPIN(context.Background(), "1234")
	m := r.menu()
	typePIN(m, "1234")
	waitFor(t, "menu", func() bool { return m.Stage() == StageMenu })
	tap(m.Section("dossiers"))
	tap(m.Form().Field("dossier_source"))
	tap(m.Form().Choice(settings.DossierOpenCPS))
	tap(m.Form().SaveButton())
	ui.Locked(func() {
		if got := m.Form().msgs["opencps_url"]; !strings.Contains(got, "OpenCPS") {
			t.Errorf("OpenCPS without an address: message beside the address %q", got)
		}
	})
	if got := r.sf.Get().DossierSource; got != "" {
		t.Fatalf("refused page saved dossier_source=%q", got)
	}

	code := ""
	for _, s := range r.h.Config().Services {
		code = s.Code // the last one
	}
	tap(m.Form().Field("opencps_url"))
	ui.Locked(func() { m.Keyboard().Type("https://dichvucong.example.gov.vn") })
	tap(m.Keyboard().Key("OK"))
	tap(m.Form().Field("result_service"))
	tap(m.Form().Choice(code))
	tap(m.Form().SaveButton())
	s := r.sf.Get()
	if s.DossierSource != settings.DossierOpenCPS || s.OpenCPSURL != "https://dichvucong.example.gov.vn" || s.ResultService != code {
		t.Fatalf("saved %q %q %q, want opencps, the address, %q", s.DossierSource, s.OpenCPSURL, s.ResultService, code)
	}
	ui.Locked(func() {
		tr := ui.Tr{Lang: ui.LangVI}
		if got, want := m.Form().Message(), tr.L("admin.dossier.restart"); got != want {
			t.Errorf("after a new source: %q, want %q", got, want)
		}
	})
}
