package queue

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"
)

var hcm = mustLoc("Asia/Ho_Chi_Minh")

func mustLoc(name string) *time.Location {
	l, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return l
}

// clock is a settable test clock.
type clock struct{ t time.Time }

func (c *clock) now() time.Time      { return c.t }
func (c *clock) add(d time.Duration) { c.t = c.t.Add(d) }
func at(day, hm string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", day+" "+hm, hcm)
	if err != nil {
		panic(err)
	}
	return t
}

// testConfig: two services, all day, Mondays to Sundays, no caps.
func testConfig() Config {
	c := DefaultConfig()
	all := []time.Weekday{0, 1, 2, 3, 4, 5, 6}
	c.Services = []Service{
		{Code: "A", Name: "Đất đai", Days: all},
		{Code: "B", Name: "Hộ tịch", Days: all},
	}
	c.Counters = []Counter{{Number: 1, Services: []string{"A"}}, {Number: 2, Services: []string{"A", "B"}}}
	return c
}

func newEngine(t *testing.T, cfg Config, c *clock) *Engine {
	t.Helper()
	e, err := New(cfg, c.now)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func mustIssue(t *testing.T, e *Engine, svc, prio string) Ticket {
	t.Helper()
	tk, _, err := e.Issue(svc, prio)
	if err != nil {
		t.Fatalf("issue %s: %v", svc, err)
	}
	return tk
}

func mustCall(t *testing.T, e *Engine, counter int) Ticket {
	t.Helper()
	tk, _, err := e.CallNext(counter)
	if err != nil {
		t.Fatalf("call at %d: %v", counter, err)
	}
	return tk
}

func signIn(t *testing.T, e *Engine, counters ...int) {
	t.Helper()
	for _, n := range counters {
		if _, err := e.SignIn(n, fmt.Sprintf("cb%02d", n)); err != nil {
			t.Fatal(err)
		}
	}
}

func TestEngine_IssueNumbersPerServicePerDay(t *testing.T) {
	c := &clock{at("2026-11-23", "08:00")}
	e := newEngine(t, testConfig(), c)
	var got []string
	for _, s := range []string{"A", "A", "B", "A", "B"} {
		tk := mustIssue(t, e, s, "")
		got = append(got, tk.Number)
	}
	if want := fmt.Sprint([]string{"A001", "A002", "B001", "A003", "B002"}); fmt.Sprint(got) != want {
		t.Fatalf("numbers = %v, want %v", got, want)
	}
	tk := mustIssue(t, e, "A", "")
	if got, want := tk.ID, "20261123-A004"; got != want {
		t.Errorf("ID = %q, want %q", got, want)
	}
	if len(tk.Ref) != 16 {
		t.Errorf("ref %q: want 16 characters", tk.Ref)
	}
}

func TestEngine_IssueUnavailable(t *testing.T) {
	cfg := DefaultConfig() // Monday to Friday, 07:00-11:15 and 13:15-16:30
	cfg.Services[0].DailyCap = 2
	cfg.Holidays = []string{"2026-09-02"}
	tests := []struct {
		name, when, reason string
		issueFirst         int
	}{
		{"before opening", "2026-11-23 06:59", ReasonOutsideHours, 0},
		{"lunch", "2026-11-23 11:15", ReasonOutsideHours, 0},
		{"after closing", "2026-11-23 16:30", ReasonOutsideHours, 0},
		{"sunday", "2026-11-22 08:00", ReasonClosedDay, 0},
		{"holiday", "2026-09-02 08:00", ReasonClosedDay, 0},
		{"cap reached", "2026-11-23 08:00", ReasonCapReached, 2},
		{"open", "2026-11-23 13:15", "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tm, _ := time.ParseInLocation("2006-01-02 15:04", tt.when, hcm)
			e := newEngine(t, cfg, &clock{tm})
			for range tt.issueFirst {
				mustIssue(t, e, "A", "")
			}
			_, evs, err := e.Issue("A", "")
			var u *Unavailable
			if tt.reason == "" {
				if err != nil {
					t.Fatalf("err = %v, want a ticket", err)
				}
				return
			}
			if !errors.As(err, &u) || u.Reason != tt.reason {
				t.Fatalf("err = %v, want Unavailable %s", err, tt.reason)
			}
			if len(evs) != 0 {
				t.Errorf("refusal produced events %v", evs)
			}
			if got := e.Snapshot().Services[0].Unavailable; got != tt.reason {
				t.Errorf("home view says %q, want %q", got, tt.reason)
			}
		})
	}
	if got := Message(&Unavailable{Reason: ReasonCapReached}, "vi"); got != "Đã hết số hôm nay" {
		t.Errorf("cap message = %q", got)
	}
}

