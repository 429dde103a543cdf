package bookings

import (
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/motcua-kiosk/motcua/kiosk/queue"
)

// orderConfig: one service served by two counters, open every day all day.
func orderConfig(mode string) queue.Config {
	c := queue.DefaultConfig()
	c.Services = []queue.Service{{Code: "A", Name: "Đất đai", Days: []time.Weekday{0, 1, 2, 3, 4, 5, 6}}}
	c.Counters = []queue.Counter{{Number: 1, Services: []string{"A"}}, {Number: 2, Services: []string{"A"}}}
	c.Policy.Mode = mode
	c.Policy.MaxWaitMinutes = 45
	return c
}

func newEngine(t *testing.T, cfg queue.Config, c *fakeClock) *queue.Engine {
	t.Helper()
	e, err := queue.New(cfg, c.now)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range cfg.Counters {
		if _, err := e.SignIn(k.Number, fmt.Sprintf("cb%02d", k.Number)); err != nil {
			t.Fatal(err)
		}
	}
	return e
}

// expect is the calling policy as the queue's documentation states it,
// written again here from the waiting list: anyone whose effective wait
// reached MaxWaitMinutes first (longest first), then priority or normal by
// the policy mode, each by longest effective wait (Since), ties by ID.
func expect(cfg queue.Config, waiting []queue.Ticket, normalSince int, now time.Time, since func(*queue.Ticket) time.Time) string {
	less := func(a, b *queue.Ticket) bool {
		if b == nil {
			return true
		}
		if as, bs := since(a), since(b); !as.Equal(bs) {
			return as.Before(bs)
		}
		return a.ID < b.ID
	}
	var aged, prio, normal *queue.Ticket
	for i := range waiting {
		t := &waiting[i]
		if now.Sub(since(t)) >= time.Duration(cfg.Policy.MaxWaitMinutes)*time.Minute && less(t, aged) {
			aged = t
		}
		if t.Priority != "" {
			if less(t, prio) {
				prio = t
			}
		} else if less(t, normal) {
			normal = t
		}
	}
	pick := normal
	switch {
	case aged != nil:
		pick = aged
	case prio == nil:
	case normal == nil || cfg.Policy.Mode == queue.PolicyStrict || normalSince >= cfg.Policy.InterleaveN:
		pick = prio
	}
	if pick == nil {
		return ""
	}
	return pick.ID
}

// day runs a random day of walk-ins (some priority) and, when booked,
// booked tickets checked in between 15 minutes early and 10 late, with two
// counters calling and completing; at every call it checks the engine's
// choice against expect. It returns every ticket's wait from its Since to
// its call.
func day(t *testing.T, seed uint64, mode string, booked bool) map[string]time.Duration {
	t.Helper()
	rng := rand.New(rand.NewPCG(seed, 7))
	cfg := orderConfig(mode)
	c := &fakeClock{at("2026-12-08", "07:00")}
	e := newEngine(t, cfg, c)
	waits := map[string]time.Duration{}
	busy := map[int]time.Time{}
	end := at("2026-12-08", "17:00")
	for c.t.Before(end) || len(e.Snapshot().Waiting) > 0 {
		c.t = c.t.Add(time.Duration(1+rng.IntN(90)) * time.Second)
		if c.t.Before(end) && rng.IntN(4) == 0 {
			prio := ""
			if rng.IntN(5) == 0 {
				prio = "elderly"
			}
			if booked && rng.IntN(3) == 0 {
				// Slots every 15 minutes; the citizen checks in 15 early
				// to 10 late.
				slot := c.t.Add(time.Duration(rng.IntN(26)-10) * time.Minute).Truncate(15 * time.Minute)
				if _, _, err := e.IssueBooked("A", prio, WaitFrom(slot, c.t)); err != nil {
					t.Fatal(err)
				}
			} else if _, _, err := e.Issue("A", prio); err != nil {
				t.Fatal(err)
			}
		}
		for _, k := range []int{1, 2} {
			if until, ok := busy[k]; ok {
				if c.t.Before(until) {
					continue
				}
				if _, _, err := e.Complete(k); err != nil {
					t.Fatal(err)
				}
				delete(busy, k)
			}
			st := e.Snapshot()
			want := expect(cfg, st.Waiting, st.Counters[k-1].NormalSince, c.t, (*queue.Ticket).Since)
			got, _, err := e.CallNext(k)
			if errors.Is(err, queue.ErrNoneWaiting) && want == "" {
				continue
			}
			if err != nil || got.ID != want {
				t.Fatalf("seed %d %s at %s counter %d: called %s (%v), the policy says %s", seed, mode, c.t.Format("15:04:05"), k, got.ID, err, want)
			}
			waits[got.ID] = c.t.Sub(got.Since())
			busy[k] = c.t.Add(time.Duration(3+rng.IntN(6)) * time.Minute)
		}
	}
	return waits
}

