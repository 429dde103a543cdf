package bookings

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/motcua-kiosk/motcua/kiosk/queue"
)

// Rules are the office's booking rules, set from the admin menu, kept in
// the store and synced to the central server. Validate them against the
// queue configuration before use.
type Rules struct {
	// Services lists the services that take bookings; a service not
	// listed takes none.
	Services []ServiceRules `json:"services"`
	// WindowDays is how far ahead a slot may be booked (30: up to 30
	// days from today).
	WindowDays int `json:"window_days"`
	// MinLeadHours is the least time between booking and slot.
	MinLeadHours int `json:"min_lead_hours"`
	// Blackout days take no bookings ("2026-09-02"), on top of the queue's
	// holidays.
	Blackout []string `json:"blackout,omitempty"`
	// EarlyMinutes and LateMinutes bound check-in around the slot's start:
	// from EarlyMinutes before to LateMinutes after gives a booked ticket.
	EarlyMinutes int `json:"early_minutes"`
	LateMinutes  int `json:"late_minutes"`
	// HeadStartMinutes moves a booked ticket's effective wait this much
	// earlier than WaitFrom's rule (the later of check-in and slot start).
	// 0, the default, is the rule as issue 14 states it: a booked citizen
	// waits as a walk-in who came at the slot's start. docs/perf/bookings.md
	// measures what a head start buys booked citizens and costs walk-ins.
	HeadStartMinutes int `json:"head_start_minutes,omitempty"`
	// PerPhonePerDay is how many open bookings one phone number may hold
	// for one day (anti-abuse: no slot hoarding).
	PerPhonePerDay int `json:"per_phone_per_day"`
}

// ServiceRules are one service's bookable slots.
type ServiceRules struct {
	Service string     `json:"service"` // queue service code, "A"
	Slots   []SlotRule `json:"slots"`
	// MaxSharePercent caps the share of the service's capacity bookings
	// may take in any slot, so that walk-ins are never squeezed out; 0
	// means DefaultMaxShare.
	MaxSharePercent int `json:"max_share_percent,omitempty"`
	// ServiceMinutes is the mean time one citizen takes at the counter,
	// from which the capacity is reckoned; 0 means the queue's
	// DefaultServiceMinutes.
	ServiceMinutes int `json:"service_minutes,omitempty"`
}

// SlotRule is a run of equal slots on some weekdays: From "07:30" to
// "11:00" in slots of Minutes, each for PerSlot citizens.
type SlotRule struct {
	Days    []time.Weekday `json:"days"`
	From    string         `json:"from"`
	To      string         `json:"to"`
	Minutes int            `json:"minutes"`
	PerSlot int            `json:"per_slot"`
}

// Defaults of a new office (DOMAIN.md: not confirmed, editable).
const (
	DefaultMaxShare       = 50
	DefaultWindowDays     = 30
	DefaultMinLeadHours   = 2
	DefaultEarlyMinutes   = 15
	DefaultLateMinutes    = 10
	DefaultPerPhonePerDay = 1
)

// DefaultRules takes no bookings yet, with the default window and limits:
// an admin adds the services that book.
func DefaultRules() Rules {
	return Rules{WindowDays: DefaultWindowDays, MinLeadHours: DefaultMinLeadHours,
		EarlyMinutes: DefaultEarlyMinutes, LateMinutes: DefaultLateMinutes, PerPhonePerDay: DefaultPerPhonePerDay}
}

func fieldErr(field, vi, en string, args ...any) error {
	return &queue.FieldError{Field: field, Msg: fmt.Sprintf(vi, args...), MsgEN: fmt.Sprintf(en, args...)}
}

// Share is the capacity share bookings may take, in percent.
func (s ServiceRules) Share() int {
	if s.MaxSharePercent == 0 {
		return DefaultMaxShare
	}
	return s.MaxSharePercent
}

