package printer

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"sync"
	"time"

	"github.com/motcua-kiosk/motcua/devices"
	"github.com/motcua-kiosk/motcua/devices/escpos"
)

// Options tune the driver. The zero value is usable.
type Options struct {
	// StatusTimeout is how long to wait for the answer to each DLE EOT
	// request; no answer in time means the printer is disconnected.
	// Default 500 ms: a printer answers within a few byte times.
	StatusTimeout time.Duration
	// Reopen opens the port again after it failed (unplugged cable, USB
	// adapter re-enumerated). Nil: a failed port stays failed.
	Reopen func() (devices.Port, error)
	// MinBackoff and MaxBackoff bound the wait between reopen attempts,
	// doubling after each failure and reset by a success. Defaults
	// 250 ms and 5 s.
	MinBackoff, MaxBackoff time.Duration
	// Logger receives state changes and I/O failures; default slog.Default().
	Logger *slog.Logger
}

func (o Options) withDefaults() Options {
	if o.StatusTimeout <= 0 {
		o.StatusTimeout = 500 * time.Millisecond
	}
	if o.MinBackoff <= 0 {
		o.MinBackoff = 250 * time.Millisecond
	}
	if o.MaxBackoff < o.MinBackoff {
		o.MaxBackoff = max(5*time.Second, o.MinBackoff)
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	return o
}

// backend is where jobs go: a serial line, a file, a folder of renders.
type backend interface {
	send(ctx context.Context, job []byte) error
	status(ctx context.Context) (devices.Status, error)
	close() error
}

// Printer is an ESC/POS ticket printer. It implements devices.Printer;
// Print and Status may be called while Watch runs in another goroutine.
type Printer struct {
	profile  escpos.Profile
	strategy escpos.Strategy
	log      *slog.Logger
	be       backend

	io sync.Mutex // one job or status query on the line at a time

	closed    chan struct{} // closed by Close: Watch calls return
	closeOnce sync.Once

	mu       sync.Mutex
	last     devices.Status
	known    bool
	watchers map[*watcher]struct{}
}

var _ devices.Printer = (*Printer)(nil)

// New returns a printer driving port: tickets are encoded for profile
// with strategy (empty: the profile's default) and the printer's state is
// read with DLE EOT requests before and after each job. The Printer owns
// port and closes it on Close or when it fails; with opts.Reopen it opens
// a new one.
func New(port devices.Port, profile escpos.Profile, strategy escpos.Strategy, opts Options) *Printer {
	opts = opts.withDefaults()
	return newPrinter(newSerial(port, opts), profile, strategy, opts.Logger)
}

func newPrinter(be backend, profile escpos.Profile, strategy escpos.Strategy, log *slog.Logger) *Printer {
	if s, err := profile.ResolveStrategy(strategy); err == nil {
		strategy = s
	} else {
		// Kept as asked: every Print refuses with this error, so the
		// printer lacking the feature never receives its commands.
		log.Error("printer strategy not supported by its profile; tickets will be refused",
			"profile", profile.Name, "strategy", strategy, "err", err)
	}
	return &Printer{profile: profile, strategy: strategy, log: log, be: be,
		closed: make(chan struct{}), watchers: map[*watcher]struct{}{}}
}

// Print encodes t and prints it. It checks the printer's state first and
// refuses with a *devices.StatusError when it cannot print, sends the job,
// and checks again, so a fault that hit during the job (paper ran out) is
// reported too. A missing printer is an error matching
// devices.ErrDisconnected. Print does not retry. Give ctx a deadline: a
// printer that holds a job with XOFF while reporting itself ready is
// waited for until ctx is done.
func (p *Printer) Print(ctx context.Context, t devices.Ticket) error {
	job, err := escpos.EncodeTicket(t, p.profile, p.strategy)
	if err != nil {
		p.log.Error("encode ticket", "number", t.Number, "profile", p.profile.Name, "strategy", p.strategy, "err", err)
		return fmt.Errorf("print ticket %s: encode: %w", t.Number, err)
	}
	if err := p.PrintJob(ctx, job); err != nil {
		return fmt.Errorf("print ticket %s: %w", t.Number, err)
	}
	return nil
}

// PrintTestPage prints the admin's test page ("In thử") with the
// printer's own profile and strategy, so it shows what tickets will look
// like: the strategy and code pages in use, a line of Vietnamese with
// every mark, the QR (native or raster as the profile says), a ruler the
// width of the printable line, and whether the paper is cut. It checks the
// printer's state like Print.
func (p *Printer) PrintTestPage(ctx context.Context, tp escpos.TestPage) error {
	job, err := escpos.EncodeTestPage(tp, p.profile, p.strategy)
	if err != nil {
		p.log.Error("encode test page", "profile", p.profile.Name, "strategy", p.strategy, "err", err)
		return fmt.Errorf("print test page: encode: %w", err)
	}
	if err := p.PrintJob(ctx, job); err != nil {
		return fmt.Errorf("print test page: %w", err)
	}
	return nil
}

// PrintProbePage prints the installer's probe page (escpos.EncodeProbePage)
// for paper paperDots wide, 0 meaning the profile's width. Unlike
// PrintTestPage it ignores the profile's features on purpose: it tries
// them all, so that whoever reads the paper can choose the profile. It
// checks the printer's state like Print.
func (p *Printer) PrintProbePage(ctx context.Context, tp escpos.TestPage, paperDots int) error {
	if paperDots == 0 {
		paperDots = p.profile.DotsPerLine
	}
	job, err := escpos.EncodeProbePage(tp, paperDots)
	if err != nil {
		return fmt.Errorf("print probe page: encode: %w", err)
	}
	if err := p.PrintJob(ctx, job); err != nil {
		return fmt.Errorf("print probe page: %w", err)
	}
	return nil
}

// Profile is the printer's profile, as Open or New got it; the caller
// may edit its copy.
func (p *Printer) Profile() escpos.Profile {
	c := p.profile
	c.CodePages = maps.Clone(c.CodePages)
	return c
}

// Strategy is the text strategy tickets are encoded with.
func (p *Printer) Strategy() escpos.Strategy { return p.strategy }

// PrintJob prints an already encoded ESC/POS job (the reference ticket,
// a reprint of saved bytes) with the same checks as Print.
func (p *Printer) PrintJob(ctx context.Context, job []byte) error {
	p.io.Lock()
	defer p.io.Unlock()
	if p.isClosed() {
		return ErrClosed
	}
	if err := p.check(ctx, "print"); err != nil {
		return err
	}
	if err := p.be.send(ctx, job); err != nil {
		p.log.Warn("printer job failed", "bytes", len(job), "err", err)
		p.observeErr(err)
		return err
	}
	return p.check(ctx, "print")
}

// check reads the state and returns a *devices.StatusError unless the
// printer can print.
func (p *Printer) check(ctx context.Context, op string) error {
	st, err := p.be.status(ctx)
	p.observe(st)
	if err != nil {
		return err
	}
	if !st.State().CanPrint() {
		return &devices.StatusError{Status: st, Op: op}
	}
	return nil
}

// Status asks the printer for its state. A printer that answers is
// reported with a nil error whatever its state (paper end is a state, not
// a failure of Status); one that does not answer is reported as
// Disconnected with an error matching devices.ErrDisconnected.
func (p *Printer) Status(ctx context.Context) (devices.Status, error) {
	p.io.Lock()
	defer p.io.Unlock()
	if p.isClosed() {
		return devices.Status{}, ErrClosed
	}
	st, err := p.be.status(ctx)
	p.observe(st)
	return st, err
}

// Last returns the most recent state read and whether one has been read.
func (p *Printer) Last() (devices.Status, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.last, p.known
}

// ErrClosed is returned by a Printer's methods after Close.
var ErrClosed = errors.New("printer closed")

// Close closes the line; Watch calls return ErrClosed and later Print and
// Status calls fail with it.
func (p *Printer) Close() error {
	var err error
	p.closeOnce.Do(func() {
		close(p.closed)
		p.io.Lock()
		defer p.io.Unlock()
		err = p.be.close()
	})
	return err
}

// isClosed reports whether Close has been called.
func (p *Printer) isClosed() bool {
	select {
	case <-p.closed:
		return true
	default:
		return false
	}
}

// observeErr records the state implied by a failed job.
func (p *Printer) observeErr(err error) {
	var se *devices.StatusError
	switch {
	case asStatusError(err, &se):
		p.observe(se.Status)
	case isDisconnected(err):
		p.observe(devices.Status{Disconnected: true, At: time.Now()})
	}
}

// observe records st and queues it for every watcher when it differs
// from the last state seen (ignoring the time it was read).
func (p *Printer) observe(st devices.Status) {
	if st.At.IsZero() {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	changed := !p.known || !sameStatus(p.last, st)
	if changed && p.known && p.last.State() != st.State() {
		p.log.Info("printer state changed", "from", p.last.State(), "to", st.State())
	}
	p.last, p.known = st, true
	if !changed {
		return
	}
	for w := range p.watchers {
		w.push(st)
	}
}

func sameStatus(a, b devices.Status) bool {
	a.At, b.At = time.Time{}, time.Time{}
	return a == b
}
