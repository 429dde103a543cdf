package bookings

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/motcua-kiosk/motcua/kiosk/queue"
)

var (
	ctx = context.Background()
	hcm = queue.Zone("Asia/Ho_Chi_Minh")
)

func at(day, hm string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", day+" "+hm, hcm)
	if err != nil {
		panic(err)
	}
	return t
}

type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time { return c.t }

var weekdays = []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday}

// testRules: service A books 08:00-11:00 in 30-minute slots of 2 citizens
// on working days; with 3 counters of 6 minutes a slot serves 15.
func testRules() Rules {
	r := DefaultRules()
	r.Services = []ServiceRules{{Service: "A", Slots: []SlotRule{{Days: weekdays, From: "08:00", To: "11:00", Minutes: 30, PerSlot: 2}}}}
	return r
}

func testConfig() queue.Config {
	c := queue.DefaultConfig() // A is served by counters 1 and 3
	c.Holidays = []string{"2026-12-25"}
	return c
}

func TestRules_Validate(t *testing.T) {
	cfg := testConfig()
	if err := testRules().Validate(cfg); err != nil {
		t.Fatalf("valid rules: %v", err)
	}
	slot := func(f func(*SlotRule)) func(*Rules) {
		return func(r *Rules) { f(&r.Services[0].Slots[0]) }
	}
	tests := []struct {
		field  string
		change func(*Rules)
	}{
		{"window_days", func(r *Rules) { r.WindowDays = 0 }},
		{"min_lead_hours", func(r *Rules) { r.MinLeadHours = -1 }},
		{"blackout", func(r *Rules) { r.Blackout = []string{"25/12/2026"} }},
		{"early_minutes", func(r *Rules) { r.EarlyMinutes = 121 }},
		{"late_minutes", func(r *Rules) { r.LateMinutes = -1 }},
		{"per_phone_per_day", func(r *Rules) { r.PerPhonePerDay = 0 }},
		{"head_start_minutes", func(r *Rules) { r.HeadStartMinutes = 121 }},
		{"services[0].service", func(r *Rules) { r.Services[0].Service = "Z" }},
		{"services[1].service", func(r *Rules) { r.Services = append(r.Services, r.Services[0]) }},
		{"services[0].max_share_percent", func(r *Rules) { r.Services[0].MaxSharePercent = 101 }},
		{"services[0].service_minutes", func(r *Rules) { r.Services[0].ServiceMinutes = -5 }},
		{"services[0].slots[0].from", slot(func(s *SlotRule) { s.From = "11:00"; s.To = "08:00" })},
		{"services[0].slots[0].from", slot(func(s *SlotRule) { s.From = "8h" })},
		{"services[0].slots[0].minutes", slot(func(s *SlotRule) { s.Minutes = 4 })},
		{"services[0].slots[0].days", slot(func(s *SlotRule) { s.Days = nil })},
		{"services[0].slots[0].days", slot(func(s *SlotRule) { s.Days = []time.Weekday{9} })},
		{"services[0].slots[0].per_slot", slot(func(s *SlotRule) { s.PerSlot = 0 })},
		// 2 counters × 30 min / 6 min = 10 citizens a slot: 50 % is 5.
		{"services[0].slots[0].per_slot", slot(func(s *SlotRule) { s.PerSlot = 6 })},
		{"services[0].slots", func(r *Rules) {
			r.Services[0].Slots = append(r.Services[0].Slots, SlotRule{Days: []time.Weekday{time.Monday}, From: "10:30", To: "11:30", Minutes: 30, PerSlot: 1})
		}},
	}
	for _, tt := range tests {
		t.Run(tt.field, func(t *testing.T) {
			r := testRules()
			tt.change(&r)
			err := r.Validate(cfg)
			var fe *queue.FieldError
			if !errors.As(err, &fe) {
				t.Fatalf("err = %v, want a *queue.FieldError", err)
			}
			if fe.Field != tt.field {
				t.Errorf("field = %q, want %q (%s)", fe.Field, tt.field, fe.Msg)
			}
			if fe.Msg == "" || fe.MsgEN == "" || fe.Msg == fe.MsgEN {
				t.Errorf("messages vi %q en %q: want both, different", fe.Msg, fe.MsgEN)
			}
		})
	}
	t.Run("share of the daily cap", func(t *testing.T) {
		c := testConfig()
		c.Services[0].DailyCap = 20 // 6 slots × 2 = 12 places > 50 % of 20
		err := testRules().Validate(c)
		var fe *queue.FieldError
		if !errors.As(err, &fe) || fe.Field != "services[0].slots" || !strings.Contains(fe.Msg, "Thứ Hai") {
			t.Fatalf("err = %v, want services[0].slots naming the weekday", err)
		}
	})
	t.Run("a counter must serve it", func(t *testing.T) {
		c := testConfig()
		c.Counters = []queue.Counter{{Number: 2, Services: []string{"B"}}}
		var fe *queue.FieldError
		if err := testRules().Validate(c); !errors.As(err, &fe) || !strings.Contains(fe.Msg, "Chưa có quầy") {
			t.Fatalf("err = %v", err)
		}
	})
}