// Validate checks every field against the queue configuration cfg and
// returns the first problem as a *queue.FieldError, whose Field names the
// setting and Msg/MsgEN say what is wrong in Vietnamese and English.
func (r Rules) Validate(cfg queue.Config) error {
	if r.WindowDays < 1 || r.WindowDays > 90 {
		return fieldErr("window_days", "Số ngày được đặt trước phải từ 1 đến 90", "booking window must be 1-90 days")
	}
	if r.MinLeadHours < 0 || r.MinLeadHours > 72 {
		return fieldErr("min_lead_hours", "Số giờ tối thiểu phải đặt trước phải từ 0 đến 72", "minimum lead time must be 0-72 hours")
	}
	for _, d := range r.Blackout {
		if _, err := time.Parse(time.DateOnly, d); err != nil {
			return fieldErr("blackout", "Ngày không nhận hẹn %q không đúng dạng NNNN-TT-NN", "blackout day %q is not YYYY-MM-DD", d)
		}
	}
	if r.EarlyMinutes < 0 || r.EarlyMinutes > 120 {
		return fieldErr("early_minutes", "Thời gian được xác nhận sớm trước giờ hẹn phải từ 0 đến 120 phút", "early check-in must be 0-120 minutes")
	}
	if r.LateMinutes < 0 || r.LateMinutes > 120 {
		return fieldErr("late_minutes", "Thời gian được xác nhận muộn sau giờ hẹn phải từ 0 đến 120 phút", "late check-in must be 0-120 minutes")
	}
	if r.HeadStartMinutes < 0 || r.HeadStartMinutes > 120 {
		return fieldErr("head_start_minutes", "Thời gian ưu tiên cho người đặt hẹn phải từ 0 đến 120 phút", "booked head start must be 0-120 minutes")
	}
	if r.PerPhonePerDay < 1 || r.PerPhonePerDay > 10 {
		return fieldErr("per_phone_per_day", "Số lịch hẹn mỗi số điện thoại trong một ngày phải từ 1 đến 10", "bookings per phone per day must be 1-10")
	}
	seen := map[string]bool{}
	for i, s := range r.Services {
		if err := s.validate(fmt.Sprintf("services[%d]", i), cfg, seen); err != nil {
			return err
		}
	}
	return nil
}

func (s ServiceRules) validate(f string, cfg queue.Config, seen map[string]bool) error {
	svc, ok := cfg.Service(s.Service)
	if !ok {
		return fieldErr(f+".service", "Không có lĩnh vực %q để nhận hẹn", "no service %q to book", s.Service)
	}
	if seen[s.Service] {
		return fieldErr(f+".service", "Lĩnh vực %s được khai báo hẹn hai lần", "service %s is listed twice", s.Service)
	}
	seen[s.Service] = true
	if s.MaxSharePercent < 0 || s.MaxSharePercent > 100 {
		return fieldErr(f+".max_share_percent", "Tỷ lệ dành cho lịch hẹn của %s phải từ 0 đến 100%%", "booking share of %s must be 0-100%%", s.Service)
	}
	if s.ServiceMinutes < 0 || s.ServiceMinutes > 240 {
		return fieldErr(f+".service_minutes", "Thời gian phục vụ một người của %s phải từ 1 đến 240 phút", "service time of %s must be 1-240 minutes", s.Service)
	}
	counters := 0
	for _, k := range cfg.Counters {
		if slices.Contains(k.Services, s.Service) {
			counters++
		}
	}
	if counters == 0 {
		return fieldErr(f+".service", "Chưa có quầy nào phục vụ %s nên không thể nhận hẹn", "no counter serves %s, so it cannot take bookings", s.Service)
	}
	minutes := s.ServiceMinutes
	if minutes == 0 {
		minutes = cfg.DefaultServiceMinutes
	}
	var daily [7]int
	for j, sl := range s.Slots {
		g := fmt.Sprintf("%s.slots[%d]", f, j)
		from, err1 := clock(sl.From)
		to, err2 := clock(sl.To)
		if err1 != nil || err2 != nil || from >= to {
			return fieldErr(g+".from", "Giờ hẹn %s–%s của %s không hợp lệ", "slot hours %s-%s of %s are invalid", sl.From, sl.To, s.Service)
		}
		if sl.Minutes < 5 || sl.Minutes > 240 || sl.Minutes > to-from {
			return fieldErr(g+".minutes", "Mỗi khung hẹn của %s phải dài từ 5 đến 240 phút và nằm trong giờ hẹn", "slot length of %s must be 5-240 minutes and fit the hours", s.Service)
		}
		if len(sl.Days) == 0 {
			return fieldErr(g+".days", "Chưa chọn ngày trong tuần nhận hẹn cho %s", "no weekday chosen for the slots of %s", s.Service)
		}
		if sl.PerSlot < 1 {
			return fieldErr(g+".per_slot", "Mỗi khung hẹn của %s phải nhận ít nhất 1 người", "each slot of %s must take at least 1 citizen", s.Service)
		}
		// The capacity of one slot: the counters that serve the service
		// (each counted whole, though it may serve others too) times the
		// citizens one counter serves in the slot.
		capacity := counters * sl.Minutes / minutes
		if limit := capacity * s.Share() / 100; sl.PerSlot > limit {
			return fieldErr(g+".per_slot", "Mỗi khung %d phút của %s nhận tối đa %d người hẹn (%d%% của %d người mà %d quầy phục vụ được); đang đặt %d",
				"a %d-minute slot of %s may take at most %d bookings (%d%% of the %d citizens %d counters serve); set to %d",
				sl.Minutes, s.Service, limit, s.Share(), capacity, counters, sl.PerSlot)
		}
		n := (to - from) / sl.Minutes * sl.PerSlot
		for _, d := range sl.Days {
			if d < time.Sunday || d > time.Saturday {
				return fieldErr(g+".days", "Ngày trong tuần %d không hợp lệ", "weekday %d is invalid", int(d))
			}
			daily[d] += n
		}
	}
	if svc.DailyCap > 0 {
		for d, n := range daily {
			if limit := svc.DailyCap * s.Share() / 100; n > limit {
				return fieldErr(f+".slots", "Lịch hẹn của %s ngày %s có %d chỗ, vượt %d%% số phiếu tối đa trong ngày (%d)",
					"bookings of %s on %s offer %d places, more than %d%% of the daily cap (%d)",
					s.Service, weekdayVI[d], n, s.Share(), svc.DailyCap)
			}
		}
	}
	return overlap(f, s)
}

