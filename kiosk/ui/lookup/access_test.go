package lookup

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/motcua-kiosk/motcua/kiosk/speech"
	"github.com/motcua-kiosk/motcua/kiosk/ui"
)

// TestScreen_IdleWarns: the look-up warns before its idle close, and a tap
// on the warning gives it the whole time again.
func TestScreen_IdleWarns(t *testing.T) {
	r := newRig(t, screens[0], shipped(t), map[string]string{"ho-tich": "A"})
	tap(r.s.FieldKey("ho-tich"))
	warned := func() (v bool) {
		ui.Locked(func() { v = r.s.Countdown().Warning.Visible() })
		return v
	}
	warn := ui.WarnFor(DefaultIdle)
	r.clock.Advance(DefaultIdle - warn - time.Millisecond)
	if warned() {
		t.Fatal("warned too early")
	}
	r.clock.Advance(time.Millisecond)
	if !warned() || r.closed != 0 {
		t.Fatalf("%v before the idle close: warned %t, closed %d", warn, warned(), r.closed)
	}
	tap(r.s.Countdown().Warning.Key())
	r.clock.Advance(DefaultIdle - time.Millisecond)
	ui.Locked(func() {
		if r.closed != 0 || r.s.Page() != PageResults {
			t.Fatalf("extended look-up closed early: closed %d, page %s", r.closed, r.s.Page())
		}
	})
	r.clock.Advance(time.Millisecond)
	if r.closed != 1 {
		t.Errorf("closed %d times after the extended time, want 1", r.closed)
	}
}

func TestScreen_SpeakKey(t *testing.T) {
	rec := &speech.Recorder{}
	r := newRig(t, screens[0], shipped(t), map[string]string{"ho-tich": "A"})
	ui.Locked(func() {
		r.s.o.Speech = rec
		r.s.show(PageStart)
	})
	if r.s.SpeakKey() == nil {
		t.Fatal("the start page has no speak key")
	}
	ui.Locked(func() { test.Tap(r.s.SpeakKey()) })
	said, ok := rec.Last()
	if !ok || !said.Interrupt {
		t.Fatalf("speak key said %+v", said)
	}
	words := strings.Join(said.Utterance.Parts(), " ")
	if want := r.s.SearchKey().Title; !strings.Contains(words, want) {
		t.Errorf("the start page's speech %q lacks the shown %q", words, want)
	}
}
