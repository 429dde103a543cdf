//go:build !race

package syncer_test

// raceEnabled: see race_test.go.
const raceEnabled = false
