package serialport

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"syscall"
	"time"

	"go.bug.st/serial"
	"go.bug.st/serial/enumerator"

	"github.com/motcua-kiosk/motcua/devices"
)

// Parity is the parity bit setting of a line.
type Parity byte

// The parity settings, named by their usual letter in "8N1".
const (
	NoParity    Parity = 'N'
	OddParity   Parity = 'O'
	EvenParity  Parity = 'E'
	MarkParity  Parity = 'M'
	SpaceParity Parity = 'S'
)

// The flow-control bytes a printer sends when its buffer fills (XOFF) and
// when it has room again (XON).
const (
	XON  = 0x11
	XOFF = 0x13
)

// Config says which line to open and how. The zero value of each field
// means the usual receipt-printer default: 9600 baud, 8N1, 256-byte chunks.
type Config struct {
	// Path is the device: "/dev/ttyUSB0", "/dev/ttyACM0", "COM3".
	Path string
	// VIDPID selects a USB serial device by "VID:PID" in hex
	// ("0416:5011") when Path is empty; the first matching port by name wins.
	VIDPID string
	// Baud is the line speed in bits per second.
	Baud int
	// DataBits is 5..8, Parity one of the Parity constants, StopBits 1 or 2.
	DataBits int
	Parity   Parity
	StopBits int
	// XONXOFF turns on software flow control: 0x13 from the device pauses
	// writes, 0x11 resumes them. Both bytes are then hidden from Read.
	XONXOFF bool
	// ChunkSize is the most bytes handed to the OS at once. Each chunk is
	// drained before the next is written, so that after an XOFF at most
	// one chunk is still on its way. Keep it well under the gap between
	// the printer's XOFF threshold and its buffer size.
	ChunkSize int
	// Pace limits writes to the line rate computed from Baud and framing.
	// A real UART does this by itself; USB CDC printers and pseudo-terminals
	// accept bytes much faster than a printer takes them, and pacing keeps
	// the bytes in flight after an XOFF down to one chunk there too.
	Pace bool
	// StallTimeout bounds how long a Write waits for XON; a Write stalled
	// longer returns what it wrote and an *Error with Code Stalled, so the
	// caller can ask the printer why (paper end) with WriteRealtime.
	// Zero waits for ever.
	StallTimeout time.Duration
}

// withDefaults fills zero fields.
func (c Config) withDefaults() Config {
	if c.Baud == 0 {
		c.Baud = 9600
	}
	if c.DataBits == 0 {
		c.DataBits = 8
	}
	if c.Parity == 0 {
		c.Parity = NoParity
	}
	if c.StopBits == 0 {
		c.StopBits = 1
	}
	if c.ChunkSize <= 0 {
		c.ChunkSize = 256
	}
	return c
}

// name is how the config is named in errors.
func (c Config) name() string {
	if c.Path != "" {
		return c.Path
	}
	return "usb:" + c.VIDPID
}

// ByteTime is how long one byte takes on the wire with this framing:
// start bit, data bits, parity bit if any, stop bits.
func (c Config) ByteTime() time.Duration {
	c = c.withDefaults()
	bits := 1 + c.DataBits + c.StopBits
	if c.Parity != NoParity {
		bits++
	}
	return time.Duration(bits) * time.Second / time.Duration(c.Baud)
}

// ParseFraming reads a framing such as "8N1" or "7E2" into data bits,
// parity and stop bits.
func ParseFraming(s string) (dataBits int, parity Parity, stopBits int, err error) {
	if len(s) != 3 || s[0] < '5' || s[0] > '8' || (s[2] != '1' && s[2] != '2') {
		return 0, 0, 0, fmt.Errorf("parse framing %q: want e.g. 8N1", s)
	}
	switch p := Parity(strings.ToUpper(s[1:2])[0]); p {
	case NoParity, OddParity, EvenParity, MarkParity, SpaceParity:
		return int(s[0] - '0'), p, int(s[2] - '0'), nil
	}
	return 0, 0, 0, fmt.Errorf("parse framing %q: parity must be N, O, E, M or S", s)
}

