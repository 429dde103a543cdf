package bookings

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/motcua-kiosk/motcua/kiosk/queue"
)

// Desk makes, cancels, checks in and releases bookings against a Store
// under one set of rules. Its methods are safe for concurrent use: they
// are serialised, so two citizens never get the last place of a slot.
type Desk struct {
	mu    sync.Mutex
	st    Store
	cfg   queue.Config
	rules Rules
	loc   *time.Location
	now   func() time.Time
	rand  io.Reader
}

// NewDesk returns a Desk over st for the queue configuration cfg (its
// services, counters and time zone) and rules, which it validates. now is
// the clock.
func NewDesk(st Store, cfg queue.Config, rules Rules, now func() time.Time) (*Desk, error) {
	if err := rules.Validate(cfg); err != nil {
		return nil, err
	}
	return &Desk{st: st, cfg: cfg.Clone(), rules: rules, loc: cfg.Location(), now: now}, nil
}

// SetRand replaces the source of booking codes (tests).
func (d *Desk) SetRand(r io.Reader) { d.rand = r }

// Rules returns the rules in force.
func (d *Desk) Rules() Rules { return d.rules }

// Location is the office's zone.
func (d *Desk) Location() *time.Location { return d.loc }

// Request asks for a booking.
type Request struct {
	Service string
	Start   time.Time // the slot's start, as Slots lists it
	Phone   string    // required on ChannelPhone; optional at the desk
	Channel string    // ChannelPhone or ChannelDesk
}

// Availability is a slot with the places still free.
type Availability struct {
	Slot
	Free int `json:"free"`
	// Over counts the bookings held beyond the slot's places: 0, except
	// after the hub and the central server each gave away the last place
	// while they could not reach each other (docs/bookings.md). Both
	// bookings stand; the officer sees the slot over by Over.
	Over int `json:"over,omitempty"`
}

// Free lists service's slots on day with their free places, the ones that
// can no longer be booked at now (too soon) left out.
func (d *Desk) Free(ctx context.Context, service, day string) ([]Availability, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	taken, err := d.taken(ctx, day)
	if err != nil {
		return nil, err
	}
	now := d.now()
	var out []Availability
	for _, s := range d.rules.Slots(d.cfg, service, day, d.loc) {
		if d.bookable(s.Start, now) != nil {
			continue
		}
		n := taken[key(service, s.Start)]
		out = append(out, Availability{Slot: s, Free: max(0, s.Places-n), Over: max(0, n-s.Places)})
	}
	return out, nil
}

func key(service string, start time.Time) string {
	return service + "@" + start.UTC().Format(time.RFC3339)
}

// taken counts the places held on day per slot: open and checked-in
// bookings (a released or cancelled one gives its place back).
func (d *Desk) taken(ctx context.Context, day string) (map[string]int, error) {
	bs, err := d.st.BookingsOn(ctx, day)
	if err != nil {
		return nil, fmt.Errorf("bookings of %s: %w", day, err)
	}
	n := map[string]int{}
	for _, b := range bs {
		if b.Status == StatusBooked || b.Status == StatusCheckedIn {
			n[key(b.Service, b.Start)]++
		}
	}
	return n, nil
}

// bookable checks the booking window for a slot starting at start.
func (d *Desk) bookable(start, now time.Time) error {
	if start.Before(now.Add(time.Duration(d.rules.MinLeadHours) * time.Hour)) {
		return reqErr("start", ErrTooSoon)
	}
	today, _ := time.ParseInLocation(time.DateOnly, now.In(d.loc).Format(time.DateOnly), d.loc)
	if !start.Before(today.AddDate(0, 0, d.rules.WindowDays+1)) {
		return reqErr("start", ErrTooFar)
	}
	return nil
}

