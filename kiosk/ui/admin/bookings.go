package admin

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"

	"github.com/motcua-kiosk/motcua/kiosk/bookings"
	"github.com/motcua-kiosk/motcua/kiosk/queue"
	"github.com/motcua-kiosk/motcua/kiosk/ui"
	"github.com/motcua-kiosk/motcua/kiosk/visits"
)

// RulesStore keeps the office's booking and home-visit rules (implemented
// by *store.Store). Its contract: each Save validates the rules whole
// (bookings.Rules.Validate against cfg, visits.Rules.Validate) and stores
// nothing when they are refused, returning the *queue.FieldError; the hub
// reads the rules there at each check-in and visit, and the syncer puts
// the booking rules to the central server at its next flush when they
// changed.
type RulesStore interface {
	BookingRules(ctx context.Context) (bookings.Rules, error)
	SaveBookingRules(ctx context.Context, r bookings.Rules, cfg queue.Config) error
	VisitRules(ctx context.Context) (visits.Rules, error)
	SaveVisitRules(ctx context.Context, r visits.Rules) error
}

// weekOrder is the weekdays as an office's week reads, Monday first.
var weekOrder = []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday, time.Sunday}

func (m *Menu) weekday(d time.Weekday) string { return m.tr.L("weekday." + itoa(int(d))) }

// rulesFailed shows the list page with the sentence that the rules could
// not be read; the technical cause goes to the log.
func (m *Menu) rulesFailed(title string, err error) {
	m.o.Log.Error("admin: reading rules", "err", err)
	m.list(title, []fyne.CanvasObject{ui.NewText(m.tr.L("error.generic"), ui.TextBody, ui.ColorAccent, true, fyne.TextAlignCenter)}, nil)
}

// bookings is the "Đặt lịch hẹn" list: the office-wide booking rules and
// one entry per service, each opening its own page that saves the rules
// whole.
func (m *Menu) bookings() {
	tr := m.tr
	title := tr.L("admin.section.bookings")
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	r, err := m.o.Rules.BookingRules(ctx)
	if err != nil {
		m.rulesFailed(title, err)
		return
	}
	gen := ui.NewBigButton(tr.L("admin.bookings.general"), m.bookingGeneral)
	gen.Lines = []string{tr.L("admin.bookings.general_window", map[string]any{"Days": r.WindowDays, "Hours": r.MinLeadHours}),
		tr.L("admin.bookings.general_checkin", map[string]any{"Early": r.EarlyMinutes, "Late": r.LateMinutes})}
	gen.TitleSize, gen.Fill = ui.TextBody, ui.ColorSelected
	items := []fyne.CanvasObject{gen}
	cfg := m.o.Hub.Config()
	svcs := slices.Clone(cfg.Services)
	// A service the rules book but the office no longer has is listed
	// too: every save is refused until it is turned off here.
	for _, sr := range r.Services {
		if _, ok := cfg.Service(sr.Service); !ok {
			svcs = append(svcs, queue.Service{Code: sr.Service, Name: tr.L("admin.bookings.service_gone"), NameEN: tr.L("admin.bookings.service_gone")})
		}
	}
	for _, s := range svcs {
		b := ui.NewBigButton(s.Code+" — "+tr.Pick(s.Name, s.NameEN), func() { m.bookingService(s.Code) })
		b.TitleSize = ui.TextBody
		if sr, ok := r.Service(s.Code); ok {
			places := 0
			for _, sl := range sr.Slots {
				places += slotPlaces(sl)
			}
			b.Lines = []string{tr.L("admin.bookings.service_on", map[string]any{"Places": places, "Share": sr.Share()})}
		} else {
			b.Lines = []string{tr.L("admin.bookings.service_off")}
			b.Fill, b.TextColor = ui.ColorSecondary, ui.ColorText
		}
		items = append(items, b)
	}
	m.list(title, items, nil)
}

// slotPlaces is the places a slot run offers in a week.
func slotPlaces(sl bookings.SlotRule) int {
	from, err1 := time.Parse("15:04", sl.From)
	to, err2 := time.Parse("15:04", sl.To)
	if err1 != nil || err2 != nil || sl.Minutes <= 0 {
		return 0
	}
	return int(to.Sub(from).Minutes()) / sl.Minutes * sl.PerSlot * len(sl.Days)
}

