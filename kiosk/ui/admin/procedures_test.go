package admin

import (
	"context"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/motcua-kiosk/motcua/kiosk/procedures"
	"github.com/motcua-kiosk/motcua/kiosk/ui"
)

// TestMenu_ProcedureFieldToService: the procedures page maps a catalogue
// field to a queue service; the choice reaches the office's configuration
// only on "Lưu", "Tự động" removes it again, and a choice left unsaved
// (back without saving) never reaches the configuration in force.
func TestMenu_ProcedureFieldToService(t *testing.T) {
	cat, err := procedures.Shipped()
	if err != nil {
		t.Fatal(err)
	}
	fields := cat.Fields()
	r := newRig(t)
	(Guard{Meta: r.st, Now: time.Now}).SetPIN(context.Background(), "1234")
	var m *Menu
	ui.Locked(func() {
		m = New(Options{Hub: r.h, Store: r.st, Settings: r.sf, Now: func() time.Time { return r.now },
			ProcedureFields: cat.Fields})
		w := test.NewWindow(m.Content())
		w.Resize(fyne.NewSize(1080, 1920))
	})
	typePIN(m, "1234")
	waitFor(t, "menu", func() bool { return m.Stage() == StageMenu })
	if m.Section("procedures") == nil {
		t.Fatal("no procedures section with a catalogue")
	}
	id := fields[0].ID
	key := "procedure_services." + id
	code := r.h.Config().Services[len(r.h.Config().Services)-1].Code

	// Unsaved: chosen, then back.
	tap(m.Section("procedures"))
	tap(m.Form().Field(key))
	tap(m.Form().Choice(code))
	tap(m.Form().BackButton())
	if got, ok := r.h.Config().ProcedureServices[id]; ok {
		t.Fatalf("unsaved choice reached the office: %s → %q", id, got)
	}

	// Saved.
	tap(m.Section("procedures"))
	tap(m.Form().Field(key))
	tap(m.Form().Choice(code))
	tap(m.Form().SaveButton())
	if got := r.h.Config().ProcedureServices[id]; got != code {
		t.Fatalf("after Lưu: %s → %q, want %q", id, got, code)
	}
	ui.Locked(func() {
		row := m.Form().Field(key)
		if row.Title != fields[0].Name || len(row.Lines) != 1 || row.Lines[0][:len(code)] != code {
			t.Errorf("row %q says %q, want the field's name and «%s — …»", row.Title, row.Lines, code)
		}
	})

	// Back to automatic.
	tap(m.Form().Field(key))
	tap(m.Form().Choice(""))
	tap(m.Form().SaveButton())
	if got, ok := r.h.Config().ProcedureServices[id]; ok {
		t.Fatalf("after Tự động: %s → %q, want no mapping", id, got)
	}
}

// TestMenu_NoCatalogueNoProceduresPage: without a catalogue the menu has
// no procedures page.
func TestMenu_NoCatalogueNoProceduresPage(t *testing.T) {
	r := newRig(t)
	(Guard{Meta: r.st, Now: time.Now}).SetPIN(context.Background(), "1234")
	m := r.menu()
	typePIN(m, "1234")
	waitFor(t, "menu", func() bool { return m.Stage() == StageMenu })
	if m.Section("procedures") != nil {
		t.Error("a procedures section without a catalogue")
	}
}
