package admin

import (
	"context"
	"flag"
	"image/png"
	"os"
	"path/filepath"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"

	"github.com/motcua-kiosk/motcua/kiosk/procedures"
	"github.com/motcua-kiosk/motcua/kiosk/ui"
)

// shots, when set, is the directory the admin screens are written to as
// PNGs (go test -tags ci ./kiosk/ui/admin -run Screens -screenshots $PWD/docs/screenshots).
var shots = flag.String("screenshots", "", "write the admin menu's screens as PNGs into this directory (docs/screenshots)")

// screen is one orientation and language the screens are drawn in.
type screen struct {
	orient string
	size   fyne.Size
	lang   ui.Lang
}

var screens = []screen{
	{"portrait", fyne.NewSize(1080, 1920), ui.LangVI},
	{"portrait", fyne.NewSize(1080, 1920), ui.LangEN},
	{"landscape", fyne.NewSize(1920, 1080), ui.LangVI},
	{"landscape", fyne.NewSize(1920, 1080), ui.LangEN},
}

func (s screen) name() string { return s.orient + "-" + string(s.lang) }

// open shows a menu in lang as the kiosk does: unpadded, in the kiosk theme.
func (s screen) open(r *rig) (*Menu, fyne.Window) {
	var m *Menu
	var w fyne.Window
	ui.Locked(func() {
		cat, err := procedures.Shipped()
		if err != nil {
			panic(err)
		}
		m = New(Options{Hub: r.h, Store: r.st, Settings: r.sf, Lang: s.lang, Now: func() time.Time { return r.now }, ProcedureFields: cat.Fields, Rules: r.st})
		w = test.NewWindow(container.NewThemeOverride(m.Content(), ui.Theme{}))
		w.SetPadded(false)
		w.Resize(s.size)
	})
	return m, w
}

// capture writes the window as docs/screenshots/admin-WHAT-ORIENT-LANG.png
// when -screenshots is given.
func (s screen) capture(t *testing.T, w fyne.Window, what string) {
	t.Helper()
	if *shots == "" {
		return
	}
	path := filepath.Join(*shots, "admin-"+what+"-"+s.name()+".png")
	ui.Locked(func() {
		f, err := os.Create(path)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if err := png.Encode(f, w.Canvas().Capture()); err != nil {
			t.Fatal(err)
		}
	})
	t.Logf("wrote %s", path)
}

var sectionNames = []string{"office", "services", "procedures", "counters", "policy", "printer", "scanner", "dossiers", "bookings", "visits", "device", "sync", "general", "sound", "pin", "officers"}

// TestMenu_Screens opens the menu with the PIN and shows its section list
// and the office form with the Telex keyboard, in both orientations and
// languages.
func TestMenu_Screens(t *testing.T) {
	for _, s := range screens {
		t.Run(s.name(), func(t *testing.T) {
			r := newRig(t)
			tr := ui.Tr{Lang: s.lang}
			if err := (Guard{Meta: r.st, Now: time.Now}).SetPIN(context.Background(), "1234"); err != nil {
				t.Fatal(err)
			}
			m, w := s.open(r)
			typePIN(m, "1234")
			waitFor(t, "menu", func() bool { return m.Stage() == StageMenu })
			ui.Locked(func() {
				for _, name := range append(sectionNames, "close", "exit") {
					b := m.Section(name)
					if b == nil {
						t.Errorf("no section %q", name)
						continue
					}
					if b.Title == "" || b.Title == "admin.section."+name || b.Title == "admin."+name {
						t.Errorf("section %q titled %q: untranslated", name, b.Title)
					}
				}
				for _, name := range sectionNames {
					if !tr.Has("admin.section." + name) {
						t.Errorf("admin.section.%s has no %s translation", name, s.lang)
					}
				}
			})
			s.capture(t, w, "menu")

			tap(m.Section("office"))
			ui.Locked(func() {
				if got, want := m.Stage(), StageForm; got != want {
					t.Fatalf("stage %q, want %q", got, want)
				}
			})
			tap(m.Form().Field("office.name"))
			kb := m.Keyboard()
			if kb == nil {
				t.Fatal("no on-screen keyboard for the office name")
			}
			ui.Locked(func() {
				for range 60 { // clear the old name
					test.Tap(kb.Key("⌫"))
				}
				test.Tap(kb.Key("⇧"))
				kb.Type("uBND xax Hoaf An")
				if got, want := kb.Value(), "UBND xã Hòa An"; got != want {
					t.Errorf("Telex composed %q, want %q", got, want)
				}
			})
			s.capture(t, w, "office-keyboard")

			tap(m.Form().BackButton())
			tap(m.Section("procedures"))
			ui.Locked(func() {
				if m.Stage() != StageForm || m.Form().Field("procedure_services.ho-tich") == nil {
					t.Fatalf("procedures page: stage %q, no row for Hộ tịch", m.Stage())
				}
			})
			s.capture(t, w, "procedures")
			tap(m.Form().Field("procedure_services.ho-tich"))
			s.capture(t, w, "procedures-choice")
			tap(m.Form().Choice(""))
			tap(m.Form().BackButton())
			tap(m.Section("dossiers"))
			ui.Locked(func() {
				if m.Stage() != StageForm || m.Form().Field("result_service") == nil {
					t.Fatalf("dossiers page: stage %q, no result service row", m.Stage())
				}
			})
			s.capture(t, w, "dossiers")
		})
	}
}

