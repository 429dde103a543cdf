package admin

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"

	"github.com/motcua-kiosk/motcua/kiosk/queue"
	"github.com/motcua-kiosk/motcua/kiosk/ui"
	"github.com/motcua-kiosk/motcua/kiosk/visits"
)

// visitDraft is the home-visit rules as the page edits them: up to two
// visit days a month (a third or fourth set elsewhere is kept as it is),
// the cap per day and the weekdays urgent visits go out.
type visitDraft struct {
	days   [2]visits.MonthDay // days[1].N == 0: no second day
	extra  []visits.MonthDay
	perDay int
	urgent []time.Weekday
}

func newVisitDraft(r visits.Rules) *visitDraft {
	d := &visitDraft{perDay: r.PerDay, urgent: slices.Clone(r.UrgentDays)}
	days := r.Days
	if len(days) == 0 {
		days = visits.DefaultDays
	}
	d.days[0] = days[0]
	d.days[1] = visits.MonthDay{Weekday: days[0].Weekday}
	if len(days) > 1 {
		d.days[1] = days[1]
		d.extra = slices.Clone(days[2:])
	}
	if d.perDay == 0 {
		d.perDay = visits.DefaultPerDay
	}
	return d
}

func (d *visitDraft) rules() visits.Rules {
	r := visits.Rules{Days: []visits.MonthDay{d.days[0]}, PerDay: d.perDay, UrgentDays: slices.Clone(d.urgent)}
	if d.days[1].N != 0 {
		r.Days = append(r.Days, d.days[1])
	}
	r.Days = append(r.Days, d.extra...)
	return r
}

// weekdaysText encodes weekdays as the choice value "2,5".
func weekdaysText(ds []time.Weekday) string {
	var parts []string
	for _, d := range ds {
		parts = append(parts, itoa(int(d)))
	}
	return strings.Join(parts, ",")
}

func parseWeekdays(s string) []time.Weekday {
	var out []time.Weekday
	for _, p := range strings.Split(s, ",") {
		if n, err := strconv.Atoi(strings.TrimSpace(p)); err == nil {
			out = append(out, time.Weekday(n))
		}
	}
	return out
}

// visitDayName is "Thứ Năm tuần thứ ba" / "third Thursday".
func (m *Menu) visitDayName(d visits.MonthDay) string {
	return m.tr.L("admin.visits.day", map[string]any{"Day": m.weekday(d.Weekday), "Week": m.tr.L("admin.visits.week." + itoa(d.N))})
}

// nextVisitDays are the next n regular visit days after the office-local
// today under r, each with the day it fell on before a holiday or weekend
// moved it ("" when it did not move).
func nextVisitDays(r visits.Rules, cfg queue.Config, now time.Time, n int) (days, moved []string) {
	loc := cfg.Location()
	today := now.In(loc).Format(time.DateOnly)
	plain := cfg.Clone()
	plain.Holidays = nil
	monthDays := r.Days
	if len(monthDays) == 0 {
		monthDays = visits.DefaultDays
	}
	local := now.In(loc)
	for mo := 0; mo <= 13 && len(days) < n; mo++ {
		first := time.Date(local.Year(), local.Month()+time.Month(mo), 1, 0, 0, 0, 0, loc)
		for _, day := range r.VisitDays(cfg, first.Year(), first.Month()) {
			if day <= today || len(days) == n || slices.Contains(days, day) {
				continue
			}
			from := ""
			for _, md := range monthDays {
				one := visits.Rules{Days: []visits.MonthDay{md}}
				shifted := one.VisitDays(cfg, first.Year(), first.Month())
				nominal := one.VisitDays(plain, first.Year(), first.Month())
				if len(shifted) == 1 && shifted[0] == day && len(nominal) == 1 && nominal[0] != day {
					from = nominal[0]
				}
			}
			days, moved = append(days, day), append(moved, from)
		}
	}
	return days, moved
}

// visitPreview is the page's line of the next three visit days, in the
// office's zone, with any holiday shift said.
func (m *Menu) visitPreview(r visits.Rules) string {
	cfg := m.o.Hub.Config()
	days, moved := nextVisitDays(r, cfg, m.o.Now(), 3)
	show := func(day string) string {
		t, err := time.Parse(time.DateOnly, day)
		if err != nil {
			return day
		}
		return m.weekday(t.Weekday()) + " " + t.Format("02/01/2006")
	}
	monthDays := r.Days
	if len(monthDays) == 0 {
		monthDays = visits.DefaultDays
	}
	var names []string
	for _, md := range monthDays {
		names = append(names, m.visitDayName(md))
	}
	head := m.tr.L("admin.visits.rule", map[string]any{"Days": strings.Join(names, "; ")})
	var lines []string
	for i, day := range days {
		line := show(day)
		if moved[i] != "" {
			line = m.tr.L("admin.visits.moved", map[string]any{"Day": line, "From": show(moved[i])})
		}
		lines = append(lines, line)
	}
	if len(lines) == 0 {
		return head + "\n" + m.tr.L("admin.visits.preview_none")
	}
	// One run of text: six rows and the preview fit a landscape screen.
	return head + "\n" + m.tr.L("admin.visits.preview") + " " + strings.Join(lines, "; ")
}