func (c Config) mode() (*serial.Mode, error) {
	m := &serial.Mode{BaudRate: c.Baud, DataBits: c.DataBits}
	switch c.Parity {
	case NoParity:
		m.Parity = serial.NoParity
	case OddParity:
		m.Parity = serial.OddParity
	case EvenParity:
		m.Parity = serial.EvenParity
	case MarkParity:
		m.Parity = serial.MarkParity
	case SpaceParity:
		m.Parity = serial.SpaceParity
	default:
		return nil, fmt.Errorf("parity %q", rune(c.Parity))
	}
	switch c.StopBits {
	case 1:
		m.StopBits = serial.OneStopBit
	case 2:
		m.StopBits = serial.TwoStopBits
	default:
		return nil, fmt.Errorf("stop bits %d", c.StopBits)
	}
	return m, nil
}

// listPorts is the enumerator, a variable so tests can list fake devices.
var listPorts = enumerator.GetDetailedPortsList

// Open opens the line described by c and starts its reader. The result's
// errors are *Error values; errors.Is(err, devices.ErrDisconnected) is
// true when the device is missing or went away.
func Open(c Config) (*Port, error) {
	c = c.withDefaults()
	name := c.name()
	mode, err := c.mode()
	if err != nil {
		return nil, &Error{Code: InvalidConfig, Path: name, Err: err}
	}
	path := c.Path
	if path == "" {
		if path, err = resolveVIDPID(c.VIDPID); err != nil {
			return nil, err
		}
	}
	sp, err := serial.Open(path, mode)
	if err != nil {
		return nil, classify(name, err, false)
	}
	p := &Port{
		cfg:         c,
		name:        name,
		sp:          sp,
		readTimeout: -1,
		closed:      make(chan struct{}),
		dead:        make(chan struct{}),
		data:        make(chan struct{}, 1),
	}
	go p.readLoop()
	return p, nil
}

// resolveVIDPID finds the device path of the USB serial port with the
// given "VID:PID".
func resolveVIDPID(vidpid string) (string, error) {
	name := "usb:" + vidpid
	vid, pid, ok := strings.Cut(vidpid, ":")
	if !ok || len(vid) != 4 || len(pid) != 4 {
		return "", &Error{Code: InvalidConfig, Path: name, Err: fmt.Errorf("want VID:PID in hex, e.g. 0416:5011")}
	}
	list, err := listPorts()
	if err != nil {
		return "", &Error{Code: Other, Path: name, Err: fmt.Errorf("enumerate ports: %w", err)}
	}
	path := matchVIDPID(list, vid, pid)
	if path == "" {
		return "", &Error{Code: NotFound, Path: name}
	}
	return path, nil
}

// matchVIDPID returns the first port by name whose USB IDs match.
func matchVIDPID(list []*enumerator.PortDetails, vid, pid string) string {
	var names []string
	for _, d := range list {
		if d != nil && d.IsUSB && d.Name != "" && strings.EqualFold(d.VID, vid) && strings.EqualFold(d.PID, pid) {
			names = append(names, d.Name)
		}
	}
	if len(names) == 0 {
		return ""
	}
	sort.Strings(names)
	return names[0]
}

// Port is an open serial line. It implements devices.Port; Write, Drain
// and WriteRealtime may be called from one goroutine while another reads.
type Port struct {
	cfg  Config
	name string
	sp   serial.Port

	writeMu  sync.Mutex // one Write or Drain at a time
	wireMu   sync.Mutex // one OS write at a time (chunks and realtime bytes never interleave)
	paceNext time.Time  // when the last paced chunk has left the wire; under wireMu

	mu          sync.Mutex
	in          []byte        // bytes read and not yet returned by Read
	readTimeout time.Duration // <0: none
	xoff        bool
	xon         chan struct{} // closed on XON while xoff
	err         error         // why the reader stopped
	data        chan struct{} // signalled when in grows
	closed      chan struct{} // closed by Close
	dead        chan struct{} // closed when the reader stops
	closeOnce   sync.Once
}

