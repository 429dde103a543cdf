package visits

import (
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/motcua-kiosk/motcua/kiosk/queue"
)

// Rules are the office's home-visit rules, set from the admin menu and
// kept in the store. Validate them before use.
type Rules struct {
	// Days are the office's visit days, each "the Nth weekday of every
	// month"; none means DefaultDays.
	Days []MonthDay `json:"days"`
	// PerDay caps the visits of one day (regular and urgent together);
	// 0 means DefaultPerDay.
	PerDay int `json:"per_day"`
	// UrgentDays restricts urgent visits to these weekdays (Long Mỹ goes
	// out on the Friday for an urgent request); none means any working
	// day.
	UrgentDays []time.Weekday `json:"urgent_days,omitempty"`
}

// MonthDay is "the Nth Weekday of the month": N 1–4, or 5 for the last.
type MonthDay struct {
	N       int          `json:"n"`
	Weekday time.Weekday `json:"weekday"`
}

// Defaults of a new office: Long Mỹ's rule (seed 000: "ngày thứ 5 tuần
// thứ 3 của tháng", read as the third Thursday), and a cap of a day's
// round of an officer (not confirmed, editable).
const (
	DefaultPerDay = 10
	// LastWeek is MonthDay.N for "the last <weekday> of the month".
	LastWeek = 5
	// horizon bounds the search for a day with room: a year of regular
	// visit days, two months of working days for an urgent one.
	regularMonths = 12
	urgentDays    = 62
)

// DefaultDays is the third Thursday of each month.
var DefaultDays = []MonthDay{{N: 3, Weekday: time.Thursday}}

// DefaultRules are the rules of a new office.
func DefaultRules() Rules {
	return Rules{Days: slices.Clone(DefaultDays), PerDay: DefaultPerDay}
}

func (r Rules) days() []MonthDay {
	if len(r.Days) == 0 {
		return DefaultDays
	}
	return r.Days
}

func (r Rules) perDay() int {
	if r.PerDay == 0 {
		return DefaultPerDay
	}
	return r.PerDay
}

func fieldErr(field, vi, en string, args ...any) error {
	return &queue.FieldError{Field: field, Msg: fmt.Sprintf(vi, args...), MsgEN: fmt.Sprintf(en, args...)}
}

var weekdayVI = [7]string{"Chủ nhật", "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy"}

// WeekdayName is the weekday's Vietnamese name ("Thứ Năm").
func WeekdayName(d time.Weekday) string { return weekdayVI[d%7] }

// Validate checks every field and returns the first problem as a
// *queue.FieldError, whose Field names the setting and Msg/MsgEN say
// what is wrong in Vietnamese and English.
func (r Rules) Validate() error {
	if len(r.Days) > 4 {
		return fieldErr("days", "Tối đa 4 ngày đi tận nhà mỗi tháng", "at most 4 visit days a month")
	}
	for i, d := range r.Days {
		f := fmt.Sprintf("days[%d]", i)
		if d.N < 1 || d.N > LastWeek {
			return fieldErr(f+".n", "Tuần trong tháng phải từ 1 đến 4, hoặc 5 là tuần cuối", "week of the month must be 1-4, or 5 for the last")
		}
		if d.Weekday < time.Monday || d.Weekday > time.Friday {
			return fieldErr(f+".weekday", "Ngày đi tận nhà phải là ngày làm việc, từ Thứ Hai đến Thứ Sáu", "a visit day must be a working day, Monday to Friday")
		}
		if slices.Index(r.Days, d) != i {
			return fieldErr(f, "Ngày đi tận nhà bị khai báo hai lần", "visit day listed twice")
		}
	}
	if r.PerDay < 0 || r.PerDay > 50 {
		return fieldErr("per_day", "Số lượt tận nhà tối đa mỗi ngày phải từ 1 đến 50", "visits per day must be 1-50")
	}
	for _, d := range r.UrgentDays {
		if d < time.Monday || d > time.Friday {
			return fieldErr("urgent_days", "Ngày đi gấp phải là ngày làm việc, từ Thứ Hai đến Thứ Sáu", "urgent visit days must be working days, Monday to Friday")
		}
	}
	return nil
}

