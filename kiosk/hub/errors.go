package hub

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/motcua-kiosk/motcua/kiosk/bookings"
	"github.com/motcua-kiosk/motcua/kiosk/dossiers"
	"github.com/motcua-kiosk/motcua/kiosk/queue"
	"github.com/motcua-kiosk/motcua/kiosk/store"
	"github.com/motcua-kiosk/motcua/kiosk/visits"
)

// Errors of the HTTP layer.
var (
	ErrForbidden  = errors.New("this device may not do that")
	ErrBadRequest = errors.New("malformed request")
	ErrLocked     = errors.New("too many wrong attempts; try again later")
	// ErrTooLarge: a request body over the hub's limit (64 KiB).
	ErrTooLarge = errors.New("request body too large")
	// ErrBusy: every live-event stream the hub keeps is taken; the
	// answer carries Retry-After.
	ErrBusy = errors.New("too many live-event streams; try again later")
)

// errorCodes is the one table that maps errors to the API's codes and
// statuses, used by the server to answer and by the client to rebuild the
// same error, so that errors.Is works on both sides of the wire.
var errorCodes = []struct {
	code   string
	status int
	err    error
}{
	{"unknown_service", http.StatusNotFound, queue.ErrUnknownService},
	{"unknown_counter", http.StatusNotFound, queue.ErrUnknownCounter},
	{"unknown_ticket", http.StatusNotFound, queue.ErrUnknownTicket},
	{"unknown_priority", http.StatusUnprocessableEntity, queue.ErrUnknownPriority},
	{"not_served", http.StatusConflict, queue.ErrNotServed},
	{"none_waiting", http.StatusConflict, queue.ErrNoneWaiting},
	{"counter_busy", http.StatusConflict, queue.ErrCounterBusy},
	{"no_current", http.StatusConflict, queue.ErrNoCurrent},
	{"counter_paused", http.StatusConflict, queue.ErrCounterPaused},
	{"bad_transition", http.StatusConflict, queue.ErrBadTransition},
	{"recall_limit", http.StatusConflict, queue.ErrRecallLimit},
	{"return_expired", http.StatusConflict, queue.ErrReturnExpired},
	{"already_rated", http.StatusConflict, queue.ErrAlreadyRated},
	{"not_rateable", http.StatusConflict, queue.ErrNotRateable},
	{"bad_rating", http.StatusUnprocessableEntity, queue.ErrBadRating},
	{"not_signed_in", http.StatusConflict, queue.ErrNotSignedIn},
	{"bad_pairing_code", http.StatusForbidden, store.ErrBadCode},
	{"bad_token", http.StatusUnauthorized, store.ErrBadToken},
	{"bad_pin", http.StatusForbidden, store.ErrBadPIN},
	{"invalid_input", http.StatusBadRequest, store.ErrInvalidInput},
	{"not_found", http.StatusNotFound, store.ErrNotFound},
	{"bad_dossier_code", http.StatusUnprocessableEntity, dossiers.ErrUnrecognized},
	{"too_many_dossiers", http.StatusConflict, store.ErrTooMany},
	{"visit_not_found", http.StatusNotFound, visits.ErrNotFound},
	{"visit_closed", http.StatusConflict, visits.ErrClosed},
	{"visit_not_due", http.StatusConflict, visits.ErrNotDue},
	{"no_visit_day", http.StatusConflict, visits.ErrNoDay},
	{"not_bookable", http.StatusUnprocessableEntity, bookings.ErrNotBookable},
	{"no_slot", http.StatusUnprocessableEntity, bookings.ErrNoSlot},
	{"slot_too_soon", http.StatusUnprocessableEntity, bookings.ErrTooSoon},
	{"slot_too_far", http.StatusUnprocessableEntity, bookings.ErrTooFar},
	{"slot_full", http.StatusConflict, bookings.ErrFull},
	{"bad_phone", http.StatusUnprocessableEntity, bookings.ErrPhone},
	{"phone_limit", http.StatusConflict, bookings.ErrPhoneLimit},
	{"booking_not_found", http.StatusNotFound, bookings.ErrNotFound},
	{"booking_not_open", http.StatusConflict, bookings.ErrNotOpen},
	{"booking_code_typo", http.StatusUnprocessableEntity, bookings.ErrCodeTypo},
	{"bad_booking_code", http.StatusUnprocessableEntity, bookings.ErrCodeForm},
	{"forbidden", http.StatusForbidden, ErrForbidden},
	{"bad_request", http.StatusBadRequest, ErrBadRequest},
	{"too_large", http.StatusRequestEntityTooLarge, ErrTooLarge},
	{"busy", http.StatusServiceUnavailable, ErrBusy},
	{"locked", http.StatusTooManyRequests, ErrLocked},
	{"idempotency_key_reused", http.StatusUnprocessableEntity, ErrKeyReused},
	{"storage", http.StatusServiceUnavailable, ErrStorage},
	{"closed", http.StatusServiceUnavailable, ErrClosed},
}