var _ devices.Port = (*Port)(nil)

// maxInput caps unread input; beyond it the oldest bytes are dropped, so a
// chatty device cannot grow memory while nobody reads.
const maxInput = 64 << 10

func (p *Port) readLoop() {
	defer close(p.dead)
	buf := make([]byte, 512)
	for {
		n, err := p.sp.Read(buf)
		if n > 0 {
			p.received(buf[:n])
		}
		if err != nil {
			select {
			case <-p.closed:
				err = &Error{Code: Closed, Path: p.name}
			default:
				err = classify(p.name, err, true)
			}
			p.mu.Lock()
			p.err = err
			p.mu.Unlock()
			p.signal()
			return
		}
	}
}

// received files incoming bytes: flow control to the writer, the rest to Read.
func (p *Port) received(b []byte) {
	p.mu.Lock()
	for _, c := range b {
		if p.cfg.XONXOFF && c == XOFF {
			if !p.xoff {
				p.xoff = true
				p.xon = make(chan struct{})
			}
			continue
		}
		if p.cfg.XONXOFF && c == XON {
			if p.xoff {
				p.xoff = false
				close(p.xon)
			}
			continue
		}
		p.in = append(p.in, c)
	}
	if over := len(p.in) - maxInput; over > 0 {
		p.in = append(p.in[:0], p.in[over:]...)
	}
	p.mu.Unlock()
	p.signal()
}

func (p *Port) signal() {
	select {
	case p.data <- struct{}{}:
	default:
	}
}

// Paused reports whether the device has sent XOFF and not yet XON.
func (p *Port) Paused() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.xoff
}

// Read returns bytes received from the device. It waits at most the read
// timeout (none by default) and then returns 0, nil. After the device has
// gone, buffered bytes are still returned, then the reader's *Error.
func (p *Port) Read(b []byte) (int, error) {
	p.mu.Lock()
	timeout := p.readTimeout
	p.mu.Unlock()
	var expire <-chan time.Time
	if timeout >= 0 {
		t := time.NewTimer(timeout)
		defer t.Stop()
		expire = t.C
	}
	for {
		p.mu.Lock()
		if len(p.in) > 0 {
			n := copy(b, p.in)
			p.in = append(p.in[:0], p.in[n:]...)
			p.mu.Unlock()
			return n, nil
		}
		err := p.err
		p.mu.Unlock()
		if err != nil {
			return 0, err
		}
		select {
		case <-p.data:
		case <-p.closed:
			return 0, &Error{Code: Closed, Path: p.name}
		case <-expire:
			return 0, nil
		}
	}
}

// SetReadTimeout bounds each Read; a negative d waits for ever.
func (p *Port) SetReadTimeout(d time.Duration) error {
	p.mu.Lock()
	p.readTimeout = d
	p.mu.Unlock()
	return nil
}

// ResetInputBuffer discards every byte received and not yet read, so the
// next Read sees only answers to what is sent next.
func (p *Port) ResetInputBuffer() error {
	p.mu.Lock()
	p.in = p.in[:0]
	p.mu.Unlock()
	return nil
}

// Write sends b in chunks of Config.ChunkSize, waiting while the device
// has sent XOFF and draining each chunk before the next. It returns when
// every byte has been handed to the OS, or with the count written so far
// and an *Error (Stalled, Disconnected, Closed).
func (p *Port) Write(b []byte) (int, error) {
	p.writeMu.Lock()
	defer p.writeMu.Unlock()
	written := 0
	for written < len(b) {
		if err := p.waitXON(); err != nil {
			return written, err
		}
		end := min(written+p.cfg.ChunkSize, len(b))
		n, err := p.wire(b[written:end], true)
		written += n
		if err != nil {
			return written, err
		}
	}
	return written, nil
}

