package admin

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/motcua-kiosk/motcua/kiosk/hub"
	"github.com/motcua-kiosk/motcua/kiosk/queue"
	"github.com/motcua-kiosk/motcua/kiosk/settings"
	"github.com/motcua-kiosk/motcua/kiosk/store"
	"github.com/motcua-kiosk/motcua/kiosk/ui"
)

type rig struct {
	st  *store.Store
	h   *hub.Hub
	sf  *settings.File
	now time.Time
	dir string
}

func newRig(t *testing.T) *rig {
	t.Helper()
	test.NewTempApp(t)
	r := &rig{dir: t.TempDir(), now: time.Date(2026, 11, 23, 9, 0, 0, 0, time.Local)}
	r.reopen(t)
	return r
}

// reopen opens the store, hub and settings again, as after a restart.
func (r *rig) reopen(t *testing.T) {
	t.Helper()
	if r.h != nil {
		r.h.Close()
		r.st.Close()
	}
	st, err := store.Open(filepath.Join(r.dir, "office.db"))
	if err != nil {
		t.Fatal(err)
	}
	h, err := hub.Open(context.Background(), hub.Options{Store: st})
	if err != nil {
		t.Fatal(err)
	}
	sf, err := settings.Open(r.dir)
	if err != nil {
		t.Fatal(err)
	}
	r.st, r.h, r.sf = st, h, sf
	t.Cleanup(func() { h.Close(); st.Close() })
}

func (r *rig) menu() *Menu {
	var m *Menu
	ui.Locked(func() {
		m = New(Options{Hub: r.h, Store: r.st, Settings: r.sf, Now: func() time.Time { return r.now }})
		w := test.NewWindow(m.Content())
		w.Resize(fyne.NewSize(1080, 1920))
	})
	return m
}

func tap(b fyne.Tappable) { ui.Locked(func() { test.Tap(b) }) }

func typePIN(m *Menu, pin string) {
	for _, c := range pin {
		tap(m.PIN().Key(string(c)))
	}
	tap(m.PIN().Key("OK"))
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for end := time.Now().Add(30 * time.Second); time.Now().Before(end); time.Sleep(5 * time.Millisecond) {
		ok := false
		ui.Locked(func() { ok = cond() })
		if ok {
			return
		}
	}
	t.Fatalf("timed out waiting for %s", what)
}

func TestLockFor(t *testing.T) {
	for _, tt := range []struct {
		n    int
		want time.Duration
	}{{1, time.Minute}, {2, 2 * time.Minute}, {3, 4 * time.Minute}, {6, 32 * time.Minute}, {7, time.Hour}, {20, time.Hour}} {
		if got := lockFor(tt.n); got != tt.want {
			t.Errorf("lockFor(%d) = %v, want %v", tt.n, got, tt.want)
		}
	}
}

// lockOut types wrong PINs until the menu locks for its first minute,
// checking the tries-left message after each.
func lockOut(t *testing.T, m *Menu) {
	t.Helper()
	for i := 1; i < MaxTries; i++ {
		typePIN(m, "0000")
		want := ui.Tr{Lang: ui.LangVI}.L("admin.pin.wrong", map[string]any{"N": MaxTries - i})
		waitFor(t, want, func() bool { return m.PIN().Message() == want })
	}
	typePIN(m, "0000")
	waitFor(t, "locked", func() bool {
		return m.PIN().Message() == "Nhập sai quá nhiều lần. Thử lại sau 1:00."
	})
}

