package dispenser

import (
	"context"
	"fmt"
	"testing"
	"time"

	"fyne.io/fyne/v2"

	"github.com/motcua-kiosk/motcua/kiosk/ui"
)

// centre is the middle of o in the window, where a finger taps it.
func (r *rig) centre(o fyne.CanvasObject) (p fyne.Position) {
	ui.Locked(func() {
		at := placeOf(r.w, o)
		p = fyne.NewPos(at.x+at.w/2, at.y+at.h/2)
	})
	return p
}

func (r *rig) issued(t *testing.T, code string) int {
	t.Helper()
	st, err := r.h.State(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range st.Services {
		if s.Code == code {
			return s.Issued
		}
	}
	t.Fatalf("no service %s", code)
	return 0
}

// TestDispenser_TapGuard: for TapGuard after a screen changes, a tap does
// nothing; after it, the same tap works. Taps go through the window, as a
// finger's do, so the tap lands on whatever is drawn on top there.
func TestDispenser_TapGuard(t *testing.T) {
	for _, size := range []fyne.Size{portrait, landscape} {
		t.Run(fmt.Sprint(size), func(t *testing.T) {
			r := newRig(t, openConfig(0), size)
			r.settle()
			tileA := r.centre(r.d.ServiceButton("A"))
			r.tapAt(tileA)
			waitFor(t, "ticket screen", func() bool { return r.d.Screen() == ScreenTicket })
			done := r.centre(r.d.DoneButton())

			// The ticket has just come up: "Xong" does nothing yet.
			r.tapAt(done)
			if got := screenOf(r); got != ScreenTicket {
				t.Fatalf("a tap on Xong at once after the ticket came up went to %q", got)
			}
			r.clock.Advance(TapGuard - time.Millisecond)
			r.tapAt(done)
			if got := screenOf(r); got != ScreenTicket {
				t.Fatalf("a tap on Xong %v after the ticket came up went to %q", TapGuard-time.Millisecond, got)
			}
			r.clock.Advance(time.Millisecond)
			r.tapAt(done)
			if got := screenOf(r); got != ScreenHome {
				t.Fatalf("a tap on Xong after the guard: screen %q, want home", got)
			}

			// Home has just come up: a late tap where Xong was, or on a
			// tile, does nothing; once the guard is down a tile gives a
			// ticket.
			r.tapAt(done)
			r.tapAt(tileA)
			ui.Locked(func() {
				if got, want := r.d.Screen(), ScreenHome; got != want {
					t.Errorf("late taps on the new home screen went to %q", got)
				}
				if got, want := r.d.Lang(), ui.LangVI; got != want {
					t.Errorf("a late tap changed the language to %q", got)
				}
			})
			if got, want := r.issued(t, "A"), 1; got != want {
				t.Errorf("%d tickets of A after late taps, want %d", got, want)
			}
			r.settle()
			r.tapAt(tileA)
			waitFor(t, "second ticket", func() bool { return r.d.Screen() == ScreenTicket && r.d.Issued().Ticket.Number == "A002" })
		})
	}
}

// TestDispenser_DoubleTapOnTileOneTicket: two taps on a tile a moment
// apart, as an unsure finger gives them, are one ticket, and the second
// does not close the ticket screen (which goes home at a tap anywhere)
// before the citizen has seen the number.
func TestDispenser_DoubleTapOnTileOneTicket(t *testing.T) {
	for _, gap := range []time.Duration{0, 300 * time.Millisecond, TapGuard - time.Millisecond} {
		t.Run(gap.String(), func(t *testing.T) {
			r := newRig(t, openConfig(0), portrait)
			r.settle()
			tileB := r.centre(r.d.ServiceButton("B"))
			r.tapAt(tileB)
			waitFor(t, "ticket screen", func() bool { return r.d.Screen() == ScreenTicket })
			r.clock.Advance(gap)
			r.tapAt(tileB)
			if got := screenOf(r); got != ScreenTicket {
				t.Errorf("the second tap, %v later, went to %q", gap, got)
			}
			if got, want := r.issued(t, "B"), 1; got != want {
				t.Errorf("%d tickets issued, want %d", got, want)
			}
		})
	}
}

// TestDispenser_IdleBackToVietnamese: English chosen and left on the home
// screen goes back to Vietnamese, with no priority and the first page,
// after HomeIdle without a touch; a touch starts the idle time again.
func TestDispenser_IdleBackToVietnamese(t *testing.T) {
	r := newRig(t, openConfig(0), portrait)
	tap(r.d.LangButton(ui.LangEN))
	r.clock.Advance(HomeIdle / 2)
	tap(r.d.PriorityButton("elderly")) // still in use
	r.clock.Advance(HomeIdle - time.Millisecond)
	ui.Locked(func() {
		if got, want := r.d.Lang(), ui.LangEN; got != want {
			t.Fatalf("language %q %v after the last touch, want %q still", got, HomeIdle-time.Millisecond, want)
		}
	})
	r.clock.Advance(time.Millisecond)
	ui.Locked(func() {
		if got, want := r.d.Lang(), ui.LangVI; got != want {
			t.Errorf("language %q after %v untouched, want %q", got, HomeIdle, want)
		}
		if got := r.d.Priority(); got != "" {
			t.Errorf("priority %q kept for the next citizen", got)
		}
		if got, want := r.d.ServiceButton("A").Title, "Đất đai"; got != want {
			t.Errorf("tile A says %q, want %q", got, want)
		}
	})
	// The walk-through's 110 s: still Vietnamese, and nothing more happens.
	r.clock.Advance(110 * time.Second)
	ui.Locked(func() {
		if got, want := r.d.Lang(), ui.LangVI; got != want {
			t.Errorf("language %q after 110 s more, want %q", got, want)
		}
	})
}
