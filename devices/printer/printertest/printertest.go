// Package printertest is a scripted receipt printer for tests, run on the
// far end of a real serial line (a socat pseudo-terminal pair). It reads
// the kiosk's byte stream, answers DLE EOT status requests from a scripted
// state the test changes as it goes (ready, paper end after N tickets, cover
// open, silence for an unplugged cable), simulates a receive buffer that
// prints at a set rate and sends XOFF when nearly full and XON when drained,
// and keeps the bytes of every job so a test can compare them exactly or
// render them with the virtual printer.
package printertest

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/motcua-kiosk/motcua/devices"
	"github.com/motcua-kiosk/motcua/devices/escpos/interp"
)

// The flow-control bytes.
const (
	XON  = 0x11
	XOFF = 0x13
)

// StatusByte returns a printer's answer to DLE EOT n (n = 1..4) in state
// st, as the virtual printer (interp.Answer) gives it: Epson's layout, in
// which bits 1 and 4 are always 1 and bits 0 and 7 always 0, so no answer
// can be XON or XOFF. A Status that is not Online and has no other fault
// answers offline.
func StatusByte(n int, st devices.Status) byte {
	b, _ := interp.Answer(byte(n), interp.State{
		PaperEnd:        st.PaperEnd,
		PaperNearEnd:    st.PaperNearEnd,
		CoverOpen:       st.CoverOpen,
		Offline:         !st.Online,
		CutterError:     st.CutterError,
		Unrecoverable:   st.Unrecoverable,
		AutoRecoverable: st.AutoRecoverable,
	})
	return b
}

// Port is the printer's end of the line: a devices.Port such as a
// serialport.Port opened on the far end of a socat pair.
type Port interface {
	Read(p []byte) (int, error)
	Write(p []byte) (int, error)
	SetReadTimeout(d time.Duration) error
}

// Printer is the scripted test printer. Set the exported fields before
// Run; change the state while it runs with SetStatus and SetSilent.
type Printer struct {
	// BufferSize is the receive buffer in bytes; bytes arriving while it
	// is full are lost (counted by Overflow), as on a real printer.
	BufferSize int
	// XONXOFF makes the printer send XOFF when free space falls under
	// XOFFMargin and XON when the buffer is down to a quarter.
	XONXOFF    bool
	XOFFMargin int
	// PrintRate is how many buffered bytes per second the mechanism
	// consumes; 0 consumes every byte on arrival.
	PrintRate int
	// PaperEndAfter, when positive, is how many tickets the roll holds:
	// the next job finds the paper ended and is not printed.
	PaperEndAfter int

	port Port

	mu        sync.Mutex
	status    devices.Status
	silent    bool
	jobs      [][]byte
	cur       []byte // the job being printed
	pending   []byte // bytes of an incomplete command
	lost      int    // bytes dropped: buffer overflow or no paper
	overflow  int
	xoffs     int
	requests  int
	buf       []byte // receive buffer
	xoff      bool
	rt        [2]byte // the last two bytes received, to spot DLE EOT n
	credit    float64
	noPaper   bool // the current job started without paper
	completed int
}

// New returns a ready printer on port with a 4 KiB buffer.
func New(port Port) *Printer {
	return &Printer{
		BufferSize: 4096,
		XOFFMargin: 1024,
		port:       port,
		status:     devices.Status{Online: true},
	}
}

// SetStatus changes the scripted state, e.g. opening the cover.
func (p *Printer) SetStatus(change func(st *devices.Status)) {
	p.mu.Lock()
	change(&p.status)
	p.mu.Unlock()
}

// Status returns the scripted state.
func (p *Printer) Status() devices.Status {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.status
}

// SetSilent makes the printer deaf and mute, as with a cut cable or the
// power off: it answers nothing and loses every byte.
func (p *Printer) SetSilent(silent bool) {
	p.mu.Lock()
	p.silent = silent
	p.mu.Unlock()
}

// Jobs returns a copy of each complete printed job (from its first byte
// through the cut), without the real-time requests answered on the way.
func (p *Printer) Jobs() [][]byte {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := make([][]byte, len(p.jobs))
	for i, j := range p.jobs {
		out[i] = append([]byte(nil), j...)
	}
	return out
}

// Overflow is how many bytes arrived while the receive buffer was full.
func (p *Printer) Overflow() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.overflow
}

// XOFFs is how many times the printer has sent XOFF.
func (p *Printer) XOFFs() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.xoffs
}

// Requests is how many DLE EOT requests the printer has answered.
func (p *Printer) Requests() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.requests
}

