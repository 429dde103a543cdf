package hub

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/motcua-kiosk/motcua/kiosk/bookings"
	"github.com/motcua-kiosk/motcua/kiosk/queue"
	"github.com/motcua-kiosk/motcua/kiosk/store"
)

// OutcomeInvalid is a CheckIn's outcome for text that is not a booking
// code, or a code with a wrong symbol; the others are bookings.Outcome.
const OutcomeInvalid = "invalid"

// CheckIn is the answer to a booking check-in at the kiosk: what to say,
// and on "booked" the ticket. Every outcome is a normal answer: "late"
// and "released" mean the kiosk offers a normal ticket instead.
type CheckIn struct {
	Outcome   string     `json:"outcome"`    // bookings.Outcome* or OutcomeInvalid
	Message   string     `json:"message"`    // Vietnamese, for the screen
	MessageEN string     `json:"message_en"` // English
	Service   string     `json:"service,omitempty"`
	Slot      *time.Time `json:"slot,omitempty"`
	Ticket    *Issued    `json:"ticket,omitempty"`
}

// CheckIn checks in the booking whose code (typed, or a scanned QR
// payload) is text, under the stored booking rules. A booked ticket is
// stored together with its booking marked used, in one transaction; a
// late check-in releases the booking. priority is an optional priority
// kind for the ticket.
func (h *Hub) CheckIn(ctx context.Context, text, priority string) (CheckIn, error) {
	h.checkins.Lock()
	defer h.checkins.Unlock()
	code, err := bookings.ParseCode(text)
	if err != nil {
		return CheckIn{Outcome: OutcomeInvalid, Message: bookings.Message(err, "vi"), MessageEN: bookings.Message(err, "en")}, nil
	}
	rules, err := h.st.BookingRules(ctx)
	if err != nil {
		return CheckIn{}, fmt.Errorf("check in: %w: %v", ErrStorage, err)
	}
	cfg := h.Config()
	now := h.now()
	b, err := h.st.Booking(ctx, code)
	if errors.Is(err, bookings.ErrNotFound) {
		d := bookings.Decide(nil, now, rules, cfg.Location())
		return CheckIn{Outcome: string(d.Outcome), Message: d.Vi, MessageEN: d.En}, nil
	}
	if err != nil {
		return CheckIn{}, fmt.Errorf("check in: %w: %v", ErrStorage, err)
	}
	d := bookings.Decide(&b, now, rules, cfg.Location())
	out := CheckIn{Outcome: string(d.Outcome), Message: d.Vi, MessageEN: d.En, Service: b.Service, Slot: &b.Start}
	switch d.Outcome {
	case bookings.OutcomeLate:
		b.Close(bookings.StatusReleased, now)
		if err := h.st.UpdateBooking(ctx, b, nil); err != nil {
			return CheckIn{}, fmt.Errorf("check in: release: %w: %v", ErrStorage, err)
		}
	case bookings.OutcomeBooked:
		err := h.applyWith(func(e *queue.Engine) ([]queue.Event, []bookings.Booking, error) {
			t, evs, err := e.IssueBooked(b.Service, priority, d.WaitFrom)
			if err != nil {
				return evs, nil, err
			}
			b.Close(bookings.StatusCheckedIn, now)
			b.TicketID = t.ID
			is := Issued{Ticket: t, Estimate: e.AheadOfNew(t)}
			is.Service, _ = e.Service(t.Service)
			out.Ticket = &is
			return evs, []bookings.Booking{b}, nil
		})
		if err != nil {
			return CheckIn{}, fmt.Errorf("check in %s: %w", code, err)
		}
	}
	return out, nil
}

// releaseBookings closes the open bookings whose check-in window has
// ended, erasing their phone numbers (the hub's ticker runs it).
func (h *Hub) releaseBookings() {
	ctx := context.Background()
	rules, err := h.st.BookingRules(ctx)
	if err != nil || len(rules.Services) == 0 {
		return
	}
	now := h.now()
	open, err := h.st.OpenBookings(ctx, now)
	if err != nil {
		h.log.Error("release bookings", "err", err)
		return
	}
	h.checkins.Lock()
	defer h.checkins.Unlock()
	for _, b := range open {
		if !bookings.Due(b, now, rules) {
			continue
		}
		b.Close(bookings.StatusReleased, now)
		if err := h.st.UpdateBooking(ctx, b, nil); err != nil {
			h.log.Error("release booking", "code", b.Code, "err", err)
			return
		}
	}
}

// bookingRoutes are the hub API's booking routes.
func (s *server) bookingRoutes() []route {
	return append([]route{
		{"POST", "/api/v1/bookings/check-in", []string{store.RoleDispenser, store.RoleDesk, store.RoleAdmin}, func(w http.ResponseWriter, r *http.Request, d store.Device) (any, error) {
			var req struct {
				Code     string `json:"code"`
				Priority string `json:"priority"`
			}
			if err := decode(r, &req); err != nil {
				return nil, err
			}
			return s.hub.CheckIn(r.Context(), req.Code, req.Priority)
		}},
	}, s.deskBookingRoutes()...)
}

// CheckIn checks in a booking (see Hub.CheckIn). Its Idempotency-Key
// makes a retry after a cut connection get the first answer, the same
// ticket, rather than "already used".
func (c *Client) CheckIn(ctx context.Context, code, priority string) (CheckIn, error) {
	var out CheckIn
	err := c.do(ctx, "POST", "/api/v1/bookings/check-in", map[string]string{"code": code, "priority": priority}, &out)
	return out, err
}
