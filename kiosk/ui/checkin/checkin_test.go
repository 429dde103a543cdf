package checkin

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/motcua-kiosk/motcua/kiosk/bookings"
	"github.com/motcua-kiosk/motcua/kiosk/hub"
	"github.com/motcua-kiosk/motcua/kiosk/queue"
	"github.com/motcua-kiosk/motcua/kiosk/speech"
	"github.com/motcua-kiosk/motcua/kiosk/ui"
)

const sampleCode = "K7MQ2PT" // a real code (kiosk/bookings' Example)

// fakeHub answers check-ins from a table and counts them; release, when
// set, holds each answer until it is closed.
type fakeHub struct {
	mu      sync.Mutex
	calls   int
	answers map[string]hub.CheckIn
	err     error
	release chan struct{}
}

func (f *fakeHub) checkIn(ctx context.Context, text string) (hub.CheckIn, error) {
	f.mu.Lock()
	f.calls++
	rel := f.release
	f.mu.Unlock()
	if rel != nil {
		<-rel
	}
	if f.err != nil {
		return hub.CheckIn{}, f.err
	}
	code, _ := bookings.ParseCode(text)
	if a, ok := f.answers[code]; ok {
		return a, nil
	}
	return hub.CheckIn{Outcome: string(bookings.OutcomeUnknown), Message: "Không tìm thấy lịch hẹn với mã này.", MessageEN: "No booking has this code."}, nil
}

func (f *fakeHub) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls
}

func newScreen(t *testing.T, f *fakeHub, o Options) (*Screen, *ui.FakeTimers) {
	t.Helper()
	test.NewTempApp(t)
	clock := &ui.FakeTimers{}
	o.CheckIn, o.AfterFunc = f.checkIn, clock.AfterFunc
	var s *Screen
	ui.Locked(func() {
		s = New(o)
		w := test.NewWindow(s.Content())
		w.Resize(fyne.NewSize(1080, 1920))
		t.Cleanup(w.Close)
	})
	return s, clock
}

// TestScreen_RefusedCodes: a mistyped code (one wrong symbol) and text
// that is no code are said beside the field at once, without asking the
// hub; an empty OK asks for the code.
func TestScreen_RefusedCodes(t *testing.T) {
	f := &fakeHub{}
	s, _ := newScreen(t, f, Options{})
	for _, c := range []struct{ typed, want string }{
		{"K7M-Q2PX", "một ký tự bị sai"},
		{"000.00.13.H12-240315-0001", "không phải là mã hẹn"},
	} {
		ui.Locked(func() {
			s.Submit(c.typed)
			if s.Page() != PageEnter || !strings.Contains(s.Message(), c.want) {
				t.Errorf("%q: page %q says %q, want the enter page saying %q", c.typed, s.Page(), s.Message(), c.want)
			}
			if got := s.Keyboard().Value(); got != c.typed {
				t.Errorf("%q: the field holds %q, want the code to mend", c.typed, got)
			}
		})
	}
	ui.Locked(func() {
		s.Keyboard().Key("clear").Tapped(nil)
		s.Keyboard().Key("OK").Tapped(nil)
		if !strings.Contains(s.Message(), "hãy nhập mã hẹn") {
			t.Errorf("empty OK says %q", s.Message())
		}
	})
	if n := f.count(); n != 0 {
		t.Errorf("%d check-ins sent for refused codes, want none", n)
	}
}

// TestScreen_OneCheckInAtATime: OK pressed twice while the hub thinks
// sends one check-in; the booked answer hands the ticket over once.
func TestScreen_OneCheckInAtATime(t *testing.T) {
	wait := time.Now()
	tk := &hub.Issued{Ticket: queue.Ticket{ID: "t1", Number: "A001", WaitFrom: &wait}}
	f := &fakeHub{release: make(chan struct{}), answers: map[string]hub.CheckIn{
		sampleCode: {Outcome: string(bookings.OutcomeBooked), Service: "A", Ticket: tk}}}
	var booked []hub.Issued
	s, _ := newScreen(t, f, Options{OnBooked: func(is hub.Issued) { booked = append(booked, is) }})
	ui.Locked(func() {
		s.Submit(sampleCode)
		s.Submit(sampleCode)
		s.Scanned(sampleCode)
	})
	close(f.release)
	deadline := time.Now().Add(30 * time.Second)
	for n := 0; n == 0 && time.Now().Before(deadline); {
		ui.Locked(func() { n = len(booked) })
		time.Sleep(5 * time.Millisecond)
	}
	ui.Locked(func() {
		if len(booked) != 1 || booked[0].Ticket.Number != "A001" {
			t.Errorf("%d booked tickets handed over, want A001 once", len(booked))
		}
	})
	if n := f.count(); n != 1 {
		t.Errorf("%d check-ins sent, want 1", n)
	}
}

