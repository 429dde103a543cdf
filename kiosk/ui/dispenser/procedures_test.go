package dispenser

import (
	"testing"

	"fyne.io/fyne/v2/container"

	"github.com/motcua-kiosk/motcua/kiosk/procedures"
	"github.com/motcua-kiosk/motcua/kiosk/ui"
)

// TestDispenser_LookupIssuesTicket: "Tra cứu thủ tục" on the home screen
// opens the look-up; a procedure of the Hộ tịch field offers "Lấy số cho
// thủ tục này", which issues a ticket of the service named after that
// field (B, "Hộ tịch – Chứng thực") and shows it; "Quay lại" from the
// look-up's start page goes home. Without a catalogue there is no key.
func TestDispenser_LookupIssuesTicket(t *testing.T) {
	r := newRig(t, openConfig(0), portrait)
	ui.Locked(func() {
		if r.d.LookupButton() != nil {
			t.Error("a look-up key without a catalogue")
		}
	})
	cat, err := procedures.Shipped()
	if err != nil {
		t.Fatal(err)
	}
	ui.Locked(func() {
		r.d.o.Procedures = cat
		r.d.home.screen = nil // built again, as New would with the catalogue
		r.d.Home()
		r.w.SetContent(container.NewThemeOverride(r.d.Content(), ui.Theme{}))
	})
	r.settle()
	r.capture(t, "dispenser-home-lookup-key-portrait-vi")
	if r.d.LookupButton() == nil {
		t.Fatal("no look-up key with a catalogue")
	}
	if got, want := r.d.LookupButton().Title, "Tra cứu thủ tục"; got != want {
		t.Errorf("key %q, want %q", got, want)
	}
	tap(r.d.LookupButton())
	ui.Locked(func() {
		if got := r.d.Screen(); got != ScreenLookup {
			t.Fatalf("screen %q after the look-up key, want %q", got, ScreenLookup)
		}
	})
	tap(r.d.Lookup().BackKey())
	ui.Locked(func() {
		if got := r.d.Screen(); got != ScreenHome {
			t.Fatalf("screen %q after Quay lại, want home", got)
		}
	})
	r.settle()
	tap(r.d.LookupButton())
	r.capture(t, "dispenser-lookup-start-portrait-vi")
	var l = r.d.Lookup()
	field := l.FieldKey("ho-tich")
	if field == nil {
		t.Fatal("no Hộ tịch key on the look-up's start page")
	}
	tap(field)
	key := l.ResultKey("khai-sinh")
	if key == nil {
		t.Fatalf("khai-sinh not on the first results page: %v", l.ResultIDs())
	}
	tap(key)
	if l.TicketKey() == nil {
		t.Fatal("no 'Lấy số cho thủ tục này' for a Hộ tịch procedure in an office with a Hộ tịch service")
	}
	tap(l.TicketKey())
	waitFor(t, "ticket screen", func() bool { return r.d.Screen() == ScreenTicket })
	ui.Locked(func() {
		if got, want := r.d.Issued().Ticket.Number, "B001"; got != want {
			t.Errorf("ticket %q, want %q", got, want)
		}
		if r.d.Lookup() != nil {
			t.Error("the look-up is still held after the ticket screen opened")
		}
	})
}

// TestServiceForProcedure: the catalogue's own mapping when this office
// has that service, else the service named after the field, else none.
func TestServiceForProcedure(t *testing.T) {
	cat, err := procedures.Shipped()
	if err != nil {
		t.Fatal(err)
	}
	cfg := openConfig(0)
	p, ok := cat.Get("khai-sinh")
	if !ok {
		t.Fatal("no khai-sinh")
	}
	if got := serviceForProcedure(cfg, cat, p); got != "B" {
		t.Errorf("khai-sinh → %q, want B (Hộ tịch – Chứng thực)", got)
	}
	for i := range cfg.Services {
		if cfg.Services[i].Code == "B" {
			cfg.Services[i].Disabled = true
		}
	}
	if got := serviceForProcedure(cfg, cat, p); got != "" {
		t.Errorf("khai-sinh with B disabled → %q, want none", got)
	}
}

// TestServiceForProcedure_AdminMapping: the administrator's mapping of a
// procedure field to a service comes before the name rule, and a mapping
// to a disabled service offers no ticket rather than another's.
func TestServiceForProcedure_AdminMapping(t *testing.T) {
	cat, err := procedures.Shipped()
	if err != nil {
		t.Fatal(err)
	}
	p, ok := cat.Get("khai-sinh")
	if !ok {
		t.Fatal("no khai-sinh")
	}
	cfg := openConfig(0)
	cfg.ProcedureServices = map[string]string{p.FieldID: "A"}
	if got := serviceForProcedure(cfg, cat, p); got != "A" {
		t.Errorf("khai-sinh mapped to A → %q, want A", got)
	}
	for i := range cfg.Services {
		if cfg.Services[i].Code == "A" {
			cfg.Services[i].Disabled = true
		}
	}
	if got := serviceForProcedure(cfg, cat, p); got != "" {
		t.Errorf("khai-sinh mapped to a disabled A → %q, want none", got)
	}
}