// overlap refuses two slot rules that share a weekday and overlapping
// hours: the same minute would be booked twice over.
func overlap(f string, s ServiceRules) error {
	for i, a := range s.Slots {
		for _, b := range s.Slots[i+1:] {
			af, _ := clock(a.From)
			at, _ := clock(a.To)
			bf, _ := clock(b.From)
			bt, _ := clock(b.To)
			if af < bt && bf < at && slices.ContainsFunc(a.Days, func(d time.Weekday) bool { return slices.Contains(b.Days, d) }) {
				return fieldErr(f+".slots", "Hai khung giờ hẹn của %s trùng nhau (%s–%s và %s–%s)", "two slot runs of %s overlap (%s-%s and %s-%s)",
					s.Service, a.From, a.To, b.From, b.To)
			}
		}
	}
	return nil
}

var weekdayVI = [7]string{"Chủ nhật", "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy"}

// clock reads "HH:MM" as minutes after midnight.
func clock(s string) (int, error) {
	t, err := time.Parse("15:04", strings.TrimSpace(s))
	if err != nil {
		return 0, err
	}
	return t.Hour()*60 + t.Minute(), nil
}

// Service returns the rules of service code.
func (r Rules) Service(code string) (ServiceRules, bool) {
	for _, s := range r.Services {
		if s.Service == code {
			return s, true
		}
	}
	return ServiceRules{}, false
}

// Slot is one bookable period of one service.
type Slot struct {
	Service string    `json:"service"`
	Start   time.Time `json:"start"`
	End     time.Time `json:"end"`
	Places  int       `json:"places"` // citizens the slot takes in all
}

// Slots lists service's slots on the office-local date day ("2026-12-08")
// in loc, whatever is already booked; none on a blackout day or a queue
// holiday.
func (r Rules) Slots(cfg queue.Config, service, day string, loc *time.Location) []Slot {
	s, ok := r.Service(service)
	if !ok || slices.Contains(r.Blackout, day) || slices.Contains(cfg.Holidays, day) {
		return nil
	}
	date, err := time.ParseInLocation(time.DateOnly, day, loc)
	if err != nil {
		return nil
	}
	var out []Slot
	for _, sl := range s.Slots {
		if !slices.Contains(sl.Days, date.Weekday()) || sl.Minutes <= 0 {
			continue
		}
		from, err1 := clock(sl.From)
		to, err2 := clock(sl.To)
		if err1 != nil || err2 != nil {
			continue
		}
		for m := from; m+sl.Minutes <= to; m += sl.Minutes {
			start := time.Date(date.Year(), date.Month(), date.Day(), m/60, m%60, 0, 0, loc)
			out = append(out, Slot{Service: service, Start: start, End: start.Add(time.Duration(sl.Minutes) * time.Minute), Places: sl.PerSlot})
		}
	}
	slices.SortFunc(out, func(a, b Slot) int { return a.Start.Compare(b.Start) })
	return out
}
