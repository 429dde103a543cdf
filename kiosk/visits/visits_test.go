package visits

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/motcua-kiosk/motcua/kiosk/queue"
)

var ict = time.FixedZone("ICT", 7*3600)

func testConfig(holidays ...string) queue.Config {
	cfg := queue.DefaultConfig()
	cfg.Holidays = holidays
	return cfg
}

// tet2026 are the Tết holidays of 2026 (14–22 February).
var tet2026 = []string{"2026-02-14", "2026-02-15", "2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19", "2026-02-20", "2026-02-21", "2026-02-22"}

func TestRules_VisitDays(t *testing.T) {
	r := DefaultRules()
	for _, tc := range []struct {
		name     string
		holidays []string
		year     int
		month    time.Month
		want     string
	}{
		{"December 2026", nil, 2026, time.December, "2026-12-17"},
		{"a month that starts on a Thursday", nil, 2026, time.October, "2026-10-15"},
		{"a month that starts on a Friday", nil, 2026, time.May, "2026-05-21"},
		{"third Thursday in Tết moves to the Monday after", tet2026, 2026, time.February, "2026-02-23"},
		{"a one-day holiday moves it to the Friday", []string{"2026-12-17"}, 2026, time.December, "2026-12-18"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := r.VisitDays(testConfig(tc.holidays...), tc.year, tc.month)
			if len(got) != 1 || got[0] != tc.want {
				t.Fatalf("VisitDays = %v, want [%s]", got, tc.want)
			}
		})
	}
	last := Rules{Days: []MonthDay{{N: LastWeek, Weekday: time.Thursday}}}
	// 30 April and 1 May are holidays: the last Thursday of April 2026 goes to Monday 4 May.
	if got := last.VisitDays(testConfig("2026-04-30", "2026-05-01"), 2026, time.April); len(got) != 1 || got[0] != "2026-05-04" {
		t.Fatalf("last Thursday of April 2026 with 30/4 and 1/5 off = %v, want [2026-05-04]", got)
	}
}

func TestRules_Schedule(t *testing.T) {
	r := DefaultRules()
	at := func(s string) time.Time {
		t, err := time.ParseInLocation("2006-01-02 15:04", s, ict)
		if err != nil {
			panic(err)
		}
		return t
	}
	for _, tc := range []struct {
		name     string
		now      time.Time
		urgent   bool
		holidays []string
		taken    map[string]int
		rules    *Rules
		want     string
	}{
		{"before the month's day", at("2026-12-07 09:00"), false, nil, nil, nil, "2026-12-17"},
		{"on the day itself: next month", at("2026-12-17 07:00"), false, nil, nil, nil, "2027-01-21"},
		{"after the day: next month", at("2026-12-18 09:00"), false, nil, nil, nil, "2027-01-21"},
		{"Tết: the Monday after", at("2026-02-02 09:00"), false, tet2026, nil, nil, "2026-02-23"},
		{"day full: next month", at("2026-12-07 09:00"), false, nil, map[string]int{"2026-12-17": DefaultPerDay}, nil, "2027-01-21"},
		{"one place left", at("2026-12-07 09:00"), false, nil, map[string]int{"2026-12-17": DefaultPerDay - 1}, nil, "2026-12-17"},
		{"urgent on a Monday: Tuesday", at("2026-12-07 09:00"), true, nil, nil, nil, "2026-12-08"},
		{"urgent on a Friday: Monday", at("2026-12-11 16:00"), true, nil, nil, nil, "2026-12-14"},
		{"urgent never on a holiday", at("2026-02-13 09:00"), true, tet2026, nil, nil, "2026-02-23"},
		{"urgent, tomorrow full", at("2026-12-07 09:00"), true, nil, map[string]int{"2026-12-08": DefaultPerDay}, nil, "2026-12-09"},
		{"urgent on Fridays only (Long Mỹ)", at("2026-12-07 09:00"), true, nil, nil, &Rules{UrgentDays: []time.Weekday{time.Friday}}, "2026-12-11"},
		{"the office's zone decides the day (23:30 UTC is 06:30 next day)", time.Date(2026, 12, 16, 23, 30, 0, 0, time.UTC), false, nil, nil, nil, "2027-01-21"},
		{"two visit days a month", at("2026-12-18 09:00"), false, nil, nil, &Rules{Days: []MonthDay{{1, time.Tuesday}, {3, time.Thursday}, {LastWeek, time.Tuesday}}}, "2026-12-29"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rr := r
			if tc.rules != nil {
				rr = *tc.rules
			}
			got, err := rr.Schedule(testConfig(tc.holidays...), tc.now, tc.urgent, func(d string) (int, error) { return tc.taken[d], nil })
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Fatalf("Schedule = %s, want %s", got, tc.want)
			}
		})
	}
	full := func(string) (int, error) { return DefaultPerDay, nil }
	if _, err := r.Schedule(testConfig(), at("2026-12-07 09:00"), false, full); !errors.Is(err, ErrNoDay) {
		t.Fatalf("every day full: err = %v, want ErrNoDay", err)
	}
	boom := errors.New("disk")
	if _, err := r.Schedule(testConfig(), at("2026-12-07 09:00"), true, func(string) (int, error) { return 0, boom }); !errors.Is(err, boom) {
		t.Fatalf("store error: err = %v", err)
	}
}