// Error is an error answer of the hub API as the client sees it. It
// unwraps to the sentinel its code stands for.
type Error struct {
	Status    int    `json:"-"`
	Code      string `json:"code"`
	Message   string `json:"message"`    // Vietnamese
	MessageEN string `json:"message_en"` // English
	Field     string `json:"field,omitempty"`
	Reason    string `json:"reason,omitempty"`
	sentinel  error
}

func (e *Error) Error() string { return fmt.Sprintf("hub: %s (%d): %s", e.Code, e.Status, e.MessageEN) }

// Unwrap returns the sentinel error the code stands for.
func (e *Error) Unwrap() error { return e.sentinel }

// Message turns any error from a hub, a client or the queue into a
// sentence for staff or citizens in lang ("vi" or "en").
func Message(err error, lang string) string {
	var he *Error
	if errors.As(err, &he) && he.Message != "" {
		if lang == "en" {
			return he.MessageEN
		}
		return he.Message
	}
	var pe *dossiers.ParseError
	if errors.As(err, &pe) {
		return pe.Message(lang)
	}
	if m := visits.Message(err, lang); m != "" {
		return m
	}
	if isBookingErr(err) {
		return bookings.Message(err, lang)
	}
	en := lang == "en"
	for _, m := range []struct {
		err    error
		vi, en string
	}{
		{store.ErrBadCode, "Mã ghép nối sai hoặc đã hết hạn", "The pairing code is wrong or expired"},
		{store.ErrBadToken, "Thiết bị chưa được ghép nối hoặc đã bị thu hồi", "This device is not paired or was revoked"},
		{store.ErrBadPIN, "Sai mã cán bộ hoặc mã PIN", "Wrong officer ID or PIN"},
		{store.ErrInvalidInput, "Dữ liệu nhập không hợp lệ", "Invalid input"},
		{store.ErrNotFound, "Không tìm thấy", "Not found"},
		{ErrForbidden, "Thiết bị này không được phép làm việc đó", "This device may not do that"},
		{ErrBadRequest, "Yêu cầu không hợp lệ", "Malformed request"},
		{ErrTooLarge, "Yêu cầu quá lớn", "The request is too large"},
		{ErrBusy, "Hệ thống đang phục vụ quá nhiều màn hình theo dõi, vui lòng thử lại sau ít giây", "Too many screens are following the hub; please try again in a few seconds"},
		{ErrLocked, "Nhập sai quá nhiều lần, vui lòng thử lại sau ít phút", "Too many wrong attempts; try again in a few minutes"},
		{ErrStorage, "Không lưu được thay đổi, vui lòng thử lại", "The change could not be saved; please try again"},
		{ErrClosed, "Hệ thống đang khởi động lại, vui lòng chờ", "The system is restarting; please wait"},
		{ErrKeyReused, "Yêu cầu này trùng mã với một yêu cầu khác đã gửi; hãy thao tác lại", "This request reuses the key of a different request; please try again"},
		{store.ErrTooMany, "Một phiếu chỉ gắn được tối đa 20 hồ sơ", "One ticket can carry at most 20 dossiers"},
	} {
		if errors.Is(err, m.err) {
			if en {
				return m.en
			}
			return m.vi
		}
	}
	return queue.Message(err, lang)
}

// toError converts any error into the API's error answer.
func toError(err error) *Error {
	var u *queue.Unavailable
	if errors.As(err, &u) {
		return &Error{Status: http.StatusConflict, Code: "unavailable", Reason: u.Reason,
			Message: queue.Message(err, "vi"), MessageEN: queue.Message(err, "en")}
	}
	var fe *queue.FieldError
	if errors.As(err, &fe) {
		return &Error{Status: http.StatusUnprocessableEntity, Code: "invalid_config", Field: fe.Field, Message: fe.Msg, MessageEN: fe.MsgEN}
	}
	var re *bookings.RequestError
	field := ""
	if errors.As(err, &re) {
		field = re.Field
	}
	for _, c := range errorCodes {
		if errors.Is(err, c.err) {
			return &Error{Status: c.status, Code: c.code, Message: Message(err, "vi"), MessageEN: Message(err, "en"), Field: field, sentinel: c.err}
		}
	}
	return &Error{Status: http.StatusInternalServerError, Code: "internal", Message: Message(err, "vi"), MessageEN: Message(err, "en")}
}

// fromError rebuilds on the client side the error the server answered.
func fromError(e *Error) error {
	switch e.Code {
	case "unavailable":
		return &queue.Unavailable{Reason: e.Reason}
	case "invalid_config":
		return &queue.FieldError{Field: e.Field, Msg: e.Message, MsgEN: e.MessageEN}
	}
	for _, c := range errorCodes {
		if c.code == e.Code {
			e.sentinel = c.err
		}
	}
	return e
}
