package serialport

import (
	"errors"
	"fmt"
	"io/fs"
	"syscall"

	"go.bug.st/serial"

	"github.com/motcua-kiosk/motcua/devices"
)

// Code says what kind of failure an *Error is, so callers can branch on it
// without parsing messages.
type Code int

// The error codes.
const (
	Other            Code = iota // anything not listed below
	NotFound                     // no such device path, or no USB device with that VID:PID
	Busy                         // another process holds the port
	PermissionDenied             // the user may not open the device (Linux: join the dialout group)
	InvalidConfig                // baud, framing or VID:PID not valid or not supported
	Closed                       // the port was closed by this process
	Disconnected                 // the device went away while open (unplugged, powered off)
	Stalled                      // a write waited longer than the stall timeout for XON
)

var codeNames = [...]string{"error", "not found", "busy", "permission denied", "invalid configuration", "closed", "disconnected", "stalled by XOFF"}

// String returns the code's English name.
func (c Code) String() string {
	if c < 0 || int(c) >= len(codeNames) {
		return fmt.Sprintf("code(%d)", int(c))
	}
	return codeNames[c]
}

// Error is a serial failure with a code; Err is the underlying cause.
type Error struct {
	Code Code
	Path string // the device path or "usb:VID:PID"
	Err  error  // cause, may be nil
}

func (e *Error) Error() string {
	msg := "serial " + e.Path + ": " + e.Code.String()
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// Is makes errors.Is(err, devices.ErrDisconnected) true for a device that
// went away or cannot be found: to the kiosk both mean "printer not there".
func (e *Error) Is(target error) bool {
	return target == devices.ErrDisconnected && (e.Code == Disconnected || e.Code == NotFound)
}

// CodeOf returns the Code of err if it wraps an *Error, else Other.
func CodeOf(err error) Code {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return Other
}

// classify maps an error from go.bug.st/serial or the OS to an *Error.
func classify(path string, err error, whileOpen bool) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	code := Other
	var pe *serial.PortError
	switch {
	case errors.As(err, &pe):
		switch pe.Code() {
		case serial.PortBusy:
			code = Busy
		case serial.PortNotFound:
			code = NotFound
		case serial.PermissionDenied:
			code = PermissionDenied
		case serial.InvalidSpeed, serial.InvalidDataBits, serial.InvalidParity, serial.InvalidStopBits, serial.InvalidTimeoutValue:
			code = InvalidConfig
		case serial.PortClosed:
			code = Closed
			if whileOpen {
				// go.bug.st/serial reports a zero-length read (the
				// device vanished) as PortClosed.
				code = Disconnected
			}
		}
	case errors.Is(err, fs.ErrNotExist):
		code = NotFound
	case errors.Is(err, fs.ErrPermission):
		code = PermissionDenied
	case errors.Is(err, syscall.EBUSY):
		code = Busy
	case whileOpen:
		// EIO, ENXIO, ENODEV: the other end of the line is gone.
		code = Disconnected
	}
	return &Error{Code: code, Path: path, Err: err}
}
