package admin

import (
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"slices"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"

	"github.com/motcua-kiosk/motcua/kiosk/bookings"
	"github.com/motcua-kiosk/motcua/kiosk/queue"
	"github.com/motcua-kiosk/motcua/kiosk/store"
	"github.com/motcua-kiosk/motcua/kiosk/ui"
)

// openRules opens the menu with the rules pages, as the kiosk wires it,
// past the PIN, in s's size and language.
func openRules(t *testing.T, r *rig, s screen) (*Menu, fyne.Window) {
	t.Helper()
	if err := (Guard{Meta: r.st, Now: time.Now}).SetPIN(context.Background(), "1234"); err != nil {
		t.Fatal(err)
	}
	var m *Menu
	var w fyne.Window
	ui.Locked(func() {
		m = New(Options{Hub: r.h, Store: r.st, Settings: r.sf, Rules: r.st, Lang: s.lang, Now: func() time.Time { return r.now }})
		w = test.NewWindow(container.NewThemeOverride(m.Content(), ui.Theme{}))
		w.SetPadded(false)
		w.Resize(s.size)
	})
	typePIN(m, "1234")
	waitFor(t, "menu", func() bool { return m.Stage() == StageMenu })
	return m, w
}

// button finds the big button titled title on the window (the list
// pages keep no handle on their entries: a test taps what a person sees).
func button(t *testing.T, w fyne.Window, title string) *ui.BigButton {
	t.Helper()
	var found *ui.BigButton
	ui.Locked(func() {
		for _, o := range test.LaidOutObjects(w.Canvas().Content()) {
			if b, ok := o.(*ui.BigButton); ok && b.Title == title && o.Visible() {
				found = b
			}
		}
	})
	if found == nil {
		t.Fatalf("no button %q on the screen", title)
	}
	return found
}

