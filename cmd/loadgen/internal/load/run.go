package load

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/motcua-kiosk/motcua/kiosk/syncer"
	"github.com/motcua-kiosk/motcua/kiosk/wire"
	"github.com/motcua-kiosk/motcua/server/db"
)

// Config is one load test.
type Config struct {
	Offices     int    // simulated offices, each its own hub and device credential
	URL         string // the server, http://HOST:PORT
	DSN         string // its database: offices and codes are made there, and the events read back
	Concurrency int    // batches in flight at once, across all hubs
	BatchSize   int    // events per batch (the syncer's option; wire.DefaultBatchEvents)
	// The live phase plays day 0's LiveFrom-LiveTo (office clock) in
	// LiveDuration of wall time; LiveDuration 0 skips it.
	LiveFrom, LiveTo time.Duration
	LiveDuration     time.Duration
	// Backlog is the reconnect storm's events per office: every hub goes
	// offline, commits Backlog events, and all return at the same moment.
	// 0 skips the storm.
	Backlog int
	// Timeout bounds each phase's drain (the wait for every office's up_to
	// to reach its last seq); a phase not drained by then is reported so.
	Timeout  time.Duration
	Seed     uint64
	Model    Model
	RunID    string // names this run's offices and devices; default from the clock
	Parallel int    // offices created and enrolled at once (default 16)
	// ServerPID, when set, is sampled for its RSS (/proc/PID/status).
	ServerPID int
	Progress  io.Writer // a line every few seconds; nil: none
	Now       func() time.Time
}

// Phase is what one phase measured.
type Phase struct {
	Name         string           `json:"name"`
	Offices      int              `json:"offices"`
	Events       int64            `json:"events"`         // acknowledged during the phase
	Batches      int64            `json:"batches"`        // batches acknowledged (HTTP 200)
	Retries      map[string]int64 `json:"retries"`        // attempts that failed, by class (the syncer retried them)
	ResentEvents int64            `json:"resent_events"`  // events an ack counted as duplicates: sent again after a lost answer
	Wall         time.Duration    `json:"wall_ns"`        // from the phase's start to its last acknowledgement
	EventsPerSec float64          `json:"events_per_sec"` // Events / Wall
	AckP50       time.Duration    `json:"ack_p50_ns"`
	AckP90       time.Duration    `json:"ack_p90_ns"`
	AckP99       time.Duration    `json:"ack_p99_ns"`
	AckMax       time.Duration    `json:"ack_max_ns"`
	// Drain: live, from the window's end to the last acknowledgement;
	// storm, from the offices' return to the last acknowledgement.
	Drain time.Duration `json:"drain_ns"`
	// OfficeDrainP50/P99: storm, each office's time to empty its outbox.
	OfficeDrainP50 time.Duration `json:"office_drain_p50_ns,omitempty"`
	OfficeDrainP99 time.Duration `json:"office_drain_p99_ns,omitempty"`
	Drained        bool          `json:"drained"` // every hub's up_to reached its last seq within the timeout
	ServerRSSMaxMB float64       `json:"server_rss_max_mb,omitempty"`
}

// Result is a whole run.
type Result struct {
	RunID          string        `json:"run_id"`
	Offices        int           `json:"offices"`
	Concurrency    int           `json:"concurrency"`
	BatchSize      int           `json:"batch_size"`
	Backlog        int           `json:"backlog"`
	Enroll         time.Duration `json:"enroll_ns"` // offices, codes and enrollments
	Phases         []Phase       `json:"phases"`
	Verify         Verify        `json:"verify"`
	ServerPID      int           `json:"server_pid,omitempty"`
	ServerRSSMaxMB float64       `json:"server_rss_max_mb,omitempty"` // highest VmRSS sampled each second
	ServerHWMMB    float64       `json:"server_hwm_mb,omitempty"`     // VmHWM at the end: the kernel's peak
}

