package queue

import (
	"errors"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"time"
)

// Config is the office's queue setup, kept by the store and changed from
// the admin menu. Validate it before use: an invalid config is refused as
// a whole, never half applied.
type Config struct {
	Office       Office         `json:"office"`
	TimeZone     string         `json:"time_zone"`     // IANA name, "Asia/Ho_Chi_Minh" by default
	RolloverHour int            `json:"rollover_hour"` // local hour (0-23) at which a new service day starts
	Holidays     []string       `json:"holidays"`      // "2026-09-02": no tickets that day
	Services     []Service      `json:"services"`
	Counters     []Counter      `json:"counters"`
	Priorities   []PriorityKind `json:"priorities"`
	Policy       Policy         `json:"policy"`
	// DefaultServiceMinutes seeds the wait estimate before any ticket of
	// the day has been served.
	DefaultServiceMinutes int `json:"default_service_minutes"`
	// Voice is how the lobby displays say the calls.
	Voice Voice `json:"voice"`
	// ProcedureServices maps a procedure catalogue's field (lĩnh vực
	// thủ tục, by its ID) to the queue service whose ticket "Lấy số cho
	// thủ tục này" issues; a field not listed goes by the catalogue's
	// own mapping, then by name (the dispenser). Set in the admin menu.
	ProcedureServices map[string]string `json:"procedure_services,omitempty"`
}

// Voice is the lobby's spoken call, set once for the office from the admin
// menu and followed by every display.
type Voice struct {
	Off     bool `json:"off,omitempty"`     // say nothing
	Volume  int  `json:"volume,omitempty"`  // 1-100; 0 means DefaultVolume
	English bool `json:"english,omitempty"` // also say each call in English
}

// DefaultVolume is the voice volume when none is set.
const DefaultVolume = 80

// Level is the volume to play at.
func (v Voice) Level() int {
	if v.Volume == 0 {
		return DefaultVolume
	}
	return v.Volume
}

// Languages are the languages each call is said in.
func (v Voice) Languages() []string {
	if v.English {
		return []string{"vi", "en"}
	}
	return []string{"vi"}
}

// Office names the office on screens and tickets.
type Office struct {
	Name    string `json:"name"`
	NameEN  string `json:"name_en"`
	Address string `json:"address"`
	// Notice is an optional line the lobby display scrolls ("Thứ Sáu không
	// hẹn, không dùng tiền mặt"); set from the admin menu.
	Notice string `json:"notice,omitempty"`
}

// Service is one queue (lĩnh vực), such as "A — Đăng ký đất đai".
type Service struct {
	Code     string   `json:"code"` // ticket prefix: one or two capital letters, "A"
	Name     string   `json:"name"` // Vietnamese name
	NameEN   string   `json:"name_en"`
	Icon     string   `json:"icon,omitempty"`
	DailyCap int      `json:"daily_cap"` // 0 means no cap
	Windows  []Window `json:"windows"`   // issuing hours; none means all day
	// Days are the weekdays tickets are issued; none means Monday to Friday.
	Days []time.Weekday `json:"days,omitempty"`
	// Disabled hides nothing: the kiosk shows the service as closed.
	Disabled bool `json:"disabled,omitempty"`
}

// Window is an issuing period in local wall-clock time, "07:00"–"11:15".
type Window struct {
	From string `json:"from"`
	To   string `json:"to"`
}

// Counter is a desk (quầy) and the services it serves, in its own order of
// preference only for display; calling order comes from the Policy.
type Counter struct {
	Number   int      `json:"number"`
	Name     string   `json:"name,omitempty"`
	Services []string `json:"services"`
}

// PriorityKind is one priority group citizens can choose on the kiosk.
type PriorityKind struct {
	Code   string `json:"code"` // "elderly"
	Name   string `json:"name"` // "Người cao tuổi"
	NameEN string `json:"name_en"`
}