func TestRules_Slots(t *testing.T) {
	r, cfg := testRules(), testConfig()
	r.Blackout = []string{"2026-12-09"}
	got := r.Slots(cfg, "A", "2026-12-08", hcm) // a Tuesday
	if len(got) != 6 {
		t.Fatalf("slots = %d, want 6: %+v", len(got), got)
	}
	if !got[0].Start.Equal(at("2026-12-08", "08:00")) || !got[5].End.Equal(at("2026-12-08", "11:00")) || got[0].Places != 2 {
		t.Errorf("first %+v last %+v", got[0], got[5])
	}
	if got, want := got[0].Start.UTC().Format("15:04"), "01:00"; got != want {
		t.Errorf("08:00 in Hồ Chí Minh City is %s UTC, want %s", got, want)
	}
	for _, day := range []string{"2026-12-06" /* Sunday */, "2026-12-09" /* blackout */, "2026-12-25" /* holiday */, "bad"} {
		if s := r.Slots(cfg, "A", day, hcm); len(s) != 0 {
			t.Errorf("%s: %d slots, want none", day, len(s))
		}
	}
	if s := r.Slots(cfg, "B", "2026-12-08", hcm); len(s) != 0 {
		t.Errorf("B takes no bookings, has %d slots", len(s))
	}
}

func TestNormalizePhone(t *testing.T) {
	for in, want := range map[string]string{
		"0912345678": "0912345678", "0912 345 678": "0912345678", "+84 912 345 678": "0912345678",
		"84912345678": "0912345678", "(091) 234-5678": "0912345678", "0389.123.456": "0389123456",
		"091234567": "", "0212345678": "", "09123456789": "", "09123x5678": "", "": "", "++84912345678": "",
	} {
		got, err := NormalizePhone(in)
		if want == "" {
			if !errors.Is(err, ErrPhone) {
				t.Errorf("%q: %q, %v; want ErrPhone", in, got, err)
			}
			continue
		}
		if err != nil || got != want {
			t.Errorf("%q: %q, %v; want %q", in, got, err, want)
		}
	}
}

