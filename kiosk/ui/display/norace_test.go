//go:build ci && !race

package display

const raceEnabled = false
