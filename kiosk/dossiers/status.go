package dossiers

import (
	"context"
	"time"
)

// Source is the province's one-stop electronic system as the kiosk sees
// it: one question, "where is this dossier?".
//
// Contract:
//   - Lookup returns the dossier's status as the system knows it now,
//     with AsOf set to when the answer was obtained and Stale false;
//     Late is computed at AsOf in the office's zone (Status.LateAt).
//   - It fails with an error wrapping exactly one of ErrNotFound (the
//     system answered: no such dossier), ErrWrongSecret (it exists, but
//     the secret is missing or wrong: show nothing of it) or
//     ErrUnreachable (no usable answer: network, timeout, 5xx, a
//     malformed body). A ctx that ends is ErrUnreachable too, with the
//     ctx error also wrapped.
//   - It only reads: calling it twice changes nothing, so a caller may
//     retry freely. It is safe for concurrent use.
//   - It returns no citizen identity (Decree 61 Art. 27.3): no name, ID
//     number, address or phone, even when the system sends them.
type Source interface {
	Lookup(ctx context.Context, ref Ref) (Status, error)
}

// SourceFunc makes an ordinary function a Source (a fake in tests, a
// small adapter in wiring), as http.HandlerFunc does for handlers.
type SourceFunc func(ctx context.Context, ref Ref) (Status, error)

// Lookup calls f.
func (f SourceFunc) Lookup(ctx context.Context, ref Ref) (Status, error) { return f(ctx, ref) }

var _ Source = SourceFunc(nil)

// State is where a dossier is in its life, in the kiosk's own words; a
// Source maps its system's statuses onto these and keeps its own
// wording in Status.StateText.
type State int

// The states of a dossier.
const (
	StateReceived   State = iota + 1 // received, not yet being handled
	StateProcessing                  // being handled by some unit
	StatePaused                      // paused or waiting on another body
	StateNeedsMore                   // the citizen must add papers (bổ sung)
	StateReady                       // the result waits at the counter (đã có kết quả)
	StateDone                        // the result has been returned
	StateDenied                      // refused, with a written reason
	StateCancelled                   // withdrawn or cancelled
)

// Text is the state as a citizen reads it, Vietnamese or (lang "en...") English.
func (s State) Text(lang string) string {
	t, ok := stateText[s]
	if !ok {
		t = stateText[StateProcessing]
	}
	if len(lang) >= 2 && lang[:2] == "en" {
		return t[1]
	}
	return t[0]
}

var stateText = map[State][2]string{
	StateReceived:   {"Đã tiếp nhận", "Received"},
	StateProcessing: {"Đang giải quyết", "Being processed"},
	StatePaused:     {"Tạm dừng giải quyết", "On hold"},
	StateNeedsMore:  {"Cần bổ sung hồ sơ", "More documents needed"},
	StateReady:      {"Đã có kết quả, mời nhận kết quả", "Result ready for collection"},
	StateDone:       {"Đã trả kết quả", "Result returned"},
	StateDenied:     {"Từ chối giải quyết", "Refused"},
	StateCancelled:  {"Đã hủy", "Cancelled"},
}

// Step is the step the dossier is at and the unit that holds it.
type Step struct {
	Code string    // the system's step code (e.g. OpenCPS stepCode), for ready lists
	Name string    // e.g. "Thẩm định hồ sơ"
	Unit string    // the unit (phòng, bộ phận, cơ quan) holding the dossier
	Due  time.Time // the step's own deadline; zero if none
}

// Entry is one line of the dossier's history, oldest first in Status.History.
type Entry struct {
	At   time.Time
	Text string // what happened, as the system words it
	Unit string // who did it, as a unit; "" if the system does not say
}

// Status is one answer to "where is my dossier?".
type Status struct {
	Code          string // the dossier number as the system knows it
	Procedure     string // tên thủ tục
	ProcedureCode string // mã thủ tục, when the system gives it
	Agency        string // the agency that received the dossier
	State         State
	StateText     string    // the system's own wording of the state
	Received      time.Time // ngày tiếp nhận
	Promised      time.Time // ngày hẹn trả; zero when the system gives none
	Finished      time.Time // when the result was ready or returned; zero until then
	Step          Step
	// Ready: the result can be collected now (đã có kết quả); the kiosk
	// offers a ticket in the "Trả kết quả" queue only then.
	Ready bool
	// Late: past the promised date at AsOf (or finished after it),
	// judged in the office's zone; see LateAt.
	Late    bool
	History []Entry
	// AsOf is when the system gave this answer. Stale is true when it
	// comes from the cache because the system could not be reached: the
	// screen must then show AsOf and say the status is not live.
	AsOf   time.Time
	Stale  bool
	Source string // which system answered: "opencps", "central", ...
}

// Deadline is the instant the promise runs out. A promise with no time of
// day (midnight in loc, as "hẹn trả ngày 20/03/2024" gives) runs to the
// end of that day in loc; one with a time (OpenCPS gives 16:30) runs to
// that time. Zero when there is no promise.
func (s Status) Deadline(loc *time.Location) time.Time {
	if s.Promised.IsZero() {
		return time.Time{}
	}
	p := s.Promised.In(loc)
	if p.Hour() == 0 && p.Minute() == 0 && p.Second() == 0 && p.Nanosecond() == 0 {
		return time.Date(p.Year(), p.Month(), p.Day()+1, 0, 0, 0, 0, loc)
	}
	return p
}

// LateAt says whether the dossier is late at now: not finished and past
// its deadline, or finished after it. Cancelled dossiers and those
// without a promise are never late.
func (s Status) LateAt(now time.Time, loc *time.Location) bool {
	d := s.Deadline(loc)
	if d.IsZero() || s.State == StateCancelled {
		return false
	}
	if !s.Finished.IsZero() {
		return s.Finished.After(d)
	}
	if s.State == StateDone || s.State == StateDenied {
		return false // finished, but the system did not say when
	}
	return now.After(d)
}

// ict is Asia/Ho_Chi_Minh (UTC+7, no daylight saving), the zone used
// when a caller gives none.
var ict = time.FixedZone("ICT", 7*3600)

func zoneOr(loc *time.Location) *time.Location {
	if loc == nil {
		return ict
	}
	return loc
}
