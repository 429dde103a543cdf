package supervise

// Notifier sends service-manager notifications such as "READY=1" and
// "WATCHDOG=1". Notify must not block for long and may drop a message on
// error: a missed watchdog ping is retried at the next tick.
type Notifier interface {
	Notify(state string) error
}

// NotifierFunc adapts a function to a Notifier.
type NotifierFunc func(state string) error

// Notify calls f.
func (f NotifierFunc) Notify(state string) error { return f(state) }