// Policy decides who is called next.
type Policy struct {
	// Mode is "strict" (priority tickets first) or "interleave" (one
	// priority ticket after every InterleaveN normal calls).
	Mode        string `json:"mode"`
	InterleaveN int    `json:"interleave_n"`
	// MaxWaitMinutes promotes any ticket that has waited this long ahead of
	// everyone who arrived later, so that no ticket waits forever.
	MaxWaitMinutes int `json:"max_wait_minutes"`
	// MaxRecalls bounds how often one call may be repeated.
	MaxRecalls int `json:"max_recalls"`
	// ReturnMinutes is how long after a no-show the citizen may come back
	// and be put back in the queue with the original arrival time.
	ReturnMinutes int `json:"return_minutes"`
}

// Policy modes.
const (
	PolicyStrict     = "strict"
	PolicyInterleave = "interleave"
)

// DefaultConfig is the configuration of a new office: the land-office
// example from DOMAIN.md plus the common fields, all editable by an admin.
func DefaultConfig() Config {
	morningAfternoon := []Window{{"07:00", "11:15"}, {"13:15", "16:30"}}
	return Config{
		Office:       Office{Name: "Trung tâm Phục vụ hành chính công", NameEN: "Public Administrative Service Centre"},
		TimeZone:     "Asia/Ho_Chi_Minh",
		RolloverHour: 0,
		Services: []Service{
			{Code: "A", Name: "Đất đai", NameEN: "Land", DailyCap: 200, Windows: morningAfternoon},
			{Code: "B", Name: "Hộ tịch – Chứng thực", NameEN: "Civil status – Certification", DailyCap: 200, Windows: morningAfternoon},
			{Code: "C", Name: "Lao động – Thương binh và Xã hội", NameEN: "Labour, invalids and social affairs", DailyCap: 200, Windows: morningAfternoon},
			{Code: "D", Name: "Trả kết quả", NameEN: "Collect results", DailyCap: 300, Windows: morningAfternoon},
		},
		Counters: []Counter{
			{Number: 1, Services: []string{"A"}},
			{Number: 2, Services: []string{"B", "C"}},
			{Number: 3, Services: []string{"D", "A", "B", "C"}},
		},
		Priorities: []PriorityKind{
			{Code: "elderly", Name: "Người cao tuổi", NameEN: "Elderly"},
			{Code: "disabled", Name: "Người khuyết tật", NameEN: "Person with disability"},
			{Code: "pregnant", Name: "Phụ nữ mang thai", NameEN: "Pregnant woman"},
		},
		Policy:                Policy{Mode: PolicyInterleave, InterleaveN: 3, MaxWaitMinutes: 60, MaxRecalls: 3, ReturnMinutes: 30},
		DefaultServiceMinutes: 6,
		Voice:                 Voice{Volume: DefaultVolume},
	}
}

var codeRE = regexp.MustCompile(`^[A-Z]{1,2}$`)

// FieldError names the setting that is wrong, so the admin menu can put the
// message beside it. Msg is Vietnamese, MsgEN English.
type FieldError struct {
	Field string
	Msg   string
	MsgEN string
}

func (e *FieldError) Error() string { return e.Field + ": " + e.MsgEN }

// ErrInvalidConfig is matched by every config validation error.
var ErrInvalidConfig = errors.New("invalid config")

// Is makes errors.Is(err, ErrInvalidConfig) true for a FieldError.
func (e *FieldError) Is(target error) bool { return target == ErrInvalidConfig }

func fieldErr(field, vi, en string, args ...any) error {
	return &FieldError{Field: field, Msg: fmt.Sprintf(vi, args...), MsgEN: fmt.Sprintf(en, args...)}
}