func TestDecide(t *testing.T) {
	r := testRules()
	start := at("2026-12-08", "09:30")
	used := at("2026-12-08", "09:20")
	tests := []struct {
		name     string
		status   Status
		now      time.Time
		want     Outcome
		waitFrom time.Time
		say      string
	}{
		{"a day early", StatusBooked, at("2026-12-07", "09:30"), OutcomeEarly, time.Time{}, "ngày 08/12/2026"},
		{"16 minutes early", StatusBooked, start.Add(-16 * time.Minute), OutcomeEarly, time.Time{}, "từ 09:15"},
		{"15 minutes early", StatusBooked, start.Add(-15 * time.Minute), OutcomeBooked, start, "09:30"},
		{"on time", StatusBooked, start, OutcomeBooked, start, "Đã xác nhận"},
		{"10 minutes late", StatusBooked, start.Add(10 * time.Minute), OutcomeBooked, start.Add(10 * time.Minute), "Đã xác nhận"},
		{"11 minutes late", StatusBooked, start.Add(11 * time.Minute), OutcomeLate, time.Time{}, "muộn hơn 10 phút"},
		{"used", StatusCheckedIn, start, OutcomeUsed, time.Time{}, "lúc 09:20"},
		{"cancelled", StatusCancelled, start, OutcomeCancelled, time.Time{}, "huỷ"},
		{"released", StatusReleased, start, OutcomeReleased, time.Time{}, "hết hiệu lực"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := &Booking{Code: "K7MQ2PX", Service: "A", Start: start, End: start.Add(30 * time.Minute), Status: tt.status}
			if tt.status == StatusCheckedIn {
				b.EndedAt = &used
			}
			d := Decide(b, tt.now, r, hcm)
			if d.Outcome != tt.want {
				t.Fatalf("outcome = %s, want %s (%s)", d.Outcome, tt.want, d.Vi)
			}
			if !d.WaitFrom.Equal(tt.waitFrom) {
				t.Errorf("wait from = %v, want %v", d.WaitFrom, tt.waitFrom)
			}
			if !strings.Contains(d.Vi, tt.say) || d.En == "" {
				t.Errorf("vi %q (want %q), en %q", d.Vi, tt.say, d.En)
			}
			if got, want := d.Normal(), tt.want == OutcomeLate || tt.want == OutcomeReleased; got != want {
				t.Errorf("Normal() = %v, want %v", got, want)
			}
		})
	}
	if d := Decide(nil, start, r, hcm); d.Outcome != OutcomeUnknown || !strings.Contains(d.Vi, "Không tìm thấy") {
		t.Errorf("unknown code: %+v", d)
	}
	r.EarlyMinutes, r.LateMinutes = 30, 0 // configurable
	if d := Decide(&Booking{Start: start, Status: StatusBooked}, start.Add(-30*time.Minute), r, hcm); d.Outcome != OutcomeBooked {
		t.Errorf("30 minutes early with EarlyMinutes 30: %s", d.Outcome)
	}
	if d := Decide(&Booking{Start: start, Status: StatusBooked}, start.Add(time.Second), r, hcm); d.Outcome != OutcomeLate {
		t.Errorf("1 s late with LateMinutes 0: %s", d.Outcome)
	}
	r.HeadStartMinutes = 20
	if d := Decide(&Booking{Start: start, Status: StatusBooked}, start.Add(-5*time.Minute), r, hcm); !d.WaitFrom.Equal(start.Add(-20 * time.Minute)) {
		t.Errorf("head start 20: wait from %v, want 20 minutes before the slot", d.WaitFrom)
	}
}

func newDesk(t *testing.T, c *fakeClock) (*Desk, *MemStore) {
	t.Helper()
	st := NewMemStore()
	d, err := NewDesk(st, testConfig(), testRules(), c.now)
	if err != nil {
		t.Fatal(err)
	}
	return d, st
}