func TestMenu_LockOutSurvivesRestart(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	if err := (Guard{Meta: r.st, Now: time.Now}).SetPIN(ctx, "246810"); err != nil {
		t.Fatal(err)
	}
	m := r.menu()
	lockOut(t, m)

	// Restart: the lock is still there, and even the right PIN is refused.
	r.reopen(t)
	m = r.menu()
	ui.Locked(func() {
		if got, want := m.PIN().Message(), "Nhập sai quá nhiều lần. Thử lại sau 1:00."; got != want {
			t.Errorf("after restart: %q, want %q", got, want)
		}
	})
	typePIN(m, "246810")
	waitFor(t, "still locked", func() bool { return m.PIN().Message() != "Đang kiểm tra…" && m.PIN().Message() != "" })
	ui.Locked(func() {
		if m.Stage() != StagePIN {
			t.Fatal("the right PIN opened a locked menu")
		}
		if !m.PIN().Key("OK").Disabled || !m.PIN().Key("1").Disabled {
			t.Error("the PIN keys take input while the menu is locked")
		}
	})

	// After the lock, five more wrong PINs lock for twice as long.
	ui.Locked(func() { r.now = r.now.Add(61 * time.Second) })
	waitFor(t, "the keys back after the lock", func() bool { return !m.PIN().Key("OK").Disabled })
	for i := range MaxTries - 1 {
		typePIN(m, "1111")
		want := ui.Tr{Lang: ui.LangVI}.L("admin.pin.wrong", map[string]any{"N": MaxTries - 1 - i})
		waitFor(t, want, func() bool { return m.PIN().Message() == want })
	}
	typePIN(m, "1111")
	waitFor(t, "second lock", func() bool {
		return m.PIN().Message() == "Nhập sai quá nhiều lần. Thử lại sau 2:00."
	})

	// Once it has passed, the right PIN opens the menu and clears the count.
	ui.Locked(func() { r.now = r.now.Add(3 * time.Minute) })
	waitFor(t, "the keys back after the second lock", func() bool { return !m.PIN().Key("OK").Disabled })
	typePIN(m, "246810")
	waitFor(t, "menu", func() bool { return m.Stage() == StageMenu })
}

func TestMenu_EditOfficeWithTelexAndValidate(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	(Guard{Meta: r.st, Now: time.Now}).SetPIN(ctx, "1234")
	m := r.menu()
	typePIN(m, "1234")
	waitFor(t, "menu", func() bool { return m.Stage() == StageMenu })
	tap(m.Section("office"))
	tap(m.Form().Field("office.name"))
	kb := m.Keyboard()
	ui.Locked(func() {
		for range 60 { // clear the old name
			test.Tap(kb.Key("⌫"))
		}
		test.Tap(kb.Key("⇧"))
		kb.Type("uBND xax Hoaf An")
		test.Tap(kb.Key("OK"))
	})
	tap(m.Form().SaveButton())
	if got, want := r.h.Config().Office.Name, "UBND xã Hòa An"; got != want {
		t.Errorf("office name = %q, want %q", got, want)
	}
	// An empty name is refused with the hub's Vietnamese sentence, beside the field.
	tap(m.Form().Field("office.name"))
	kb = m.Keyboard()
	ui.Locked(func() {
		for range 60 {
			test.Tap(kb.Key("⌫"))
		}
		test.Tap(kb.Key("OK"))
	})
	tap(m.Form().SaveButton())
	ui.Locked(func() {
		if got, want := m.Form().msgs["office.name"], "Chưa nhập tên cơ quan"; got != want {
			t.Errorf("message = %q, want %q", got, want)
		}
	})
	if got, want := r.h.Config().Office.Name, "UBND xã Hòa An"; got != want {
		t.Errorf("refused change applied: %q", got)
	}
}

func TestMenu_ServiceCapAndSettings(t *testing.T) {
	r := newRig(t)
	(Guard{Meta: r.st, Now: time.Now}).SetPIN(context.Background(), "1234")
	m := r.menu()
	typePIN(m, "1234")
	waitFor(t, "menu", func() bool { return m.Stage() == StageMenu })
	ui.Locked(func() { m.service(0) })
	tap(m.Form().Field("services[0].daily_cap"))
	ui.Locked(func() {
		k := m.Editor()
		k.Clear()
		for _, c := range "150" {
			test.Tap(k.Key(string(c)))
		}
		test.Tap(k.Key("OK"))
	})
	tap(m.Form().SaveButton())
	if got, want := r.h.Config().Services[0].DailyCap, 150; got != want {
		t.Errorf("cap = %d, want %d", got, want)
	}
	// Machine settings: the ticket time is validated and kept in the file.
	ui.Locked(func() { m.general() })
	tap(m.Form().Field("ticket_seconds"))
	ui.Locked(func() {
		k := m.Editor()
		k.Clear()
		test.Tap(k.Key("2"))
		test.Tap(k.Key("OK"))
	})
	tap(m.Form().SaveButton())
	ui.Locked(func() {
		if got, want := m.Form().msgs["ticket_seconds"], "Thời gian hiện phiếu phải từ 5 đến 120 giây"; got != want {
			t.Errorf("message = %q, want %q", got, want)
		}
	})
	tap(m.Form().Field("ticket_seconds"))
	ui.Locked(func() {
		k := m.Editor()
		k.Clear()
		test.Tap(k.Key("2"))
		test.Tap(k.Key("0"))
		test.Tap(k.Key("OK"))
	})
	tap(m.Form().SaveButton())
	again, err := settings.Open(r.dir)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := again.Get().TicketSeconds, 20; got != want {
		t.Errorf("kept ticket seconds = %d, want %d", got, want)
	}
	var _ = queue.Config{}
}

