package admin

import (
	"encoding/json"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/motcua-kiosk/motcua/kiosk/queue"
	"github.com/motcua-kiosk/motcua/kiosk/ui"
)

// enter types v into a form's field through its own editor: the
// on-screen keyboard (cleared with its clear-all key) or the keypad.
func enter(t *testing.T, m *Menu, key, v string) {
	t.Helper()
	var b *ui.BigButton
	ui.Locked(func() { // to the field's page
		f := m.Form()
		for i, fl := range f.fields {
			if fl.key == key && i/f.perPage() != f.page {
				f.page = i / f.perPage()
				f.show()
			}
		}
		b = f.Field(key)
	})
	if b == nil {
		t.Fatalf("no field %q on the form", key)
	}
	tap(b)
	ui.Locked(func() {
		if kb := m.Keyboard(); kb != nil {
			test.Tap(kb.Key("clear"))
			kb.Type(v)
			test.Tap(kb.Key("OK"))
			return
		}
		k := m.Editor()
		k.Clear()
		for _, c := range v {
			test.Tap(k.Key(string(c)))
		}
		test.Tap(k.Key("OK"))
	})
}

func configJSON(t *testing.T, c queue.Config) string {
	t.Helper()
	b, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestMenu_RefusedEditNeverGoesLive: on every page that edits the office's
// configuration, an edit the hub refuses on "Lưu" is not in force — not
// after "Quay lại", not after saving another page, not in the store after
// a restart — and does not block saving that other page.
func TestMenu_RefusedEditNeverGoesLive(t *testing.T) {
	for _, tt := range []struct {
		page  string
		open  func(m *Menu)
		field string
		bad   string
		msg   string // the one message, beside the field
	}{
		{"office", (*Menu).office, "office.name", "", "Chưa nhập tên cơ quan"},
		{"service", func(m *Menu) { m.service(0) }, "services[0].name", "", "Lĩnh vực A chưa có tên"},
		{"new service", func(m *Menu) { m.service(-1) }, "services[4].name", "", "Lĩnh vực E chưa có tên"},
		{"counter", func(m *Menu) { m.counter(1) }, "counters[1].services", "B,Z", `Quầy số 2 phục vụ lĩnh vực "Z" không có`},
		{"new counter", func(m *Menu) { m.counter(-1) }, "counters[3].services", "", "Quầy số 4 chưa phục vụ lĩnh vực nào"},
		{"policy", (*Menu).policy, "policy.max_wait_minutes", "1", "Thời gian chờ tối đa trước khi được gọi trước phải từ 5 đến 600 phút"},
		{"general", (*Menu).general, "rollover_hour", "25", "Giờ sang ngày mới phải từ 0 đến 23"},
	} {
		t.Run(tt.page, func(t *testing.T) {
			r := newRig(t)
			m := r.menu()
			live := configJSON(t, r.h.Config())
			ui.Locked(func() { tt.open(m) })
			enter(t, m, tt.field, tt.bad)
			tap(m.Form().SaveButton())
			ui.Locked(func() {
				f := m.Form()
				if got := f.msgs[tt.field]; got != tt.msg {
					t.Errorf("message beside %s = %q, want %q", tt.field, got, tt.msg)
				}
				if got := f.Message(); got == tt.msg {
					t.Errorf("the message is shown twice: at the top too (%q)", got)
				}
			})
			if got := configJSON(t, r.h.Config()); got != live {
				t.Fatalf("refused edit in force:\n got %s\nwant %s", got, live)
			}
			tap(backKey(t, m))

			// Another page saved: it goes through, and only its change is in force.
			ui.Locked(func() { m.office() })
			enter(t, m, "office.address", "Số 1 đường Lê Lợi")
			tap(m.Form().SaveButton())
			ui.Locked(func() {
				if got, want := m.Form().Message(), "Đã lưu và áp dụng."; got != want {
					t.Errorf("saving the office page after the refusal: %q, want %q", got, want)
				}
			})
			want := r.h.Config()
			want.Office.Address = ""
			if got := configJSON(t, want); got != live {
				t.Errorf("after saving another page, the refused edit is in force:\n got %s\nwant %s", got, live)
			}
			r.reopen(t)
			stored := r.h.Config()
			if stored.Office.Address != "Số 1 đường Lê Lợi" {
				t.Errorf("stored address = %q", stored.Office.Address)
			}
			stored.Office.Address = ""
			if got := configJSON(t, stored); got != live {
				t.Errorf("stored after a restart:\n got %s\nwant %s", got, live)
			}
		})
	}
}

// backKey finds the form's "Quay lại" button.
func backKey(t *testing.T, m *Menu) *ui.BigButton {
	t.Helper()
	var out *ui.BigButton
	ui.Locked(func() { out = m.Form().BackButton() })
	if out == nil {
		t.Fatal("no back button")
	}
	return out
}

// TestForm_FieldErrors: a refused value stays in its field as typed, with
// one message beside it; typing a good value clears it; hours outside the
// clock are refused in the field, saying what is allowed.
func TestForm_FieldErrors(t *testing.T) {
	r := newRig(t)
	m := r.menu()
	ui.Locked(func() { m.service(0) })
	enter(t, m, "services[0].daily_cap", "")
	ui.Locked(func() {
		f := m.Form()
		if got, want := f.msgs["services[0].daily_cap"], "Phải là một số nguyên"; got != want {
			t.Errorf("empty cap: %q, want %q", got, want)
		}
		if got := f.Field("services[0].daily_cap").Lines[0]; got != "(để trống)" {
			t.Errorf("the refused field shows %q, not what was typed", got)
		}
	})
	tap(m.Form().SaveButton())
	ui.Locked(func() {
		if got, want := m.Form().Message(), "Chưa lưu: hãy sửa ô «Số phiếu tối đa/ngày (0 = không giới hạn)» (lời nhắc ngay dưới ô), rồi bấm Lưu"; got != want {
			t.Errorf("save with a marked field: %q, want %q", got, want)
		}
	})
	enter(t, m, "services[0].daily_cap", "150")
	ui.Locked(func() {
		if got := m.Form().msgs["services[0].daily_cap"]; got != "" {
			t.Errorf("after a good value the message stays: %q", got)
		}
	})
	enter(t, m, "services[0].windows", "25:00-26:00")
	ui.Locked(func() {
		f := m.Form()
		want := ui.Tr{Lang: ui.LangVI}.L("admin.error.hours")
		if got := f.msgs["services[0].windows"]; got != want {
			t.Errorf("hours 25:00-26:00: %q, want %q", got, want)
		}
		if got := f.Field("services[0].windows").Lines[0]; got != "25:00-26:00" {
			t.Errorf("the hours field shows %q, not what was typed", got)
		}
	})
	enter(t, m, "services[0].windows", "7:30-11:00")
	enter(t, m, "services[0].windows", "")
	ui.Locked(func() {
		if got, want := m.Form().Field("services[0].windows").Lines[0], "Cả ngày (không giới hạn giờ)"; got != want {
			t.Errorf("no hours: %q, want %q", got, want)
		}
	})
	enter(t, m, "services[0].windows", "7:30-11:00")
	tap(m.Form().SaveButton())
	got := r.h.Config().Services[0]
	if want := (queue.Window{From: "07:30", To: "11:00"}); got.DailyCap != 150 || len(got.Windows) != 1 || got.Windows[0] != want {
		t.Errorf("saved service = %+v", got)
	}
}

// TestScreens_FieldError draws a service page with refused hours (the one
// message under its field, the line at the top naming the field) and the
// keyboard with its clear-all key, with -screenshots.
func TestScreens_FieldError(t *testing.T) {
	for _, s := range screens {
		t.Run(s.name(), func(t *testing.T) {
			r := newRig(t)
			m, w := s.open(r)
			defer w.Close()
			ui.Locked(func() { m.service(0) })
			enter(t, m, "services[0].windows", "25:00-26:00")
			tap(m.Form().SaveButton())
			s.capture(t, w, "service-error")
			tap(m.Form().Field("services[0].name"))
			s.capture(t, w, "keyboard")
		})
	}
}