// dmyDates shows office-local dates "2026-09-02" as "02/09/2026, …".
func dmyDates(days []string) string {
	var out []string
	for _, d := range days {
		if t, err := time.Parse(time.DateOnly, d); err == nil {
			out = append(out, t.Format("02/01/2006"))
		} else {
			out = append(out, d)
		}
	}
	return strings.Join(out, ", ")
}

// parseDMY reads days typed as day/month/year ("2/9/2026, 01/01/2027",
// commas, semicolons or spaces between) into sorted office-local dates
// "2026-09-02", each once. A date has no zone: it is the office's day.
func parseDMY(tr ui.Tr, s string) ([]string, error) {
	var out []string
	for _, p := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == ' ' }) {
		t, err := time.Parse("2/1/2006", strings.ReplaceAll(strings.ReplaceAll(p, "-", "/"), ".", "/"))
		if err != nil {
			return nil, userError(tr.L("admin.error.date", map[string]any{"Value": p}))
		}
		if d := t.Format(time.DateOnly); !slices.Contains(out, d) {
			out = append(out, d)
		}
	}
	slices.Sort(out)
	return out, nil
}

// bookingGeneral is the page of the office-wide booking rules: the window,
// the check-in window, the per-phone limit, the office's holidays (no
// tickets, no bookings: the queue's) and the days that take no bookings.
// "Lưu" checks both before it writes either.
func (m *Menu) bookingGeneral() {
	tr := m.tr
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	r, err := m.o.Rules.BookingRules(ctx)
	if err != nil {
		m.rulesFailed(tr.L("admin.section.bookings"), err)
		return
	}
	holidays := slices.Clone(m.o.Hub.Config().Holidays)
	num := func(key, label string, p *int) *field {
		return &field{key: key, label: tr.L(label), kind: kindNumber, get: func() string { return itoa(*p) }, set: intField(tr, p, 0, 100000)}
	}
	dates := func(key, label string, p *[]string) *field {
		return &field{key: key, label: tr.L(label), kind: kindPlain, empty: tr.L("admin.bookings.no_days"), get: func() string { return dmyDates(*p) },
			set: func(v string) error {
				d, err := parseDMY(tr, v)
				if err == nil {
					*p = d
				}
				return err
			}}
	}
	fm := m.newForm(tr.L("admin.bookings.general"), []*field{
		num("window_days", "admin.field.booking_window", &r.WindowDays),
		num("min_lead_hours", "admin.field.booking_lead", &r.MinLeadHours),
		num("early_minutes", "admin.field.booking_early", &r.EarlyMinutes),
		num("late_minutes", "admin.field.booking_late", &r.LateMinutes),
		dates("holidays", "admin.field.holidays", &holidays),
		dates("blackout", "admin.field.blackout", &r.Blackout),
		num("per_phone_per_day", "admin.field.booking_per_phone", &r.PerPhonePerDay),
	}, func() error {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		old := m.o.Hub.Config()
		cfg := old.Clone()
		cfg.Holidays = slices.Clone(holidays)
		if err := cfg.Validate(); err != nil {
			return err
		}
		// The page's fields onto the rules as stored now: a service's
		// rules saved meanwhile are kept.
		next, err := m.o.Rules.BookingRules(ctx)
		if err != nil {
			return err
		}
		next.WindowDays, next.MinLeadHours, next.EarlyMinutes, next.LateMinutes = r.WindowDays, r.MinLeadHours, r.EarlyMinutes, r.LateMinutes
		next.PerPhonePerDay, next.Blackout = r.PerPhonePerDay, slices.Clone(r.Blackout)
		if err := next.Validate(cfg); err != nil {
			return err
		}
		changed := !slices.Equal(old.Holidays, cfg.Holidays)
		if changed {
			if err := m.o.Hub.SetConfig(ctx, cfg); err != nil {
				return err
			}
		}
		if err := m.o.Rules.SaveBookingRules(ctx, next, cfg); err != nil {
			if changed { // put the holidays back: nothing half-applied
				if err := m.o.Hub.SetConfig(ctx, old); err != nil {
					m.o.Log.Error("admin: restoring the holidays after a refused booking save", "err", err)
				}
			}
			return err
		}
		return nil
	})
	fm.after = m.bookings
	fm.show()
	m.stage = StageForm
}