// The engine calls by longest effective wait within the priority policy,
// booked tickets included, in both policy modes; and every ticket is
// called in the end.
func TestEngine_CallsByEffectiveWait(t *testing.T) {
	for _, mode := range []string{queue.PolicyInterleave, queue.PolicyStrict} {
		for seed := range uint64(15) {
			waits := day(t, seed, mode, true)
			if len(waits) == 0 {
				t.Fatalf("seed %d: nobody called", seed)
			}
		}
	}
}

// Walk-ins alone are called exactly as before bookings existed: by
// arrival (ArrivedAt) within the priority policy.
func TestEngine_WalkInPolicyUnchanged(t *testing.T) {
	arrival := func(t *queue.Ticket) time.Time { return t.ArrivedAt }
	for _, mode := range []string{queue.PolicyInterleave, queue.PolicyStrict} {
		for seed := range uint64(30) {
			rng := rand.New(rand.NewPCG(seed, 11))
			cfg := orderConfig(mode)
			c := &fakeClock{at("2026-12-08", "07:00")}
			e := newEngine(t, cfg, c)
			for range 200 {
				c.t = c.t.Add(time.Duration(rng.IntN(120)) * time.Second)
				switch rng.IntN(3) {
				case 0, 1:
					prio := ""
					if rng.IntN(3) == 0 {
						prio = "disabled"
					}
					if _, _, err := e.Issue("A", prio); err != nil {
						t.Fatal(err)
					}
				default:
					k := 1 + rng.IntN(2)
					e.Complete(k)
					st := e.Snapshot()
					want := expect(cfg, st.Waiting, st.Counters[k-1].NormalSince, c.t, arrival)
					got, _, _ := e.CallNext(k)
					if got.ID != want {
						t.Fatalf("seed %d %s: called %q, the walk-in policy says %q", seed, mode, got.ID, want)
					}
				}
			}
		}
	}
}

// No starvation: with priority citizens arriving faster than two counters
// serve them (strict mode), a walk-in and a booked citizen are still
// called once their effective wait reaches MaxWaitMinutes, before anyone
// whose wait started later.
func TestEngine_NoStarvation(t *testing.T) {
	cfg := orderConfig(queue.PolicyStrict)
	c := &fakeClock{at("2026-12-08", "08:00")}
	e := newEngine(t, cfg, c)
	walkIn, _, _ := e.Issue("A", "")
	booked, _, _ := e.IssueBooked("A", "", at("2026-12-08", "08:05"))
	called := map[string]time.Time{}
	for c.t.Before(at("2026-12-08", "11:00")) {
		for range 3 { // three priority citizens every 5 minutes; two counters serve two
			if _, _, err := e.Issue("A", "pregnant"); err != nil {
				t.Fatal(err)
			}
		}
		for _, k := range []int{1, 2} {
			e.Complete(k)
			if tk, _, err := e.CallNext(k); err == nil {
				called[tk.ID] = c.t
			}
		}
		c.t = c.t.Add(5 * time.Minute)
	}
	maxWait := time.Duration(cfg.Policy.MaxWaitMinutes) * time.Minute
	for _, tk := range []queue.Ticket{walkIn, booked} {
		at, ok := called[tk.ID]
		if !ok {
			t.Fatalf("%s (booked %v) was never called", tk.Number, tk.Booked())
		}
		// Calls happen every 5 minutes: called at the first round after
		// its wait reached MaxWait.
		if w := at.Sub(tk.Since()); w < maxWait || w >= maxWait+5*time.Minute {
			t.Errorf("%s called after %v from %s, want in [%v, %v)", tk.Number, w, tk.Since().Format("15:04"), maxWait, maxWait+5*time.Minute)
		}
	}
	if !called[walkIn.ID].Before(called[booked.ID]) && !called[walkIn.ID].Equal(called[booked.ID]) {
		t.Errorf("walk-in from 08:00 called at %v after the booking from 08:05 at %v", called[walkIn.ID], called[booked.ID])
	}
}