// VisitPreview is the home-visit page's preview of the next visit days
// (tests).
func (m *Menu) VisitPreview() string {
	if m.preview == nil {
		return ""
	}
	return m.preview.Text
}

// visits is the "Giải quyết tận nhà" page: which weekday of which week
// of the month the office goes out (Long Mỹ: Thứ Năm tuần thứ ba), an
// optional second day, the visits a day takes and the weekdays urgent
// visits go out; under them the next three visit days as kiosk/visits
// reckons them, moved past holidays, for the draft being edited.
func (m *Menu) visits() {
	tr := m.tr
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	r, err := m.o.Rules.VisitRules(ctx)
	if err != nil {
		m.rulesFailed(tr.L("admin.section.visits"), err)
		return
	}
	d := newVisitDraft(r)
	preview := ui.NewText("", ui.TextBody, ui.ColorText, false, fyne.TextAlignLeading)
	m.preview = preview
	update := func(set func(string) error) func(string) error {
		return func(v string) error {
			err := set(v)
			preview.SetText(m.visitPreview(d.rules()))
			return err
		}
	}
	var weeks, weeks2, days []choice
	for n := 1; n <= visits.LastWeek; n++ {
		weeks = append(weeks, choice{itoa(n), tr.L("admin.visits.week_choice." + itoa(n))})
	}
	weeks2 = append([]choice{{"0", tr.L("admin.visits.no_second")}}, weeks...)
	for wd := time.Monday; wd <= time.Friday; wd++ {
		days = append(days, choice{itoa(int(wd)), m.weekday(wd)})
	}
	urgent := []choice{{"", tr.L("admin.visits.urgent_any")}}
	for wd := time.Monday; wd <= time.Friday; wd++ {
		urgent = append(urgent, choice{itoa(int(wd)), tr.L("admin.visits.urgent_only", map[string]any{"Day": m.weekday(wd)})})
	}
	if len(d.urgent) > 1 { // set elsewhere: offered as it is, never lost
		var names []string
		for _, wd := range d.urgent {
			names = append(names, m.weekday(wd))
		}
		urgent = append(urgent, choice{weekdaysText(d.urgent), tr.L("admin.visits.urgent_only", map[string]any{"Day": strings.Join(names, ", ")})})
	}
	numSet := func(p *int) func(string) error {
		return func(v string) error {
			n, err := strconv.Atoi(v)
			*p = n
			return err
		}
	}
	dayFields := func(i int, ws []choice) []*field {
		p := &d.days[i]
		return []*field{
			{key: "days[" + itoa(i) + "].n", label: tr.L("admin.field.visit_week." + itoa(i)), kind: kindChoice, choices: ws,
				get: func() string { return itoa(p.N) }, set: update(numSet(&p.N))},
			{key: "days[" + itoa(i) + "].weekday", label: tr.L("admin.field.visit_weekday." + itoa(i)), kind: kindChoice, choices: days,
				get: func() string { return itoa(int(p.Weekday)) }, set: update(func(v string) error {
					n, err := strconv.Atoi(v)
					p.Weekday = time.Weekday(n)
					return err
				})},
		}
	}
	// Four rows a page, the rare second day on the second, so that the
	// preview stays on screen in landscape.
	fields := append(dayFields(0, weeks),
		&field{key: "per_day", label: tr.L("admin.field.visit_per_day"), kind: kindNumber, get: func() string { return itoa(d.perDay) }, set: update(intField(tr, &d.perDay, 0, 100000))},
		&field{key: "urgent_days", label: tr.L("admin.field.visit_urgent"), kind: kindChoice, choices: urgent,
			get: func() string { return weekdaysText(d.urgent) }, set: update(func(v string) error { d.urgent = parseWeekdays(v); return nil })},
	)
	fields = append(fields, dayFields(1, weeks2)...)
	fm := m.newForm(tr.L("admin.section.visits"), fields, func() error {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		err := m.o.Rules.SaveVisitRules(ctx, d.rules())
		var fe *queue.FieldError
		if errors.As(err, &fe) && strings.HasSuffix(fe.Field, "]") { // days[i]: listed twice
			return &queue.FieldError{Field: fe.Field + ".weekday", Msg: fe.Msg, MsgEN: fe.MsgEN}
		}
		return err
	})
	preview.SetText(m.visitPreview(d.rules()))
	hint := ui.NewText(tr.L("admin.visits.holidays_hint"), ui.TextSmall, ui.ColorMuted, false, fyne.TextAlignLeading)
	fm.extra = append(fm.extra, preview, hint)
	fm.pageRows = 4
	fm.show()
	m.stage = StageForm
}
