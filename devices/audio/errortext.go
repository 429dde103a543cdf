package audio

import (
	"errors"
	"strings"
)

// ErrorText turns an announcer failure (LastError) into the plain sentence
// the admin screen shows, Vietnamese first; lang "en..." gives English.
// The technical cause stays in the log. A nil error gives "".
func ErrorText(err error, lang string) string {
	en := strings.HasPrefix(lang, "en")
	switch {
	case err == nil:
		return ""
	case errors.Is(err, ErrNoDevice):
		if en {
			return "No sound device: check the speakers, then restart the kiosk."
		}
		return "Không có thiết bị âm thanh: hãy kiểm tra loa rồi khởi động lại máy."
	case errors.Is(err, ErrNoClip):
		if en {
			return "A voice clip is missing: the call cannot be announced."
		}
		return "Thiếu tệp giọng đọc: không đọc được lời gọi số."
	}
	if en {
		return "The call could not be announced."
	}
	return "Không phát được lời gọi số."
}
