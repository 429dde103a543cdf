// Package queue is the office's queue engine: services with their caps and
// issuing hours, counters and the services they serve, tickets and their
// life (waiting → called → serving → done, or no-show, transferred,
// cancelled), the calling policy with priority and age-based promotion,
// wait estimates, ratings and the day rollover.
//
// It is plain Go with an injected clock and no I/O: every operation
// validates first, then changes memory and returns the Events that
// describe the change. The caller (the hub) commits those events to the
// store in one transaction and acknowledges the operation only after the
// commit; after a restart the engine is rebuilt from the stored tickets
// with Restore. An operation that fails changes nothing.
package queue