// WriteRealtime sends b at once, even while the device has sent XOFF.
// It is for ESC/POS real-time commands (DLE EOT status requests), which a
// printer handles on receipt even when its buffer is full. It never splits
// a chunk of a concurrent Write.
func (p *Port) WriteRealtime(b []byte) (int, error) {
	return p.wire(b, false)
}

// wire hands one piece to the OS under wireMu, pacing and draining it.
func (p *Port) wire(b []byte, pace bool) (int, error) {
	p.wireMu.Lock()
	defer p.wireMu.Unlock()
	if err := p.alive(); err != nil {
		return 0, err
	}
	if pace && p.cfg.Pace {
		if d := time.Until(p.paceNext); d > 0 {
			time.Sleep(d)
		}
	}
	n := 0
	for n < len(b) {
		m, err := p.sp.Write(b[n:])
		n += m
		if errors.Is(err, syscall.EINTR) {
			continue
		}
		if err != nil {
			return n, p.ioError(err)
		}
		if m == 0 {
			return n, p.ioError(fmt.Errorf("write returned no progress"))
		}
	}
	if err := p.drain(); err != nil {
		return n, p.ioError(err)
	}
	if p.cfg.Pace {
		start := time.Now()
		if p.paceNext.After(start) {
			start = p.paceNext
		}
		p.paceNext = start.Add(time.Duration(n) * p.cfg.ByteTime())
	}
	return n, nil
}

// waitXON blocks while the device has sent XOFF.
func (p *Port) waitXON() error {
	p.mu.Lock()
	paused, xon := p.xoff, p.xon
	p.mu.Unlock()
	if !paused {
		return nil
	}
	var stall <-chan time.Time
	if p.cfg.StallTimeout > 0 {
		t := time.NewTimer(p.cfg.StallTimeout)
		defer t.Stop()
		stall = t.C
	}
	select {
	case <-xon:
		return nil
	case <-p.closed:
		return &Error{Code: Closed, Path: p.name}
	case <-p.dead:
		return p.alive()
	case <-stall:
		return &Error{Code: Stalled, Path: p.name, Err: fmt.Errorf("no XON for %v", p.cfg.StallTimeout)}
	}
}

// alive returns the reader's error once the line is gone.
func (p *Port) alive() error {
	select {
	case <-p.closed:
		return &Error{Code: Closed, Path: p.name}
	default:
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.err
}

// ioError classifies a write or drain error, preferring the reader's
// verdict when it has one.
func (p *Port) ioError(err error) error {
	if e := p.alive(); e != nil {
		return e
	}
	return classify(p.name, err, true)
}

// Drain blocks until every byte written has left the host; with Pace it
// also waits out the time the last chunk takes on the wire.
func (p *Port) Drain() error {
	p.writeMu.Lock()
	defer p.writeMu.Unlock()
	p.wireMu.Lock()
	defer p.wireMu.Unlock()
	if err := p.alive(); err != nil {
		return err
	}
	if err := p.drain(); err != nil {
		return p.ioError(err)
	}
	if d := time.Until(p.paceNext); p.cfg.Pace && d > 0 {
		time.Sleep(d)
	}
	return nil
}

// drain waits for the OS to send what was written. tcdrain is not
// restarted after a signal, and the Go runtime signals its threads
// (preemption), so EINTR is retried, not taken for a lost device.
func (p *Port) drain() error {
	for {
		err := p.sp.Drain()
		if !errors.Is(err, syscall.EINTR) {
			return err
		}
	}
}

// Close closes the line and stops the reader. It is safe to call twice.
func (p *Port) Close() error {
	var err error
	p.closeOnce.Do(func() {
		close(p.closed)
		err = p.sp.Close()
		<-p.dead
	})
	if err != nil {
		return classify(p.name, err, false)
	}
	return nil
}

// Name is the device path or "usb:VID:PID" the port was opened by.
func (p *Port) Name() string { return p.name }
