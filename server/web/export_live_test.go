package web

import "time"

// SetLivePoll sets how often the ticket page polls its place (tests) and
// returns a func that puts it back.
func SetLivePoll(d time.Duration) func() {
	old := livePoll
	livePoll = d
	return func() { livePoll = old }
}