// TestMenu_LockoutCountsDown: the lock-out message counts the time left
// down once a second, in Vietnamese, with the PIN keys off; at zero the
// message goes, the keys come back and the right PIN opens the menu.
func TestMenu_LockoutCountsDown(t *testing.T) {
	r := newRig(t)
	if err := (Guard{Meta: r.st, Now: time.Now}).SetPIN(context.Background(), "246810"); err != nil {
		t.Fatal(err)
	}
	m := r.menu()
	ui.Locked(func() { m.tick = 10 * time.Millisecond })
	lockOut(t, m)
	for _, step := range []struct {
		after time.Duration // since the lock
		want  string
	}{
		{15 * time.Second, "Nhập sai quá nhiều lần. Thử lại sau 0:45."},
		{44 * time.Second, "Nhập sai quá nhiều lần. Thử lại sau 0:16."},
		{59*time.Second + 500*time.Millisecond, "Nhập sai quá nhiều lần. Thử lại sau 0:01."},
	} {
		ui.Locked(func() { r.now = time.Date(2026, 11, 23, 9, 0, 0, 0, time.Local).Add(step.after) })
		waitFor(t, step.want, func() bool { return m.PIN().Message() == step.want })
		ui.Locked(func() {
			for _, k := range []string{"1", "OK", "⌫"} {
				if !m.PIN().Key(k).Disabled {
					t.Errorf("%v into the lock: key %q takes input", step.after, k)
				}
			}
			if m.PIN().Key("cancel").Disabled {
				t.Error("cancel is off during the lock")
			}
		})
	}
	ui.Locked(func() { r.now = time.Date(2026, 11, 23, 9, 1, 0, 0, time.Local) })
	waitFor(t, "the keys back at zero", func() bool { return !m.PIN().Key("OK").Disabled && m.PIN().Message() == "" })
	typePIN(m, "246810")
	waitFor(t, "menu", func() bool { return m.Stage() == StageMenu })
}

// TestMenu_Margins: every button of the admin menu keeps the kiosk's
// margin from the screen's edges, in both orientations.
func TestMenu_Margins(t *testing.T) {
	for _, s := range screens {
		t.Run(s.name(), func(t *testing.T) {
			r := newRig(t)
			if err := (Guard{Meta: r.st, Now: time.Now}).SetPIN(context.Background(), "1234"); err != nil {
				t.Fatal(err)
			}
			m, w := s.open(r)
			defer w.Close()
			typePIN(m, "1234")
			waitFor(t, "menu", func() bool { return m.Stage() == StageMenu })
			ui.Locked(func() {
				d := fyne.CurrentApp().Driver()
				root := d.AbsolutePositionForObject(w.Canvas().Content())
				for _, name := range append(sectionNames, "maintenance", "close", "exit") {
					b := m.Section(name)
					p, size := d.AbsolutePositionForObject(b).Subtract(root), b.Size()
					if p.X < ui.Margin || p.Y < ui.Margin || p.X+size.Width > s.size.Width-ui.Margin || p.Y+size.Height > s.size.Height-ui.Margin {
						t.Errorf("section %q at %v size %v: closer than %.0f to the screen's edge", name, p, size, ui.Margin)
					}
				}
			})
		})
	}
}

