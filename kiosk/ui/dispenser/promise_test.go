package dispenser

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2/container"

	"github.com/motcua-kiosk/motcua/kiosk/queue"
	"github.com/motcua-kiosk/motcua/kiosk/ui"
)

// live follows the hub's events as the kiosk does, until the test ends.
func (r *rig) live(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { r.d.Run(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
}

// signIn opens counter n with an officer of its own.
func (r *rig) signIn(t *testing.T, n int) {
	t.Helper()
	ctx := context.Background()
	id, pin := fmt.Sprintf("cb%02d", n), fmt.Sprintf("%d%d%d%d", n, n, n, n)
	if err := r.st.SetOfficer(ctx, id, "Cán bộ "+id, pin); err != nil {
		t.Fatal(err)
	}
	if _, err := r.h.SignIn(ctx, n, id, pin); err != nil {
		t.Fatal(err)
	}
}

// tile is a service button's lines, joined; call it under ui.Locked (as
// waitFor's conditions are).
func tile(r *rig, code string) string { return strings.Join(r.d.ServiceButton(code).Lines, " | ") }

func linesOf(r *rig, code string) (lines string) {
	ui.Locked(func() { lines = tile(r, code) })
	return lines
}

func waitText(r *rig) (s string) {
	ui.Locked(func() { s = r.d.ticketUI.wait.Text })
	return s
}

// TestDispenser_NoCounterOpen is the walk-through of issue 12: counter 1
// (Đất đai only) is open and nobody sits at counters 2 and 3, the ones for
// Hộ tịch (B). B's tile says no counter is open yet and that a number can
// still be taken; an elderly citizen's B001 is not promised "gọi ngay" on
// screen nor minutes on paper; once counter 2 opens the screen and the
// tile give the wait among the counters open, not among those configured.
func TestDispenser_NoCounterOpen(t *testing.T) {
	for _, lang := range []ui.Lang{ui.LangVI, ui.LangEN} {
		t.Run(string(lang), func(t *testing.T) {
			tr := ui.Tr{Lang: lang}
			r := newRig(t, openConfig(0), portrait)
			r.live(t)
			r.signIn(t, 1)
			tap(r.d.LangButton(lang))
			waitFor(t, "A's tile to see counter 1", func() bool { return r.d.open("A") == 1 })
			if got, want := linesOf(r, "A"), tr.L("home.waiting", map[string]any{"N": 0})+" · "+tr.L("home.wait_none"); got != want {
				t.Errorf("A, counter 1 open: tile says %q, want %q", got, want)
			}
			noCounter := tr.L("home.waiting", map[string]any{"N": 0}) + " · " + tr.L("home.no_counter")
			if got := linesOf(r, "B"); got != noCounter {
				t.Errorf("B, no counter open: tile says %q, want %q", got, noCounter)
			}

			tap(r.d.PriorityButton("elderly"))
			tap(r.d.ServiceButton("B"))
			waitFor(t, "printed", func() bool { return r.d.PrintState() == "printed" })
			if got, want := waitText(r), tr.L("ticket.no_counter"); got != want {
				t.Errorf("B001 on screen: %q, want %q", got, want)
			}
			// On paper: the time, the people ahead, and no minutes.
			want := []string{tr.L("ticket.ahead", map[string]any{"N": 0}), tr.L("ticket.no_counter")}
			if got := r.p.Printed()[0].Lines[1:]; strings.Join(got, " | ") != strings.Join(want, " | ") {
				t.Errorf("B001 on paper: %q, want %q after the time", got, want)
			}

			// Counter 2 opens while the number is still on screen.
			r.signIn(t, 2)
			waitFor(t, "the ticket screen to follow counter 2", func() bool { return r.d.ticketUI.wait.Text == tr.L("ticket.wait_none") })

			// A second B ticket (normal): one ahead, 6 min (the default) at
			// the one counter open, not 3 min shared with closed counter 3.
			ui.Locked(func() { r.d.Home() })
			tap(r.d.LangButton(lang)) // home is Vietnamese again
			waitFor(t, "B's tile with one waiting", func() bool {
				return tile(r, "B") == tr.L("home.waiting", map[string]any{"N": 1})+" · "+tr.L("home.wait_est", map[string]any{"Min": 6})
			})
			tap(r.d.ServiceButton("B"))
			waitFor(t, "B002", func() bool { return r.d.Issued().Ticket.Number == "B002" })
			if got, want := waitText(r), tr.L("ticket.wait", map[string]any{"Min": 6}); got != want {
				t.Errorf("B002 with counter 2 open: %q, want %q", got, want)
			}

			// Counter 2 pauses: no promise any more.
			if err := r.h.Pause(context.Background(), 2, true); err != nil {
				t.Fatal(err)
			}
			waitFor(t, "the ticket screen to follow the pause", func() bool { return r.d.ticketUI.wait.Text == tr.L("ticket.no_counter") })
			ui.Locked(func() { r.d.Home() })
			tap(r.d.LangButton(lang)) // home is Vietnamese again
			waitFor(t, "B's tile after the pause", func() bool {
				return tile(r, "B") == tr.L("home.waiting", map[string]any{"N": 2})+" · "+tr.L("home.no_counter")
			})
		})
	}
}

// TestDispenser_NothingPromisedBeforeState: until the hub has answered,
// a tile says nothing about the wait (it does not know).
func TestDispenser_NothingPromisedBeforeState(t *testing.T) {
	r := newRig(t, openConfig(0), portrait)
	ui.Locked(func() {
		r.d.services, r.d.counters = nil, nil
		r.d.refreshServices()
		if got := r.d.ServiceButton("A").Lines; len(got) != 0 {
			t.Errorf("before any state the tile says %q, want nothing", got)
		}
	})
}

// TestDispenser_BusyCounterIsNotAtOnce: counter 1 (Đất đai) is open but
// busy with A001 and nobody waits. A's tile does not say "Không phải chờ"
// and A002's screen does not say "gọi ngay": the citizen is next. Once the
// counter is free again, nobody ahead is "gọi ngay" again.
func TestDispenser_BusyCounterIsNotAtOnce(t *testing.T) {
	for _, lang := range []ui.Lang{ui.LangVI, ui.LangEN} {
		t.Run(string(lang), func(t *testing.T) {
			tr := ui.Tr{Lang: lang}
			ctx := context.Background()
			r := newRig(t, openConfig(0), portrait)
			ui.Locked(func() { r.w.SetContent(container.NewThemeOverride(r.d.Content(), ui.Theme{})) })
			r.live(t)
			r.signIn(t, 1)
			if _, err := r.h.Issue(ctx, "A", ""); err != nil {
				t.Fatal(err)
			}
			if _, err := r.h.CallNext(ctx, 1); err != nil {
				t.Fatal(err)
			}
			tap(r.d.LangButton(lang))
			next := tr.L("home.waiting", map[string]any{"N": 0}) + " · " + tr.L("home.wait_next")
			waitFor(t, "A's tile to see counter 1 busy", func() bool { return tile(r, "A") == next })
			r.settle()
			r.capture(t, "dispenser-busy-counter-home-portrait-"+string(lang))

			tap(r.d.ServiceButton("A"))
			waitFor(t, "A002", func() bool { return r.d.Issued().Ticket.Number == "A002" })
			if got, want := waitText(r), tr.L("ticket.wait_next"); got != want {
				t.Errorf("A002 behind a busy counter: %q, want %q", got, want)
			}
			r.settle()
			r.capture(t, "dispenser-busy-counter-ticket-portrait-"+string(lang))

			// A001 done, A002 called and done: counter 1 is free, nobody waits.
			for _, op := range []func(context.Context, int) (queue.Ticket, error){r.h.Complete, r.h.CallNext, r.h.Complete} {
				if _, err := op(ctx, 1); err != nil {
					t.Fatal(err)
				}
			}
			ui.Locked(func() { r.d.Home() })
			tap(r.d.LangButton(lang))
			atOnce := tr.L("home.waiting", map[string]any{"N": 0}) + " · " + tr.L("home.wait_none")
			waitFor(t, "A's tile to see counter 1 free", func() bool { return tile(r, "A") == atOnce })
			tap(r.d.ServiceButton("A"))
			waitFor(t, "A003", func() bool { return r.d.Issued().Ticket.Number == "A003" })
			if got, want := waitText(r), tr.L("ticket.wait_none"); got != want {
				t.Errorf("A003 at a free counter: %q, want %q", got, want)
			}
		})
	}
}
