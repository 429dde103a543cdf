package ingest

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/motcua-kiosk/motcua/kiosk/queue"
	"github.com/motcua-kiosk/motcua/kiosk/wire"
	"github.com/motcua-kiosk/motcua/server/db"
)

// EventError names the event that made a batch invalid.
type EventError struct {
	Index int
	ID    string
	Msg   string
}

func (e *EventError) Error() string {
	return fmt.Sprintf("event %d (%s): %s", e.Index, e.ID, e.Msg)
}

var kinds = []queue.EventKind{queue.EventIssued, queue.EventCalled, queue.EventRecalled, queue.EventServing,
	queue.EventDone, queue.EventNoShow, queue.EventReturned, queue.EventTransferred, queue.EventCancelled,
	queue.EventExpired, queue.EventRated, queue.EventCounter}

var statuses = []queue.Status{queue.StatusWaiting, queue.StatusCalled, queue.StatusServing, queue.StatusDone,
	queue.StatusNoShow, queue.StatusCancelled, queue.StatusExpired}

// maxSkew is how far in the future an event may claim to be (a hub whose
// clock runs fast); further is an error, not data.
const maxSkew = 48 * time.Hour

// Validate checks one event of device's batch and decodes what the
// database keeps of it. now bounds the event time.
func Validate(device string, index int, e wire.Event, now time.Time) (db.Event, error) {
	return validate(device, index, &decoded{Event: e}, now)
}

// validate is Validate for an event whose body may be decoded already
// (d.ready, by decodeBatch).
func validate(device string, index int, d *decoded, now time.Time) (db.Event, error) {
	e := &d.Event
	bad := func(format string, args ...any) (db.Event, error) {
		return db.Event{}, &EventError{Index: index, ID: e.ID, Msg: fmt.Sprintf(format, args...)}
	}
	if e.Seq <= 0 {
		return bad("seq must be positive")
	}
	if want := device + ":" + strconv.FormatInt(e.Seq, 10); e.ID != want {
		return bad("id must be %q", want)
	}
	if isDossierKind(e.Kind) {
		return validateDossier(device, index, *e, now)
	}
	if !slices.Contains(kinds, queue.EventKind(e.Kind)) {
		return bad("unknown kind %q", e.Kind)
	}
	if err := checkTime(e.At, now); err != "" {
		return bad("at %s", err)
	}
	ev := &d.Ev
	if !d.ready {
		if err := json.Unmarshal(e.Body, ev); err != nil {
			return bad("event body is not a queue event: %v", err)
		}
	}
	if string(ev.Kind) != e.Kind {
		return bad("event body kind %q differs from kind %q", ev.Kind, e.Kind)
	}
	if !ev.At.Equal(e.At) {
		return bad("event body time %s differs from at %s", ev.At.Format(time.RFC3339Nano), e.At.Format(time.RFC3339Nano))
	}
	if msg := checkEvent(ev, now); msg != "" {
		return bad("%s", msg)
	}
	out := db.Event{ID: e.ID, Device: device, Seq: e.Seq, Kind: e.Kind, At: e.At, Body: e.Body,
		Ticket: ev.Ticket, Rating: ev.Rating}
	if ev.Ticket != nil {
		out.TicketJSON = d.TicketJSON
	}
	return out, nil
}

func checkEvent(ev *queue.Event, now time.Time) string {
	switch {
	case ev.Kind == queue.EventCounter && ev.Counter == nil:
		return "counter.changed without counter"
	case ev.Kind == queue.EventRated && ev.Rating == nil:
		return "rating.given without rating"
	case ev.Kind != queue.EventCounter && ev.Ticket == nil:
		return string(ev.Kind) + " without ticket"
	}
	if t := ev.Ticket; t != nil {
		if msg := checkTicket(t, now); msg != "" {
			return "ticket " + t.ID + ": " + msg
		}
	}
	if r := ev.Rating; r != nil {
		if msg := checkRating(r, now); msg != "" {
			return "rating of " + r.TicketID + ": " + msg
		}
		if ev.Ticket != nil && ev.Ticket.ID != r.TicketID {
			return "rating names ticket " + r.TicketID + " but the event carries " + ev.Ticket.ID
		}
	}
	if c := ev.Counter; c != nil && (c.Number <= 0 || c.Number > 999) {
		return "counter number out of range"
	}
	return ""
}

func checkTicket(t *queue.Ticket, now time.Time) string {
	switch {
	case t.ID == "" || len(t.ID) > 64:
		return "id must be 1-64 bytes"
	case !validDay(t.Day):
		return "day must be YYYY-MM-DD"
	case t.Number == "" || len(t.Number) > 16:
		return "number must be 1-16 bytes"
	case t.Service == "" || len(t.Service) > 32 || len(t.Origin) > 32:
		return "service must be 1-32 bytes"
	case !slices.Contains(statuses, t.Status):
		return fmt.Sprintf("unknown status %q", t.Status)
	case len(t.Ref) > 64 || len(t.Officer) > 64 || len(t.Priority) > 32:
		return "ref, officer or priority too long"
	case t.Counter < 0 || t.Recalls < 0 || t.Transfers < 0:
		return "negative counter, recalls or transfers"
	}
	if msg := checkTime(t.IssuedAt, now); msg != "" {
		return "issued_at " + msg
	}
	for _, f := range [...]struct {
		name string
		at   *time.Time
	}{{"called_at", t.CalledAt}, {"serving_at", t.ServingAt}, {"done_at", t.DoneAt},
		{"no_show_at", t.NoShowAt}, {"ended_at", t.EndedAt}} {
		if f.at == nil {
			continue
		}
		if msg := checkTime(*f.at, now); msg != "" {
			return f.name + " " + msg
		}
		if f.at.Before(t.IssuedAt) {
			return f.name + " is before issued_at"
		}
	}
	return ""
}

func checkRating(r *queue.Rating, now time.Time) string {
	switch {
	case r.TicketID == "" || len(r.TicketID) > 64:
		return "ticket_id must be 1-64 bytes"
	case !validDay(r.Day):
		return "day must be YYYY-MM-DD"
	case r.Stars < 1 || r.Stars > 5:
		return fmt.Sprintf("stars %d not in 1..5", r.Stars)
	case len(r.Reasons) > len(queue.Reasons):
		return "too many reasons"
	case !utf8.ValidString(r.Comment) || utf8.RuneCountInString(r.Comment) > 500:
		return "comment must be valid UTF-8 of at most 500 characters"
	case r.Source != "counter" && r.Source != "kiosk" && r.Source != "web":
		return fmt.Sprintf("unknown source %q", r.Source)
	case len(r.Officer) > 64 || len(r.Number) > 16 || len(r.Service) > 32:
		return "officer, number or service too long"
	}
	if msg := checkRatingDossiers(r.Dossiers); msg != "" {
		return msg
	}
	for _, reason := range r.Reasons {
		if !slices.Contains(queue.Reasons, reason) {
			return fmt.Sprintf("unknown reason %q", reason)
		}
	}
	if msg := checkTime(r.At, now); msg != "" {
		return "at " + msg
	}
	return ""
}

func checkTime(t, now time.Time) string {
	switch {
	case t.IsZero():
		return "is missing"
	case t.Year() < 2020:
		return "is before 2020"
	case t.After(now.Add(maxSkew)):
		return "is more than 48 hours in the future"
	}
	return ""
}

func validDay(s string) bool {
	_, err := time.Parse("2006-01-02", s)
	return err == nil
}
