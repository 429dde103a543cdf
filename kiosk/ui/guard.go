package ui

import (
	"image/color"
	"sort"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"
)

// AfterFunc starts a timer that calls f after d on a goroutine of its own,
// as time.AfterFunc does. Screens take one for their timeouts so that tests
// can move their time (FakeTimers) instead of sleeping.
type AfterFunc func(d time.Duration, f func()) Timer

// Timer is a started timer. Stop reports whether it stopped the timer
// before it fired, as time.Timer's does.
type Timer interface{ Stop() bool }

// RealAfterFunc is time.AfterFunc.
func RealAfterFunc(d time.Duration, f func()) Timer { return time.AfterFunc(d, f) }

// FakeTimers is an AfterFunc whose time moves only when Advance says so.
// Advance calls the timers that fall due on the caller's goroutine, so a
// test calls it outside Locked (the timers' callbacks take the lock).
type FakeTimers struct {
	mu     sync.Mutex
	now    time.Duration
	seq    int
	timers []*fakeTimer
}

type fakeTimer struct {
	c   *FakeTimers
	at  time.Duration
	seq int // start order, for timers due at the same time
	f   func()
}

var _ AfterFunc = (*FakeTimers)(nil).AfterFunc

// AfterFunc is the fake's AfterFunc.
func (c *FakeTimers) AfterFunc(d time.Duration, f func()) Timer {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.seq++
	t := &fakeTimer{c: c, at: c.now + d, seq: c.seq, f: f}
	c.timers = append(c.timers, t)
	return t
}

// Advance moves the fake time forward by d and calls, in order, every
// timer that falls due, including those the callbacks start.
func (c *FakeTimers) Advance(d time.Duration) {
	c.mu.Lock()
	end := c.now + d
	c.mu.Unlock()
	for {
		c.mu.Lock()
		sort.Slice(c.timers, func(i, j int) bool {
			a, b := c.timers[i], c.timers[j]
			return a.at < b.at || a.at == b.at && a.seq < b.seq
		})
		if len(c.timers) == 0 || c.timers[0].at > end {
			c.now = end
			c.mu.Unlock()
			return
		}
		t := c.timers[0]
		c.timers = c.timers[1:]
		c.now = t.at
		c.mu.Unlock()
		t.f()
	}
}

// Stop is part of Timer.
func (t *fakeTimer) Stop() bool {
	t.c.mu.Lock()
	defer t.c.mu.Unlock()
	for i, o := range t.c.timers {
		if o == t {
			t.c.timers = append(t.c.timers[:i], t.c.timers[i+1:]...)
			return true
		}
	}
	return false
}

// TapGuard is an invisible cover over a screen that swallows every tap for
// a moment after the screen changes (Raise). A finger already on its way
// to the last screen's key — the ticket screen closed by itself, or came up
// between the two taps of a double tap — must not press whatever now sits
// in that place. Put it last in a stack, over the screen.
type TapGuard struct {
	widget.BaseWidget
	For   time.Duration // how long taps are swallowed after Raise
	After AfterFunc
	// OnSwallowed, if set, hears of each swallowed tap (logs).
	OnSwallowed func()
	timer       Timer
	raised      int // bumps on each Raise so that an old timer lowers nothing
}

// NewTapGuard returns a lowered guard that Raise holds up for d.
func NewTapGuard(d time.Duration, after AfterFunc) *TapGuard {
	if after == nil {
		after = RealAfterFunc
	}
	g := &TapGuard{For: d, After: after}
	g.ExtendBaseWidget(g)
	g.Hide()
	return g
}

// Raise swallows taps from now until For has passed. Call it on the UI
// goroutine when the screen under the guard changes.
func (g *TapGuard) Raise() {
	if g.timer != nil {
		g.timer.Stop()
	}
	g.raised++
	n := g.raised
	g.Show()
	g.timer = g.After(g.For, func() {
		Do(func() {
			if g.raised == n {
				g.Hide()
			}
		})
	})
}

// Up reports whether taps are being swallowed.
func (g *TapGuard) Up() bool { return g.Visible() }

// Tapped is part of fyne.Tappable: the tap goes no further.
func (g *TapGuard) Tapped(*fyne.PointEvent) {
	if g.OnSwallowed != nil {
		g.OnSwallowed()
	}
}

// Cursor is part of desktop.Cursorable.
func (g *TapGuard) Cursor() desktop.Cursor { return cursor() }

// CreateRenderer is part of fyne.Widget.
func (g *TapGuard) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(canvas.NewRectangle(color.Transparent))
}
