package admin

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/motcua-kiosk/motcua/kiosk/ui"
	"github.com/motcua-kiosk/motcua/kiosk/visits"
)

// TestMenu_Visits: "Giải quyết tận nhà" opens on Long Mỹ's rule and
// previews the next three third Thursdays, the one on a holiday moved to
// the Friday and said so; a new rule redraws the preview before it is
// saved; a cap over 50 is refused with visits.Rules.Validate's sentence
// beside it and nothing stored; a day listed twice is refused on its
// weekday; the saved rules are the ones the hub schedules the next
// request by.
func TestMenu_Visits(t *testing.T) {
	for _, s := range screens {
		t.Run(s.name(), func(t *testing.T) {
			r := newRig(t)
			tr := ui.Tr{Lang: s.lang}
			ctx := context.Background()
			cfg := r.h.Config()
			cfg.Holidays = []string{"2026-12-17"}
			if err := r.h.SetConfig(ctx, cfg); err != nil {
				t.Fatal(err)
			}
			m, w := openRules(t, r, s)
			tap(m.Section("visits"))
			preview := func() string {
				var p string
				ui.Locked(func() { p = m.VisitPreview() })
				return p
			}
			want := map[ui.Lang]string{
				ui.LangVI: "Hằng tháng: Thứ Năm tuần thứ ba\nBa ngày tới: " +
					"Thứ Sáu 18/12/2026 (dời từ Thứ Năm 17/12/2026: ngày nghỉ); Thứ Năm 21/01/2027; Thứ Năm 18/02/2027",
				ui.LangEN: "Every month: the third Thursday\nThe next three: " +
					"Friday 18/12/2026 (moved from Thursday 17/12/2026: a holiday); Thursday 21/01/2027; Thursday 18/02/2027",
			}[s.lang]
			if got := preview(); got != want {
				t.Errorf("preview\n%s\nwant\n%s", got, want)
			}
			s.capture(t, w, "visits")
			touchTargets(t, w, s)

			// The first Tuesday, and a second day: the last Friday.
			tap(m.Form().Field("days[0].n"))
			s.capture(t, w, "visits-choice")
			touchTargets(t, w, s)
			tap(m.Form().Choice("1"))
			choose(t, m, "days[0].weekday", "2")
			if got := preview(); !strings.Contains(got, tr.L("weekday.2")+" 01/12/2026") {
				t.Errorf("preview after the change, before saving:\n%s", got)
			}
			choose(t, m, "days[1].n", "5")
			choose(t, m, "days[1].weekday", "5")
			enter(t, m, "per_day", "60")
			choose(t, m, "urgent_days", "5")
			tap(m.Form().SaveButton())
			if got, want := msg(m, "per_day"), tr.Pick("Số lượt tận nhà tối đa mỗi ngày phải từ 1 đến 50", "visits per day must be 1-50"); got != want {
				t.Errorf("beside per_day %q, want %q", got, want)
			}
			if got, err := r.st.VisitRules(ctx); err != nil || !reflect.DeepEqual(got, visits.DefaultRules()) {
				t.Errorf("refused save stored %+v, %v", got, err)
			}
			s.capture(t, w, "visits-refused")
			touchTargets(t, w, s)
			enter(t, m, "per_day", "8")

			// The second day the same as the first: refused on its weekday.
			choose(t, m, "days[1].n", "1")
			choose(t, m, "days[1].weekday", "2")
			tap(m.Form().SaveButton())
			if got, want := msg(m, "days[1].weekday"), tr.Pick("Ngày đi tận nhà bị khai báo hai lần", "visit day listed twice"); got != want {
				t.Errorf("twice: %q, want %q", got, want)
			}
			choose(t, m, "days[1].n", "5")
			choose(t, m, "days[1].weekday", "5")
			tap(m.Form().SaveButton())
			if got := m.Form().Message(); got != tr.L("admin.saved") {
				t.Fatalf("save: %q", got)
			}
			wantRules := visits.Rules{Days: []visits.MonthDay{{N: 1, Weekday: time.Tuesday}, {N: visits.LastWeek, Weekday: time.Friday}},
				PerDay: 8, UrgentDays: []time.Weekday{time.Friday}}
			got, err := r.st.VisitRules(ctx)
			if err != nil || !reflect.DeepEqual(got, wantRules) {
				t.Fatalf("stored %+v, %v; want %+v", got, err, wantRules)
			}

			// The hub (on its own clock, the real one) puts the next
			// request on the first day the saved rules give after today.
			v, err := r.h.RecordVisit(ctx, visits.Request{ProcedureName: "Chứng thực bản sao", Service: "B", Citizen: "Nguyễn Văn A",
				Phone: "0901234567", Area: "Ấp 1", Address: "12 đường Số 3", Reason: visits.ReasonElderly})
			if err != nil {
				t.Fatal(err)
			}
			days, _ := nextVisitDays(got, r.h.Config(), time.Now(), 1)
			if len(days) != 1 || v.Day != days[0] {
				t.Errorf("hub scheduled %q, the saved rules give %v", v.Day, days)
			}
		})
	}
}

// TestNextVisitDays_LastWeek: "the last Friday" on a holiday moves to
// the next working day, across the month's end, and the preview says
// from where; the days after are as they fall.
func TestNextVisitDays_LastWeek(t *testing.T) {
	r := newRig(t)
	cfg := r.h.Config()
	cfg.Holidays = []string{"2027-04-30"} // the last Friday of April 2027
	now := time.Date(2027, 3, 27, 10, 0, 0, 0, cfg.Location())
	days, moved := nextVisitDays(visits.Rules{Days: []visits.MonthDay{{N: visits.LastWeek, Weekday: time.Friday}}}, cfg, now, 3)
	if want := []string{"2027-05-03", "2027-05-28", "2027-06-25"}; !reflect.DeepEqual(days, want) {
		t.Errorf("days %v, want %v", days, want)
	}
	if want := []string{"2027-04-30", "", ""}; !reflect.DeepEqual(moved, want) {
		t.Errorf("moved %v, want %v", moved, want)
	}
}
