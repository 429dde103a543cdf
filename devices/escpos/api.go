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

var errNotImplemented = errors.New("escpos: not implemented yet")

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