func TestEngine_IssueBadInputChangesNothing(t *testing.T) {
	c := &clock{at("2026-11-23", "08:00")}
	e := newEngine(t, testConfig(), c)
	if _, _, err := e.Issue("Z", ""); !errors.Is(err, ErrUnknownService) {
		t.Errorf("unknown service: err = %v", err)
	}
	if _, _, err := e.Issue("A", "vip"); !errors.Is(err, ErrUnknownPriority) {
		t.Errorf("unknown priority: err = %v", err)
	}
	if got := mustIssue(t, e, "A", "").Number; got != "A001" {
		t.Errorf("after refusals the first number is %s, want A001", got)
	}
}

func TestEngine_CallNextPolicy(t *testing.T) {
	// Arrivals one minute apart: n=normal, p=priority.
	arrivals := "nnpnnnpnp"
	tests := []struct {
		mode string
		n    int
		want string
	}{
		{PolicyStrict, 0, "A003 A007 A009 A001 A002 A004 A005 A006 A008"},
		{PolicyInterleave, 2, "A001 A002 A003 A004 A005 A007 A006 A008 A009"},
		{PolicyInterleave, 1, "A001 A003 A002 A007 A004 A009 A005 A006 A008"},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s-%d", tt.mode, tt.n), func(t *testing.T) {
			cfg := testConfig()
			cfg.Policy.Mode, cfg.Policy.InterleaveN = tt.mode, max(tt.n, 1)
			c := &clock{at("2026-11-23", "08:00")}
			e := newEngine(t, cfg, c)
			signIn(t, e, 1)
			for _, a := range arrivals {
				p := ""
				if a == 'p' {
					p = "elderly"
				}
				mustIssue(t, e, "A", p)
				c.add(time.Minute)
			}
			var got []string
			for range arrivals {
				tk := mustCall(t, e, 1)
				got = append(got, tk.Number)
				if _, _, err := e.Complete(1); err != nil {
					t.Fatal(err)
				}
			}
			if g := fmt.Sprint(got); g != "["+tt.want+"]" {
				t.Errorf("order = %v, want [%s]", g, tt.want)
			}
		})
	}
}

func TestEngine_NoStarvation(t *testing.T) {
	// Strict priority with a flood of priority tickets: a normal ticket is
	// still called once it has waited MaxWaitMinutes.
	cfg := testConfig()
	cfg.Policy.Mode = PolicyStrict
	cfg.Policy.MaxWaitMinutes = 30
	c := &clock{at("2026-11-23", "08:00")}
	e := newEngine(t, cfg, c)
	signIn(t, e, 1)
	normal := mustIssue(t, e, "A", "")
	for i := 0; i < 200; i++ {
		mustIssue(t, e, "A", "elderly")
		c.add(time.Minute)
		tk := mustCall(t, e, 1)
		if _, _, err := e.Complete(1); err != nil {
			t.Fatal(err)
		}
		if tk.ID == normal.ID {
			if waited := c.t.Sub(normal.ArrivedAt); waited < 30*time.Minute || waited > 32*time.Minute {
				t.Errorf("normal ticket called after %v, want about 30m", waited)
			}
			return
		}
	}
	t.Fatal("normal ticket starved behind 200 priority tickets")
}