// Validate checks every field and returns the first problem as a *FieldError.
func (c *Config) Validate() error {
	if strings.TrimSpace(c.Office.Name) == "" {
		return fieldErr("office.name", "Chưa nhập tên cơ quan", "office name is empty")
	}
	if len([]rune(c.Office.Notice)) > 300 {
		return fieldErr("office.notice", "Dòng thông báo dài quá 300 ký tự", "notice is longer than 300 characters")
	}
	if _, err := time.LoadLocation(c.tz()); err != nil {
		return fieldErr("time_zone", "Múi giờ %q không hợp lệ", "unknown time zone %q", c.TimeZone)
	}
	if c.RolloverHour < 0 || c.RolloverHour > 23 {
		return fieldErr("rollover_hour", "Giờ sang ngày mới phải từ 0 đến 23", "rollover hour must be 0-23")
	}
	for _, h := range c.Holidays {
		if _, err := time.Parse(time.DateOnly, h); err != nil {
			return fieldErr("holidays", "Ngày nghỉ %q không đúng dạng NNNN-TT-NN", "holiday %q is not YYYY-MM-DD", h)
		}
	}
	if len(c.Services) == 0 {
		return fieldErr("services", "Cần ít nhất một lĩnh vực", "at least one service is needed")
	}
	seen := map[string]bool{}
	for i, s := range c.Services {
		f := fmt.Sprintf("services[%d]", i)
		if !codeRE.MatchString(s.Code) {
			return fieldErr(f+".code", "Mã lĩnh vực %q phải là 1–2 chữ cái in hoa (A, B, …)", "service code %q must be 1-2 capital letters", s.Code)
		}
		if seen[s.Code] {
			return fieldErr(f+".code", "Mã lĩnh vực %q bị trùng", "duplicate service code %q", s.Code)
		}
		seen[s.Code] = true
		if strings.TrimSpace(s.Name) == "" {
			return fieldErr(f+".name", "Lĩnh vực %s chưa có tên", "service %s has no name", s.Code)
		}
		if s.DailyCap < 0 || s.DailyCap > 9999 {
			return fieldErr(f+".daily_cap", "Số phiếu tối đa của %s phải từ 0 đến 9999", "daily cap of %s must be 0-9999", s.Code)
		}
		for _, w := range s.Windows {
			if !w.Valid() {
				return fieldErr(f+".windows", "Giờ lấy số %s–%s của %s không hợp lệ", "issuing window %s-%s of %s is invalid", w.From, w.To, s.Code)
			}
		}
	}
	counters := map[int]bool{}
	for i, k := range c.Counters {
		f := fmt.Sprintf("counters[%d]", i)
		if k.Number < 1 || k.Number > 999 {
			return fieldErr(f+".number", "Số quầy phải từ 1 đến 999", "counter number must be 1-999")
		}
		if counters[k.Number] {
			return fieldErr(f+".number", "Quầy số %d bị trùng", "duplicate counter %d", k.Number)
		}
		counters[k.Number] = true
		if len(k.Services) == 0 {
			return fieldErr(f+".services", "Quầy số %d chưa phục vụ lĩnh vực nào", "counter %d serves no service", k.Number)
		}
		for _, code := range k.Services {
			if !seen[code] {
				return fieldErr(f+".services", "Quầy số %d phục vụ lĩnh vực %q không có", "counter %d serves unknown service %q", k.Number, code)
			}
		}
	}
	for _, id := range slices.Sorted(maps.Keys(c.ProcedureServices)) {
		if _, ok := c.Service(c.ProcedureServices[id]); !ok || id == "" {
			code := c.ProcedureServices[id]
			return fieldErr("procedure_services."+id, "Thủ tục thuộc %q được gán cho lĩnh vực lấy số %q, nhưng lĩnh vực đó không có", "procedure field %q maps to unknown service %q", id, code)
		}
	}
	prio := map[string]bool{}
	for i, p := range c.Priorities {
		if p.Code == "" || p.Name == "" || prio[p.Code] {
			return fieldErr(fmt.Sprintf("priorities[%d]", i), "Nhóm ưu tiên thiếu mã, thiếu tên hoặc bị trùng", "priority kind needs a unique code and a name")
		}
		prio[p.Code] = true
	}
	switch c.Policy.Mode {
	case PolicyStrict:
	case PolicyInterleave:
		if c.Policy.InterleaveN < 1 || c.Policy.InterleaveN > 50 {
			return fieldErr("policy.interleave_n", "Số lượt thường giữa hai lượt ưu tiên phải từ 1 đến 50", "interleave N must be 1-50")
		}
	default:
		return fieldErr("policy.mode", "Cách gọi ưu tiên %q không hợp lệ", "unknown policy mode %q", c.Policy.Mode)
	}
	if c.Policy.MaxWaitMinutes < 5 || c.Policy.MaxWaitMinutes > 600 {
		return fieldErr("policy.max_wait_minutes", "Thời gian chờ tối đa trước khi được gọi trước phải từ 5 đến 600 phút", "max wait must be 5-600 minutes")
	}
	if c.Policy.MaxRecalls < 0 || c.Policy.MaxRecalls > 10 {
		return fieldErr("policy.max_recalls", "Số lần gọi lại phải từ 0 đến 10", "max recalls must be 0-10")
	}
	if c.Policy.ReturnMinutes < 0 || c.Policy.ReturnMinutes > 480 {
		return fieldErr("policy.return_minutes", "Thời gian cho phép quay lại phải từ 0 đến 480 phút", "return window must be 0-480 minutes")
	}
	if c.Voice.Volume < 0 || c.Voice.Volume > 100 {
		return fieldErr("voice.volume", "Âm lượng giọng đọc phải từ 0 đến 100", "voice volume must be 0-100")
	}
	if c.DefaultServiceMinutes < 1 || c.DefaultServiceMinutes > 240 {
		return fieldErr("default_service_minutes", "Thời gian phục vụ ước tính phải từ 1 đến 240 phút", "default service time must be 1-240 minutes")
	}
	return nil
}