// FIFO among equal effective waits: citizens of one slot who checked in
// early all wait from the slot's start and are called in check-in order;
// a walk-in who came before the slot goes first, one who came at the very
// minute of the slot after them (issued last).
func TestEngine_FIFOAmongEqualWaits(t *testing.T) {
	cfg := orderConfig(queue.PolicyInterleave)
	c := &fakeClock{at("2026-12-08", "08:45")}
	e := newEngine(t, cfg, c)
	slot := at("2026-12-08", "09:00")
	var want []string
	issue := func(hm string, book bool) {
		c.t = at("2026-12-08", hm)
		var tk queue.Ticket
		var err error
		if book {
			tk, _, err = e.IssueBooked("A", "", WaitFrom(slot, c.t))
		} else {
			tk, _, err = e.Issue("A", "")
		}
		if err != nil {
			t.Fatal(err)
		}
		want = append(want, tk.Number)
	}
	issue("08:50", true)
	issue("08:52", true)
	issue("08:55", true)
	issue("09:00", false)
	issue("08:58", false) // clock goes back: a walk-in who came before the slot
	want = append([]string{want[4]}, want[:4]...)
	var got []string
	for range want {
		tk, _, err := e.CallNext(1)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, tk.Number)
		e.Complete(1)
	}
	if !slices.Equal(got, want) {
		t.Errorf("called %v, want %v", got, want)
	}
}

// A booked ticket is issued even when walk-ins have used the daily cap or
// the issuing hours are over (its place was reserved), but not for a
// disabled service.
func TestEngine_IssueBookedReserved(t *testing.T) {
	cfg := queue.DefaultConfig() // 07:00-11:15, 13:15-16:30, caps
	cfg.Services[0].DailyCap = 1
	c := &fakeClock{at("2026-12-08", "08:00")}
	e := newEngine(t, cfg, c)
	if _, _, err := e.Issue("A", ""); err != nil {
		t.Fatal(err)
	}
	if _, _, err := e.Issue("A", ""); err == nil {
		t.Fatal("cap of 1 gave a second walk-in ticket")
	}
	tk, _, err := e.IssueBooked("A", "", at("2026-12-08", "08:00"))
	if err != nil || !tk.Booked() || !tk.Since().Equal(at("2026-12-08", "08:00")) {
		t.Fatalf("booked ticket past the cap: %+v, %v", tk, err)
	}
	c.t = at("2026-12-08", "11:20")
	if _, _, err := e.IssueBooked("B", "", c.t); err != nil {
		t.Fatalf("booked ticket after the window: %v", err)
	}
	cfg.Services[1].Disabled = true
	if err := e.SetConfig(cfg); err != nil {
		t.Fatal(err)
	}
	var u *queue.Unavailable
	if _, _, err := e.IssueBooked("B", "", c.t); !errors.As(err, &u) || u.Reason != queue.ReasonDisabled {
		t.Fatalf("disabled service: %v", err)
	}
}

// A restart (the hub rebuilds the engine from the stored tickets) keeps a
// booked ticket's effective wait: it is still called after the walk-in
// who came before its slot and before the one who came after.
func TestEngine_RestoreKeepsWaitFrom(t *testing.T) {
	cfg := orderConfig(queue.PolicyInterleave)
	c := &fakeClock{at("2026-12-08", "08:50")}
	e := newEngine(t, cfg, c)
	booked, _, _ := e.IssueBooked("A", "", at("2026-12-08", "09:00")) // came 08:50
	c.t = at("2026-12-08", "08:55")
	before, _, _ := e.Issue("A", "")
	c.t = at("2026-12-08", "09:02")
	after, _, _ := e.Issue("A", "")
	// What the store keeps is the tickets' JSON.
	var stored []queue.Ticket
	for _, tk := range e.Snapshot().Waiting {
		b, _ := json.Marshal(tk)
		var back queue.Ticket
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatal(err)
		}
		stored = append(stored, back)
	}
	e2 := newEngine(t, cfg, c)
	e2.Restore(stored, nil)
	for _, k := range []int{1, 2} {
		if _, err := e2.SignIn(k, fmt.Sprintf("cb%02d", k)); err != nil {
			t.Fatal(err)
		}
	}
	var got []string
	for range 3 {
		tk, _, err := e2.CallNext(1)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, tk.Number)
		e2.Complete(1)
	}
	if want := []string{before.Number, booked.Number, after.Number}; !slices.Equal(got, want) {
		t.Errorf("after a restart called %v, want %v", got, want)
	}
}
