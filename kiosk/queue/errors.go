package queue

import (
	"errors"
	"fmt"
)

// Sentinel errors callers branch on. Each has a Vietnamese sentence for
// staff and citizens in Message.
var (
	ErrUnknownService  = errors.New("unknown service")
	ErrUnknownCounter  = errors.New("unknown counter")
	ErrUnknownTicket   = errors.New("unknown ticket")
	ErrUnknownPriority = errors.New("unknown priority kind")
	ErrNotServed       = errors.New("counter does not serve this service")
	ErrNoneWaiting     = errors.New("no ticket waiting")
	ErrCounterBusy     = errors.New("counter already has a current ticket")
	ErrNoCurrent       = errors.New("counter has no current ticket")
	ErrCounterPaused   = errors.New("counter is paused")
	ErrBadTransition   = errors.New("ticket cannot make this change in its current state")
	ErrRecallLimit     = errors.New("recall limit reached")
	ErrReturnExpired   = errors.New("return window has passed")
	ErrAlreadyRated    = errors.New("ticket already rated")
	ErrNotRateable     = errors.New("ticket has not been served")
	ErrBadRating       = errors.New("invalid rating")
	ErrNotSignedIn     = errors.New("no officer signed in at this counter")
)

// Unavailable is the answer when a service gives no ticket now: outside
// its hours, a closed day, or its daily cap reached ("đã hết số"). It is a
// normal answer for the kiosk to show, not a fault.
type Unavailable struct {
	Service string
	Reason  string // one of the Reason* constants
}

// Reasons a service issues no ticket.
const (
	ReasonOutsideHours = "outside_hours"
	ReasonClosedDay    = "closed_day"
	ReasonCapReached   = "cap_reached"
	ReasonDisabled     = "disabled"
)

func (e *Unavailable) Error() string {
	return fmt.Sprintf("service %s unavailable: %s", e.Service, e.Reason)
}

// Message returns the sentence for a citizen or staff member in lang
// ("vi" or "en") for any error this package returns, and a general
// sentence for anything else.
func Message(err error, lang string) string {
	en := lang == "en"
	var u *Unavailable
	if errors.As(err, &u) {
		switch u.Reason {
		case ReasonCapReached:
			return pick(en, "Đã hết số hôm nay", "No more tickets today")
		case ReasonClosedDay:
			return pick(en, "Hôm nay không tiếp nhận", "Closed today")
		case ReasonDisabled:
			return pick(en, "Tạm ngừng tiếp nhận", "Temporarily closed")
		default:
			return pick(en, "Ngoài giờ tiếp nhận", "Outside service hours")
		}
	}
	var fe *FieldError
	if errors.As(err, &fe) {
		return pick(en, fe.Msg, fe.MsgEN)
	}
	for _, m := range []struct {
		err    error
		vi, en string
	}{
		{ErrUnknownService, "Không có lĩnh vực này", "No such service"},
		{ErrUnknownCounter, "Không có quầy này", "No such counter"},
		{ErrUnknownTicket, "Không tìm thấy số thứ tự này trong hôm nay", "No such ticket today"},
		{ErrUnknownPriority, "Không có nhóm ưu tiên này", "No such priority group"},
		{ErrNotServed, "Quầy này không phục vụ lĩnh vực đó", "This counter does not serve that service"},
		{ErrNoneWaiting, "Không còn ai đang chờ", "Nobody is waiting"},
		{ErrCounterBusy, "Quầy đang phục vụ một số khác; hãy hoàn thành hoặc chuyển số đó trước", "The counter is still serving a ticket; complete or transfer it first"},
		{ErrNoCurrent, "Quầy chưa gọi số nào", "The counter has no current ticket"},
		{ErrCounterPaused, "Quầy đang tạm nghỉ", "The counter is paused"},
		{ErrBadTransition, "Số này không thể chuyển sang trạng thái đó", "The ticket cannot make that change now"},
		{ErrRecallLimit, "Đã gọi lại quá số lần cho phép", "Recall limit reached"},
		{ErrReturnExpired, "Đã quá thời gian cho phép quay lại", "The return window has passed"},
		{ErrAlreadyRated, "Số này đã được đánh giá. Cảm ơn ông/bà!", "This ticket has already been rated. Thank you!"},
		{ErrNotRateable, "Số này chưa được phục vụ xong nên chưa thể đánh giá", "This ticket has not been served yet"},
		{ErrBadRating, "Đánh giá không hợp lệ", "Invalid rating"},
		{ErrNotSignedIn, "Chưa có cán bộ đăng nhập tại quầy", "No officer is signed in at this counter"},
	} {
		if errors.Is(err, m.err) {
			return pick(en, m.vi, m.en)
		}
	}
	return pick(en, "Có lỗi xảy ra, vui lòng thử lại hoặc báo cán bộ", "Something went wrong; please try again or ask staff")
}

func pick(en bool, vi, eng string) string {
	if en {
		return eng
	}
	return vi
}