// Run serves the line until ctx is done (returning nil) or the line fails
// (returning its error, e.g. when socat is killed).
func (p *Printer) Run(ctx context.Context) error {
	if err := p.port.SetReadTimeout(2 * time.Millisecond); err != nil {
		return err
	}
	in := make([]byte, 1024)
	last := time.Now()
	for ctx.Err() == nil {
		n, err := p.port.Read(in)
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return err
		}
		now := time.Now()
		out := p.step(in[:n], now.Sub(last))
		last = now
		if len(out) > 0 {
			if _, err := p.port.Write(out); err != nil {
				return err
			}
		}
	}
	return nil
}

// step takes received bytes and elapsed time and returns what to send back.
func (p *Printer) step(in []byte, dt time.Duration) []byte {
	p.mu.Lock()
	defer p.mu.Unlock()
	var out []byte
	if p.silent {
		p.lost += len(in)
		p.rt = [2]byte{}
		return nil
	}
	for _, c := range in {
		if p.rt[0] == 0x10 && p.rt[1] == 0x04 && c >= 1 && c <= 4 {
			// Real-time request: answered on receipt, even with a full
			// buffer or inside image data, as on an Epson TM printer;
			// the bytes still go to the buffer like any others.
			p.requests++
			out = append(out, StatusByte(int(c), p.status))
		}
		p.rt = [2]byte{p.rt[1], c}
		p.enqueue(c)
	}
	p.consume(dt)
	if p.XONXOFF {
		if !p.xoff && len(p.buf) >= p.BufferSize-p.XOFFMargin {
			p.xoff = true
			p.xoffs++
			out = append(out, XOFF)
		} else if p.xoff && len(p.buf) <= p.BufferSize/4 {
			p.xoff = false
			out = append(out, XON)
		}
	}
	return out
}

// enqueue puts one byte in the receive buffer, or prints it at once when
// the printer has no print delay.
func (p *Printer) enqueue(b byte) {
	if p.PrintRate <= 0 {
		p.print(b)
		return
	}
	if len(p.buf) >= p.BufferSize {
		p.overflow++
		p.lost++
		return
	}
	p.buf = append(p.buf, b)
}

// consume prints as many buffered bytes as the print rate allows in dt.
func (p *Printer) consume(dt time.Duration) {
	if p.PrintRate <= 0 {
		return
	}
	if p.status.PaperEnd || p.status.CoverOpen {
		// The mechanism stops; the buffer stays full and XOFF stays on
		// until the paper is replaced.
		p.credit = 0
		return
	}
	p.credit += dt.Seconds() * float64(p.PrintRate)
	n := min(int(p.credit), len(p.buf))
	if n == 0 {
		if len(p.buf) == 0 {
			p.credit = 0
		}
		return
	}
	p.credit -= float64(n)
	for _, b := range p.buf[:n] {
		p.print(b)
	}
	p.buf = append(p.buf[:0], p.buf[n:]...)
}

// print feeds one byte to the mechanism: jobs are split at each cut.
// Real-time commands (DLE ...) were answered on receipt; at a command
// boundary they are dropped here, while the same bytes inside a raster
// image stay image data, as on an Epson printer.
func (p *Printer) print(b byte) {
	p.pending = append(p.pending, b)
	n, ok := cmdLen(p.pending)
	if !ok {
		return
	}
	cmd := p.pending[:n]
	p.pending = p.pending[n:]
	if cmd[0] == 0x10 {
		return
	}
	if len(p.cur) == 0 { // a job starts
		if p.PaperEndAfter > 0 && p.completed >= p.PaperEndAfter {
			p.status.PaperEnd = true
			p.status.PaperNearEnd = true
		}
		p.noPaper = p.status.PaperEnd || p.status.CoverOpen
	}
	p.cur = append(p.cur, cmd...)
	if isCut(cmd) {
		if p.noPaper {
			p.lost += len(p.cur)
		} else {
			p.jobs = append(p.jobs, p.cur)
			p.completed++
		}
		p.cur, p.noPaper = nil, false
	}
}

// ErrNoJob is returned by WaitJobs when the jobs did not arrive in time.
var ErrNoJob = errors.New("printertest: jobs did not arrive in time")

// WaitJobs waits until at least n jobs have been printed.
func (p *Printer) WaitJobs(n int, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for {
		p.mu.Lock()
		got := len(p.jobs)
		p.mu.Unlock()
		if got >= n {
			return nil
		}
		if time.Now().After(deadline) {
			return ErrNoJob
		}
		time.Sleep(5 * time.Millisecond)
	}
}
