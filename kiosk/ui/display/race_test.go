//go:build ci && race

package display

// raceEnabled: the race detector slows everything several times, so the
// latency tests report their figures but do not hold the targets.
const raceEnabled = true
