//go:build integration

package printer_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/motcua-kiosk/motcua/devices"
	"github.com/motcua-kiosk/motcua/devices/escpos"
	"github.com/motcua-kiosk/motcua/devices/printer"
	"github.com/motcua-kiosk/motcua/devices/printer/printertest"
	"github.com/motcua-kiosk/motcua/devices/serialport"
	"github.com/motcua-kiosk/motcua/devices/serialport/socattest"
)

// line is a kiosk Printer and a scripted test printer on a socat pair.
type line struct {
	t       *testing.T
	pair    *socattest.Pair
	kiosk   *printer.Printer
	far     *printertest.Printer
	script  func(*printertest.Printer)
	stopFar func()
}

// serialCfg is the kiosk side of every test: 115200 8N1, XON/XOFF, paced
// to the line rate so the pseudo-terminal behaves like a UART.
var serialCfg = serialport.Config{Baud: 115200, XONXOFF: true, Pace: true, ChunkSize: 128}

func newLine(t *testing.T, sc serialport.Config, script func(*printertest.Printer)) *line {
	t.Helper()
	l := &line{t: t, pair: socattest.New(t), script: script}
	l.startFar()
	p, err := printer.Open(l.pair.A, printer.Config{
		Profile: "generic-80mm",
		Serial:  sc,
		Options: printer.Options{StatusTimeout: 300 * time.Millisecond, MinBackoff: 50 * time.Millisecond, MaxBackoff: 400 * time.Millisecond},
	})
	if err != nil {
		t.Fatalf("printer.Open(%s): %v", l.pair.A, err)
	}
	l.kiosk = p
	t.Cleanup(func() { p.Close() })
	return l
}

// startFar opens the printer's end of the line and runs a fresh test
// printer on it, as a printer powered on.
func (l *line) startFar() {
	l.t.Helper()
	port, err := serialport.Open(serialport.Config{Path: l.pair.B, Baud: 115200})
	if err != nil {
		l.t.Fatalf("open printer end: %v", err)
	}
	far := printertest.New(port)
	if l.script != nil {
		l.script(far)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		far.Run(ctx)
	}()
	l.far = far
	l.stopFar = func() { cancel(); <-done; port.Close() }
	l.t.Cleanup(l.stopFar)
}

func reference(t *testing.T, number string, s escpos.Strategy) (devices.Ticket, []byte) {
	t.Helper()
	tk := escpos.ReferenceTicket()
	tk.Number = number
	prof, err := escpos.LookupProfile("generic-80mm")
	if err != nil {
		t.Fatal(err)
	}
	want, err := escpos.EncodeTicket(tk, prof, s)
	if err != nil {
		t.Fatal(err)
	}
	return tk, want
}

// strayRequests counts DLE EOT n patterns in a job's data.
func strayRequests(job []byte) int {
	n := 0
	for i := 0; i+2 < len(job); i++ {
		if job[i] == 0x10 && job[i+1] == 0x04 && job[i+2] >= 1 && job[i+2] <= 4 {
			n++
		}
	}
	return n
}

func stateOf(err error) devices.State {
	var se *devices.StatusError
	if errors.As(err, &se) {
		return se.Status.State()
	}
	return devices.State(-1)
}

func TestPrinter_Print_tickets(t *testing.T) {
	l := newLine(t, serialCfg, nil)
	ctx := context.Background()
	var want [][]byte
	for _, n := range []string{"A001", "A002", "B013"} {
		tk, job := reference(t, n, "")
		if err := l.kiosk.Print(ctx, tk); err != nil {
			t.Fatalf("Print(%s): %v", n, err)
		}
		want = append(want, job)
	}
	if err := l.far.WaitJobs(len(want), 5*time.Second); err != nil {
		t.Fatal(err)
	}
	got := l.far.Jobs()
	if len(got) != len(want) {
		t.Fatalf("printer got %d jobs, want %d", len(got), len(want))
	}
	for i := range want {
		if !bytes.Equal(got[i], want[i]) {
			t.Errorf("job %d: %d bytes differ from the %d encoded", i, len(got[i]), len(want[i]))
		}
	}
	// DLE EOT 1..4 before and after each job, plus any DLE EOT pattern
	// that occurs by chance in raster data (a real printer answers those).
	stray := 0
	for _, job := range want {
		stray += strayRequests(job)
	}
	if got, want := l.far.Requests(), 8*len(want)+stray; got != want {
		t.Errorf("printer answered %d status requests, want %d", got, want)
	}
}