func TestEngine_NoStarvationRandom(t *testing.T) {
	// Random arrivals at two counters with both policies: every ticket's
	// wait stays bounded by MaxWait plus the time to drain what was already
	// aged ahead of it.
	for _, mode := range []string{PolicyStrict, PolicyInterleave} {
		t.Run(mode, func(t *testing.T) {
			cfg := testConfig()
			cfg.Policy.Mode, cfg.Policy.InterleaveN, cfg.Policy.MaxWaitMinutes = mode, 4, 20
			c := &clock{at("2026-11-23", "07:00")}
			e := newEngine(t, cfg, c)
			signIn(t, e, 1, 2)
			r := rand.New(rand.NewPCG(1, 2))
			worst := time.Duration(0)
			for step := 0; step < 2000; step++ {
				c.add(30 * time.Second)
				if r.IntN(10) < 9 { // arrivals slightly slower than service
					p := ""
					if r.IntN(2) == 0 {
						p = "pregnant"
					}
					mustIssue(t, e, []string{"A", "B"}[r.IntN(2)], p)
				}
				for _, k := range []int{1, 2} {
					e.Complete(k)
					if tk, _, err := e.CallNext(k); err == nil {
						worst = max(worst, c.t.Sub(tk.ArrivedAt))
					}
				}
			}
			if worst > 40*time.Minute {
				t.Errorf("worst wait %v exceeds the bound", worst)
			}
		})
	}
}

func TestEngine_CounterRules(t *testing.T) {
	c := &clock{at("2026-11-23", "08:00")}
	e := newEngine(t, testConfig(), c)
	mustIssue(t, e, "B", "")
	if _, _, err := e.CallNext(1); !errors.Is(err, ErrNotSignedIn) {
		t.Errorf("call without officer: err = %v", err)
	}
	signIn(t, e, 1, 2)
	if _, _, err := e.CallNext(1); !errors.Is(err, ErrNoneWaiting) {
		t.Errorf("counter 1 does not serve B: err = %v", err)
	}
	if _, _, err := e.CallNext(9); !errors.Is(err, ErrUnknownCounter) {
		t.Errorf("unknown counter: err = %v", err)
	}
	e.Pause(2, true)
	if _, _, err := e.CallNext(2); !errors.Is(err, ErrCounterPaused) {
		t.Errorf("paused: err = %v", err)
	}
	e.Pause(2, false)
	mustCall(t, e, 2)
	mustIssue(t, e, "A", "")
	if _, _, err := e.CallNext(2); !errors.Is(err, ErrCounterBusy) {
		t.Errorf("busy: err = %v", err)
	}
	for i := 0; i < 3; i++ {
		if _, _, err := e.Recall(2); err != nil {
			t.Fatalf("recall %d: %v", i+1, err)
		}
	}
	if _, _, err := e.Recall(2); !errors.Is(err, ErrRecallLimit) {
		t.Errorf("4th recall: err = %v", err)
	}
	if _, _, err := e.Start(2); err != nil {
		t.Fatal(err)
	}
	if _, _, err := e.Skip(2); !errors.Is(err, ErrBadTransition) {
		t.Errorf("skip while serving: err = %v", err)
	}
	done, _, err := e.Complete(2)
	if err != nil || done.Status != StatusDone || done.Officer != "cb02" || done.Counter != 2 {
		t.Fatalf("complete = %+v, %v", done, err)
	}
	if _, _, err := e.Complete(2); !errors.Is(err, ErrNoCurrent) {
		t.Errorf("complete twice: err = %v", err)
	}
}

