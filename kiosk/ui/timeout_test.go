package ui

import (
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
)

func TestWarnFor(t *testing.T) {
	for total, want := range map[time.Duration]time.Duration{
		15 * time.Second: 7500 * time.Millisecond, 30 * time.Second: 10 * time.Second, 2 * time.Minute: 10 * time.Second,
	} {
		if got := WarnFor(total); got != want {
			t.Errorf("WarnFor(%v) = %v, want %v", total, got, want)
		}
	}
}

func TestCountdown_WarnsExtendsActs(t *testing.T) {
	test.NewTempApp(t)
	clock := &FakeTimers{}
	acted, warned := 0, 0
	var c *Countdown
	Locked(func() {
		c = NewCountdown(Tr{Lang: LangVI}, clock.AfterFunc, func() { acted++ })
		c.OnWarn = func() { warned++ }
		test.NewWindow(c.Warning)
		c.Start(30 * time.Second)
	})
	clock.Advance(20 * time.Second)
	if !c.Warning.Visible() || warned != 1 || acted != 0 {
		t.Fatalf("at 20 s of 30: warning %t, warned %d, acted %d", c.Warning.Visible(), warned, acted)
	}
	if got, want := c.Warning.text.Text, "Màn hình này sắp đóng."; got != want {
		t.Errorf("warning says %q, want %q", got, want)
	}
	Locked(func() { test.Tap(c.Warning.Key()) })
	clock.Advance(30*time.Second - time.Millisecond)
	if acted != 0 {
		t.Fatal("acted before the extended time")
	}
	clock.Advance(time.Millisecond)
	if acted != 1 || c.Warning.Visible() || c.Running() {
		t.Errorf("after the extended time: acted %d, warning %t, running %t", acted, c.Warning.Visible(), c.Running())
	}
}

func TestCountdown_BusyPutsOffTheWarning(t *testing.T) {
	test.NewTempApp(t)
	clock := &FakeTimers{}
	acted, busy := 0, 2
	var c *Countdown
	Locked(func() {
		c = NewCountdown(Tr{Lang: LangEN}, clock.AfterFunc, func() { acted++ })
		c.Busy = func() bool { busy--; return busy >= 0 }
		c.Start(20 * time.Second)
	})
	clock.Advance(30*time.Second - time.Millisecond) // busy at 10 s and 20 s
	if c.Warning.Visible() || acted != 0 {
		t.Fatalf("warned %t, acted %d while busy", c.Warning.Visible(), acted)
	}
	clock.Advance(time.Millisecond)
	if !c.Warning.Visible() {
		t.Fatal("no warning once no longer busy")
	}
	if got := c.Warning.key.Title; got != "Tap for more time" {
		t.Errorf("English warning key %q", got)
	}
	clock.Advance(10 * time.Second)
	if acted != 1 {
		t.Errorf("acted %d, want 1", acted)
	}
}

func TestCountdown_StopNeverActs(t *testing.T) {
	test.NewTempApp(t)
	clock := &FakeTimers{}
	acted := 0
	Locked(func() {
		c := NewCountdown(Tr{Lang: LangVI}, clock.AfterFunc, func() { acted++ })
		c.Start(10 * time.Second)
		c.Stop()
	})
	clock.Advance(time.Minute)
	if acted != 0 {
		t.Errorf("a stopped countdown acted %d times", acted)
	}
}
