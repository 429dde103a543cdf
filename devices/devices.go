package devices

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
)

// Ticket is what a printer puts on paper for one queue number. Every
// string is already in the reader's language (Vietnamese first) and is
// NFC-normalised by the encoder before it reaches the printer; the printer
// code only lays it out.
type Ticket struct {
	Office   string   // office name, printed at the top ("UBND xã ... - Trung tâm Phục vụ hành chính công")
	Address  string   // optional second header line
	Heading  string   // e.g. "Số thứ tự của bạn"
	Number   string   // the queue number, printed very large: "A012"
	Service  string   // service name: "Cấp đổi, cấp lại giấy xác nhận khuyết tật"
	Counters string   // optional, where to go: "Mời đến quầy 1, 2" or a waiting area; printed under the service
	Priority string   // optional priority label: "Ưu tiên: Người cao tuổi"; empty for none
	Lines    []string // body lines: issue time, people waiting, estimated wait
	QR       string   // QR content: the ticket's short URL; empty prints no QR
	QRNote   string   // optional caption under the QR: "Quét mã để xem lượt và đánh giá"
	Footer   string   // optional last line: "Vui lòng chờ đến lượt"
}

// Printer prints tickets and reports its state. Implementations must be
// safe for use by one goroutine at a time; the kiosk serialises jobs.
//
// Print returns nil only when every byte of the ticket was handed to the
// device and the device did not report a fault before or after the job.
// A fault is returned as a *StatusError (errors.As) so the caller can show
// the state; a lost connection is ErrDisconnected (errors.Is). Print never
// retries by itself: a ticket that failed stays issued and the caller
// decides whether to reprint.
type Printer interface {
	Print(ctx context.Context, t Ticket) error
	Status(ctx context.Context) (Status, error)
	Close() error
}

// Port is a byte stream to a device, normally a serial line. It is the
// seam between the ESC/POS driver and the transport: devices/serialport
// implements it over go.bug.st/serial, tests over a socat pseudo-terminal.
type Port interface {
	io.ReadWriteCloser
	// SetReadTimeout bounds each Read; a Read that times out returns 0, nil.
	SetReadTimeout(d time.Duration) error
	// Drain blocks until every written byte has left the host.
	Drain() error
}

// Scanner delivers the text of each scanned barcode or QR code.
type Scanner interface {
	// Run calls onScan for every code read until ctx is done or the
	// scanner fails; it returns ctx.Err() on a normal stop.
	Run(ctx context.Context, onScan func(code string)) error
	Close() error
}

// Call is one announcement: "Xin mời số thứ tự A012 đến quầy số 3".
type Call struct {
	Number  string // "A012"
	Counter int    // 3
	Recall  bool   // a repeated call of the same ticket
}

// Speaker says calls aloud. Say queues the call and returns at once; a new
// call never cuts off the one being spoken.
type Speaker interface {
	Say(c Call) error
	Close() error
}

// State is the printer condition the UI and staff care about, most severe
// first in Status.State.
type State int

// The printer states, in increasing order of severity.
const (
	StateReady State = iota
	StatePaperNearEnd
	StateBusy
	StatePaperEnd
	StateCoverOpen
	StateCutterError
	StateOffline
	StateUnrecoverable
	StateDisconnected
)

var stateNames = [...]string{"ready", "paper_near_end", "busy", "paper_end", "cover_open", "cutter_error", "offline", "unrecoverable", "disconnected"}

// String returns the state's stable English name, used in logs and JSON.
func (s State) String() string {
	if s < 0 || int(s) >= len(stateNames) {
		return fmt.Sprintf("state(%d)", int(s))
	}
	return stateNames[s]
}

// ParseState is the inverse of State.String.
func ParseState(name string) (State, error) {
	for i, n := range stateNames {
		if n == name {
			return State(i), nil
		}
	}
	return 0, fmt.Errorf("unknown printer state %q", name)
}

// MarshalText makes a State read as its name in JSON.
func (s State) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText reads a State from its name.
func (s *State) UnmarshalText(b []byte) error {
	v, err := ParseState(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// CanPrint reports whether a ticket can be printed in this state.
func (s State) CanPrint() bool { return s == StateReady || s == StatePaperNearEnd || s == StateBusy }

// Status is a printer's condition as last read from the device.
type Status struct {
	Online          bool
	PaperNearEnd    bool
	PaperEnd        bool
	CoverOpen       bool
	CutterError     bool
	Unrecoverable   bool
	AutoRecoverable bool // e.g. head overheated; clears by itself
	Disconnected    bool // no answer at all: unplugged or powered off
	At              time.Time
}

// State folds the flags into the most severe state.
func (s Status) State() State {
	switch {
	case s.Disconnected:
		return StateDisconnected
	case s.Unrecoverable:
		return StateUnrecoverable
	case s.CutterError:
		return StateCutterError
	case s.CoverOpen:
		return StateCoverOpen
	case s.PaperEnd:
		return StatePaperEnd
	case !s.Online:
		return StateOffline
	case s.AutoRecoverable:
		return StateBusy
	case s.PaperNearEnd:
		return StatePaperNearEnd
	}
	return StateReady
}

// ErrDisconnected means the device did not answer at all.
var ErrDisconnected = errors.New("printer disconnected")

// StatusError is a print job refused or failed because of the printer's state.
type StatusError struct {
	Status Status
	Op     string // "print", "status"
}

func (e *StatusError) Error() string {
	return fmt.Sprintf("%s: printer %s", e.Op, e.Status.State())
}

// Is lets errors.Is(err, ErrDisconnected) match a disconnected status.
func (e *StatusError) Is(target error) bool {
	return target == ErrDisconnected && e.Status.State() == StateDisconnected
}

// StateText gives the plain sentence for a state, Vietnamese first then
// English, for staff screens and logs. The kiosk's translated strings
// live in assets; this is the fallback both share.
func StateText(s State, lang string) string {
	vi := map[State]string{
		StateReady:         "Máy in sẵn sàng",
		StatePaperNearEnd:  "Máy in sắp hết giấy",
		StateBusy:          "Máy in đang bận",
		StatePaperEnd:      "Máy in hết giấy",
		StateCoverOpen:     "Nắp máy in đang mở",
		StateCutterError:   "Lỗi dao cắt giấy",
		StateOffline:       "Máy in không sẵn sàng",
		StateUnrecoverable: "Máy in bị lỗi, cần kỹ thuật viên",
		StateDisconnected:  "Mất kết nối máy in",
	}
	en := map[State]string{
		StateReady:         "Printer ready",
		StatePaperNearEnd:  "Printer paper nearly out",
		StateBusy:          "Printer busy",
		StatePaperEnd:      "Printer out of paper",
		StateCoverOpen:     "Printer cover open",
		StateCutterError:   "Paper cutter error",
		StateOffline:       "Printer offline",
		StateUnrecoverable: "Printer fault, call a technician",
		StateDisconnected:  "Printer disconnected",
	}
	if strings.HasPrefix(lang, "en") {
		return en[s]
	}
	return vi[s]
}