// ErrNoDay means no day with room was found within the horizon (a year of
// visit days; two months for an urgent visit): the request stays
// recorded, not scheduled.
var ErrNoDay = errors.New("no visit day with room")

// Working reports whether the office-local date day is a working day:
// Monday to Friday and not one of cfg's holidays.
func Working(cfg queue.Config, day time.Time) bool {
	wd := day.Weekday()
	return wd >= time.Monday && wd <= time.Friday && !slices.Contains(cfg.Holidays, day.Format(time.DateOnly))
}

// nthWeekday is the date of the nth (LastWeek: last) weekday of month.
func nthWeekday(year int, month time.Month, d MonthDay, loc *time.Location) time.Time {
	if d.N == LastWeek {
		last := time.Date(year, month+1, 0, 0, 0, 0, 0, loc)
		back := (int(last.Weekday()) - int(d.Weekday) + 7) % 7
		return last.AddDate(0, 0, -back)
	}
	first := time.Date(year, month, 1, 0, 0, 0, 0, loc)
	ahead := (int(d.Weekday) - int(first.Weekday()) + 7) % 7
	return first.AddDate(0, 0, ahead+7*(d.N-1))
}

// nextWorking is day itself when it is a working day, else the next one.
func nextWorking(cfg queue.Config, day time.Time) time.Time {
	for i := 0; i < 60 && !Working(cfg, day); i++ {
		day = day.AddDate(0, 0, 1)
	}
	return day
}

// VisitDays lists the office's regular visit days of month (office-local
// dates, "2026-12-17"), each moved past holidays and weekends to the next
// working day, in order.
func (r Rules) VisitDays(cfg queue.Config, year int, month time.Month) []string {
	loc := cfg.Location()
	var out []string
	for _, d := range r.days() {
		day := nextWorking(cfg, nthWeekday(year, month, d, loc)).Format(time.DateOnly)
		if !slices.Contains(out, day) {
			out = append(out, day)
		}
	}
	slices.Sort(out)
	return out
}

// Taken counts the visits already on an office-local day (open or done;
// a cancelled one gives its place back).
type Taken func(day string) (int, error)

// Schedule picks the day of a visit recorded at now: for a regular one
// the first of the office's visit days after today with room, for an
// urgent one the earliest working day from tomorrow with room (on one of
// UrgentDays when set). Never today: the day's run list may be printed
// already. It returns ErrNoDay when no day within the horizon has room.
func (r Rules) Schedule(cfg queue.Config, now time.Time, urgent bool, taken Taken) (string, error) {
	loc := cfg.Location()
	local := now.In(loc)
	today := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, loc).Format(time.DateOnly)
	room := func(day string) (bool, error) {
		n, err := taken(day)
		return n < r.perDay(), err
	}
	if urgent {
		day := time.Date(local.Year(), local.Month(), local.Day()+1, 0, 0, 0, 0, loc)
		for i := 0; i < urgentDays; i, day = i+1, day.AddDate(0, 0, 1) {
			if !Working(cfg, day) || len(r.UrgentDays) > 0 && !slices.Contains(r.UrgentDays, day.Weekday()) {
				continue
			}
			ok, err := room(day.Format(time.DateOnly))
			if err != nil {
				return "", err
			}
			if ok {
				return day.Format(time.DateOnly), nil
			}
		}
		return "", ErrNoDay
	}
	for m := 0; m <= regularMonths; m++ {
		first := time.Date(local.Year(), local.Month()+time.Month(m), 1, 0, 0, 0, 0, loc)
		for _, day := range r.VisitDays(cfg, first.Year(), first.Month()) {
			if day <= today {
				continue
			}
			ok, err := room(day)
			if err != nil {
				return "", err
			}
			if ok {
				return day, nil
			}
		}
	}
	return "", ErrNoDay
}
