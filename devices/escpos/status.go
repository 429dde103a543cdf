package escpos

import (
	"errors"
	"fmt"

	"github.com/motcua-kiosk/motcua/devices"
)

// ErrBadStatus is returned for a byte that cannot be the answer asked
// for: its fixed bits are wrong, so the stream is out of step (or it is
// an ASB message or text from another command).
var ErrBadStatus = errors.New("not a printer status")

// The status requests DLE EOT n (Epson ESC/POS "transmit real-time status").
const (
	StatusPrinter = 1 // online/offline, drawer
	StatusOffline = 2 // cover open, paper end stop, error
	StatusError   = 3 // cutter, unrecoverable, auto-recoverable
	StatusPaper   = 4 // roll paper near-end and end sensors
)

// StatusRequest returns the real-time status request DLE EOT n (n = 1..4).
// The printer answers with one byte even while offline or busy.
func StatusRequest(n int) []byte { return []byte{dle, eot, byte(n)} }

// IsStatusByte reports whether b has the fixed bits of a DLE EOT answer
// (bit 0 off, bit 1 on, bit 4 on, bit 7 off).
func IsStatusByte(b byte) bool { return b&0x93 == 0x12 }

// IsASBHeader reports whether b can start a 4-byte ASB message (bits 0,
// 1 and 7 off, bit 4 on): how a reader tells ASB from DLE EOT answers.
func IsASBHeader(b byte) bool { return b&0x93 == 0x10 }

// ParseStatus folds the one-byte answer to DLE EOT n into st. The
// answer to n = 1 sets st.Online; the others only ever raise flags, so
// start each poll from a zero Status and ask 1 to 4 in turn.
//
// Bits as Epson documents them (TM-T88 and later, and the Citizen,
// Bixolon and Xprinter clones):
//
//	n=1 bit 3: offline
//	n=2 bit 2: cover open; bit 5: printing stopped at paper end; bit 6: an error
//	n=3 bit 3: autocutter error; bit 5: unrecoverable; bit 6: auto-recoverable (head hot)
//	n=4 bits 2,3: paper near end; bits 5,6: paper end
func ParseStatus(n int, b byte, st *devices.Status) error {
	if n < 1 || n > 4 {
		return fmt.Errorf("parse status: request %d out of 1..4", n)
	}
	if !IsStatusByte(b) {
		return fmt.Errorf("parse status %d: byte %#02x: %w", n, b, ErrBadStatus)
	}
	switch n {
	case StatusPrinter:
		st.Online = b&0x08 == 0
	case StatusOffline:
		st.CoverOpen = st.CoverOpen || b&0x04 != 0
		st.PaperEnd = st.PaperEnd || b&0x20 != 0
	case StatusError:
		st.CutterError = st.CutterError || b&0x08 != 0
		st.Unrecoverable = st.Unrecoverable || b&0x20 != 0
		st.AutoRecoverable = st.AutoRecoverable || b&0x40 != 0
	case StatusPaper:
		// Bit 6 alone is a presenter sensor on some Citizen kiosk
		// models, so paper end is read from bit 5.
		st.PaperNearEnd = st.PaperNearEnd || b&0x0C != 0
		st.PaperEnd = st.PaperEnd || b&0x20 != 0
	}
	return nil
}

// ParseASB parses a 4-byte Automatic Status Back message (enabled by GS a).
//
//	byte 1: bit 3 offline, bit 5 cover open
//	byte 2: bit 2 mechanical error, bit 3 autocutter error, bit 5 unrecoverable, bit 6 auto-recoverable
//	byte 3: bits 0,1 paper near end, bits 2,3 paper end
//	byte 4: reserved
//
// A mechanical error (paper jam, head not home) has no flag of its own
// in devices.Status; the printer reports itself offline with it, which
// is what the kiosk shows.
func ParseASB(b []byte) (devices.Status, error) {
	if len(b) != 4 {
		return devices.Status{}, fmt.Errorf("parse ASB: %d bytes, want 4: %w", len(b), ErrBadStatus)
	}
	if !IsASBHeader(b[0]) || b[1]&0x90 != 0 || b[2]&0x90 != 0 || b[3]&0x90 != 0 {
		return devices.Status{}, fmt.Errorf("parse ASB % x: %w", b, ErrBadStatus)
	}
	return devices.Status{
		Online:          b[0]&0x08 == 0,
		CoverOpen:       b[0]&0x20 != 0,
		CutterError:     b[1]&0x08 != 0,
		Unrecoverable:   b[1]&0x20 != 0,
		AutoRecoverable: b[1]&0x40 != 0,
		PaperNearEnd:    b[2]&0x03 != 0,
		PaperEnd:        b[2]&0x0C != 0,
	}, nil
}