func TestDesk_Book(t *testing.T) {
	c := &fakeClock{at("2026-12-07", "14:00")} // Monday
	d, _ := newDesk(t, c)
	slot := at("2026-12-08", "09:00")
	b, err := d.Book(ctx, Request{Service: "A", Start: slot, Phone: "0912 345 678", Channel: ChannelPhone})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ParseCode(b.Code); err != nil || b.Phone != "0912345678" || b.Day != "2026-12-08" || !b.End.Equal(slot.Add(30*time.Minute)) {
		t.Errorf("booking %+v (code: %v)", b, err)
	}
	tests := []struct {
		name  string
		req   Request
		field string
		err   error
	}{
		{"same phone same day", Request{Service: "A", Start: at("2026-12-08", "10:00"), Phone: "+84912345678", Channel: ChannelPhone}, "phone", ErrPhoneLimit},
		{"no phone from the phone page", Request{Service: "A", Start: slot, Channel: ChannelPhone}, "phone", ErrPhone},
		{"not a slot", Request{Service: "A", Start: at("2026-12-08", "09:10"), Channel: ChannelDesk}, "start", ErrNoSlot},
		{"Sunday", Request{Service: "A", Start: at("2026-12-13", "09:00"), Channel: ChannelDesk}, "start", ErrNoSlot},
		{"holiday", Request{Service: "A", Start: at("2026-12-25", "09:00"), Channel: ChannelDesk}, "start", ErrNoSlot},
		{"too soon", Request{Service: "A", Start: at("2026-12-07", "15:30"), Channel: ChannelDesk}, "start", ErrNoSlot}, // after 11:00: no slot at all
		{"not bookable", Request{Service: "B", Start: slot, Channel: ChannelDesk}, "service", ErrNotBookable},
		{"beyond 30 days", Request{Service: "A", Start: at("2027-01-07", "09:00"), Channel: ChannelDesk}, "start", ErrTooFar},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := d.Book(ctx, tt.req)
			var re *RequestError
			if !errors.As(err, &re) || re.Field != tt.field || !errors.Is(err, tt.err) {
				t.Fatalf("err = %v, want %s on %s", err, tt.err, tt.field)
			}
			if Message(err, "vi") == Message(err, "en") || strings.HasPrefix(Message(err, "vi"), "Có lỗi") {
				t.Errorf("messages %q / %q", Message(err, "vi"), Message(err, "en"))
			}
		})
	}
	t.Run("the last day of the window", func(t *testing.T) {
		if _, err := d.Book(ctx, Request{Service: "A", Start: at("2027-01-06", "09:00"), Channel: ChannelDesk}); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("less than the lead time", func(t *testing.T) {
		c.t = at("2026-12-08", "07:30")
		defer func() { c.t = at("2026-12-07", "14:00") }()
		if _, err := d.Book(ctx, Request{Service: "A", Start: at("2026-12-08", "09:00"), Channel: ChannelDesk}); !errors.Is(err, ErrTooSoon) {
			t.Fatalf("err = %v, want ErrTooSoon", err)
		}
	})
	t.Run("full", func(t *testing.T) {
		if _, err := d.Book(ctx, Request{Service: "A", Start: slot, Channel: ChannelDesk}); err != nil {
			t.Fatal(err)
		}
		if _, err := d.Book(ctx, Request{Service: "A", Start: slot, Channel: ChannelDesk}); !errors.Is(err, ErrFull) {
			t.Fatalf("third booking of a 2-place slot: %v, want ErrFull", err)
		}
		free, err := d.Free(ctx, "A", "2026-12-08")
		if err != nil || len(free) != 6 || free[2].Free != 0 || free[0].Free != 2 {
			t.Fatalf("free = %+v, %v", free, err)
		}
	})
	t.Run("cancel gives the place back and erases the phone", func(t *testing.T) {
		got, err := d.Cancel(ctx, strings.ToLower(FormatCode(b.Code)))
		if err != nil || got.Status != StatusCancelled || got.Phone != "" {
			t.Fatalf("cancel: %+v, %v", got, err)
		}
		if _, err := d.Book(ctx, Request{Service: "A", Start: slot, Phone: "0912345678", Channel: ChannelPhone}); err != nil {
			t.Fatalf("book again after cancel: %v", err)
		}
		if _, err := d.Cancel(ctx, b.Code); !errors.Is(err, ErrNotOpen) {
			t.Fatalf("cancel twice: %v", err)
		}
	})
}

func TestDesk_CheckIn(t *testing.T) {
	c := &fakeClock{at("2026-12-07", "14:00")}
	d, st := newDesk(t, c)
	book := func(hm string) Booking {
		phone := "098765" + strings.ReplaceAll(hm, ":", "")
		b, err := d.Book(ctx, Request{Service: "A", Start: at("2026-12-08", hm), Phone: phone, Channel: ChannelDesk})
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	var issued []time.Time
	issue := func(service string, from time.Time) (queue.Ticket, []queue.Event, error) {
		issued = append(issued, from)
		tk := queue.Ticket{ID: "20261208-A001", Number: "A001", Service: service}
		return tk, []queue.Event{{Kind: queue.EventIssued, Ticket: &tk}}, nil
	}
	b, late := book("09:00"), book("09:30")
	c.t = at("2026-12-08", "08:50")
	dec, tk, err := d.CheckIn(ctx, QRPayload("https://motcua.example.gov.vn", b.Code), issue)
	if err != nil || dec.Outcome != OutcomeBooked || tk.Number != "A001" {
		t.Fatalf("check in: %+v %+v %v", dec, tk, err)
	}
	if len(issued) != 1 || !issued[0].Equal(at("2026-12-08", "09:00")) {
		t.Errorf("issued with wait from %v, want the slot's 09:00", issued)
	}
	got, _ := st.Booking(ctx, b.Code)
	if got.Status != StatusCheckedIn || got.Phone != "" || got.TicketID != tk.ID {
		t.Errorf("stored booking %+v: want checked in, phone erased, ticket linked", got)
	}
	for _, ev := range st.Events {
		if body, _ := json.Marshal(ev); strings.Contains(string(body), "0987650900") {
			t.Errorf("the phone number reached a queue event: %s", body)
		}
	}
	if dec, _, _ := d.CheckIn(ctx, b.Code, issue); dec.Outcome != OutcomeUsed || len(issued) != 1 {
		t.Errorf("second check-in: %s, %d tickets", dec.Outcome, len(issued))
	}
	if dec, _, err := d.CheckIn(ctx, "ZZZZZZ"+string(Alphabet[check("ZZZZZZ")]), issue); err != nil || dec.Outcome != OutcomeUnknown {
		t.Errorf("unknown code: %+v %v", dec, err)
	}
	if _, _, err := d.CheckIn(ctx, "hello", issue); !errors.Is(err, ErrCodeForm) {
		t.Errorf("not a code: %v", err)
	}

	c.t = at("2026-12-08", "09:41")
	if dec, _, _ := d.CheckIn(ctx, late.Code, issue); dec.Outcome != OutcomeLate || !dec.Normal() || len(issued) != 1 {
		t.Errorf("late: %+v", dec)
	}
	if got, _ := st.Booking(ctx, late.Code); got.Status != StatusReleased || got.Phone != "" {
		t.Errorf("late booking %+v: want released, phone erased", got)
	}
}

func TestDesk_Release(t *testing.T) {
	c := &fakeClock{at("2026-12-07", "14:00")}
	d, st := newDesk(t, c)
	var codes []string
	for _, hm := range []string{"08:00", "08:30", "09:00"} {
		b, err := d.Book(ctx, Request{Service: "A", Start: at("2026-12-08", hm), Channel: ChannelDesk, Phone: "09" + strings.ReplaceAll(hm, ":", "") + "1234"})
		if err != nil {
			t.Fatal(err)
		}
		codes = append(codes, b.Code)
	}
	c.t = at("2026-12-08", "08:40") // 08:00's window ended at 08:10; 08:30's runs to 08:40
	got, err := d.Release(ctx)
	if err != nil || len(got) != 1 || got[0].Code != codes[0] {
		t.Fatalf("released %+v, %v; want the 08:00 booking only", got, err)
	}
	for i, want := range []Status{StatusReleased, StatusBooked, StatusBooked} {
		b, _ := st.Booking(ctx, codes[i])
		if b.Status != want || (want == StatusReleased) != (b.Phone == "") {
			t.Errorf("booking %d: %s phone %q, want %s", i, b.Status, b.Phone, want)
		}
	}
	free, _ := d.Free(ctx, "A", "2026-12-08")
	_ = free // past slots are too soon to book again; the place counts as free
	c.t = at("2026-12-08", "08:41")
	if got, _ := d.Release(ctx); len(got) != 1 || got[0].Code != codes[1] {
		t.Errorf("at 08:41 released %+v, want the 08:30 booking", got)
	}
}