// choose opens a choice row and taps the choice.
func choose(t *testing.T, m *Menu, key, value string) {
	t.Helper()
	var b *ui.BigButton
	ui.Locked(func() {
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
		t.Fatalf("no field %q", key)
	}
	tap(b)
	c := m.Form().Choice(value)
	if c == nil {
		t.Fatalf("field %q has no choice %q", key, value)
	}
	tap(c)
}

// msg is the message shown beside a field of the form ("" none).
func msg(m *Menu, key string) string {
	var s string
	ui.Locked(func() { s = m.Form().msgs[key] })
	return s
}

func storedRules(t *testing.T, r *rig) bookings.Rules {
	t.Helper()
	got, err := r.st.BookingRules(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func rulesJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestMenu_BookingService: on "Đặt lịch hẹn" › A, an admin turns
// bookings on with hours per weekday; more places per slot than the share
// of capacity allows is refused with bookings.Rules.Validate's sentence
// beside "Số người hẹn mỗi khung" and nothing stored; after the fix the
// store holds the rules (where the hub's check-in and the syncer's push
// to the central server read them), and the slots they give on a Monday
// are the ones typed, in the office's zone.
func TestMenu_BookingService(t *testing.T) {
	for _, s := range screens {
		t.Run(s.name(), func(t *testing.T) {
			r := newRig(t)
			tr := ui.Tr{Lang: s.lang}
			m, w := openRules(t, r, s)
			tap(m.Section("bookings"))
			s.capture(t, w, "bookings")
			touchTargets(t, w, s)
			tap(button(t, w, "A — "+tr.Pick("Đất đai", "Land")))
			ui.Locked(func() {
				if m.Form() == nil || m.Form().Field("booking.on") == nil {
					t.Fatal("no booking page for A")
				}
			})
			before := rulesJSON(t, storedRules(t, r))

			// On, with no hours: refused on Monday's row.
			choose(t, m, "booking.on", "yes")
			tap(m.Form().SaveButton())
			if got, want := msg(m, "booking.hours.1"), tr.L("admin.bookings.on_no_hours"); got != want {
				t.Errorf("no hours: %q beside Monday, want %q", got, want)
			}
			// Overlapping ranges on one day: refused as typed.
			enter(t, m, "booking.hours.1", "07:30-11:00,10:00-12:00")
			if got, want := msg(m, "booking.hours.1"), tr.L("admin.error.hours_overlap"); got != want {
				t.Errorf("overlap: %q, want %q", got, want)
			}
			enter(t, m, "booking.hours.1", "7:30-11:00,13:30-16:00")
			for _, d := range []string{"2", "3", "4", "5"} {
				enter(t, m, "booking.hours."+d, "07:30-11:00")
			}
			s.capture(t, w, "bookings-hours")
			touchTargets(t, w, s)
			enter(t, m, "booking.minutes", "30")
			enter(t, m, "booking.per_slot", "6")
			tap(m.Form().SaveButton())
			// A is served at counters 1 and 3, 6 minutes a citizen: a
			// 30-minute slot serves 10, half of it is 5.
			want := tr.Pick("Mỗi khung 30 phút của A nhận tối đa 5 người hẹn (50% của 10 người mà 2 quầy phục vụ được); đang đặt 6",
				"a 30-minute slot of A may take at most 5 bookings (50% of the 10 citizens 2 counters serve); set to 6")
			if got := msg(m, "booking.per_slot"); got != want {
				t.Errorf("beside per_slot %q, want %q", got, want)
			}
			if got := m.Form().Message(); got != tr.L("admin.error.fix", map[string]any{"Field": tr.L("admin.field.booking_per_slot")}) {
				t.Errorf("top line %q", got)
			}
			if got := rulesJSON(t, storedRules(t, r)); got != before {
				t.Errorf("refused save stored %s", got)
			}
			s.capture(t, w, "bookings-refused")
			touchTargets(t, w, s)

			// A share of 0 would silently mean 50 %: refused on the row.
			enter(t, m, "booking.share", "0")
			if got := msg(m, "booking.share"); got != tr.L("admin.bookings.share_zero") {
				t.Errorf("share 0: %q", got)
			}
			enter(t, m, "booking.share", "60")
			enter(t, m, "booking.per_slot", "6")
			tap(m.Form().SaveButton())
			if got := m.Form().Message(); got != tr.L("admin.saved") {
				t.Fatalf("save: %q (per_slot: %q)", got, msg(m, "booking.per_slot"))
			}
			got := storedRules(t, r)
			weekdays := []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday}
			wantRules := bookings.DefaultRules()
			wantRules.Services = []bookings.ServiceRules{{Service: "A", MaxSharePercent: 60, Slots: []bookings.SlotRule{
				{Days: []time.Weekday{time.Monday}, From: "07:30", To: "11:00", Minutes: 30, PerSlot: 6},
				{Days: []time.Weekday{time.Monday}, From: "13:30", To: "16:00", Minutes: 30, PerSlot: 6},
				{Days: weekdays[1:], From: "07:30", To: "11:00", Minutes: 30, PerSlot: 6},
			}}}
			if !reflect.DeepEqual(got, wantRules) {
				t.Errorf("stored %s\nwant   %s", rulesJSON(t, got), rulesJSON(t, wantRules))
			}
			cfg := r.h.Config()
			slots := got.Slots(cfg, "A", "2026-12-14", cfg.Location()) // a Monday
			if len(slots) != 12 || slots[0].Start.In(cfg.Location()).Format("15:04") != "07:30" || slots[11].End.In(cfg.Location()).Format("15:04") != "16:00" {
				t.Errorf("Monday's slots %v", slots)
			}
			if n := len(got.Slots(cfg, "A", "2026-12-15", cfg.Location())); n != 7 {
				t.Errorf("Tuesday: %d slots, want 7", n)
			}
			if n := len(got.Slots(cfg, "A", "2026-12-19", cfg.Location())); n != 0 {
				t.Errorf("Saturday: %d slots, want 0", n)
			}
			s.capture(t, w, "bookings-service")
			touchTargets(t, w, s)

			// Back on the list, A says it takes bookings: 12+4*7 slots of 6.
			tap(m.Form().BackButton())
			button(t, w, "A — "+tr.Pick("Đất đai", "Land"))
			if b := button(t, w, "A — "+tr.Pick("Đất đai", "Land")); b.Lines[0] != tr.L("admin.bookings.service_on", map[string]any{"Places": 240, "Share": 60}) {
				t.Errorf("A's line %q", b.Lines[0])
			}

			// Turning bookings off removes A from the rules.
			tap(button(t, w, "A — "+tr.Pick("Đất đai", "Land")))
			choose(t, m, "booking.on", "no")
			tap(m.Form().SaveButton())
			if got := storedRules(t, r); len(got.Services) != 0 {
				t.Errorf("after turning off: %s", rulesJSON(t, got))
			}
		})
	}
}

// TestMenu_BookingGeneral: the office-wide page refuses a window beyond
// 90 days with Validate's sentence beside it, and a date that is not
// day/month/year as typed; a refused save writes neither the holidays
// nor the rules; a good one writes both, dates read as dd/mm/yyyy.
func TestMenu_BookingGeneral(t *testing.T) {
	for _, s := range screens {
		t.Run(s.name(), func(t *testing.T) {
			r := newRig(t)
			tr := ui.Tr{Lang: s.lang}
			m, w := openRules(t, r, s)
			tap(m.Section("bookings"))
			tap(button(t, w, tr.L("admin.bookings.general")))
			enter(t, m, "blackout", "31/02/2026")
			if got, want := msg(m, "blackout"), tr.L("admin.error.date", map[string]any{"Value": "31/02/2026"}); got != want {
				t.Errorf("bad date: %q, want %q", got, want)
			}
			enter(t, m, "blackout", "31/12/2026")
			enter(t, m, "holidays", "1/1/2027, 02/09/2026")
			enter(t, m, "window_days", "100")
			tap(m.Form().SaveButton())
			if got, want := msg(m, "window_days"), tr.Pick("Số ngày được đặt trước phải từ 1 đến 90", "booking window must be 1-90 days"); got != want {
				t.Errorf("beside window_days %q, want %q", got, want)
			}
			if h := r.h.Config().Holidays; len(h) != 0 {
				t.Errorf("refused save set holidays %v", h)
			}
			if got := storedRules(t, r); !reflect.DeepEqual(got, bookings.DefaultRules()) {
				t.Errorf("refused save stored %s", rulesJSON(t, got))
			}
			enter(t, m, "window_days", "45")
			enter(t, m, "early_minutes", "20")
			tap(m.Form().SaveButton())
			if got := m.Form().Message(); got != tr.L("admin.saved") {
				t.Fatalf("save: %q", got)
			}
			if got, want := r.h.Config().Holidays, []string{"2026-09-02", "2027-01-01"}; !slices.Equal(got, want) {
				t.Errorf("holidays %v, want %v", got, want)
			}
			want := bookings.DefaultRules()
			want.WindowDays, want.EarlyMinutes, want.Blackout = 45, 20, []string{"2026-12-31"}
			if got := storedRules(t, r); !reflect.DeepEqual(got, want) {
				t.Errorf("stored %s, want %s", rulesJSON(t, got), rulesJSON(t, want))
			}
			ui.Locked(func() {
				if got := m.Form().Field("holidays").Lines[0]; got != "02/09/2026, 01/01/2027" {
					t.Errorf("holidays row %q", got)
				}
			})
			s.capture(t, w, "bookings-general")
			touchTargets(t, w, s)
		})
	}
}

func TestServiceFieldKey(t *testing.T) {
	slots := []bookings.SlotRule{{Days: []time.Weekday{time.Tuesday}}, {Days: []time.Weekday{time.Saturday, time.Sunday}}}
	for _, tt := range []struct{ field, want string }{
		{"services[1].slots[1].from", "booking.hours.6"},
		{"services[1].slots[0].days", "booking.hours.2"},
		{"services[1].slots[0].minutes", "booking.minutes"},
		{"services[1].slots[1].per_slot", "booking.per_slot"},
		{"services[1].slots", "booking.per_slot"},
		{"services[1].max_share_percent", "booking.share"},
		{"services[1].service_minutes", "booking.service_minutes"},
		{"services[1].service", "booking.on"},
		{"services[0].service", ""}, // another service's: said at the top
		{"window_days", ""},
	} {
		if got := serviceFieldKey(tt.field, 1, slots); got != tt.want {
			t.Errorf("serviceFieldKey(%q) = %q, want %q", tt.field, got, tt.want)
		}
	}
}

// TestServiceDraft_KeepsRunsItDidNotTouch: runs of different lengths set
// from a rules file are saved as they were when the page only changes the
// share.
func TestServiceDraft_KeepsRunsItDidNotTouch(t *testing.T) {
	sr := bookings.ServiceRules{Service: "A", Slots: []bookings.SlotRule{
		{Days: []time.Weekday{time.Monday}, From: "07:30", To: "09:00", Minutes: 15, PerSlot: 1},
		{Days: []time.Weekday{time.Monday}, From: "09:00", To: "11:00", Minutes: 30, PerSlot: 2},
	}}
	d := newServiceDraft(sr, true)
	d.share = 40
	if got := d.rules("A"); !reflect.DeepEqual(got.Slots, sr.Slots) || got.MaxSharePercent != 40 {
		t.Errorf("untouched runs became %+v", got)
	}
	d.dirty = true
	if got := d.rules("A").Slots; len(got) != 2 || got[1].Minutes != 15 {
		t.Errorf("edited: %+v, want both runs at the page's length", got)
	}
}

// touchTargets fails for any button on the screen smaller than a finger's
// target (ui.MinTouch) or reaching past the screen.
func touchTargets(t *testing.T, w fyne.Window, s screen) {
	t.Helper()
	ui.Locked(func() {
		d := fyne.CurrentApp().Driver()
		root := d.AbsolutePositionForObject(w.Canvas().Content())
		n := 0
		for _, o := range test.LaidOutObjects(w.Canvas().Content()) {
			b, ok := o.(*ui.BigButton)
			if !ok || !o.Visible() {
				continue
			}
			n++
			p, size := d.AbsolutePositionForObject(b).Subtract(root), b.Size()
			if size.Height < ui.MinTouch || size.Width < ui.MinTouch {
				t.Errorf("button %q is %v, under %v", b.Title, size, ui.MinTouch)
			}
			if p.X < 0 || p.Y < 0 || p.X+size.Width > s.size.Width || p.Y+size.Height > s.size.Height {
				t.Errorf("button %q at %v size %v: off the %v screen", b.Title, p, size, s.size)
			}
		}
		if n == 0 {
			t.Error("no buttons on the screen")
		}
	})
}

// failingRules is the real store whose booking-rules write fails, as a
// full disk would.
type failingRules struct{ *store.Store }

func (failingRules) SaveBookingRules(context.Context, bookings.Rules, queue.Config) error {
	return errors.New("disk I/O error")
}

// TestMenu_BookingGeneralFailedWriteKeepsHolidays: when the rules cannot
// be written after the holidays were applied, the holidays are put back:
// the page's save is all or nothing.
func TestMenu_BookingGeneralFailedWriteKeepsHolidays(t *testing.T) {
	r := newRig(t)
	if err := (Guard{Meta: r.st, Now: time.Now}).SetPIN(context.Background(), "1234"); err != nil {
		t.Fatal(err)
	}
	var m *Menu
	var w fyne.Window
	ui.Locked(func() {
		m = New(Options{Hub: r.h, Store: r.st, Settings: r.sf, Rules: failingRules{r.st}, Now: func() time.Time { return r.now }})
		w = test.NewWindow(m.Content())
		w.Resize(fyne.NewSize(1080, 1920))
	})
	typePIN(m, "1234")
	waitFor(t, "menu", func() bool { return m.Stage() == StageMenu })
	tap(m.Section("bookings"))
	tap(button(t, w, "Quy định chung về đặt hẹn"))
	enter(t, m, "holidays", "02/09/2026")
	tap(m.Form().SaveButton())
	if got, want := m.Form().Message(), (ui.Tr{Lang: ui.LangVI}).L("error.generic"); got != want {
		t.Errorf("message %q, want %q", got, want)
	}
	if h := r.h.Config().Holidays; len(h) != 0 {
		t.Errorf("holidays %v stayed after the rules failed to save", h)
	}
	cfg, err := r.st.Config(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(cfg.Holidays) != 0 {
		t.Errorf("stored holidays %v", cfg.Holidays)
	}
	ui.Locked(func() { // the draft is kept, to save again
		if got := m.Form().Field("holidays").Lines[0]; got != "02/09/2026" {
			t.Errorf("holidays row %q", got)
		}
	})
}

// TestMenu_BookingServiceGone: rules that still book a service the office
// has since removed refuse every save; the list shows that service so the
// admin can turn it off, after which the rules save again.
func TestMenu_BookingServiceGone(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	stale := bookings.DefaultRules()
	stale.Services = []bookings.ServiceRules{{Service: "Z", Slots: []bookings.SlotRule{{Days: []time.Weekday{time.Monday}, From: "08:00", To: "09:00", Minutes: 30, PerSlot: 1}}}}
	if err := r.st.SetMeta(ctx, "booking_rules", rulesJSON(t, stale)); err != nil { // as saved before Z was removed
		t.Fatal(err)
	}
	m, w := openRules(t, r, screens[0])
	tap(m.Section("bookings"))
	tap(button(t, w, "Quy định chung về đặt hẹn"))
	enter(t, m, "window_days", "40")
	tap(m.Form().SaveButton())
	if got, want := m.Form().Message(), `Không có lĩnh vực "Z" để nhận hẹn`; got != want {
		t.Errorf("general save with Z: %q, want %q", got, want)
	}
	tap(m.Form().BackButton())
	tap(button(t, w, "Z — (lĩnh vực này không còn: hãy tắt nhận hẹn)"))
	choose(t, m, "booking.on", "no")
	tap(m.Form().SaveButton())
	if got := m.Form().Message(); got != "Đã lưu và áp dụng." {
		t.Fatalf("turning Z off: %q", got)
	}
	if got := storedRules(t, r); len(got.Services) != 0 || got.WindowDays != bookings.DefaultWindowDays {
		t.Errorf("stored %s", rulesJSON(t, got))
	}
}

// TestMenu_BookingGeneralKeepsServices: the office-wide page saves its
// own fields onto the rules as stored at "Lưu", so a service's rules
// saved while it was open (kiosk bookings rules FILE) are kept.
func TestMenu_BookingGeneralKeepsServices(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	m, w := openRules(t, r, screens[0])
	tap(m.Section("bookings"))
	tap(button(t, w, "Quy định chung về đặt hẹn"))
	meanwhile := bookings.DefaultRules()
	meanwhile.Services = []bookings.ServiceRules{{Service: "B", Slots: []bookings.SlotRule{{Days: []time.Weekday{time.Friday}, From: "08:00", To: "09:00", Minutes: 30, PerSlot: 1}}}}
	if err := r.st.SaveBookingRules(ctx, meanwhile, r.h.Config()); err != nil {
		t.Fatal(err)
	}
	enter(t, m, "min_lead_hours", "4")
	tap(m.Form().SaveButton())
	want := meanwhile
	want.MinLeadHours = 4
	if got := storedRules(t, r); !reflect.DeepEqual(got, want) {
		t.Errorf("stored %s, want %s", rulesJSON(t, got), rulesJSON(t, want))
	}
}
