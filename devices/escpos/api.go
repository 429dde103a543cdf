package escpos

// This file fixes the package's API so that the printer driver
// (devices/printer) and the virtual printer (devices/escpos/interp) can be
// built against it while the encoder is written. Bodies marked
// "not implemented yet" are replaced by the encoder's own files.

import (
	"errors"

	"github.com/motcua-kiosk/motcua/devices"
)

// Strategy is how Vietnamese text reaches the paper.
type Strategy string

// The text strategies a profile can choose from.
const (
	StrategyCodePage  Strategy = "codepage"  // text in a Vietnamese code page (TCVN-3, VISCII)
	StrategyRaster    Strategy = "raster"    // every text line as a 1-bit image
	StrategyHybrid    Strategy = "hybrid"    // ASCII lines and the number in the printer font, Vietnamese lines raster
	StrategyUserChars Strategy = "userchars" // glyphs the ticket uses downloaded as user-defined characters
)

// Profile describes one printer model: paper width, which ESC t page
// numbers hold which character sets, and what the firmware supports.
type Profile struct {
	Name             string         `json:"name"`
	Model            string         `json:"model"`
	PaperMM          int            `json:"paper_mm"`
	DotsPerLine      int            `json:"dots_per_line"` // 576 on 80 mm, 384 on 58 mm
	CodePages        map[int]string `json:"code_pages"`    // ESC t n -> charset name ("tcvn3", "viscii", "cp437", ...)
	NativeQR         bool           `json:"native_qr"`
	UserDefinedChars bool           `json:"user_defined_chars"`
	Cutter           bool           `json:"cutter"`
	Strategy         Strategy       `json:"strategy"` // default strategy for this model
}

// ErrUnknownProfile is returned by LookupProfile for a name not in the profiles file.
var ErrUnknownProfile = errors.New("unknown printer profile")

var errNotImplemented = errors.New("escpos: not implemented yet")

// LookupProfile returns the named profile from assets ("generic-80mm",
// "generic-58mm", model names).
func LookupProfile(name string) (Profile, error) { return Profile{}, errNotImplemented }

// Charset is a single-byte character table such as TCVN-3 or VISCII.
type Charset interface {
	Name() string
	// Decode gives the rune a byte prints as (0xFFFD for none).
	Decode(b byte) rune
	// Encode gives the byte for an NFC rune, false when the table lacks it.
	Encode(r rune) (byte, bool)
}

// LookupCharset returns a charset by name.
func LookupCharset(name string) (Charset, error) { return nil, errNotImplemented }

// EncodeTicket lays out t for the profile with the given strategy and
// returns the complete ESC/POS job: init, text, QR, feed and cut.
func EncodeTicket(t devices.Ticket, p Profile, s Strategy) ([]byte, error) {
	return nil, errNotImplemented
}

// StatusRequest returns the real-time status request DLE EOT n (n = 1..4).
func StatusRequest(n int) []byte { return []byte{0x10, 0x04, byte(n)} }

// ParseStatus folds the one-byte answer to DLE EOT n into st.
func ParseStatus(n int, b byte, st *devices.Status) error { return errNotImplemented }

// ParseASB parses a 4-byte Automatic Status Back message (enabled by GS a).
func ParseASB(b []byte) (devices.Status, error) { return devices.Status{}, errNotImplemented }
