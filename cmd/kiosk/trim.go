package main

import (
	"context"
	"runtime/debug"
	"time"
)

// trimEvery is how often a screen role hands memory it no longer uses back
// to the system.
var trimEvery = time.Minute

// startTrimming hands unused memory back to the system once a minute until
// ctx ends: Go's free heap pages (debug.FreeOSMemory, a full collection of
// a ~12 MB heap: milliseconds, off the UI goroutine) and, on Linux, the
// free space glibc keeps in its heap after the GL driver frees textures
// (malloc_trim). A kiosk runs for months with a few seconds of work a
// minute; without this its resident memory is whatever the busiest minute
// left behind (docs/perf/ui.md).
func startTrimming(ctx context.Context) {
	go func() {
		t := time.NewTicker(trimEvery)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				debug.FreeOSMemory()
				trimCHeap()
			}
		}
	}()
}