func TestEngine_SkipAndReturn(t *testing.T) {
	c := &clock{at("2026-11-23", "08:00")}
	e := newEngine(t, testConfig(), c)
	signIn(t, e, 1)
	first := mustIssue(t, e, "A", "")
	c.add(time.Minute)
	mustIssue(t, e, "A", "")
	mustCall(t, e, 1)
	if tk, _, err := e.Skip(1); err != nil || tk.Status != StatusNoShow {
		t.Fatalf("skip: %+v %v", tk, err)
	}
	c.add(10 * time.Minute)
	if _, _, err := e.Return(first.Number); err != nil {
		t.Fatal(err)
	}
	if got := mustCall(t, e, 1).Number; got != first.Number {
		t.Errorf("after return the next call is %s, want %s (original arrival kept)", got, first.Number)
	}
	e.Skip(1)
	c.add(31 * time.Minute)
	if _, _, err := e.Return(first.ID); !errors.Is(err, ErrReturnExpired) {
		t.Errorf("late return: err = %v", err)
	}
}

func TestEngine_Transfer(t *testing.T) {
	c := &clock{at("2026-11-23", "08:00")}
	e := newEngine(t, testConfig(), c)
	signIn(t, e, 1, 2)
	early := mustIssue(t, e, "A", "")
	c.add(5 * time.Minute)
	mustIssue(t, e, "B", "")
	mustCall(t, e, 1)
	tk, evs, err := e.Transfer(early.ID, "B", 0)
	if err != nil {
		t.Fatal(err)
	}
	if tk.Status != StatusWaiting || tk.Service != "B" || !tk.ArrivedAt.Equal(early.ArrivedAt) {
		t.Errorf("transferred = %+v", tk)
	}
	if evs[len(evs)-1].From != "A" || evs[len(evs)-1].Counter.Current != "" {
		t.Errorf("event = %+v", evs[len(evs)-1])
	}
	if got := mustCall(t, e, 2).Number; got != early.Number {
		t.Errorf("counter 2 calls %s first, want the transferred %s (earlier arrival)", got, early.Number)
	}
	e.Complete(2)
	if _, _, err := e.Transfer(early.ID, "A", 0); !errors.Is(err, ErrBadTransition) {
		t.Errorf("transfer of a finished ticket: err = %v", err)
	}
	b := mustIssue(t, e, "B", "")
	if _, _, err := e.Transfer(b.ID, "B", 1); !errors.Is(err, ErrNotServed) {
		t.Errorf("transfer to a counter that does not serve B: err = %v", err)
	}
	if _, _, err := e.Transfer(b.ID, "Q", 0); !errors.Is(err, ErrUnknownService) {
		t.Errorf("unknown service: err = %v", err)
	}
	if tk, _, err := e.Transfer(b.ID, "A", 1); err != nil || tk.ToCounter != 1 {
		t.Fatalf("transfer to counter 1: %+v %v", tk, err)
	}
	mustIssue(t, e, "A", "")
	if got := mustCall(t, e, 2).Number; got == b.Number {
		t.Errorf("counter 2 called a ticket sent to counter 1")
	}
}

func TestEngine_Rate(t *testing.T) {
	c := &clock{at("2026-11-23", "08:00")}
	e := newEngine(t, testConfig(), c)
	signIn(t, e, 1)
	tk := mustIssue(t, e, "A", "")
	if _, _, err := e.Rate(tk.ID, 5, nil, "", "kiosk"); !errors.Is(err, ErrNotRateable) {
		t.Errorf("rate waiting ticket: err = %v", err)
	}
	mustCall(t, e, 1)
	e.Complete(1)
	for _, bad := range []struct {
		stars   int
		reasons []string
		source  string
	}{{0, nil, "kiosk"}, {6, nil, "kiosk"}, {2, []string{"rude"}, "kiosk"}, {3, nil, "phone"}} {
		if _, evs, err := e.Rate(tk.ID, bad.stars, bad.reasons, "", bad.source); !errors.Is(err, ErrBadRating) || len(evs) != 0 {
			t.Errorf("Rate(%v) err = %v, events %d", bad, err, len(evs))
		}
	}
	r, evs, err := e.Rate("a1", 2, []string{ReasonLongWait, ReasonLongWait, ReasonAttitude}, "", "counter")
	if err != nil {
		t.Fatal(err)
	}
	if r.Officer != "cb01" || r.Counter != 1 || r.Service != "A" || len(r.Reasons) != 2 {
		t.Errorf("rating = %+v", r)
	}
	if evs[0].Kind != EventRated || !evs[0].Ticket.Rated {
		t.Errorf("event = %+v", evs[0])
	}
	if _, _, err := e.Rate(tk.ID, 5, nil, "", "kiosk"); !errors.Is(err, ErrAlreadyRated) {
		t.Errorf("second rating: err = %v", err)
	}
}

