package ui

import (
	"image/color"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"
)

// WarnFor is how long before a screen's timeout acts its warning shows:
// 10 s, or half the time of a shorter timeout (the ticket screen's 15 s
// warns after 7.5 s). WCAG 2.2.1 asks that a time limit warn and can be
// extended with a simple action; the admin lengthens the limits
// themselves.
func WarnFor(total time.Duration) time.Duration { return min(10*time.Second, total/2) }

// TimeoutWarning covers a screen whose time is running out: a veil over
// the whole screen and a panel, "Màn hình này sắp đóng", with a key "Chạm
// để thêm thời gian". A tap anywhere on it gives the screen its time again
// (OnExtend) and lifts it. It starts hidden; put it over the screen, in a
// stack.
type TimeoutWarning struct {
	widget.BaseWidget
	OnExtend func()
	Tr       Tr

	text *Text
	key  *BigButton
}

// NewTimeoutWarning returns a hidden warning.
func NewTimeoutWarning(tr Tr, extend func()) *TimeoutWarning {
	w := &TimeoutWarning{Tr: tr, OnExtend: extend}
	w.ExtendBaseWidget(w)
	w.Hide()
	return w
}

// Key is the "Chạm để thêm thời gian" key, for tests.
func (w *TimeoutWarning) Key() *BigButton {
	w.build()
	return w.key
}

func (w *TimeoutWarning) build() {
	if w.text == nil {
		w.text = NewText("", TextLarge, ColorText, true, fyne.TextAlignCenter)
		w.key = NewBigButton("", w.extend)
	}
	w.text.SetText(w.Tr.L("timeout.warning"))
	w.key.Title = w.Tr.L("timeout.more")
	w.key.Refresh()
}

// Warn shows the warning in its language of now.
func (w *TimeoutWarning) Warn() {
	w.build()
	w.Show()
	w.Refresh()
}

func (w *TimeoutWarning) extend() {
	w.Hide()
	if w.OnExtend != nil {
		w.OnExtend()
	}
}

// Tapped is part of fyne.Tappable: a tap anywhere on the veil extends.
func (w *TimeoutWarning) Tapped(*fyne.PointEvent) { w.extend() }

// Cursor is part of desktop.Cursorable.
func (w *TimeoutWarning) Cursor() desktop.Cursor { return cursor() }

// CreateRenderer is part of fyne.Widget.
func (w *TimeoutWarning) CreateRenderer() fyne.WidgetRenderer {
	w.build()
	veil := canvas.NewRectangle(color.NRGBA{0, 0, 0, 0x99})
	bg := canvas.NewRectangle(ColorWarning)
	bg.CornerRadius = 14
	panel := container.NewStack(bg, Inset(30, container.NewVBox(w.text, w.key)))
	return widget.NewSimpleRenderer(container.NewStack(veil, Box(900, container.NewVBox(panel))))
}

// Countdown is a screen's timeout that warns before it acts: after
// total-WarnFor(total) it shows Warning, after total it lifts it and calls
// the act; a tap on the warning starts the whole time again. Start, Stop
// and the act run on the UI goroutine.
type Countdown struct {
	Warning *TimeoutWarning
	// OnWarn, if set, hears when the warning shows (to say it aloud).
	OnWarn func()
	// Busy, if set, is asked when the warning is due: true (the citizen is
	// still at it, e.g. typing on keys the screen does not see) starts the
	// whole time again with no warning.
	Busy func() bool

	after AfterFunc
	act   func()
	total time.Duration
	timer Timer
	gen   int
}

// NewCountdown returns a stopped countdown that calls act when its time
// is up; after nil is RealAfterFunc.
func NewCountdown(tr Tr, after AfterFunc, act func()) *Countdown {
	if after == nil {
		after = RealAfterFunc
	}
	c := &Countdown{after: after, act: act}
	c.Warning = NewTimeoutWarning(tr, c.Extend)
	return c
}

// Start (re)starts the countdown for total; the warning is lifted.
func (c *Countdown) Start(total time.Duration) {
	c.Stop()
	c.total = total
	gen := c.gen
	c.timer = c.after(total-WarnFor(total), func() {
		Do(func() {
			if c.gen != gen {
				return
			}
			if c.Busy != nil && c.Busy() {
				c.Start(total)
				return
			}
			c.Warning.Warn()
			if c.OnWarn != nil {
				c.OnWarn()
			}
			c.timer = c.after(WarnFor(total), func() {
				Do(func() {
					if c.gen != gen {
						return
					}
					c.Stop()
					c.act()
				})
			})
		})
	})
}

// Extend starts the last total again: the citizen asked for more time.
func (c *Countdown) Extend() { c.Start(c.total) }

// Stop stops the countdown and lifts the warning, without acting.
func (c *Countdown) Stop() {
	c.gen++
	if c.timer != nil {
		c.timer.Stop()
		c.timer = nil
	}
	if c.Warning.Visible() {
		c.Warning.Hide()
	}
}

// Running reports whether the countdown is started and has not acted.
func (c *Countdown) Running() bool { return c.timer != nil }

// Total is the time the countdown was last started for.
func (c *Countdown) Total() time.Duration { return c.total }
