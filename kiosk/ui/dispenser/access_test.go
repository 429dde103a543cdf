package dispenser

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"

	"github.com/motcua-kiosk/motcua/kiosk/settings"
	"github.com/motcua-kiosk/motcua/kiosk/speech"
	"github.com/motcua-kiosk/motcua/kiosk/ui"
)

// speakingRig is a rig whose dispenser has a recording speaker.
func speakingRig(t *testing.T, size fyne.Size, auto bool) (*rig, *speech.Recorder) {
	t.Helper()
	rec := &speech.Recorder{}
	r := newRig(t, openConfig(0), size)
	r.s.SpeakAuto = auto
	ui.Locked(func() {
		r.d = New(Options{API: alertingHub{r.h, r}, Printer: r.p, Config: r.h.Config, Settings: func() settings.Settings { return r.s },
			Now: func() time.Time { return fixedNow }, AfterFunc: r.clock.AfterFunc, Speech: rec})
		r.w.SetContent(r.d.Content())
		r.w.Resize(size)
	})
	return r, rec
}

func TestDispenser_SpeakKeys(t *testing.T) {
	r, rec := speakingRig(t, portrait, false)
	r.settle()
	var key *ui.SpeakKey
	ui.Locked(func() { key = r.d.SpeakKey() })
	if key == nil {
		t.Fatal("the home screen has no speak key")
	}
	tap(key)
	said, ok := rec.Last()
	if !ok || !said.Interrupt {
		t.Fatalf("the speak key said %+v, want an interrupting utterance", said)
	}
	words := strings.Join(said.Utterance.Parts(), " ")
	want := ui.Tr{Lang: ui.LangVI}.L("home.choose")
	if !strings.Contains(words, want) {
		t.Errorf("home speech %q lacks the shown %q", words, want)
	}

	tap(r.d.ServiceButton("A"))
	waitFor(t, "ticket screen", func() bool { return r.d.Screen() == ScreenTicket })
	if n := len(rec.Said()); n != 1 {
		t.Errorf("the ticket screen spoke by itself with SpeakAuto off: %d utterances", n)
	}
	ui.Locked(func() { key = r.d.SpeakKey() })
	tap(key)
	said, _ = rec.Last()
	got := said.Utterance.Phrases[0].String()
	want = speech.Ticket("vi", speech.TicketInfo{Number: "A001", Service: "Đất đai", Ahead: 0}).Phrases[0].String()
	if got != want {
		t.Errorf("ticket speech\n %s\nwant\n %s", got, want)
	}
}

func TestDispenser_SpeakAuto(t *testing.T) {
	r, rec := speakingRig(t, portrait, true)
	r.settle()
	tap(r.d.ServiceButton("B"))
	waitFor(t, "ticket screen", func() bool { return r.d.Screen() == ScreenTicket })
	said, ok := rec.Last()
	if !ok || said.Interrupt || !slices.Contains(said.Utterance.Parts(), "clip:speech-your-number") {
		t.Errorf("with SpeakAuto the ticket screen said %+v, want its ticket speech queued (not interrupting)", said)
	}
	tap(r.d.LangButton(ui.LangEN))
	said, _ = rec.Last()
	if said.Utterance.Lang != "en" {
		t.Errorf("after switching to English the screen spoke %q", said.Utterance.Lang)
	}
}

// TestDispenser_TicketTimeoutWarns: the ticket screen warns before it goes
// home by itself, and a tap on the warning gives it its whole time again.
func TestDispenser_TicketTimeoutWarns(t *testing.T) {
	r := newRig(t, openConfig(0), portrait)
	total := time.Duration(r.s.TicketSeconds) * time.Second
	warn := ui.WarnFor(total)
	tap(r.d.ServiceButton("C"))
	waitFor(t, "ticket", func() bool { return r.d.Screen() == ScreenTicket })
	shown := func() (v bool) {
		ui.Locked(func() { v = r.d.Countdown().Warning.Visible() })
		return v
	}
	r.clock.Advance(total - warn - time.Millisecond)
	if shown() {
		t.Fatal("warning shown before its time")
	}
	r.clock.Advance(time.Millisecond)
	if !shown() || screenOf(r) != ScreenTicket {
		t.Fatalf("at %v of %v: warning shown %t, screen %q; want the warning on the ticket screen", total-warn, total, shown(), screenOf(r))
	}
	tap(r.d.Countdown().Warning.Key())
	if shown() {
		t.Error("the warning stays after its key was tapped")
	}
	r.clock.Advance(total - time.Millisecond)
	if got := screenOf(r); got != ScreenTicket {
		t.Fatalf("extended ticket screen went to %q before its new time", got)
	}
	r.clock.Advance(time.Millisecond)
	if got := screenOf(r); got != ScreenHome {
		t.Errorf("screen %q after the extended time, want home", got)
	}
}

func TestDispenser_HelpRaisesAlert(t *testing.T) {
	r := newRig(t, openConfig(0), portrait)
	tap(r.d.HelpButton())
	waitFor(t, "help alert", func() bool {
		r.mu.Lock()
		defer r.mu.Unlock()
		return len(r.alerts) == 1
	})
	a := r.alerts[0]
	if a.Kind != HelpAlertKind || a.Message != "Quầy hướng dẫn: người dân cần hỗ trợ tại máy lấy số" {
		t.Errorf("alert %+v", a)
	}
	waitFor(t, "the key says it was sent", func() bool {
		l := r.d.HelpButton().Lines
		return len(l) == 1 && l[0] == "Đã báo cán bộ, vui lòng chờ tại đây"
	})
	if got := r.h.Alerts(); len(got) != 1 || got[0].Kind != HelpAlertKind {
		t.Errorf("the hub holds %+v for the desks, want the help alert", got)
	}
}

// TestDispenser_SecondTapWithinASecond: a second tap on a service tile up
// to a second after the first, through the window as a finger's, issues
// no second ticket and leaves the ticket screen up.
func TestDispenser_SecondTapWithinASecond(t *testing.T) {
	for _, gap := range []time.Duration{0, 300 * time.Millisecond, 600 * time.Millisecond, 999 * time.Millisecond} {
		for _, size := range []fyne.Size{portrait, landscape} {
			t.Run(fmt.Sprint(gap, size), func(t *testing.T) {
				r := newRig(t, openConfig(0), size)
				r.settle()
				tile := r.centre(r.d.ServiceButton("B"))
				r.tapAt(tile)
				waitFor(t, "ticket screen", func() bool { return r.d.Screen() == ScreenTicket })
				r.clock.Advance(gap)
				r.tapAt(tile)
				if got := screenOf(r); got != ScreenTicket {
					t.Errorf("the second tap, %v later, went to %q", gap, got)
				}
				if got, want := r.issued(t, "B"), 1; got != want {
					t.Errorf("%d tickets issued, want %d", got, want)
				}
			})
		}
	}
}
