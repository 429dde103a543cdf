package bookings

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Status is where a booking is in its life: Booked until the citizen
// checks in (CheckedIn), cancels (Cancelled), or lets the check-in window
// pass (Released, the place goes back to walk-ins).
type Status string

// Booking statuses.
const (
	StatusBooked    Status = "booked"
	StatusCheckedIn Status = "checked_in"
	StatusCancelled Status = "cancelled"
	StatusReleased  Status = "released"
)

// Channels a booking is made through.
const (
	ChannelPhone = "phone" // the citizen's own phone, on the central server's page
	ChannelDesk  = "desk"  // an officer, for a citizen who phoned
)

// Booking is one citizen's appointment with one service.
type Booking struct {
	Code    string    `json:"code"` // "K7MQ2PT", unique; printed FormatCode(Code)
	Service string    `json:"service"`
	Day     string    `json:"day"` // office-local date of the slot
	Start   time.Time `json:"start"`
	End     time.Time `json:"end"`
	Channel string    `json:"channel"`
	// Phone is the citizen's number while the booking is open, for the
	// anti-abuse limit and a call if the office must move the slot; it is
	// erased when the booking ends (Close), before any ticket exists.
	Phone     string     `json:"phone,omitempty"`
	Status    Status     `json:"status"`
	CreatedAt time.Time  `json:"created_at"`
	EndedAt   *time.Time `json:"ended_at,omitempty"`
	// TicketID is the queue ticket the check-in gave.
	TicketID string `json:"ticket_id,omitempty"`
}

// Open reports whether the booking still holds its place.
func (b Booking) Open() bool { return b.Status == StatusBooked }

// Close ends an open booking with status s at now and erases the phone
// number, which nothing needs any more.
func (b *Booking) Close(s Status, now time.Time) {
	b.Status, b.Phone, b.EndedAt = s, "", &now
}

// Errors of a booking request, matched with errors.Is; a *RequestError
// wraps each with the field it concerns.
var (
	ErrNotBookable = errors.New("service takes no bookings")
	ErrNoSlot      = errors.New("no such slot")
	ErrTooSoon     = errors.New("slot is too soon to book")
	ErrTooFar      = errors.New("slot is beyond the booking window")
	ErrFull        = errors.New("slot is full")
	ErrPhone       = errors.New("invalid phone number")
	ErrPhoneLimit  = errors.New("phone number has reached its bookings for that day")
	ErrNotFound    = errors.New("booking not found")
	ErrNotOpen     = errors.New("booking is not open")
	ErrDuplicate   = errors.New("booking code already used")
)

// RequestError says which field of a booking request is wrong.
type RequestError struct {
	Field string // "service", "start", "phone"
	Err   error
}

func (e *RequestError) Error() string { return e.Field + ": " + e.Err.Error() }
func (e *RequestError) Unwrap() error { return e.Err }

func reqErr(field string, err error) error { return &RequestError{Field: field, Err: err} }

// Message is the sentence a citizen or officer reads for err, in lang
// ("vi" or "en").
func Message(err error, lang string) string {
	en := lang == "en"
	for _, m := range []struct {
		err    error
		vi, en string
	}{
		{ErrNotBookable, "Lĩnh vực này không nhận đặt lịch hẹn", "This service takes no bookings"},
		{ErrNoSlot, "Không có khung giờ hẹn này; xin chọn một khung giờ trong danh sách", "There is no such slot; please pick one from the list"},
		{ErrTooSoon, "Khung giờ này quá gần, không còn đặt hẹn được; xin chọn khung giờ muộn hơn", "This slot is too soon to book; please pick a later one"},
		{ErrTooFar, "Khung giờ này vượt quá số ngày được đặt trước", "This slot is further ahead than bookings are taken"},
		{ErrFull, "Khung giờ này đã đủ người hẹn; xin chọn khung giờ khác", "This slot is full; please pick another"},
		{ErrPhone, "Số điện thoại không đúng; xin nhập 10 số, ví dụ 0912 345 678", "The phone number is not valid; enter 10 digits, e.g. 0912 345 678"},
		{ErrPhoneLimit, "Số điện thoại này đã có lịch hẹn trong ngày đó", "This phone number already has its bookings for that day"},
		{ErrNotFound, "Không tìm thấy lịch hẹn với mã này", "No booking has this code"},
		{ErrNotOpen, "Lịch hẹn này đã kết thúc", "This booking has ended"},
		{ErrCodeTypo, "Mã hẹn có một ký tự bị sai; xin kiểm tra lại", "One character of the booking code is wrong; please check it"},
		{ErrCodeForm, "Đây không phải là mã hẹn; mã hẹn có 7 ký tự, ví dụ K7M-Q2PT", "This is not a booking code; a code has 7 characters, e.g. K7M-Q2PT"},
	} {
		if errors.Is(err, m.err) {
			if en {
				return m.en
			}
			return m.vi
		}
	}
	if en {
		return "Something went wrong; please try again or ask staff"
	}
	return "Có lỗi xảy ra, vui lòng thử lại hoặc báo cán bộ"
}

// NormalizePhone returns a Vietnamese mobile number in its 10-digit
// national form "0912345678", from what a citizen types ("0912 345 678",
// "+84 912 345 678", "84912345678"); ErrPhone when it is not one.
func NormalizePhone(s string) (string, error) {
	var d strings.Builder
	for i, r := range strings.TrimSpace(s) {
		switch {
		case r >= '0' && r <= '9':
			d.WriteRune(r)
		case r == ' ' || r == '.' || r == '-' || r == '(' || r == ')':
		case r == '+' && i == 0:
		default:
			return "", fmt.Errorf("phone %q: %w", s, ErrPhone)
		}
	}
	n := d.String()
	if strings.HasPrefix(n, "84") && len(n) == 11 {
		n = "0" + n[2:]
	}
	if len(n) != 10 || n[0] != '0' || !strings.ContainsRune("35789", rune(n[1])) {
		return "", fmt.Errorf("phone %q: %w", s, ErrPhone)
	}
	return n, nil
}
