package hub

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/motcua-kiosk/motcua/kiosk/bookings"
	"github.com/motcua-kiosk/motcua/kiosk/store"
)

// BookingDay answers GET /api/v1/bookings?day=D: the services that take
// bookings and the bookings of one office-local day, in slot order, their
// phone numbers masked (the desk matches a caller, it does not need the
// number).
type BookingDay struct {
	Day      string             `json:"day"`
	Services []string           `json:"services"`
	Bookings []bookings.Booking `json:"bookings"`
	// WindowDays, EarlyMinutes and LateMinutes are the rules' booking
	// window and check-in window, for the officer to tell the caller.
	WindowDays   int `json:"window_days"`
	EarlyMinutes int `json:"early_minutes"`
	LateMinutes  int `json:"late_minutes"`
}

// BookingSlots answers GET /api/v1/bookings/slots: one service's slots on
// one day that can still be booked, with their free places and, after an
// outage conflict, how far over they are (docs/bookings.md).
type BookingSlots struct {
	Service string                  `json:"service"`
	Day     string                  `json:"day"`
	Slots   []bookings.Availability `json:"slots"`
}

// BookRequest is the body of POST /api/v1/bookings: an officer books the
// slot starting at Start for a citizen who phoned (bookings.ChannelDesk).
type BookRequest struct {
	Service string    `json:"service"`
	Start   time.Time `json:"start"`
	Phone   string    `json:"phone,omitempty"`
}

// bookingDesk is a bookings.Desk over the hub's store under the stored
// rules and the queue config in force. Callers hold h.checkins, which
// serialises every booking write of the hub (two desks never give the
// last place twice, and a check-in never races a cancel).
func (h *Hub) bookingDesk(ctx context.Context) (*bookings.Desk, error) {
	rules, err := h.st.BookingRules(ctx)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrStorage, err)
	}
	d, err := bookings.NewDesk(h.st, h.Config(), rules, h.now)
	if err != nil {
		return nil, fmt.Errorf("booking rules: %w", err)
	}
	return d, nil
}

// bookingErr keeps a refusal of the booking rules as it is and marks
// anything else a store failure.
func bookingErr(err error) error {
	if err == nil || isBookingErr(err) || errors.Is(err, ErrStorage) || errors.Is(err, ErrBadRequest) {
		return err
	}
	return errors.Join(ErrStorage, err)
}

// isBookingErr reports whether err is one of kiosk/bookings' refusals,
// which bookings.Message words.
func isBookingErr(err error) bool {
	for _, e := range []error{bookings.ErrNotBookable, bookings.ErrNoSlot, bookings.ErrTooSoon, bookings.ErrTooFar,
		bookings.ErrFull, bookings.ErrPhone, bookings.ErrPhoneLimit, bookings.ErrNotFound, bookings.ErrNotOpen,
		bookings.ErrCodeTypo, bookings.ErrCodeForm} {
		if errors.Is(err, e) {
			return true
		}
	}
	return false
}

func checkDay(day string) error {
	if _, err := time.Parse(time.DateOnly, day); err != nil {
		return errors.Join(ErrBadRequest, fmt.Errorf("day %q: want YYYY-MM-DD", day))
	}
	return nil
}

// BookingDay lists day's bookings (see BookingDay).
func (h *Hub) BookingDay(ctx context.Context, day string) (BookingDay, error) {
	if err := checkDay(day); err != nil {
		return BookingDay{}, err
	}
	rules, err := h.st.BookingRules(ctx)
	if err != nil {
		return BookingDay{}, bookingErr(err)
	}
	bs, err := h.st.BookingsOn(ctx, day)
	if err != nil {
		return BookingDay{}, bookingErr(err)
	}
	out := BookingDay{Day: day, Services: []string{}, Bookings: []bookings.Booking{},
		WindowDays: rules.WindowDays, EarlyMinutes: rules.EarlyMinutes, LateMinutes: rules.LateMinutes}
	for _, s := range rules.Services {
		out.Services = append(out.Services, s.Service)
	}
	for _, b := range bs {
		b.Phone = MaskPhone(b.Phone)
		out.Bookings = append(out.Bookings, b)
	}
	return out, nil
}

