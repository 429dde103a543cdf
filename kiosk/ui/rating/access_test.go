package rating

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/motcua-kiosk/motcua/kiosk/queue"
	"github.com/motcua-kiosk/motcua/kiosk/speech"
	"github.com/motcua-kiosk/motcua/kiosk/ui"
)

// TestFlow_TimeoutWarns: the stars warn before the rating closes by
// itself, a tap on the warning gives the whole time again, and untouched
// the flow then closes.
func TestFlow_TimeoutWarns(t *testing.T) {
	test.NewTempApp(t)
	clock := &ui.FakeTimers{}
	done := 0
	var f *Flow
	ui.Locked(func() {
		f = NewForTicket(Options{Lang: ui.LangVI, Timeout: 30 * time.Second, AfterFunc: clock.AfterFunc, OnDone: func() { done++ }},
			queue.Ticket{ID: "t1", Number: "A012", Service: "A", Status: queue.StatusDone})
		test.NewWindow(f.Content()).Resize(fyne.NewSize(1080, 1920))
	})
	warned := func() (v bool) {
		ui.Locked(func() { v = f.Countdown().Warning.Visible() })
		return v
	}
	warn := ui.WarnFor(30 * time.Second)
	clock.Advance(30*time.Second - warn - time.Millisecond)
	if warned() {
		t.Fatal("warned too early")
	}
	clock.Advance(time.Millisecond)
	if !warned() || f.Stage() != StageStars {
		t.Fatalf("at %v: warned %t, stage %q; want the warning over the stars", 30*time.Second-warn, warned(), f.Stage())
	}
	ui.Locked(func() { test.Tap(f.Countdown().Warning) }) // a tap anywhere on the veil
	clock.Advance(30*time.Second - time.Millisecond)
	if done != 0 || f.Stage() != StageStars {
		t.Fatalf("the extended rating closed early: stage %q", f.Stage())
	}
	clock.Advance(time.Millisecond)
	if done != 1 {
		t.Errorf("OnDone called %d times after the extended time, want 1", done)
	}
}

func TestFlow_SpeakKey(t *testing.T) {
	test.NewTempApp(t)
	rec := &speech.Recorder{}
	var f *Flow
	ui.Locked(func() {
		f = NewForTicket(Options{Lang: ui.LangEN, Speech: rec, SpeakAuto: true, AfterFunc: (&ui.FakeTimers{}).AfterFunc},
			queue.Ticket{ID: "t1", Number: "A012", Service: "A", Status: queue.StatusDone})
		test.NewWindow(f.Content()).Resize(fyne.NewSize(1080, 1920))
	})
	auto, ok := rec.Last()
	if !ok || auto.Interrupt || auto.Utterance.Lang != "en" {
		t.Fatalf("the stars opened saying %+v, want their English speech queued", auto)
	}
	if f.SpeakKey() == nil {
		t.Fatal("the stars have no speak key")
	}
	ui.Locked(func() { test.Tap(f.SpeakKey()) })
	said, _ := rec.Last()
	words := strings.Join(said.Utterance.Parts(), " ")
	for _, want := range []string{ui.Tr{Lang: ui.LangEN}.L("rate.title"), ui.Tr{Lang: ui.LangEN}.L("rate.star5")} {
		if !strings.Contains(words, want) {
			t.Errorf("the stars' speech %q lacks the shown %q", words, want)
		}
	}
	if !strings.Contains(words, "clip:letter-a clip:digit-0 clip:digit-1 clip:digit-2") {
		t.Errorf("the ticket number is not spelt from clips: %s", words)
	}
}
