package ui

import (
	"fmt"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
)

// TestFakeTimers_Advance: timers fire in the order they fall due, those
// started by a callback too, and a stopped one never does.
func TestFakeTimers_Advance(t *testing.T) {
	var c FakeTimers
	var got []string
	c.AfterFunc(2*time.Second, func() { got = append(got, "2s") })
	c.AfterFunc(time.Second, func() {
		got = append(got, "1s")
		c.AfterFunc(500*time.Millisecond, func() { got = append(got, "1.5s") })
	})
	stopped := c.AfterFunc(1500*time.Millisecond, func() { got = append(got, "stopped") })
	if !stopped.Stop() || stopped.Stop() {
		t.Error("Stop: want true once, then false")
	}
	c.Advance(1999 * time.Millisecond)
	if want := "[1s 1.5s]"; fmt.Sprint(got) != want {
		t.Errorf("after 1.999 s fired %v, want %s", got, want)
	}
	c.Advance(time.Millisecond)
	if want := "[1s 1.5s 2s]"; fmt.Sprint(got) != want {
		t.Errorf("after 2 s fired %v, want %s", got, want)
	}
}

// TestTapGuard: over a button, a raised guard takes a tap at the button's
// place for For, and the button gets it after; raising again starts over.
func TestTapGuard(t *testing.T) {
	test.NewTempApp(t)
	var c FakeTimers
	taps, swallowed := 0, 0
	b := NewBigButton("Xong", func() { taps++ })
	g := NewTapGuard(600*time.Millisecond, c.AfterFunc)
	g.OnSwallowed = func() { swallowed++ }
	w := test.NewWindow(container.NewStack(b, g))
	defer w.Close()
	w.Resize(fyne.NewSize(400, 200))
	at := fyne.NewPos(200, 100)
	tapAt := func() { Locked(func() { test.TapCanvas(w.Canvas(), at) }) }

	tapAt()
	if taps != 1 || swallowed != 0 {
		t.Fatalf("lowered guard: taps=%d swallowed=%d, want 1, 0", taps, swallowed)
	}
	Locked(g.Raise)
	tapAt()
	c.Advance(599 * time.Millisecond)
	Locked(g.Raise) // the screen changed again: another 600 ms
	c.Advance(599 * time.Millisecond)
	tapAt()
	if taps != 1 || swallowed != 2 || !g.Up() {
		t.Fatalf("raised guard: taps=%d swallowed=%d up=%v, want 1, 2, true", taps, swallowed, g.Up())
	}
	c.Advance(time.Millisecond)
	tapAt()
	if taps != 2 || g.Up() {
		t.Errorf("after the guard: taps=%d up=%v, want 2, false", taps, g.Up())
	}
}
