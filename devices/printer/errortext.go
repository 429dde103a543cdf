package printer

import (
	"errors"
	"strings"

	"github.com/motcua-kiosk/motcua/devices"
	"github.com/motcua-kiosk/motcua/devices/escpos"
)

// featureText names a profile feature for staff, Vietnamese then English.
var featureText = map[string][2]string{
	escpos.FeatureUserDefinedChars: {"ký tự tự định nghĩa (ESC &)", "user-defined characters (ESC &)"},
	escpos.FeatureNativeQR:         {"lệnh in mã QR (GS ( k)", "the QR code command (GS ( k)"},
	escpos.FeatureCutter:           {"dao cắt giấy", "a paper cutter"},
}

// ErrorText turns a failure of Open, Print, PrintTestPage or
// PrintProbePage into the plain sentence a staff screen shows, Vietnamese
// first; lang "en..." gives English. The technical cause belongs in the log. A nil error
// gives "".
func ErrorText(err error, lang string) string {
	en := strings.HasPrefix(lang, "en")
	pick := func(vi, english string) string {
		if en {
			return english
		}
		return vi
	}
	var se *devices.StatusError
	var ue *escpos.UnsupportedError
	switch {
	case err == nil:
		return ""
	case errors.As(err, &se):
		return devices.StateText(se.Status.State(), lang)
	case errors.Is(err, devices.ErrDisconnected):
		return devices.StateText(devices.StateDisconnected, lang)
	case errors.As(err, &ue):
		f, ok := featureText[ue.Feature]
		if !ok {
			f = [2]string{ue.Feature, ue.Feature}
		}
		return pick("Máy in loại "+ue.Profile+" không có "+f[0]+": hãy chọn đúng loại máy in hoặc cách in chữ khác.",
			"The "+ue.Profile+" printer has no "+f[1]+": choose the right printer type or another text strategy.")
	case errors.Is(err, escpos.ErrUnknownProfile):
		return pick("Không có loại máy in này: hãy chọn lại loại máy in.",
			"Unknown printer type: choose the printer type again.")
	case errors.Is(err, ErrClosed):
		return pick("Máy in đã đóng: hãy khởi động lại máy.", "The printer is closed: restart the kiosk.")
	}
	return pick("Không in được: hãy kiểm tra máy in.", "Could not print: check the printer.")
}
