package syncer_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/motcua-kiosk/motcua/kiosk/queue"
	"github.com/motcua-kiosk/motcua/kiosk/store"
)

// office is the hub side of the sync tests: a real store file and the real
// queue engine, committing every event as the hub does.
type office struct {
	st      *store.Store
	eng     *queue.Engine
	now     time.Time
	tickets int
	commits func() // called after each commit (the hub's Notify)
}

func newOffice(t testing.TB, dir string) *office {
	t.Helper()
	st, err := store.Open(filepath.Join(dir, "office.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	cfg := queue.DefaultConfig()
	all := []time.Weekday{0, 1, 2, 3, 4, 5, 6}
	for i := range cfg.Services {
		cfg.Services[i].Windows, cfg.Services[i].DailyCap, cfg.Services[i].Days = nil, 0, all
	}
	o := &office{st: st, now: time.Now().AddDate(0, 0, -60), commits: func() {}}
	o.eng, err = queue.New(cfg, func() time.Time { return o.now })
	if err != nil {
		t.Fatal(err)
	}
	for c := 1; c <= 3; c++ {
		evs, err := o.eng.SignIn(c, fmt.Sprintf("cb%02d", c))
		if err != nil {
			t.Fatal(err)
		}
		o.commit(t, evs)
	}
	return o
}

func (o *office) commit(t testing.TB, evs []queue.Event) {
	t.Helper()
	if err := o.st.Commit(context.Background(), evs); err != nil {
		t.Fatal(err)
	}
	o.commits()
}

var ict = time.FixedZone("ICT", 7*3600)

// serve takes n citizens through the whole path: issue, call, serve, done,
// and a rating for most; every 7th is a no-show instead.
func (o *office) serve(t testing.TB, n int) {
	t.Helper()
	services := []string{"A", "B", "C", "D"}
	for range n {
		o.tickets++
		o.now = o.now.Add(47 * time.Second)
		if local := o.now.In(ict); local.Hour() >= 22 { // next morning: no lifecycle crosses the rollover
			o.now = time.Date(local.Year(), local.Month(), local.Day()+1, 7, 0, 0, 0, ict)
		}
		svc := services[o.tickets%len(services)]
		_, evs, err := o.eng.Issue(svc, "")
		if err != nil {
			t.Fatal(err)
		}
		o.commit(t, evs)
		counter := 3
		if svc == "A" {
			counter = 1
		}
		o.now = o.now.Add(time.Duration(o.tickets%5+1) * time.Minute)
		tk, evs, err := o.eng.CallNext(counter)
		if err != nil {
			t.Fatal(err)
		}
		o.commit(t, evs)
		if o.tickets%7 == 0 {
			_, evs, err = o.eng.Skip(counter)
			if err != nil {
				t.Fatal(err)
			}
			o.commit(t, evs)
			continue
		}
		_, evs, err = o.eng.Start(counter)
		if err != nil {
			t.Fatal(err)
		}
		o.commit(t, evs)
		o.now = o.now.Add(4 * time.Minute)
		_, evs, err = o.eng.Complete(counter)
		if err != nil {
			t.Fatal(err)
		}
		o.commit(t, evs)
		if o.tickets%5 != 0 {
			stars := 1 + o.tickets%5
			var reasons []string
			if stars <= 3 {
				reasons = []string{queue.ReasonLongWait}
			}
			_, evs, err = o.eng.Rate(tk.ID, stars, reasons, "Cán bộ nhiệt tình", "counter")
			if err != nil {
				t.Fatal(err)
			}
			o.commit(t, evs)
		}
	}
}

// serveEvents serves citizens until at least n more events are waiting.
func (o *office) serveEvents(t testing.TB, n int) {
	t.Helper()
	ctx := context.Background()
	start, _ := o.st.OutboxPending(ctx)
	for {
		p, _ := o.st.OutboxPending(ctx)
		if p-start >= n {
			return
		}
		o.serve(t, max(1, (n-(p-start))/6))
	}
}
