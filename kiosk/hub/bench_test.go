package hub

import (
	"context"
	"fmt"
	"sort"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/motcua-kiosk/motcua/kiosk/store"
)

// BenchmarkHub_IssueParallel issues tickets in process from many
// goroutines: every call returns only after its ticket is durable, and
// the hub's group commit shares each fsync among the tickets that queued
// behind the previous one.
func BenchmarkHub_IssueParallel(b *testing.B) {
	f := newFixture(b)
	codes := []string{"A", "B", "C", "D"}
	var n atomic.Int64
	b.SetParallelism(16) // 32 goroutines on 2 cores
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := f.hub.Issue(ctx, codes[n.Add(1)%4], ""); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "tickets/s")
}

// BenchmarkHub_IssueSequential is the same one caller at a time: one
// commit per ticket.
func BenchmarkHub_IssueSequential(b *testing.B) {
	f := newFixture(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := f.hub.Issue(ctx, "A", ""); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "tickets/s")
}

// BenchmarkHub_HTTPIssue32 issues over HTTP on loopback from 32
// concurrent clients and reports throughput and latency percentiles.
func BenchmarkHub_HTTPIssue32(b *testing.B) {
	f := newFixture(b)
	const clients = 32
	lat := make([]time.Duration, b.N)
	var next atomic.Int64
	var wg sync.WaitGroup
	b.ResetTimer()
	for c := 0; c < clients; c++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cl := f.client(store.RoleDispenser)
			for {
				i := next.Add(1) - 1
				if i >= int64(b.N) {
					return
				}
				t0 := time.Now()
				if _, err := cl.Issue(ctx, []string{"A", "B", "C", "D"}[i%4], ""); err != nil {
					b.Error(err)
					return
				}
				lat[i] = time.Since(t0)
			}
		}()
	}
	wg.Wait()
	b.StopTimer()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "issues/s")
	reportPercentiles(b, lat)
}

// BenchmarkHub_SSECallLatency50 measures, with 50 live subscribers
// connected over HTTP, the time from a desk's call-next request being sent
// to the ticket.called event arriving at every subscriber.
func BenchmarkHub_SSECallLatency50(b *testing.B) {
	f := newFixture(b)
	const subs = 50
	c, cancel := context.WithCancel(ctx)
	defer cancel()
	type arrival struct {
		number string
		at     time.Time
	}
	arrivals := make(chan arrival, subs*64)
	var ready sync.WaitGroup
	for i := 0; i < subs; i++ {
		ready.Add(1)
		ch, _ := f.client(store.RoleDisplay).Subscribe(c)
		go func() {
			first := true
			for ev := range ch {
				if first && ev.Type == "state" {
					ready.Done()
					first = false
				}
				if ev.Type == "ticket.called" {
					arrivals <- arrival{ev.Event.Ticket.Number, time.Now()}
				}
			}
		}()
	}
	ready.Wait()
	desk := f.client(store.RoleDesk)
	if _, err := desk.SignIn(ctx, 1, "cb01", "1111"); err != nil {
		b.Fatal(err)
	}
	var lat []time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		if _, err := f.hub.Issue(ctx, "A", ""); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		t0 := time.Now()
		tk, err := desk.CallNext(ctx, 1)
		if err != nil {
			b.Fatal(err)
		}
		for got := 0; got < subs; {
			a := <-arrivals
			if a.number == tk.Number {
				lat = append(lat, a.at.Sub(t0))
				got++
			}
		}
		b.StopTimer()
		if _, err := desk.Complete(ctx, 1); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
	}
	b.StopTimer()
	reportPercentiles(b, lat)
}

func reportPercentiles(b *testing.B, lat []time.Duration) {
	if len(lat) == 0 {
		return
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	p := func(q float64) float64 { return float64(lat[int(q*float64(len(lat)-1))].Microseconds()) / 1000 }
	b.ReportMetric(p(0.50), "p50-ms")
	b.ReportMetric(p(0.99), "p99-ms")
	b.ReportMetric(p(1), "max-ms")
	_ = fmt.Sprint
}
