package supervise

import (
	"context"
	"os"
	"sync/atomic"
	"time"
)

// BeatEvery is how often StartHeartbeat asks the UI thread to beat.
const BeatEvery = 2 * time.Second

// StartHeartbeat is the child's side. When the supervisor set
// EnvHeartbeat, it asks onUI every BeatEvery to run a tiny function on the
// UI thread (pass fyne.Do; a headless role passes a function that calls
// its argument directly) and sets the heartbeat file's time to the last
// moment that function ran. A hung UI thread stops running it, the file
// stops moving, and the supervisor restarts the program. File I/O stays
// off the UI thread. It returns at once and stops when ctx is done; it
// reports whether a heartbeat was asked for.
func StartHeartbeat(ctx context.Context, onUI func(func())) bool {
	path := os.Getenv(EnvHeartbeat)
	if path == "" {
		return false
	}
	go beat(ctx, path, onUI, BeatEvery)
	return true
}

func beat(ctx context.Context, path string, onUI func(func()), every time.Duration) {
	var seen atomic.Int64 // UnixNano of the UI thread's last run
	var touched int64
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		onUI(func() { seen.Store(time.Now().UnixNano()) })
		if s := seen.Load(); s != touched && s != 0 {
			if touch(path, time.Unix(0, s)) == nil {
				touched = s
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func touch(path string, at time.Time) error {
	err := os.Chtimes(path, at, at)
	if os.IsNotExist(err) {
		var f *os.File
		if f, err = os.Create(path); err == nil {
			f.Close()
			err = os.Chtimes(path, at, at)
		}
	}
	return err
}
