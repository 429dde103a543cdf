package dossiers

import (
	"errors"
	"fmt"
	"strings"
)

// The errors a Source returns, wrapped with its technical cause. Callers
// branch on them with errors.Is; ErrorText turns them into the sentence a
// citizen reads.
var (
	// ErrNotFound: the system answered and has no dossier with this code.
	ErrNotFound = errors.New("dossier not found")
	// ErrWrongSecret: the dossier exists but the secret key (mã bí mật)
	// is missing or does not match, so its status may not be shown.
	ErrWrongSecret = errors.New("wrong or missing dossier secret")
	// ErrUnreachable: no usable answer (network down, timeout, 5xx,
	// an answer that is not the documented shape). Cached falls back to
	// the last known status on this error, and only on this one.
	ErrUnreachable = errors.New("dossier system unreachable")
	// ErrUnrecognized: the scanned or typed text is no dossier code
	// Parse knows. The *ParseError that wraps it says why.
	ErrUnrecognized = errors.New("not a dossier code")
)

// Reason says why Parse refused a text; each has its own sentence.
type Reason int

// The reasons Parse gives.
const (
	ReasonEmpty     Reason = iota + 1 // nothing but whitespace or a scanner prefix
	ReasonTooLong                     // longer than MaxInput bytes
	ReasonBinary                      // invalid UTF-8 or control characters inside
	ReasonBadDate                     // the YYMMDD part is no calendar date
	ReasonBadAgency                   // the part before -YYMMDD-XXXX is no agency code
	ReasonBadSeq                      // the sequence part is not 0001..9999
	ReasonBadURL                      // a URL without a dossier number in it
	ReasonBadSecret                   // a URL whose secret key has characters no key has
	ReasonUnknown                     // none of the accepted forms
)

var reasonEnglish = map[Reason]string{
	ReasonEmpty:     "empty input",
	ReasonTooLong:   "input too long",
	ReasonBinary:    "binary or control characters",
	ReasonBadDate:   "received date is not a calendar date",
	ReasonBadAgency: "agency code is not in the Decree 61 form",
	ReasonBadSeq:    "sequence number must be 0001..9999",
	ReasonBadURL:    "look-up URL carries no dossier number",
	ReasonBadSecret: "look-up URL carries an invalid secret key",
	ReasonUnknown:   "matches no accepted dossier code form",
}

// ParseError is Parse's refusal. Error() is English for the log (with a
// quoted, shortened copy of the input, a link without its query or
// fragment); Message gives the citizen's
// sentence. errors.Is(err, ErrUnrecognized) holds for every ParseError.
type ParseError struct {
	Input  string // the input as received, cut to 64 bytes for the log
	Reason Reason
	Detail string // e.g. the impossible date "31/02/2024"; may be ""
}

func (e *ParseError) Error() string {
	s := fmt.Sprintf("parse dossier code %q: %s", e.Input, reasonEnglish[e.Reason])
	if e.Detail != "" {
		s += " (" + e.Detail + ")"
	}
	return s
}

// Unwrap makes errors.Is(err, ErrUnrecognized) true.
func (e *ParseError) Unwrap() error { return ErrUnrecognized }

// Message is the sentence shown to the citizen: Vietnamese, or English
// when lang starts with "en".
func (e *ParseError) Message(lang string) string {
	en := strings.HasPrefix(lang, "en")
	pick := func(vi, english string) string {
		if en {
			return english
		}
		return vi
	}
	again := pick(" Hãy quét lại mã trên Giấy tiếp nhận hồ sơ và hẹn trả kết quả, hoặc nhập mã hồ sơ in trên giấy.",
		" Scan the code on the dossier receipt again, or type the dossier code printed on it.")
	switch e.Reason {
	case ReasonEmpty:
		return pick("Chưa đọc được mã nào.", "No code was read.") + again
	case ReasonTooLong:
		return pick("Mã quá dài, đây không phải mã hồ sơ.", "This code is too long to be a dossier code.") + again
	case ReasonBadDate:
		return pick("Mã hồ sơ có ngày tiếp nhận không có thật ("+e.Detail+").",
			"The dossier code has a received date that does not exist ("+e.Detail+").") + again
	case ReasonBadAgency:
		return pick("Phần mã cơ quan trong mã hồ sơ không đúng.", "The agency part of the dossier code is wrong.") + again
	case ReasonBadSeq:
		return pick("Bốn số cuối của mã hồ sơ không đúng.", "The last four digits of the dossier code are wrong.") + again
	case ReasonBadURL, ReasonBadSecret:
		return pick("Mã QR này không chứa mã hồ sơ.", "This QR code holds no dossier code.") + again
	}
	return pick("Đây không phải mã hồ sơ.", "This is not a dossier code.") + again
}

// ErrorText turns an error from Parse or from a Source into the plain
// sentence a kiosk screen shows, Vietnamese first; lang "en..." gives
// English. The technical cause belongs in the log. A nil error gives "".
func ErrorText(err error, lang string) string {
	en := strings.HasPrefix(lang, "en")
	pick := func(vi, english string) string {
		if en {
			return english
		}
		return vi
	}
	var pe *ParseError
	switch {
	case err == nil:
		return ""
	case errors.As(err, &pe):
		return pe.Message(lang)
	case errors.Is(err, ErrNotFound):
		return pick("Không tìm thấy hồ sơ có mã này. Hãy kiểm tra lại mã trên giấy hẹn, hoặc hỏi cán bộ tại quầy.",
			"No dossier has this code. Check the code on the receipt, or ask at the counter.")
	case errors.Is(err, ErrWrongSecret):
		return pick("Mã bí mật của hồ sơ không đúng hoặc chưa có. Hãy quét mã QR trên giấy hẹn (mã này có kèm mã bí mật), hoặc hỏi cán bộ tại quầy.",
			"The dossier's secret key is wrong or missing. Scan the QR code on the receipt (it carries the key), or ask at the counter.")
	case errors.Is(err, ErrUnreachable):
		return pick("Hiện không kết nối được hệ thống một cửa để tra cứu hồ sơ. Xin thử lại sau ít phút, hoặc hỏi cán bộ tại quầy.",
			"The one-stop system cannot be reached right now. Try again in a few minutes, or ask at the counter.")
	}
	return pick("Không tra cứu được hồ sơ. Xin hỏi cán bộ tại quầy.", "The dossier could not be looked up. Please ask at the counter.")
}