// BookingSlots lists service's bookable slots on day (see BookingSlots).
func (h *Hub) BookingSlots(ctx context.Context, service, day string) (BookingSlots, error) {
	if err := checkDay(day); err != nil {
		return BookingSlots{}, err
	}
	h.checkins.Lock()
	defer h.checkins.Unlock()
	d, err := h.bookingDesk(ctx)
	if err != nil {
		return BookingSlots{}, err
	}
	if _, ok := d.Rules().Service(service); !ok {
		return BookingSlots{}, &bookings.RequestError{Field: "service", Err: bookings.ErrNotBookable}
	}
	free, err := d.Free(ctx, service, day)
	if err != nil {
		return BookingSlots{}, bookingErr(err)
	}
	if free == nil {
		free = []bookings.Availability{}
	}
	return BookingSlots{Service: service, Day: day, Slots: free}, nil
}

// Book books a slot at the desk under the stored rules: the same rules,
// capacity and per-phone limit as the central server's phone page, so a
// refusal is a *bookings.RequestError naming the field.
func (h *Hub) Book(ctx context.Context, r BookRequest) (bookings.Booking, error) {
	h.checkins.Lock()
	defer h.checkins.Unlock()
	d, err := h.bookingDesk(ctx)
	if err != nil {
		return bookings.Booking{}, err
	}
	b, err := d.Book(ctx, bookings.Request{Service: strings.ToUpper(strings.TrimSpace(r.Service)), Start: r.Start,
		Phone: r.Phone, Channel: bookings.ChannelDesk})
	if err != nil {
		return bookings.Booking{}, bookingErr(err)
	}
	h.committed()
	return b, nil
}

// CancelBooking cancels an open booking, giving its place back and
// erasing its phone number.
func (h *Hub) CancelBooking(ctx context.Context, code string) (bookings.Booking, error) {
	h.checkins.Lock()
	defer h.checkins.Unlock()
	d, err := h.bookingDesk(ctx)
	if err != nil {
		return bookings.Booking{}, err
	}
	b, err := d.Cancel(ctx, code)
	if err != nil {
		return bookings.Booking{}, bookingErr(err)
	}
	h.committed()
	return b, nil
}

// MaskPhone shows enough of a number for an officer to match a caller:
// "091****678".
func MaskPhone(p string) string {
	if len(p) < 7 {
		return p
	}
	return p[:3] + strings.Repeat("*", len(p)-6) + p[len(p)-3:]
}

// deskBookingRoutes are the hub API's booking routes for the desk.
func (s *server) deskBookingRoutes() []route {
	h := s.hub
	return []route{
		{"GET", "/api/v1/bookings", deskRoles, func(w http.ResponseWriter, r *http.Request, d store.Device) (any, error) {
			return h.BookingDay(r.Context(), r.URL.Query().Get("day"))
		}},
		{"GET", "/api/v1/bookings/slots", deskRoles, func(w http.ResponseWriter, r *http.Request, d store.Device) (any, error) {
			q := r.URL.Query()
			return h.BookingSlots(r.Context(), q.Get("service"), q.Get("day"))
		}},
		{"POST", "/api/v1/bookings", deskRoles, func(w http.ResponseWriter, r *http.Request, d store.Device) (any, error) {
			var req BookRequest
			if err := decode(r, &req); err != nil {
				return nil, err
			}
			return created(h.Book(r.Context(), req))
		}},
		{"POST", "/api/v1/bookings/{code}/cancel", deskRoles, func(w http.ResponseWriter, r *http.Request, d store.Device) (any, error) {
			return h.CancelBooking(r.Context(), r.PathValue("code"))
		}},
	}
}

// BookingDay lists a day's bookings (see Hub.BookingDay).
func (c *Client) BookingDay(ctx context.Context, day string) (BookingDay, error) {
	var out BookingDay
	err := c.do(ctx, "GET", "/api/v1/bookings?"+url.Values{"day": {day}}.Encode(), nil, &out)
	return out, err
}

// BookingSlots lists a service's bookable slots on a day (see Hub.BookingSlots).
func (c *Client) BookingSlots(ctx context.Context, service, day string) (BookingSlots, error) {
	var out BookingSlots
	err := c.do(ctx, "GET", "/api/v1/bookings/slots?"+url.Values{"service": {service}, "day": {day}}.Encode(), nil, &out)
	return out, err
}

// Book books a slot for a citizen who phoned (see Hub.Book).
func (c *Client) Book(ctx context.Context, r BookRequest) (bookings.Booking, error) {
	var out bookings.Booking
	err := c.do(ctx, "POST", "/api/v1/bookings", r, &out)
	return out, err
}

// CancelBooking cancels an open booking (see Hub.CancelBooking).
func (c *Client) CancelBooking(ctx context.Context, code string) (bookings.Booking, error) {
	var out bookings.Booking
	err := c.do(ctx, "POST", "/api/v1/bookings/"+url.PathEscape(code)+"/cancel", struct{}{}, &out)
	return out, err
}