// TestScreen_HubDown: a hub that does not answer is said beside the
// field in plain words, and the code stays there for another try.
func TestScreen_HubDown(t *testing.T) {
	f := &fakeHub{err: errors.New("dial tcp 127.0.0.1:8700: connection refused")}
	s, _ := newScreen(t, f, Options{Lang: ui.LangVI})
	ui.Locked(func() { s.Submit(sampleCode) })
	deadline := time.Now().Add(30 * time.Second)
	for m := ""; m == "" && time.Now().Before(deadline); {
		ui.Locked(func() { m = s.Message() })
		time.Sleep(5 * time.Millisecond)
	}
	ui.Locked(func() {
		if s.Page() != PageEnter || s.Message() != hub.Message(f.err, "vi") || strings.Contains(s.Message(), "tcp") {
			t.Errorf("hub down: page %q says %q, want the enter page saying %q", s.Page(), s.Message(), hub.Message(f.err, "vi"))
		}
		if s.Keyboard().Value() != sampleCode {
			t.Errorf("the field holds %q after the failure", s.Keyboard().Value())
		}
	})
}

// TestScreen_AnswerAfterClose: an answer that comes after the screen
// was closed (idle) changes nothing.
func TestScreen_AnswerAfterClose(t *testing.T) {
	f := &fakeHub{release: make(chan struct{}), answers: map[string]hub.CheckIn{
		sampleCode: {Outcome: string(bookings.OutcomeEarly), Message: "Mời ông/bà quay lại xác nhận từ 10:45."}}}
	closed := 0
	s, clock := newScreen(t, f, Options{OnClose: func() { closed++ }})
	ui.Locked(func() { s.Submit(sampleCode) })
	clock.Advance(DefaultIdle + time.Second)
	close(f.release)
	deadline := time.Now().Add(30 * time.Second)
	for busy := true; busy && time.Now().Before(deadline); { // the answer has come back
		ui.Locked(func() { busy = s.busy })
		time.Sleep(5 * time.Millisecond)
	}
	ui.Locked(func() {
		if closed != 1 || s.Page() == PageEarly {
			t.Errorf("closed %d times, page %q; want closed once and the late answer dropped", closed, s.Page())
		}
	})
}

// TestScreen_SpeakKey: with a speaker each page has "Nghe hướng dẫn",
// which says the page and the sentence about the code, not the keyboard's
// letters; without one there is no key.
func TestScreen_SpeakKey(t *testing.T) {
	s, _ := newScreen(t, &fakeHub{}, Options{})
	ui.Locked(func() {
		if s.SpeakKey() != nil {
			t.Error("a speak key without a speaker")
		}
	})
	rec := &speech.Recorder{}
	s, _ = newScreen(t, &fakeHub{}, Options{Speech: rec})
	ui.Locked(func() {
		s.Submit("K7M-Q2PX")
		if s.SpeakKey() == nil {
			t.Fatal("no speak key with a speaker")
		}
		text := strings.Join(s.Speech().Parts(), " ")
		for _, want := range []string{"Xác nhận lịch hẹn", "một ký tự bị sai"} {
			if !strings.Contains(text, want) {
				t.Errorf("the page says %q, want %q in it", text, want)
			}
		}
		if strings.Contains(text, " q ") || strings.Contains(text, "Dấu cách") {
			t.Errorf("the page reads the keyboard's letters: %q", text)
		}
	})
}

// TestScreen_IdleCloseWarns: the idle close shows its warning before it
// closes the check-in, and a tap on the warning gives the time again
// (issue 16: every automatic timeout warns and can be extended).
func TestScreen_IdleCloseWarns(t *testing.T) {
	closed := 0
	s, clock := newScreen(t, &fakeHub{}, Options{OnClose: func() { closed++ }})
	total := 2 * DefaultIdle // the enter page: twice the idle time
	warn := ui.WarnFor(total)
	clock.Advance(total - warn - time.Millisecond)
	ui.Locked(func() {
		if s.Countdown().Warning.Visible() || closed != 0 {
			t.Fatalf("warning %v, closed %d before the warning's time", s.Countdown().Warning.Visible(), closed)
		}
	})
	clock.Advance(time.Millisecond)
	ui.Locked(func() {
		if !s.Countdown().Warning.Visible() || closed != 0 {
			t.Fatalf("at the warning's time: warning %v, closed %d", s.Countdown().Warning.Visible(), closed)
		}
		test.Tap(s.Countdown().Warning)
	})
	clock.Advance(total - warn - time.Millisecond)
	ui.Locked(func() {
		if closed != 0 || s.Page() != PageEnter {
			t.Fatalf("closed %d after the tap gave the time again", closed)
		}
	})
	clock.Advance(warn + time.Millisecond)
	ui.Locked(func() {
		if closed != 1 {
			t.Errorf("closed %d times after the whole time unanswered, want once", closed)
		}
	})
}