func TestRules_Validate(t *testing.T) {
	if err := DefaultRules().Validate(); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		r     Rules
		field string
	}{
		{Rules{Days: []MonthDay{{0, time.Thursday}}}, "days[0].n"},
		{Rules{Days: []MonthDay{{6, time.Thursday}}}, "days[0].n"},
		{Rules{Days: []MonthDay{{3, time.Sunday}}}, "days[0].weekday"},
		{Rules{Days: []MonthDay{{3, time.Thursday}, {3, time.Thursday}}}, "days[1]"},
		{Rules{PerDay: 51}, "per_day"},
		{Rules{PerDay: -1}, "per_day"},
		{Rules{UrgentDays: []time.Weekday{time.Saturday}}, "urgent_days"},
	} {
		err := tc.r.Validate()
		var fe *queue.FieldError
		if !errors.As(err, &fe) || fe.Field != tc.field || fe.Msg == "" || fe.MsgEN == "" {
			t.Errorf("Validate(%+v) = %v, want a FieldError on %s with both languages", tc.r, err, tc.field)
		}
	}
}

func goodRequest() Request {
	return Request{ProcedureCode: "1.001193", ProcedureName: "Cấp đổi, cấp lại giấy xác nhận khuyết tật", Service: "C",
		Citizen: "Nguyễn Kim Anh", Phone: "0912 345 678", Area: "Khu vực Bình An", Address: "Số 12, đường Nguyễn Trãi",
		Reason: ReasonIll, Note: "Gọi trước 30 phút", Officer: "cb01"}
}

func TestRequest_Validate(t *testing.T) {
	cfg := testConfig()
	if err := goodRequest().Normalize().Validate(cfg); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		change func(*Request)
		field  string
	}{
		{func(r *Request) { r.ProcedureName = " " }, "procedure_name"},
		{func(r *Request) { r.Service = "Z" }, "service"},
		{func(r *Request) { r.Citizen = "" }, "citizen"},
		{func(r *Request) { r.Phone = "12345" }, "phone"},
		{func(r *Request) { r.Phone = "09123456ab" }, "phone"},
		{func(r *Request) { r.Area = "" }, "area"},
		{func(r *Request) { r.Address = "" }, "address"},
		{func(r *Request) { r.Reason = "" }, "reason"},
		{func(r *Request) { r.Note = strings.Repeat("x", 501) }, "note"},
	} {
		r := goodRequest()
		tc.change(&r)
		var fe *queue.FieldError
		if err := r.Normalize().Validate(cfg); !errors.As(err, &fe) || fe.Field != tc.field {
			t.Errorf("want a FieldError on %s, got %v", tc.field, err)
		}
	}
	if got := goodRequest().Normalize().Phone; got != "0912345678" {
		t.Errorf("phone normalised = %q", got)
	}
	r := goodRequest()
	r.Phone = "+84912345678"
	if err := r.Normalize().Validate(cfg); err != nil {
		t.Errorf("+84 number refused: %v", err)
	}
}

type office struct {
	*Office
	st  *MemStore
	now time.Time
}

func newOffice(t *testing.T, now time.Time, rules Rules, holidays ...string) *office {
	t.Helper()
	o := &office{st: NewMemStore(), now: now}
	cfg := testConfig(holidays...)
	o.Office = &Office{Store: o.st, Config: func() queue.Config { return cfg }, Rules: func() (Rules, error) { return rules, nil },
		Now: func() time.Time { return o.now }, Rand: bytes.NewReader(bytes.Repeat([]byte("0123456789abcdef"), 1000))}
	return o
}