func TestPrinter_Print_paperEnd(t *testing.T) {
	l := newLine(t, serialCfg, func(p *printertest.Printer) { p.PaperEndAfter = 2 })
	ctx := context.Background()
	for i, n := range []string{"A001", "A002"} {
		tk, _ := reference(t, n, "")
		if err := l.kiosk.Print(ctx, tk); err != nil {
			t.Fatalf("Print #%d: %v", i+1, err)
		}
	}
	// The third ticket finds no paper: the job goes out, the check after
	// it reports paper end.
	tk, _ := reference(t, "A003", "")
	err := l.kiosk.Print(ctx, tk)
	if got, want := stateOf(err), devices.StatePaperEnd; got != want {
		t.Fatalf("Print #3 = %v (state %v), want state %v", err, got, want)
	}
	// The fourth is refused before a byte is sent.
	before := l.far.Requests()
	err = l.kiosk.Print(ctx, tk)
	if got, want := stateOf(err), devices.StatePaperEnd; got != want {
		t.Fatalf("Print #4 = %v (state %v), want state %v", err, got, want)
	}
	if got, want := l.far.Requests()-before, 8; got != want {
		t.Errorf("Print #4 sent %d status requests, want %d (only the check before, read twice to confirm the fault)", got, want)
	}
	if got, want := len(l.far.Jobs()), 2; got != want {
		t.Errorf("printer printed %d tickets, want %d", got, want)
	}
	st, err := l.kiosk.Status(ctx)
	if err != nil {
		t.Fatalf("Status: %v", err)
	}
	if got, want := st.State(), devices.StatePaperEnd; got != want {
		t.Errorf("Status().State() = %v, want %v", got, want)
	}
	if !st.PaperNearEnd {
		t.Errorf("Status() = %+v, want the near-end sensor set too", st)
	}
}

func TestPrinter_Print_coverOpen(t *testing.T) {
	l := newLine(t, serialCfg, nil)
	ctx := context.Background()
	l.far.SetStatus(func(st *devices.Status) { st.CoverOpen = true })
	tk, _ := reference(t, "A001", "")
	err := l.kiosk.Print(ctx, tk)
	if got, want := stateOf(err), devices.StateCoverOpen; got != want {
		t.Fatalf("Print with cover open = %v (state %v), want state %v", err, got, want)
	}
	if errors.Is(err, devices.ErrDisconnected) {
		t.Errorf("cover open matched ErrDisconnected")
	}
	l.far.SetStatus(func(st *devices.Status) { st.CoverOpen = false })
	if err := l.kiosk.Print(ctx, tk); err != nil {
		t.Fatalf("Print after closing the cover: %v", err)
	}
	if err := l.far.WaitJobs(1, 5*time.Second); err != nil {
		t.Fatal(err)
	}
}

func TestPrinter_Print_silent(t *testing.T) {
	l := newLine(t, serialCfg, nil)
	ctx := context.Background()
	l.far.SetSilent(true)
	tk, _ := reference(t, "A001", "")
	start := time.Now()
	err := l.kiosk.Print(ctx, tk)
	if !errors.Is(err, devices.ErrDisconnected) {
		t.Fatalf("Print to a silent printer = %v, want ErrDisconnected", err)
	}
	if got, want := stateOf(err), devices.StateDisconnected; got != want {
		t.Errorf("state = %v, want %v", got, want)
	}
	t.Logf("silence detected after %v", time.Since(start)) // a figure, not a check
	l.far.SetSilent(false)
	if err := l.kiosk.Print(ctx, tk); err != nil {
		t.Fatalf("Print after the printer answers again: %v", err)
	}
}

// recorder collects the states a Watch reports.
type recorder struct {
	mu     sync.Mutex
	states []devices.State
}

func (r *recorder) add(st devices.Status) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if n := len(r.states); n == 0 || r.states[n-1] != st.State() {
		r.states = append(r.states, st.State())
	}
}