// TestMenu_IconPickerShowsPictures: the icon field is a picker of the
// shipped pictures with Vietnamese names, never the raw keyword ("land"),
// and the form's row names the chosen one in Vietnamese.
func TestMenu_IconPickerShowsPictures(t *testing.T) {
	r := newRig(t)
	(Guard{Meta: r.st, Now: time.Now}).SetPIN(context.Background(), "1234")
	m := r.menu()
	typePIN(m, "1234")
	waitFor(t, "menu", func() bool { return m.Stage() == StageMenu })
	ui.Locked(func() { m.service(0) })
	tap(m.Form().Field("services[0].icon"))
	ui.Locked(func() {
		if b := m.Form().Choice("document"); b == nil || b.Fill != ui.ColorSelected {
			t.Errorf("no icon set: the document key should be marked in use")
		}
		for _, name := range ui.IconNames() {
			b := m.Form().Choice(name)
			if b == nil {
				t.Fatalf("no key for icon %q", name)
			}
			if b.Icon == nil || b.Icon.Name() != name+".svg" {
				t.Errorf("icon %q: key draws %v, want %s.svg", name, b.Icon, name)
			}
			if b.Title == name || !strings.ContainsAny(b.Title, "ạảãáàâăđêôơưếềểễệộờởỡợừửữự ") {
				t.Errorf("icon %q: key says %q, want its Vietnamese name", name, b.Title)
			}
		}
	})
	tap(m.Form().Choice("land"))
	tap(m.Form().SaveButton())
	if got := r.h.Config().Services[0].Icon; got != "land" {
		t.Fatalf("icon = %q, want land", got)
	}
	ui.Locked(func() {
		row := m.Form().Field("services[0].icon")
		if len(row.Lines) != 1 || row.Lines[0] != "Đất đai, nhà ở" {
			t.Errorf("row says %q, want «Đất đai, nhà ở»", row.Lines)
		}
	})
}

// TestMenu_RenameWarnsOfEnglishName: a Vietnamese rename that leaves the
// English name as it was is saved and says so, naming the English field;
// renaming both says only "saved".
func TestMenu_RenameWarnsOfEnglishName(t *testing.T) {
	r := newRig(t)
	(Guard{Meta: r.st, Now: time.Now}).SetPIN(context.Background(), "1234")
	m := r.menu()
	typePIN(m, "1234")
	waitFor(t, "menu", func() bool { return m.Stage() == StageMenu })
	retype := func(key, text string) {
		t.Helper()
		tap(m.Form().Field(key))
		kb := m.Keyboard()
		ui.Locked(func() {
			test.Tap(kb.Key("clear"))
			kb.Type(text)
			test.Tap(kb.Key("OK"))
		})
	}
	tap(m.Section("office"))
	retype("office.name", "UBND xax Hoaf An")
	tap(m.Form().SaveButton())
	if got, want := r.h.Config().Office.Name, "UBND xã Hòa An"; got != want {
		t.Fatalf("office name = %q, want %q", got, want)
	}
	var msg string
	ui.Locked(func() { msg = m.Form().Message() })
	if !strings.Contains(msg, "tên tiếng Anh vẫn là «Public Administrative Service Centre»") || !strings.Contains(msg, "Tên cơ quan bằng tiếng Anh") {
		t.Errorf("after a Vietnamese-only rename the form says %q, want the English name and its field", msg)
	}
	retype("office.name_en", "Hoa An Commune People's Committee")
	tap(m.Form().SaveButton())
	ui.Locked(func() { msg = m.Form().Message() })
	if msg != "Đã lưu và áp dụng." {
		t.Errorf("after renaming in English too the form says %q, want only «Đã lưu và áp dụng.»", msg)
	}
	if got := r.h.Config().Office.NameEN; got != "Hoa An Commune People's Committee" {
		t.Errorf("English name = %q", got)
	}
	// A service renamed in Vietnamese only: the same word.
	ui.Locked(func() { m.service(0) })
	retype("services[0].name", "Ddaats ddai - Xaay duwngj")
	tap(m.Form().SaveButton())
	ui.Locked(func() { msg = m.Form().Message() })
	if !strings.Contains(msg, "«Land»") {
		t.Errorf("after renaming service A in Vietnamese only the form says %q, want the English name «Land»", msg)
	}
}