func TestOffice_RecordCapAndNumbers(t *testing.T) {
	ctx := context.Background()
	o := newOffice(t, time.Date(2026, 12, 7, 9, 0, 0, 0, ict), Rules{PerDay: 2})
	var got []Visit
	for range 3 {
		v, err := o.Record(ctx, goodRequest())
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, v)
	}
	for i, want := range []struct{ day, number, id string }{
		{"2026-12-17", "TN-001", "20261217-TN-001"},
		{"2026-12-17", "TN-002", "20261217-TN-002"},
		{"2027-01-21", "TN-001", "20270121-TN-001"}, // the cap of 2 sends the third to January
	} {
		v := got[i]
		if v.Status != StatusScheduled || v.Day != want.day || v.Ticket == nil || v.Ticket.Number != want.number || v.Ticket.ID != want.id {
			t.Errorf("visit %d = %s %s %+v, want scheduled on %s as %s", i, v.Status, v.Day, v.Ticket, want.day, want.id)
		}
		if len(v.Ticket.Ref) < 16 {
			t.Errorf("ref %q is too short to be unguessable", v.Ticket.Ref)
		}
	}
	// A cancelled visit frees its place but not its number.
	if _, err := o.Cancel(ctx, got[1].ID); err != nil {
		t.Fatal(err)
	}
	v, err := o.Record(ctx, goodRequest())
	if err != nil {
		t.Fatal(err)
	}
	if v.Day != "2026-12-17" || v.Ticket.Number != "TN-003" {
		t.Fatalf("after a cancel: %s %s, want 2026-12-17 TN-003", v.Day, v.Ticket.Number)
	}
	// An invalid request stores nothing.
	bad := goodRequest()
	bad.Address = ""
	if _, err := o.Record(ctx, bad); err == nil {
		t.Fatal("a request without an address was recorded")
	}
	all, _ := o.st.VisitsBetween(ctx, "2026-01-01", "2028-01-01", true)
	if len(all) != 4 {
		t.Fatalf("%d visits stored, want 4", len(all))
	}
}

func TestOffice_RecordNoDayStaysRequested(t *testing.T) {
	ctx := context.Background()
	o := newOffice(t, time.Date(2026, 12, 7, 9, 0, 0, 0, ict), Rules{PerDay: 1})
	o.st.byID["x"] = Visit{ID: "x"} // placeholder so that Taken can be forced full below
	full := &fullStore{MemStore: o.st}
	o.Store = full
	v, err := o.Record(ctx, goodRequest())
	if err != nil {
		t.Fatal(err)
	}
	if v.Status != StatusRequested || v.Day != "" || v.Ticket != nil {
		t.Fatalf("no room anywhere: %+v, want requested without a day", v)
	}
	full.free = true
	v, err = o.Schedule(ctx, v.ID)
	if err != nil || v.Status != StatusScheduled || v.Day != "2026-12-17" {
		t.Fatalf("Schedule after room appeared = %+v, %v", v, err)
	}
	if _, err := o.Schedule(ctx, v.ID); !errors.Is(err, ErrClosed) {
		t.Fatalf("Schedule of a scheduled visit: %v", err)
	}
}

type fullStore struct {
	*MemStore
	free bool
}

func (f *fullStore) Taken(ctx context.Context, day string) (int, error) {
	if f.free {
		return f.MemStore.Taken(ctx, day)
	}
	return 99, nil
}

func TestOffice_DoneErasesAndEmitsTicket(t *testing.T) {
	ctx := context.Background()
	o := newOffice(t, time.Date(2026, 12, 7, 9, 0, 0, 0, ict), DefaultRules())
	v, err := o.Record(ctx, goodRequest())
	if err != nil {
		t.Fatal(err)
	}
	o.now = time.Date(2026, 12, 17, 10, 40, 0, 0, ict)
	done, err := o.Done(ctx, v.ID, "cb02")
	if err != nil {
		t.Fatal(err)
	}
	stored, _ := o.st.Visit(ctx, v.ID)
	for _, got := range []Visit{done, stored} {
		if got.Status != StatusDone || got.Address != "" || got.Phone != "" || got.Citizen != "" || got.Note != "" {
			t.Fatalf("done visit keeps the citizen's details: %+v", got)
		}
		if got.ProcedureName == "" || got.Area != "Khu vực Bình An" || got.Reason != ReasonIll || got.Day != "2026-12-17" {
			t.Fatalf("done visit lost what reports need: %+v", got)
		}
	}
	if len(o.st.Events) != 2 || o.st.Events[0].Kind != queue.EventIssued || o.st.Events[1].Kind != queue.EventDone {
		t.Fatalf("events = %+v, want ticket.issued, ticket.done", o.st.Events)
	}
	tk := o.st.Events[1].Ticket
	if tk.ID != v.Ticket.ID || tk.Ref != v.Ticket.Ref || tk.Status != queue.StatusDone || tk.Service != "C" || tk.Officer != "cb02" ||
		tk.Day != "2026-12-17" || tk.DoneAt == nil || !tk.IssuedAt.Equal(v.Ticket.At) {
		t.Fatalf("done ticket = %+v", tk)
	}
	if o.st.Events[0].Ticket.Status != queue.StatusWaiting {
		t.Fatalf("issued ticket status = %s", o.st.Events[0].Ticket.Status)
	}
	if _, err := o.Done(ctx, v.ID, "cb02"); !errors.Is(err, ErrClosed) {
		t.Fatalf("done twice: %v", err)
	}
	if _, err := o.Cancel(ctx, v.ID); !errors.Is(err, ErrClosed) {
		t.Fatalf("cancel after done: %v", err)
	}
	if len(o.st.Events) != 2 {
		t.Fatal("a refused change emitted events")
	}
}