func TestEngine_RolloverAtMidnight(t *testing.T) {
	cfg := testConfig()
	c := &clock{at("2026-11-23", "23:59")}
	e := newEngine(t, cfg, c)
	signIn(t, e, 1)
	mustIssue(t, e, "A", "")
	mustIssue(t, e, "A", "")
	mustCall(t, e, 1)
	c.add(90 * time.Second) // 00:00:30 the next day
	tk, evs, err := e.Issue("A", "")
	if err != nil {
		t.Fatal(err)
	}
	if tk.Number != "A001" || tk.Day != "2026-11-24" {
		t.Errorf("first ticket of the new day = %s %s", tk.Number, tk.Day)
	}
	expired := 0
	for _, ev := range evs {
		if ev.Kind == EventExpired {
			expired++
		}
	}
	if expired != 2 {
		t.Errorf("expired %d leftover tickets, want 2", expired)
	}
	if cur := e.Snapshot().Counters[0].Current; cur != "" {
		t.Errorf("counter still holds %s after rollover", cur)
	}
}

func TestEngine_RolloverHour(t *testing.T) {
	cfg := testConfig()
	cfg.RolloverHour = 3
	e := newEngine(t, cfg, &clock{at("2026-11-24", "02:59")})
	if got := e.Day(); got != "2026-11-23" {
		t.Errorf("02:59 belongs to %s, want the previous day", got)
	}
	e2 := newEngine(t, cfg, &clock{at("2026-11-24", "03:00")})
	if got := e2.Day(); got != "2026-11-24" {
		t.Errorf("03:00 belongs to %s", got)
	}
}

func TestEngine_RestoreNeverReusesNumbers(t *testing.T) {
	// Restart at every minute around midnight: numbers continue, and the
	// new day starts at 001 with a different ID.
	for _, restartAt := range []string{"23:58", "23:59", "00:00", "00:01"} {
		t.Run(restartAt, func(t *testing.T) {
			c := &clock{at("2026-11-23", "23:57")}
			e := newEngine(t, testConfig(), c)
			var stored []Ticket
			ids := map[string]bool{}
			issue := func(e *Engine) {
				tk, evs, err := e.Issue("A", "")
				if err != nil {
					t.Fatal(err)
				}
				if ids[tk.ID] {
					t.Fatalf("ticket %s issued twice", tk.ID)
				}
				ids[tk.ID] = true
				for _, ev := range evs {
					if ev.Ticket != nil {
						stored = upsert(stored, *ev.Ticket)
					}
				}
			}
			for c.t.Before(restartAtTime(restartAt)) {
				issue(e)
				c.add(20 * time.Second)
			}
			e2 := newEngine(t, testConfig(), c)
			e2.Restore(stored, nil)
			for range 10 {
				issue(e2)
				c.add(20 * time.Second)
			}
		})
	}
}

func restartAtTime(hm string) time.Time {
	if hm[0] == '0' {
		return at("2026-11-24", hm)
	}
	return at("2026-11-23", hm)
}

func upsert(ts []Ticket, t Ticket) []Ticket {
	for i := range ts {
		if ts[i].ID == t.ID {
			ts[i] = t
			return ts
		}
	}
	return append(ts, t)
}

func TestEngine_ClockGoesBack(t *testing.T) {
	c := &clock{at("2026-11-24", "00:01")}
	e := newEngine(t, testConfig(), c)
	tk := mustIssue(t, e, "A", "")
	c.add(-3 * time.Minute) // NTP steps the clock back over midnight
	again := mustIssue(t, e, "A", "")
	if again.ID == tk.ID || again.Day != tk.Day {
		t.Errorf("after the clock went back: %s then %s", tk.ID, again.ID)
	}
	e2 := newEngine(t, testConfig(), c)
	e2.Restore([]Ticket{tk, again}, nil)
	if third := mustIssue(t, e2, "A", ""); third.Number != "A003" {
		t.Errorf("restored engine issued %s, want A003", third.ID)
	}
}