// serviceDraft is one service's booking rules as its page edits them: the
// same slot length and places for every run, hours per weekday.
type serviceDraft struct {
	on                   bool
	minutes, perSlot     int
	share, serviceMinute int
	hours                [7][]queue.Window
	// dirty is set once the slot length, the places or any hours are
	// edited; until then the stored runs are saved as they were, so that
	// runs of different lengths made elsewhere (kiosk bookings rules FILE)
	// are never flattened by a save that did not touch them.
	dirty bool
	orig  []bookings.SlotRule
}

func newServiceDraft(sr bookings.ServiceRules, on bool) *serviceDraft {
	d := &serviceDraft{on: on, minutes: 30, perSlot: 1, share: sr.Share(), serviceMinute: sr.ServiceMinutes, orig: slices.Clone(sr.Slots)}
	for i, sl := range sr.Slots {
		if i == 0 {
			d.minutes, d.perSlot = sl.Minutes, sl.PerSlot
		}
		for _, day := range sl.Days {
			if day >= time.Sunday && day <= time.Saturday {
				d.hours[day] = append(d.hours[day], queue.Window{From: sl.From, To: sl.To})
			}
		}
	}
	for i := range d.hours {
		slices.SortFunc(d.hours[i], func(a, b queue.Window) int { return strings.Compare(a.From, b.From) })
	}
	return d
}

// slots are the runs the draft gives: the weekdays with the same hours
// share one run per range, Monday first.
func (d *serviceDraft) slots() []bookings.SlotRule {
	if !d.dirty {
		return slices.Clone(d.orig)
	}
	var keys []string
	days := map[string][]time.Weekday{}
	for _, wd := range weekOrder {
		k := windowsText(d.hours[wd])
		if k == "" {
			continue
		}
		if _, ok := days[k]; !ok {
			keys = append(keys, k)
		}
		days[k] = append(days[k], wd)
	}
	var out []bookings.SlotRule
	for _, k := range keys {
		for _, w := range d.hours[days[k][0]] {
			out = append(out, bookings.SlotRule{Days: days[k], From: w.From, To: w.To, Minutes: d.minutes, PerSlot: d.perSlot})
		}
	}
	return out
}

func (d *serviceDraft) rules(code string) bookings.ServiceRules {
	return bookings.ServiceRules{Service: code, Slots: d.slots(), MaxSharePercent: d.share, ServiceMinutes: d.serviceMinute}
}

var slotErrRE = regexp.MustCompile(`^\.slots\[(\d+)\]\.(\w+)$`)

// serviceFieldKey is the row of the service page a FieldError of
// bookings.Rules.Validate about services[idx] belongs on; "" for another
// part of the rules (then it is said at the top).
func serviceFieldKey(field string, idx int, slots []bookings.SlotRule) string {
	rest, ok := strings.CutPrefix(field, fmt.Sprintf("services[%d]", idx))
	if !ok {
		return ""
	}
	switch rest {
	case ".service":
		return "booking.on"
	case ".max_share_percent":
		return "booking.share"
	case ".service_minutes":
		return "booking.service_minutes"
	case ".slots": // a day's places over the daily cap
		return "booking.per_slot"
	}
	sub := slotErrRE.FindStringSubmatch(rest)
	if sub == nil {
		return ""
	}
	j, _ := strconv.Atoi(sub[1])
	switch sub[2] {
	case "minutes":
		return "booking.minutes"
	case "per_slot":
		return "booking.per_slot"
	}
	if j < len(slots) && len(slots[j].Days) > 0 {
		return fmt.Sprintf("booking.hours.%d", slots[j].Days[0])
	}
	return "booking.hours.1"
}

