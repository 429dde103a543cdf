//go:build integration && !race

package sim

const raceEnabled = false