func TestEngine_Estimate(t *testing.T) {
	c := &clock{at("2026-11-23", "08:00")}
	cfg := testConfig()
	cfg.DefaultServiceMinutes = 6
	e := newEngine(t, cfg, c)
	for range 4 {
		mustIssue(t, e, "A", "")
	}
	last := mustIssue(t, e, "A", "")
	est := e.AheadOfNew(last)
	// 4 ahead, 6 min each, 2 counters configured for A, none open yet.
	if est.Ahead != 4 || est.Wait != 12*time.Minute {
		t.Errorf("estimate = %+v", est)
	}
	if got, _ := e.EstimateFor(last.Number); got != est {
		t.Errorf("EstimateFor = %+v, AheadOfNew = %+v", got, est)
	}
	signIn(t, e, 1)
	mustCall(t, e, 1)
	c.add(2 * time.Minute)
	e.Complete(1)
	// Counter 1 open alone, mean service time 2 minutes, 3 ahead.
	if got, _ := e.EstimateFor(last.Number); got.Ahead != 3 || got.Wait != 6*time.Minute {
		t.Errorf("after one served: %+v", got)
	}
}

// TestOpenCounters: a counter counts for a service while an officer is
// signed in at it and it is not paused, and only for the services it serves.
func TestOpenCounters(t *testing.T) {
	c := &clock{at("2026-11-23", "08:00")}
	e := newEngine(t, testConfig(), c) // counter 1 serves A; counter 2 serves A and B
	open := func() [2]int {
		cs := e.Counters()
		return [2]int{OpenCounters(cs, "A"), OpenCounters(cs, "B")}
	}
	steps := []struct {
		name string
		do   func()
		want [2]int
	}{
		{"nobody signed in", func() {}, [2]int{0, 0}},
		{"counter 1 signed in", func() { signIn(t, e, 1) }, [2]int{1, 0}},
		{"counter 2 signed in", func() { signIn(t, e, 2) }, [2]int{2, 1}},
		{"counter 2 paused", func() { e.Pause(2, true) }, [2]int{1, 0}},
		{"counter 1 signed out", func() { e.SignOut(1) }, [2]int{0, 0}},
		{"counter 2 back", func() { e.Pause(2, false) }, [2]int{1, 1}},
	}
	for _, s := range steps {
		s.do()
		if got := open(); got != s.want {
			t.Errorf("%s: open for A, B = %v, want %v", s.name, got, s.want)
		}
	}
}

func TestConfig_Validate(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(*Config)
		field  string
	}{
		{"ok", func(*Config) {}, ""},
		{"no office", func(c *Config) { c.Office.Name = " " }, "office.name"},
		{"bad code", func(c *Config) { c.Services[0].Code = "a1" }, "services[0].code"},
		{"dup code", func(c *Config) { c.Services[1].Code = "A" }, "services[1].code"},
		{"bad window", func(c *Config) { c.Services[0].Windows = []Window{{"11:00", "07:00"}} }, "services[0].windows"},
		{"cap", func(c *Config) { c.Services[0].DailyCap = -1 }, "services[0].daily_cap"},
		{"counter service", func(c *Config) { c.Counters[0].Services = []string{"Z"} }, "counters[0].services"},
		{"procedure field", func(c *Config) { c.ProcedureServices = map[string]string{"ho-tich": "A", "dat-dai": "Z"} }, "procedure_services.dat-dai"},
		{"tz", func(c *Config) { c.TimeZone = "Mars/Olympus" }, "time_zone"},
		{"mode", func(c *Config) { c.Policy.Mode = "random" }, "policy.mode"},
		{"rollover", func(c *Config) { c.RolloverHour = 24 }, "rollover_hour"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := DefaultConfig()
			tt.mutate(&c)
			err := c.Validate()
			var fe *FieldError
			switch {
			case tt.field == "" && err != nil:
				t.Fatalf("err = %v", err)
			case tt.field != "" && (!errors.As(err, &fe) || fe.Field != tt.field):
				t.Fatalf("err = %v, want field %s", err, tt.field)
			case tt.field != "" && (fe.Msg == "" || !errors.Is(err, ErrInvalidConfig)):
				t.Fatalf("err %v lacks a Vietnamese message", err)
			}
		})
	}
}