func (c *Config) tz() string {
	if c.TimeZone == "" {
		return "Asia/Ho_Chi_Minh"
	}
	return c.TimeZone
}

// Service returns the service with the given code.
func (c *Config) Service(code string) (Service, bool) {
	for _, s := range c.Services {
		if s.Code == code {
			return s, true
		}
	}
	return Service{}, false
}

// Counter returns the counter with the given number.
func (c *Config) Counter(n int) (Counter, bool) {
	for _, k := range c.Counters {
		if k.Number == n {
			return k, true
		}
	}
	return Counter{}, false
}

// Priority returns the priority kind with the given code.
func (c *Config) Priority(code string) (PriorityKind, bool) {
	for _, p := range c.Priorities {
		if p.Code == code {
			return p, true
		}
	}
	return PriorityKind{}, false
}

// parseClock reads "HH:MM" as minutes after midnight.
// Valid reports whether w is two clock times "07:00"–"11:15", each from
// 00:00 to 23:59, the first before the second.
func (w Window) Valid() bool {
	from, err1 := parseClock(w.From)
	to, err2 := parseClock(w.To)
	return err1 == nil && err2 == nil && from < to
}

// Clone returns a deep copy of c: a draft edited through it (the admin
// menu's forms) never reaches the configuration in force until it is
// validated and set as a whole.
func (c Config) Clone() Config {
	out := c
	out.Holidays = slices.Clone(c.Holidays)
	out.Priorities = slices.Clone(c.Priorities)
	out.Services = slices.Clone(c.Services)
	for i := range out.Services {
		out.Services[i].Windows = slices.Clone(c.Services[i].Windows)
		out.Services[i].Days = slices.Clone(c.Services[i].Days)
	}
	out.Counters = slices.Clone(c.Counters)
	for i := range out.Counters {
		out.Counters[i].Services = slices.Clone(c.Counters[i].Services)
	}
	out.ProcedureServices = maps.Clone(c.ProcedureServices)
	return out
}

func parseClock(s string) (int, error) {
	t, err := time.Parse("15:04", s)
	if err != nil {
		return 0, err
	}
	return t.Hour()*60 + t.Minute(), nil
}