func (r *recorder) waitFor(t *testing.T, s devices.State, timeout time.Duration) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		r.mu.Lock()
		n := len(r.states)
		last := devices.State(-1)
		if n > 0 {
			last = r.states[n-1]
		}
		r.mu.Unlock()
		if last == s {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	t.Fatalf("Watch did not report %v within %v; saw %v", s, timeout, r.states)
}

func TestPrinter_unplugReplug(t *testing.T) {
	l := newLine(t, serialCfg, nil)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	rec := &recorder{}
	watchDone := make(chan error, 1)
	go func() { watchDone <- l.kiosk.Watch(ctx, 100*time.Millisecond, rec.add) }()
	rec.waitFor(t, devices.StateReady, 3*time.Second)

	tk, job := reference(t, "A001", "")
	if err := l.kiosk.Print(ctx, tk); err != nil {
		t.Fatalf("Print before unplug: %v", err)
	}

	// Unplug: socat dies, both ends vanish.
	l.stopFar()
	l.pair.Unplug()
	err := l.kiosk.Print(ctx, tk)
	if !errors.Is(err, devices.ErrDisconnected) {
		t.Fatalf("Print while unplugged = %v, want ErrDisconnected", err)
	}
	if got, want := stateOf(err), devices.StateDisconnected; got != want {
		t.Errorf("Print while unplugged: state %v, want %v", got, want)
	}
	rec.waitFor(t, devices.StateDisconnected, 3*time.Second)
	st, err := l.kiosk.Status(ctx)
	if !errors.Is(err, devices.ErrDisconnected) || !st.Disconnected {
		t.Errorf("Status while unplugged = %+v, %v; want Disconnected", st, err)
	}

	// Re-plug: same link names, a new pseudo-terminal behind them, a
	// printer powered on. The same Printer reopens by itself.
	l.pair.Plug()
	l.startFar()
	rec.waitFor(t, devices.StateReady, 5*time.Second)
	tk.Number = "A002"
	if err := l.kiosk.Print(ctx, tk); err != nil {
		t.Fatalf("Print after re-plug: %v", err)
	}
	if err := l.far.WaitJobs(1, 5*time.Second); err != nil {
		t.Fatal(err)
	}
	_, want := reference(t, "A002", "")
	if got := l.far.Jobs()[0]; !bytes.Equal(got, want) {
		t.Errorf("job after re-plug: %d bytes differ from the %d encoded", len(got), len(want))
	}
	_ = job
	cancel()
	if err := <-watchDone; !errors.Is(err, context.Canceled) {
		t.Errorf("Watch returned %v, want context.Canceled", err)
	}
	rec.mu.Lock()
	t.Logf("states seen: %v", rec.states)
	rec.mu.Unlock()
}

// TestPrinter_flowControl prints raster tickets (the biggest jobs) to a
// printer with a 2 KiB buffer that prints 4,000 bytes a second, slower
// than the 11,520 bytes a second of 115200 baud. With XON/XOFF every byte
// arrives; without it the buffer overflows, which shows the printer can
// tell.
func TestPrinter_flowControl(t *testing.T) {
	slow := func(p *printertest.Printer) {
		p.BufferSize, p.XOFFMargin, p.PrintRate, p.XONXOFF = 2048, 768, 4000, true
	}
	tests := []struct {
		name     string
		xonxoff  bool
		lossless bool
	}{
		{"xonxoff", true, true},
		{"no flow control", false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sc := serialCfg
			sc.XONXOFF = tt.xonxoff
			l := newLine(t, sc, slow)
			ctx := context.Background()
			tk, want := reference(t, "A001", escpos.StrategyRaster)
			start := time.Now()
			if err := l.kiosk.PrintJob(ctx, want); err != nil && tt.lossless {
				t.Fatalf("PrintJob: %v", err)
			}
			_ = tk
			if !tt.lossless {
				if l.far.Overflow() == 0 {
					t.Fatalf("without flow control the printer lost no byte: the test cannot tell")
				}
				t.Logf("without flow control: %d bytes lost", l.far.Overflow())
				return
			}
			if err := l.far.WaitJobs(1, 10*time.Second); err != nil {
				t.Fatal(err)
			}
			elapsed := time.Since(start)
			if got := l.far.Overflow(); got != 0 {
				t.Errorf("printer lost %d bytes with XON/XOFF", got)
			}
			if got := l.far.XOFFs(); got == 0 {
				t.Errorf("printer never sent XOFF: the test did not exercise flow control")
			}
			if got := l.far.Jobs()[0]; !bytes.Equal(got, want) {
				t.Errorf("job: %d bytes differ from the %d sent", len(got), len(want))
			}
			t.Logf("%d bytes, %d XOFFs, %v (print rate bound %v)", len(want), l.far.XOFFs(), elapsed.Round(time.Millisecond), time.Duration(len(want))*time.Second/4000)
		})
	}
}