func TestEngine_SetConfigKeepsQueue(t *testing.T) {
	c := &clock{at("2026-11-23", "08:00")}
	e := newEngine(t, testConfig(), c)
	mustIssue(t, e, "A", "")
	bad := testConfig()
	bad.Services[0].Code = "?"
	if err := e.SetConfig(bad); err == nil {
		t.Fatal("invalid config accepted")
	}
	if got := e.Config().Services[0].Code; got != "A" {
		t.Fatalf("invalid config half applied: %s", got)
	}
	good := testConfig()
	good.Services[0].Name = "Đăng ký đất đai"
	if err := e.SetConfig(good); err != nil {
		t.Fatal(err)
	}
	if got := mustIssue(t, e, "A", "").Number; got != "A002" {
		t.Errorf("after a config change the next number is %s", got)
	}
}

func TestNormalizeNumber(t *testing.T) {
	for in, want := range map[string]string{"a12": "A012", " A012 ": "A012", "AB7": "AB007", "A1234": "A1234", "12": "", "A": "", "A0": "", "ABC1": "", "A1x": ""} {
		got, ok := NormalizeNumber(in)
		if got != want || ok != (want != "") {
			t.Errorf("NormalizeNumber(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
}

func TestEngine_OfficerStats(t *testing.T) {
	c := &clock{at("2026-11-23", "08:00")}
	e := newEngine(t, testConfig(), c)
	signIn(t, e, 1)
	for range 3 {
		mustIssue(t, e, "A", "")
	}
	a := mustCall(t, e, 1)
	e.Complete(1)
	mustCall(t, e, 1)
	e.Skip(1)
	mustCall(t, e, 1)
	e.Complete(1)
	e.Rate(a.ID, 4, nil, "", "kiosk")
	want := DayStats{Served: 2, NoShows: 1, Ratings: 1, StarSum: 4}
	if got := e.OfficerStats("cb01"); got != want {
		t.Errorf("stats = %+v, want %+v", got, want)
	}
	if got := e.Counters()[0].Today; got != want {
		t.Errorf("counter view today = %+v", got)
	}
	if ns := e.Snapshot().NoShows; len(ns) != 1 || ns[0].Number != "A002" {
		t.Errorf("no-shows = %+v", ns)
	}
	// A restart rebuilds the totals from the tickets.
	var stored []Ticket
	for _, n := range []string{"A001", "A002", "A003"} {
		tk, _ := e.Ticket(n)
		stored = append(stored, tk)
	}
	e2 := newEngine(t, testConfig(), c)
	e2.Restore(stored, []CounterState{{Number: 1, Officer: "cb01"}})
	if got := e2.OfficerStats("cb01"); got != want {
		t.Errorf("after restore stats = %+v, want %+v", got, want)
	}
}

func TestEngine_TicketByRef(t *testing.T) {
	e := newEngine(t, testConfig(), &clock{at("2026-11-23", "08:00")})
	tk := mustIssue(t, e, "B", "")
	got, err := e.Ticket(tk.Ref)
	if err != nil || got.ID != tk.ID {
		t.Fatalf("Ticket(ref) = %+v, %v", got, err)
	}
	if _, err := e.Ticket("aaaaaaaaaaaaaaaa"); !errors.Is(err, ErrUnknownTicket) {
		t.Errorf("unknown ref: err = %v", err)
	}
}