// TestMenu_LockedScreens: five wrong PINs show the lock-out message and
// keep the PIN screen, in both orientations and languages.
func TestMenu_LockedScreens(t *testing.T) {
	for _, s := range screens {
		t.Run(s.name(), func(t *testing.T) {
			r := newRig(t)
			tr := ui.Tr{Lang: s.lang}
			if err := (Guard{Meta: r.st, Now: time.Now}).SetPIN(context.Background(), "246810"); err != nil {
				t.Fatal(err)
			}
			m, w := s.open(r)
			for i := 1; i < MaxTries; i++ {
				typePIN(m, "0000")
				want := tr.L("admin.pin.wrong", map[string]any{"N": MaxTries - i})
				waitFor(t, want, func() bool { return m.PIN().Message() == want })
			}
			typePIN(m, "0000")
			want := tr.L("admin.pin.locked", map[string]any{"Wait": "1:00"})
			if s.lang == ui.LangVI {
				want = "Nhập sai quá nhiều lần. Thử lại sau 1:00."
			}
			waitFor(t, "locked: "+want, func() bool { return m.PIN().Message() == want })
			ui.Locked(func() {
				if got := m.Stage(); got != StagePIN {
					t.Errorf("stage %q after five wrong PINs, want %q", got, StagePIN)
				}
			})
			s.capture(t, w, "locked")
		})
	}
}

// TestMenu_IconPickerScreens draws the icon picker and the word after a
// Vietnamese-only rename, in both orientations and languages: every key
// of the picker has its picture and a translated name.
func TestMenu_IconPickerScreens(t *testing.T) {
	for _, s := range screens {
		t.Run(s.name(), func(t *testing.T) {
			r := newRig(t)
			tr := ui.Tr{Lang: s.lang}
			if err := (Guard{Meta: r.st, Now: time.Now}).SetPIN(context.Background(), "1234"); err != nil {
				t.Fatal(err)
			}
			m, w := s.open(r)
			typePIN(m, "1234")
			waitFor(t, "menu", func() bool { return m.Stage() == StageMenu })
			ui.Locked(func() { m.service(0) })
			tap(m.Form().Field("services[0].icon"))
			ui.Locked(func() {
				for _, name := range ui.IconNames() {
					b := m.Form().Choice(name)
					if b == nil || b.Icon == nil || b.Title != tr.L("admin.icon."+name) || !tr.Has("admin.icon."+name) {
						t.Errorf("icon %q: key %v, want its picture and %s name", name, b, s.lang)
					}
				}
			})
			s.capture(t, w, "icon-picker")
			tap(m.Form().Choice("family"))
			tap(m.Form().Field("services[0].name"))
			kb := m.Keyboard()
			ui.Locked(func() {
				test.Tap(kb.Key("clear"))
				kb.Type("Ddaats ddai - Xaay duwngj")
				test.Tap(kb.Key("OK"))
			})
			tap(m.Form().SaveButton())
			ui.Locked(func() {
				if want := tr.L("admin.saved.english_name", map[string]any{"Field": tr.L("admin.field.name_en"), "Name": "Land"}); m.Form().Message() != want {
					t.Errorf("message %q, want %q", m.Form().Message(), want)
				}
			})
			s.capture(t, w, "service-english-note")
		})
	}
}