func TestOffice_CancelErases(t *testing.T) {
	ctx := context.Background()
	o := newOffice(t, time.Date(2026, 12, 7, 9, 0, 0, 0, ict), DefaultRules())
	v, _ := o.Record(ctx, goodRequest())
	c, err := o.Cancel(ctx, v.ID)
	if err != nil {
		t.Fatal(err)
	}
	if c.Status != StatusCancelled || c.Address != "" || c.Phone != "" || c.Citizen != "" || c.EndedAt == nil {
		t.Fatalf("cancelled = %+v", c)
	}
	if len(o.st.Events) != 0 {
		t.Fatal("a cancelled visit sent its ticket to the server")
	}
	if _, err := o.Done(ctx, "nope", "cb"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("unknown id: %v", err)
	}
}

func TestOffice_DoneEarlyKeepsTheDayItWasMade(t *testing.T) {
	ctx := context.Background()
	o := newOffice(t, time.Date(2026, 12, 7, 9, 0, 0, 0, ict), DefaultRules())
	v, _ := o.Record(ctx, goodRequest())
	o.now = time.Date(2026, 12, 9, 23, 30, 0, 0, time.UTC) // 06:30 on the 10th in Hà Nội
	d, err := o.Done(ctx, v.ID, "cb")
	if err != nil {
		t.Fatal(err)
	}
	if d.Day != "2026-12-10" || d.Ticket.ID != "20261217-TN-001" {
		t.Fatalf("early visit: day %s id %s", d.Day, d.Ticket.ID)
	}
}

func TestRunList(t *testing.T) {
	ctx := context.Background()
	o := newOffice(t, time.Date(2026, 12, 7, 9, 0, 0, 0, ict), DefaultRules())
	for _, area := range []string{"Khu vực Bình Thạnh", "Khu vực Bình An", "Khu vực Bình An", "Khu vực Cái Răng"} {
		r := goodRequest()
		r.Area = area
		if _, err := o.Record(ctx, r); err != nil {
			t.Fatal(err)
		}
		o.now = o.now.Add(time.Minute)
	}
	vs, _ := o.st.VisitsBetween(ctx, "2026-12-17", "2026-12-17", false)
	cancelled, _ := o.Cancel(ctx, vs[3].ID) // the Cái Răng one: not on the list
	vs, _ = o.st.VisitsBetween(ctx, "2026-12-17", "2026-12-17", false)
	jobs := RunList(testConfig(), "2026-12-17", vs, func(ref string) string { return "https://motcua.example.vn/t/" + ref },
		time.Date(2026, 12, 17, 0, 30, 0, 0, time.UTC))
	if len(jobs) != 4 {
		t.Fatalf("%d jobs, want a cover and 3 slips", len(jobs))
	}
	if jobs[0].Service != "Thứ Năm 17/12/2026" || !strings.Contains(jobs[0].Footer, "07:30 17/12/2026") {
		t.Errorf("cover: %q / %q (the time must be the office's)", jobs[0].Service, jobs[0].Footer)
	}
	for i, j := range jobs[1:] {
		if !strings.HasPrefix(j.QR, "https://motcua.example.vn/t/") || !strings.HasPrefix(j.Counters, "Địa bàn: Khu vực Bình ") {
			t.Errorf("slip %d: QR %q, area %q", i, j.QR, j.Counters)
		}
		if j.Lines[1] != "Địa chỉ: Số 12, đường Nguyễn Trãi" || j.Priority != "Lý do: Ốm đau, bệnh nặng" {
			t.Errorf("slip %d lines %q priority %q", i, j.Lines, j.Priority)
		}
	}
	if jobs[1].Number != "TN-002" || jobs[2].Number != "TN-003" || jobs[3].Number != "TN-001" { // Bình An (recorded 2nd, 3rd) before Bình Thạnh (1st)
		t.Errorf("order by area then time: %s, %s", jobs[1].Number, jobs[2].Number)
	}
	for _, j := range jobs {
		if strings.Contains(strings.Join(j.Lines, "|"), cancelled.Ticket.Number+" ") {
			t.Errorf("the cancelled visit is on the list")
		}
	}
}