// TestPrinter_Print_paperEndMidJob runs the paper out while a long job is
// held back by XOFF: the printer stops printing and never sends XON, the
// kiosk's write stalls, asks the printer why past XOFF, and reports paper
// end instead of waiting for ever.
func TestPrinter_Print_paperEndMidJob(t *testing.T) {
	sc := serialCfg
	sc.StallTimeout = 300 * time.Millisecond
	l := newLine(t, sc, func(p *printertest.Printer) {
		p.BufferSize, p.XOFFMargin, p.PrintRate, p.XONXOFF = 2048, 768, 4000, true
	})
	_, job := reference(t, "A001", escpos.StrategyRaster)
	errc := make(chan error, 1)
	start := time.Now()
	go func() { errc <- l.kiosk.PrintJob(context.Background(), job) }()
	deadline := time.Now().Add(30 * time.Second)
	for l.far.XOFFs() == 0 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	l.far.SetStatus(func(st *devices.Status) { st.PaperEnd = true })
	select {
	case err := <-errc:
		if got, want := stateOf(err), devices.StatePaperEnd; got != want {
			t.Fatalf("PrintJob = %v (state %v), want state %v", err, got, want)
		}
		t.Logf("paper end reported after %v", time.Since(start).Round(time.Millisecond))
	case <-time.After(60 * time.Second):
		t.Fatal("PrintJob still blocked 10 s after the paper ran out")
	}
	if got := len(l.far.Jobs()); got != 0 {
		t.Errorf("%d jobs completed, want none", got)
	}
}

// TestPrinter_Print_qr prints the reference ticket with every strategy
// over the serial line, renders what the test printer received with the
// virtual printer, and reads the QR back with zbarimg. Userchars goes to
// a profile with user-defined characters: generic-80mm has none, and the
// encoder refuses it there.
func TestPrinter_Print_qr(t *testing.T) {
	zbarimg, err := exec.LookPath("zbarimg")
	if err != nil {
		if os.Getenv("CI") == "" {
			t.Skip("zbarimg not installed (apt-get install zbar-tools)")
		}
		t.Fatalf("zbarimg required under CI: %v", err)
	}
	l := newLine(t, serialCfg, nil)
	cases := []struct {
		profile  string
		strategy escpos.Strategy
	}{
		{"generic-80mm", escpos.StrategyHybrid},
		{"generic-80mm", escpos.StrategyCodePage},
		{"generic-80mm", escpos.StrategyRaster},
		{"xprinter-xp-80", escpos.StrategyUserChars},
	}
	profs := make([]escpos.Profile, len(cases))
	for i, c := range cases {
		prof, err := escpos.LookupProfile(c.profile)
		if err != nil {
			t.Fatal(err)
		}
		job, err := escpos.EncodeTicket(escpos.ReferenceTicket(), prof, c.strategy)
		if err != nil {
			t.Fatal(err)
		}
		if err := l.kiosk.PrintJob(context.Background(), job); err != nil {
			t.Fatalf("PrintJob(%s): %v", c.strategy, err)
		}
		profs[i] = prof
	}
	if err := l.far.WaitJobs(len(cases), 10*time.Second); err != nil {
		t.Fatal(err)
	}
	for i, job := range l.far.Jobs() {
		t.Run(string(cases[i].strategy), func(t *testing.T) {
			png, err := printer.RenderPNG(job, profs[i])
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(t.TempDir(), "ticket.png")
			if err := os.WriteFile(path, png, 0o644); err != nil {
				t.Fatal(err)
			}
			out, err := exec.Command(zbarimg, "--raw", "-q", path).Output()
			if err != nil {
				t.Fatalf("zbarimg %s: %v", path, err)
			}
			if got, want := strings.TrimSpace(string(out)), escpos.ReferenceURL; got != want {
				t.Errorf("QR reads %q, want %q", got, want)
			}
		})
	}
}
