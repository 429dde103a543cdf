package ui

import (
	"sync"

	"fyne.io/fyne/v2"
)

// uiMu serialises the kiosk screens' background updates with each other
// and with tests. In a real app fyne.Do already runs them one at a time on
// the UI goroutine, so the lock is never contended there; Fyne's test
// driver instead runs fyne.Do on the calling goroutine, and the lock keeps
// those updates from racing with the test's own taps and reads.
var uiMu sync.Mutex

// Do runs fn on the UI goroutine (fyne.Do) under the screens' lock. Call it
// from background goroutines only, never from inside a UI callback.
func Do(fn func()) {
	fyne.Do(func() {
		uiMu.Lock()
		defer uiMu.Unlock()
		fn()
	})
}

// Locked runs fn under the screens' lock: tests use it around taps and
// reads of screen state.
func Locked(fn func()) {
	uiMu.Lock()
	defer uiMu.Unlock()
	fn()
}
