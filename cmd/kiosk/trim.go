package main

import (
	"context"
	"log/slog"
	"runtime/debug"
	"time"

	"github.com/motcua-kiosk/motcua/kiosk/procmem"
)

// trimEvery is how often a screen role hands memory it no longer uses back
// to the system; logEvery how often it logs its memory.
const (
	trimEvery = time.Minute
	logEvery  = time.Hour
)

// startTrimming hands unused memory back to the system once a minute until
// ctx ends: Go's free heap pages (debug.FreeOSMemory, a full collection of
// a ~7 MB heap: milliseconds, off the UI goroutine) and, on Linux, the
// free space glibc keeps in its heap after the GL driver frees textures
// (malloc_trim). A kiosk runs for months with a few seconds of work a
// minute; without this its resident memory is whatever the busiest minute
// left behind (docs/perf/ui.md). Every hour it logs the process's memory
// (procmem), so the log shows the trend over months on the kiosk's own
// hardware.
func startTrimming(ctx context.Context, log *slog.Logger) {
	go func() {
		t := time.NewTicker(trimEvery)
		defer t.Stop()
		lastLog := time.Now()
		for {
			select {
			case <-ctx.Done():
				return
			case now := <-t.C:
				debug.FreeOSMemory()
				trimCHeap()
				if now.Sub(lastLog) >= logEvery {
					lastLog = now
					logMemory(log)
				}
			}
		}
	}()
}

// logMemory writes one line with the process's resident memory.
func logMemory(log *slog.Logger) {
	s, err := procmem.Read()
	if err != nil {
		return // not on Linux: nothing to say
	}
	log.Info("memory", "rss_kb", s.RSS, "peak_rss_kb", s.Peak, "anon_kb", s.Anon, "file_kb", s.File,
		"shmem_kb", s.Shmem, "go_heap_kb", s.GoHeap, "go_sys_kb", s.GoSys, "threads", s.Threads)
}