// Book makes a booking, or says which field of r is wrong with a
// *RequestError (Message words it).
func (d *Desk) Book(ctx context.Context, r Request) (Booking, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	now := d.now()
	if _, ok := d.rules.Service(r.Service); !ok {
		return Booking{}, reqErr("service", ErrNotBookable)
	}
	phone := ""
	if r.Channel == ChannelPhone || strings.TrimSpace(r.Phone) != "" {
		p, err := NormalizePhone(r.Phone)
		if err != nil {
			return Booking{}, reqErr("phone", err)
		}
		phone = p
	}
	if r.Channel != ChannelPhone && r.Channel != ChannelDesk {
		return Booking{}, reqErr("channel", fmt.Errorf("channel %q: %w", r.Channel, ErrNotBookable))
	}
	day := r.Start.In(d.loc).Format(time.DateOnly)
	var slot *Slot
	for _, s := range d.rules.Slots(d.cfg, r.Service, day, d.loc) {
		if s.Start.Equal(r.Start) {
			slot = &s
			break
		}
	}
	if slot == nil {
		return Booking{}, reqErr("start", ErrNoSlot)
	}
	if err := d.bookable(slot.Start, now); err != nil {
		return Booking{}, err
	}
	bs, err := d.st.BookingsOn(ctx, day)
	if err != nil {
		return Booking{}, fmt.Errorf("book: %w", err)
	}
	held, byPhone := 0, 0
	for _, b := range bs {
		if (b.Status == StatusBooked || b.Status == StatusCheckedIn) && b.Service == r.Service && b.Start.Equal(slot.Start) {
			held++
		}
		if phone != "" && b.Open() && b.Phone == phone {
			byPhone++
		}
	}
	if held >= slot.Places {
		return Booking{}, reqErr("start", ErrFull)
	}
	if phone != "" && byPhone >= d.rules.PerPhonePerDay {
		return Booking{}, reqErr("phone", ErrPhoneLimit)
	}
	b := Booking{Service: r.Service, Day: day, Start: slot.Start, End: slot.End, Channel: r.Channel,
		Phone: phone, Status: StatusBooked, CreatedAt: now}
	for range 5 { // a clash of codes is one in 10^8 per booking held
		if b.Code, err = NewCode(d.rand); err != nil {
			return Booking{}, fmt.Errorf("book: %w", err)
		}
		if err = d.st.AddBooking(ctx, b); !errors.Is(err, ErrDuplicate) {
			break
		}
	}
	if err != nil {
		return Booking{}, fmt.Errorf("book: %w", err)
	}
	return b, nil
}

// Cancel ends an open booking at the citizen's or an officer's request.
func (d *Desk) Cancel(ctx context.Context, code string) (Booking, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	c, err := ParseCode(code)
	if err != nil {
		return Booking{}, err
	}
	b, err := d.st.Booking(ctx, c)
	if err != nil {
		return Booking{}, err
	}
	if !b.Open() {
		return b, fmt.Errorf("cancel %s: %w", c, ErrNotOpen)
	}
	b.Close(StatusCancelled, d.now())
	if err := d.st.UpdateBooking(ctx, b, nil); err != nil {
		return Booking{}, fmt.Errorf("cancel %s: %w", c, err)
	}
	return b, nil
}

// IssueFunc gives a booked ticket for service whose wait counts from
// waitFrom: queue.Engine.IssueBooked, run where the engine is serialised.
type IssueFunc func(service string, waitFrom time.Time) (queue.Ticket, []queue.Event, error)

// CheckIn applies the check-in rule to the typed or scanned text. On
// OutcomeBooked it issues the ticket through issue and stores the booking
// as checked in together with the ticket's events; on OutcomeLate it
// releases the booking. The Decision says what to show in every case; the
// ticket is set only on OutcomeBooked. A code of the wrong form or with a
// wrong symbol is an error (Message words it), an unknown code an
// OutcomeUnknown.
func (d *Desk) CheckIn(ctx context.Context, text string, issue IssueFunc) (Decision, queue.Ticket, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	code, err := ParseCode(text)
	if err != nil {
		return Decision{}, queue.Ticket{}, err
	}
	now := d.now()
	b, err := d.st.Booking(ctx, code)
	if errors.Is(err, ErrNotFound) {
		return Decide(nil, now, d.rules, d.loc), queue.Ticket{}, nil
	}
	if err != nil {
		return Decision{}, queue.Ticket{}, fmt.Errorf("check in %s: %w", code, err)
	}
	dec := Decide(&b, now, d.rules, d.loc)
	switch dec.Outcome {
	case OutcomeLate:
		b.Close(StatusReleased, now)
		if err := d.st.UpdateBooking(ctx, b, nil); err != nil {
			return Decision{}, queue.Ticket{}, fmt.Errorf("check in %s: release: %w", code, err)
		}
	case OutcomeBooked:
		t, evs, err := issue(b.Service, dec.WaitFrom)
		if err != nil {
			return dec, queue.Ticket{}, fmt.Errorf("check in %s: %w", code, err)
		}
		b.Close(StatusCheckedIn, now)
		b.TicketID = t.ID
		if err := d.st.UpdateBooking(ctx, b, evs); err != nil {
			return dec, queue.Ticket{}, fmt.Errorf("check in %s: %w", code, err)
		}
		return dec, t, nil
	}
	return dec, queue.Ticket{}, nil
}

// Release closes every open booking whose check-in window ended before
// now, giving its place back, and returns them. The hub runs it on its
// timer.
func (d *Desk) Release(ctx context.Context) ([]Booking, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	now := d.now()
	bs, err := d.st.OpenBookings(ctx, now)
	if err != nil {
		return nil, fmt.Errorf("release: %w", err)
	}
	var out []Booking
	for _, b := range bs {
		if !Due(b, now, d.rules) {
			continue
		}
		b.Close(StatusReleased, now)
		if err := d.st.UpdateBooking(ctx, b, nil); err != nil {
			return out, fmt.Errorf("release %s: %w", b.Code, err)
		}
		out = append(out, b)
	}
	return out, nil
}
