package load

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"
)

// ReadRSS returns a process's resident set size and its peak (VmRSS and
// VmHWM of /proc/PID/status) in MB.
func ReadRSS(pid int) (rss, hwm float64, err error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	found := 0
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if !ok || (k != "VmRSS" && k != "VmHWM") {
			continue
		}
		kb, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 64)
		if err != nil {
			return 0, 0, fmt.Errorf("/proc/%d/status %s: %w", pid, k, err)
		}
		found++
		if k == "VmRSS" {
			rss = kb / 1024
		} else {
			hwm = kb / 1024
		}
	}
	if found < 2 {
		return 0, 0, fmt.Errorf("/proc/%d/status: no VmRSS/VmHWM", pid)
	}
	return rss, hwm, sc.Err()
}

// sampler reads a process's RSS each second and keeps the highest, over
// the run and since the last phase call.
type sampler struct {
	mu       sync.Mutex
	all, cur float64
	quit     chan struct{}
	done     chan struct{}
	once     sync.Once
}

func newSampler(pid int) *sampler {
	s := &sampler{quit: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(s.done)
		if pid == 0 {
			return
		}
		t := time.NewTicker(time.Second)
		defer t.Stop()
		for {
			if rss, _, err := ReadRSS(pid); err == nil {
				s.mu.Lock()
				s.all, s.cur = max(s.all, rss), max(s.cur, rss)
				s.mu.Unlock()
			}
			select {
			case <-s.quit:
				return
			case <-t.C:
			}
		}
	}()
	return s
}

// phase returns the highest RSS since the last call and starts anew.
func (s *sampler) phase() float64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	v := s.cur
	s.cur = 0
	return v
}

// stop ends the sampling and returns the run's highest RSS.
func (s *sampler) stop() float64 {
	s.once.Do(func() { close(s.quit) })
	<-s.done
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.all
}
