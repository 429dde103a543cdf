package procmem

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os"
	"runtime"
	"strconv"
)

// ErrUnsupported is returned where the system does not publish the
// figures (anything but Linux).
var ErrUnsupported = errors.New("procmem: resident memory is only read on Linux")

// Stats is the process's resident memory in kB, from /proc/self/status.
type Stats struct {
	RSS        int // VmRSS: resident now
	Peak       int // VmHWM: the highest RSS since the process started
	Anon       int // RssAnon: heap, stacks, GL buffers
	File       int // RssFile: the program's and libraries' pages
	Shmem      int // RssShmem: shared memory (the X frame under MIT-SHM)
	GoHeap     int // live Go heap after the last collection (runtime)
	GoSys      int // everything the Go runtime has from the system
	NumGC      int
	Threads    int
	Goroutines int
}

// Read returns the current figures.
func Read() (Stats, error) {
	if runtime.GOOS != "linux" {
		return Stats{}, ErrUnsupported
	}
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return Stats{}, fmt.Errorf("procmem: %w", err)
	}
	s, err := parseStatus(b)
	if err != nil {
		return s, err
	}
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	s.GoHeap, s.GoSys, s.NumGC = int(m.HeapAlloc/1024), int(m.Sys/1024), int(m.NumGC)
	s.Goroutines = runtime.NumGoroutine()
	return s, nil
}

// parseStatus reads the kB fields of a /proc/PID/status file.
func parseStatus(b []byte) (Stats, error) {
	var s Stats
	fields := map[string]*int{
		"VmRSS:": &s.RSS, "VmHWM:": &s.Peak, "RssAnon:": &s.Anon,
		"RssFile:": &s.File, "RssShmem:": &s.Shmem, "Threads:": &s.Threads,
	}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		f := bytes.Fields(sc.Bytes())
		if len(f) < 2 {
			continue
		}
		p, ok := fields[string(f[0])]
		if !ok {
			continue
		}
		n, err := strconv.Atoi(string(f[1]))
		if err != nil {
			return s, fmt.Errorf("procmem: %s %q: %w", f[0], f[1], err)
		}
		*p = n
	}
	if s.RSS == 0 {
		return s, errors.New("procmem: no VmRSS in /proc/self/status")
	}
	return s, nil
}

// Map is the figures as a JSON-friendly map, names in snake case with
// their unit.
func (s Stats) Map() map[string]any {
	return map[string]any{
		"rss_kb": s.RSS, "peak_rss_kb": s.Peak, "anon_kb": s.Anon, "file_kb": s.File,
		"shmem_kb": s.Shmem, "go_heap_kb": s.GoHeap, "go_sys_kb": s.GoSys,
		"gc_cycles": s.NumGC, "threads": s.Threads, "goroutines": s.Goroutines,
	}
}
