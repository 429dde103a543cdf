//go:build race

package syncer_test

// raceEnabled: the race detector slows the hub side (this process) several
// times, so timing targets are only logged.
const raceEnabled = true