// OK is true when nothing was lost or duplicated and every office's up_to,
// on the hub and on the server, reached its last seq.
func (r *Result) OK() bool {
	v := r.Verify
	return v.Lost == 0 && v.Duplicated == 0 && v.Unexpected == 0 && v.HubUpTo == v.Offices && v.ServerUpTo == v.Offices
}

// runner holds the run's shared tallies; hubs and the meter update it.
type runner struct {
	c counters

	mu       sync.Mutex
	lat      []time.Duration
	batches  int64
	resent   int64
	outcomes map[string]int64
	lastAck  time.Time
}

func (r *runner) committed(n int64) { r.c.committed.Add(n) }

func (r *runner) acked(n int64, now time.Time) {
	r.c.acked.Add(n)
	r.mu.Lock()
	if now.After(r.lastAck) {
		r.lastAck = now
	}
	r.mu.Unlock()
}

// batch records one POST of a batch: its latency when acknowledged, its
// failure class otherwise. It reads the ack to count resent events and
// hands the syncer an identical body.
func (r *runner) batch(d time.Duration, resp *http.Response, err error) {
	class := ""
	var ack wire.Ack
	switch {
	case err != nil:
		class = "network"
	case resp.StatusCode == http.StatusOK:
		data, _ := io.ReadAll(resp.Body) // an in-memory copy (meter)
		resp.Body = io.NopCloser(bytes.NewReader(data))
		if json.Unmarshal(data, &ack) != nil {
			class = "bad answer"
		}
	default:
		class = "HTTP " + strconv.Itoa(resp.StatusCode)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if class != "" {
		r.outcomes[class]++
		return
	}
	r.batches++
	r.resent += int64(ack.Duplicates)
	r.lat = append(r.lat, d)
}

// take returns and resets the per-phase tallies.
func (r *runner) take() (lat []time.Duration, batches, resent int64, outcomes map[string]int64) {
	r.mu.Lock()
	defer r.mu.Unlock()
	lat, batches, resent, outcomes = r.lat, r.batches, r.resent, r.outcomes
	r.lat, r.batches, r.resent, r.outcomes = nil, 0, 0, map[string]int64{}
	return
}

func (c *Config) defaults() {
	if c.Offices <= 0 {
		c.Offices = 3321
	}
	if c.Concurrency <= 0 {
		c.Concurrency = 64
	}
	if c.BatchSize <= 0 || c.BatchSize > wire.MaxBatchEvents {
		c.BatchSize = wire.DefaultBatchEvents
	}
	if c.Timeout <= 0 {
		c.Timeout = 30 * time.Minute
	}
	if c.Parallel <= 0 {
		c.Parallel = 16
	}
	if c.Model.TicketsPerDay == 0 {
		c.Model = DefaultModel()
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.RunID == "" {
		c.RunID = strconv.FormatInt(c.Now().Unix()%1e8, 36)
	}
	if c.LiveTo <= c.LiveFrom {
		c.LiveFrom, c.LiveTo = 7*time.Hour, 8*time.Hour+30*time.Minute
	}
}

// Run runs the load test: it creates the offices and their enrollment
// codes in the database, enrolls every hub through the server's enroll
// route, runs the live phase and the storm, and reads every office's events
// back from the database.
func Run(ctx context.Context, cfg Config) (*Result, error) {
	cfg.defaults()
	base, err := url.Parse(cfg.URL)
	if err != nil || base.Host == "" {
		return nil, fmt.Errorf("server URL %q: %v", cfg.URL, err)
	}
	d, err := db.Open(ctx, cfg.DSN)
	if err != nil {
		return nil, err
	}
	defer d.Close()
	res := &Result{RunID: cfg.RunID, Offices: cfg.Offices, Concurrency: cfg.Concurrency, BatchSize: cfg.BatchSize,
		Backlog: cfg.Backlog, ServerPID: cfg.ServerPID}
	rss := newSampler(cfg.ServerPID)
	defer rss.stop()
	rn := &runner{outcomes: map[string]int64{}}
	hubs, err := setup(ctx, &cfg, d, base, rn, res)
	if err != nil {
		return nil, err
	}
	defer func() {
		for _, h := range hubs {
			if h.sync != nil {
				h.sync.Close()
			}
			h.client.CloseIdleConnections()
		}
	}()
	if cfg.LiveDuration > 0 {
		rss.phase()
		p, err := live(ctx, &cfg, hubs, rn)
		if err != nil {
			return nil, err
		}
		p.ServerRSSMaxMB = rss.phase()
		res.Phases = append(res.Phases, p)
	}
	if cfg.Backlog > 0 {
		rss.phase()
		p, err := storm(ctx, &cfg, hubs, rn)
		if err != nil {
			return nil, err
		}
		p.ServerRSSMaxMB = rss.phase()
		res.Phases = append(res.Phases, p)
	}
	for _, h := range hubs {
		h.sync.Close()
		h.sync = nil
	}
	res.ServerRSSMaxMB = rss.stop()
	if cfg.ServerPID != 0 {
		_, res.ServerHWMMB, _ = ReadRSS(cfg.ServerPID)
	}
	exp := make([]Expect, len(hubs))
	for i, h := range hubs {
		h.mu.Lock()
		exp[i] = Expect{Device: h.device, Last: h.committed, HubAcked: h.acked}
		h.mu.Unlock()
	}
	progress(&cfg, "reading every office's events back from the database")
	res.Verify, err = Check(ctx, d, DevicePrefix(cfg.RunID), exp)
	return res, err
}

// DevicePrefix is the start of every device id of run id.
func DevicePrefix(run string) string { return "lg-" + run + "-" }

func progress(cfg *Config, format string, args ...any) {
	if cfg.Progress != nil {
		fmt.Fprintf(cfg.Progress, "%s loadgen: %s\n", time.Now().UTC().Format("15:04:05"), fmt.Sprintf(format, args...))
	}
}

// startDay is the stream's first day: far enough back that the live day
// and the storm's backlog all lie before today (the server refuses events
// more than 48 h ahead), on a weekday.
func startDay(cfg *Config) time.Time {
	perDay := cfg.Model.TicketsPerDay * 4.6
	days := int(math.Ceil(float64(cfg.Backlog)/perDay)) + 2
	now := cfg.Now().In(cfg.Model.Zone)
	d := time.Date(now.Year(), now.Month(), now.Day()-days*7/5-4, 0, 0, 0, 0, cfg.Model.Zone)
	for d.Weekday() == time.Saturday || d.Weekday() == time.Sunday {
		d = time.Date(d.Year(), d.Month(), d.Day()-1, 0, 0, 0, 0, d.Location())
	}
	return d
}

// setup makes the offices and codes (server/db, as `server enroll` does)
// and enrolls every hub through POST /api/v1/enroll, each hub from its own
// loopback address when the server is on loopback (the enroll route limits
// attempts per address, as offices' hubs each have their own).
func setup(ctx context.Context, cfg *Config, d *db.DB, base *url.URL, rn *runner, res *Result) ([]*hub, error) {
	t0 := time.Now()
	start := startDay(cfg)
	loop := false
	if ip := net.ParseIP(base.Hostname()); ip != nil && ip.IsLoopback() && ip.To4() != nil {
		loop = true
	}
	sem := make(chan struct{}, cfg.Concurrency)
	hubs := make([]*hub, cfg.Offices)
	for i := range hubs {
		h := &hub{n: i, device: fmt.Sprintf("%s%04d", DevicePrefix(cfg.RunID), i+1), meta: map[string]string{}, run: rn, sem: sem}
		h.st = newStream(cfg.Model, cfg.Seed, i, h.device, start)
		dialer := &net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}
		if loop {
			h.src = net.IPv4(127, byte(10+i/62500), byte(i/250%250), byte(1+i%250))
			dialer.LocalAddr = &net.TCPAddr{IP: h.src}
		}
		tr := &http.Transport{DialContext: dialer.DialContext, MaxIdleConnsPerHost: 2, IdleConnTimeout: 90 * time.Second,
			DisableCompression: true}
		h.client = &http.Client{Transport: &meter{base: tr, hub: h, run: rn, timeout: 30 * time.Second}}
		hubs[i] = h
	}
	progress(cfg, "creating %d offices and enrollment codes (run %s)", cfg.Offices, cfg.RunID)
	err := parallel(ctx, cfg.Parallel, hubs, func(h *hub) error {
		o, err := d.CreateOffice(ctx, fmt.Sprintf("Xã thử tải %s %04d", cfg.RunID, h.n+1))
		if err != nil {
			return err
		}
		h.office = o.ID
		h.code, err = d.CreateEnrollCode(ctx, o.ID, 24*time.Hour)
		return err
	})
	if err != nil {
		return nil, err
	}
	progress(cfg, "enrolling %d hubs through %s", cfg.Offices, wire.PathEnroll)
	err = parallel(ctx, cfg.Parallel, hubs, func(h *hub) error {
		h.sync = newSyncer(cfg, h)
		for attempt := 0; ; attempt++ {
			_, err := h.sync.Enroll(ctx, base.String(), h.code)
			var se *syncer.Error
			if err == nil {
				return nil
			}
			if !errors.As(err, &se) || se.Code != syncer.CodeBusy || attempt > 100 {
				return fmt.Errorf("enroll %s: %w", h.device, err)
			}
			select { // 429: the limiter's Retry-After
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(max(se.RetryAfter, time.Second)):
			}
		}
	})
	if err != nil {
		return nil, err
	}
	res.Enroll = time.Since(t0)
	progress(cfg, "%d hubs enrolled in %s", cfg.Offices, res.Enroll.Round(time.Millisecond))
	return hubs, nil
}

func newSyncer(cfg *Config, h *hub) *syncer.Syncer {
	return syncer.New(h, syncer.Options{Client: h.client, BatchSize: cfg.BatchSize, Names: h.names,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
}

// parallel runs f on every hub, n at a time, and returns the first error.
func parallel(ctx context.Context, n int, hubs []*hub, f func(*hub) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		wg    sync.WaitGroup
		once  sync.Once
		first error
		next  = make(chan *hub)
	)
	for range n {
		wg.Go(func() {
			for h := range next {
				if err := f(h); err != nil {
					once.Do(func() { first = err; cancel() })
				}
			}
		})
	}
	for _, h := range hubs {
		select {
		case next <- h:
		case <-ctx.Done():
		}
		if ctx.Err() != nil {
			break
		}
	}
	close(next)
	wg.Wait()
	if first == nil && ctx.Err() != nil {
		first = ctx.Err()
	}
	return first
}

// live plays day 0's window: each hub commits its events when the
// simulated clock passes them and wakes its syncer, as a hub's engine does.
func live(ctx context.Context, cfg *Config, hubs []*hub, rn *runner) (Phase, error) {
	day0 := hubs[0].st.dateOf(0)
	from, to := day0.Add(cfg.LiveFrom), day0.Add(cfg.LiveTo)
	speed := float64(to.Sub(from)) / float64(cfg.LiveDuration)
	name := fmt.Sprintf("live %s–%s ×%.0f", from.Format("15:04"), to.Format("15:04"), speed)
	for _, h := range hubs {
		h.commit(h.st.countUntil(from))
	}
	rn.take()
	ackedBefore := rn.c.acked.Load()
	t0 := time.Now()
	for _, h := range hubs {
		h.sync.Start(ctx)
	}
	progress(cfg, "%s: %d offices for %s", name, len(hubs), cfg.LiveDuration)
	tick := time.NewTicker(100 * time.Millisecond)
	lastLog := t0
	for {
		el := time.Since(t0)
		sim := from.Add(time.Duration(float64(el) * speed))
		if sim.After(to) {
			sim = to
		}
		for _, h := range hubs {
			h.commit(h.st.countUntil(sim))
		}
		if time.Since(lastLog) > 10*time.Second {
			lastLog = time.Now()
			progress(cfg, "%s: office clock %s, %d committed, %d acknowledged", name, sim.Format("15:04:05"),
				rn.c.committed.Load(), rn.c.acked.Load())
		}
		if !sim.Before(to) {
			break
		}
		select {
		case <-ctx.Done():
			tick.Stop()
			return Phase{}, ctx.Err()
		case <-tick.C:
		}
	}
	tick.Stop()
	end := time.Now()
	drained := wait(ctx, cfg, hubs, rn, name)
	p := phase(name, len(hubs), rn, t0, drained)
	p.Events = rn.c.acked.Load() - ackedBefore
	p.Drain = max(0, lastAck(rn).Sub(end))
	p.EventsPerSec = float64(p.Events) / p.Wall.Seconds()
	return p, nil
}

// storm takes every hub offline, commits Backlog events in each, and
// brings them all back at the same moment with a fresh syncer (a hub
// restarting after the link came back).
func storm(ctx context.Context, cfg *Config, hubs []*hub, rn *runner) (Phase, error) {
	name := fmt.Sprintf("storm %d × %d", len(hubs), cfg.Backlog)
	for _, h := range hubs {
		h.sync.Close()
		h.mu.Lock()
		h.sync = nil
		h.mu.Unlock()
	}
	for _, h := range hubs {
		h.commitMore(int64(cfg.Backlog))
		s := newSyncer(cfg, h)
		h.mu.Lock()
		h.sync = s
		h.mu.Unlock()
	}
	rn.take()
	ackedBefore := rn.c.acked.Load()
	progress(cfg, "%s: every office returns now with %d events", name, rn.c.committed.Load()-ackedBefore)
	t0 := time.Now()
	for _, h := range hubs {
		h.sync.Start(ctx)
	}
	drained := wait(ctx, cfg, hubs, rn, name)
	p := phase(name, len(hubs), rn, t0, drained)
	p.Events = rn.c.acked.Load() - ackedBefore
	p.Drain = p.Wall
	p.EventsPerSec = float64(p.Events) / p.Wall.Seconds()
	var per []time.Duration
	for _, h := range hubs {
		h.mu.Lock()
		if h.acked == h.committed {
			per = append(per, h.drainedAt.Sub(t0))
		}
		h.mu.Unlock()
	}
	slices.Sort(per)
	p.OfficeDrainP50, p.OfficeDrainP99 = quantile(per, 0.50), quantile(per, 0.99)
	return p, nil
}

func lastAck(rn *runner) time.Time {
	rn.mu.Lock()
	defer rn.mu.Unlock()
	return rn.lastAck
}

// wait waits until every hub's acknowledged seq is its committed seq, or
// the timeout.
func wait(ctx context.Context, cfg *Config, hubs []*hub, rn *runner, name string) bool {
	deadline := time.Now().Add(cfg.Timeout)
	lastLog := time.Now()
	for {
		if rn.c.acked.Load() == rn.c.committed.Load() {
			return true
		}
		if time.Now().After(deadline) || ctx.Err() != nil {
			return false
		}
		if time.Since(lastLog) > 10*time.Second {
			lastLog = time.Now()
			progress(cfg, "%s: %d of %d events acknowledged", name, rn.c.acked.Load(), rn.c.committed.Load())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func phase(name string, offices int, rn *runner, t0 time.Time, drained bool) Phase {
	lat, batches, resent, outcomes := rn.take()
	slices.Sort(lat)
	end := lastAck(rn)
	if !drained || end.Before(t0) {
		end = time.Now()
	}
	return Phase{Name: name, Offices: offices, Batches: batches, Retries: outcomes, ResentEvents: resent,
		Wall: end.Sub(t0), AckP50: quantile(lat, 0.50), AckP90: quantile(lat, 0.90), AckP99: quantile(lat, 0.99),
		AckMax: quantile(lat, 1), Drained: drained}
}

// quantile of sorted ds by nearest rank; 0 for none.
func quantile(ds []time.Duration, q float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	i := int(math.Ceil(q*float64(len(ds)))) - 1
	return ds[min(max(i, 0), len(ds)-1)]
}