// bookingService is one service's booking page: whether it takes
// bookings, its hours per weekday, the slot length and places, the share
// of capacity bookings may take and the time one citizen takes. Each
// error of bookings.Rules.Validate is shown on the row it concerns; a
// refused save stores nothing.
func (m *Menu) bookingService(code string) {
	tr := m.tr
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	r, err := m.o.Rules.BookingRules(ctx)
	if err != nil {
		m.rulesFailed(tr.L("admin.section.bookings"), err)
		return
	}
	cfg := m.o.Hub.Config()
	svc, ok := cfg.Service(code)
	if !ok {
		svc.Name, svc.NameEN = tr.L("admin.bookings.service_gone"), tr.L("admin.bookings.service_gone")
	}
	sr, on := r.Service(code)
	d := newServiceDraft(sr, on)
	yesNo := []choice{{"no", tr.L("admin.no")}, {"yes", tr.L("admin.yes")}}
	edited := func(set func(string) error) func(string) error {
		return func(v string) error {
			err := set(v)
			if err == nil {
				d.dirty = true
			}
			return err
		}
	}
	fields := []*field{
		{key: "booking.on", label: tr.L("admin.field.booking_on"), kind: kindChoice, choices: yesNo,
			get: func() string { return boolChoice(d.on) }, set: func(v string) error { d.on = v == "yes"; return nil }},
	}
	for _, wd := range weekOrder {
		fields = append(fields, &field{key: fmt.Sprintf("booking.hours.%d", wd), label: tr.L("admin.field.booking_hours", map[string]any{"Day": m.weekday(wd)}),
			kind: kindPlain, empty: tr.L("admin.bookings.no_hours"), get: func() string { return windowsText(d.hours[wd]) },
			set: edited(func(v string) error {
				ws, err := parseWindows(tr, v)
				if err != nil {
					return err
				}
				slices.SortFunc(ws, func(a, b queue.Window) int { return strings.Compare(a.From, b.From) })
				for i := 1; i < len(ws); i++ {
					if ws[i].From < ws[i-1].To {
						return userError(tr.L("admin.error.hours_overlap"))
					}
				}
				d.hours[wd] = ws
				return nil
			})})
	}
	fields = append(fields,
		&field{key: "booking.minutes", label: tr.L("admin.field.booking_minutes"), kind: kindNumber, get: func() string { return itoa(d.minutes) }, set: edited(intField(tr, &d.minutes, 0, 100000))},
		&field{key: "booking.per_slot", label: tr.L("admin.field.booking_per_slot"), kind: kindNumber, get: func() string { return itoa(d.perSlot) }, set: edited(intField(tr, &d.perSlot, 0, 100000))},
		&field{key: "booking.share", label: tr.L("admin.field.booking_share"), kind: kindNumber, get: func() string { return itoa(d.share) }, set: func(v string) error {
			if strings.TrimSpace(v) == "0" { // 0 would mean the default 50 %: say how to take none
				return userError(tr.L("admin.bookings.share_zero"))
			}
			return intField(tr, &d.share, 0, 100000)(v)
		}},
		&field{key: "booking.service_minutes", label: tr.L("admin.field.booking_service_minutes"), kind: kindNumber,
			empty: tr.L("admin.bookings.service_minutes_default", map[string]any{"N": cfg.DefaultServiceMinutes}),
			get: func() string {
				if d.serviceMinute == 0 {
					return ""
				}
				return itoa(d.serviceMinute)
			}, set: func(v string) error {
				if strings.TrimSpace(v) == "" {
					d.serviceMinute = 0
					return nil
				}
				return intField(tr, &d.serviceMinute, 0, 100000)(v)
			}},
	)
	title := tr.L("admin.bookings.service_title", map[string]any{"Code": code, "Name": tr.Pick(svc.Name, svc.NameEN)})
	fm := m.newForm(title, fields, func() error { return m.saveServiceRules(code, d) })
	fm.after = m.bookings
	fm.show()
	m.stage = StageForm
}

// saveServiceRules puts the draft of one service into the rules as stored
// now and saves them whole, moving each refusal onto the row it concerns.
func (m *Menu) saveServiceRules(code string, d *serviceDraft) error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	next, err := m.o.Rules.BookingRules(ctx)
	if err != nil {
		return err
	}
	idx := slices.IndexFunc(next.Services, func(s bookings.ServiceRules) bool { return s.Service == code })
	sr := d.rules(code)
	switch {
	case !d.on && idx >= 0:
		next.Services = slices.Delete(next.Services, idx, idx+1)
	case d.on && len(sr.Slots) == 0:
		return &queue.FieldError{Field: "booking.hours.1", Msg: ui.Tr{Lang: ui.LangVI}.L("admin.bookings.on_no_hours"), MsgEN: ui.Tr{Lang: ui.LangEN}.L("admin.bookings.on_no_hours")}
	case d.on && idx >= 0:
		next.Services[idx] = sr
	case d.on:
		next.Services = append(next.Services, sr)
		idx = len(next.Services) - 1
	}
	err = m.o.Rules.SaveBookingRules(ctx, next, m.o.Hub.Config())
	var fe *queue.FieldError
	if errors.As(err, &fe) {
		if key := serviceFieldKey(fe.Field, idx, sr.Slots); key != "" {
			return &queue.FieldError{Field: key, Msg: fe.Msg, MsgEN: fe.MsgEN}
		}
	}
	return err
}
