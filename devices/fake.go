package devices

import (
	"context"
	"sync"
)

// FakePrinter is a Printer for tests of code above the printer (the hub,
// the UI). Nil Func fields behave as a ready printer; every printed ticket
// is recorded. Tests of the printer itself use the real encoder on a real
// pseudo-terminal instead.
type FakePrinter struct {
	PrintFunc  func(ctx context.Context, t Ticket) error
	StatusFunc func(ctx context.Context) (Status, error)

	mu      sync.Mutex
	printed []Ticket
}

var _ Printer = (*FakePrinter)(nil)

// Print records t, then calls PrintFunc if set.
func (p *FakePrinter) Print(ctx context.Context, t Ticket) error {
	if p.PrintFunc != nil {
		if err := p.PrintFunc(ctx, t); err != nil {
			return err
		}
	}
	p.mu.Lock()
	p.printed = append(p.printed, t)
	p.mu.Unlock()
	return nil
}

// Status calls StatusFunc, or reports a ready printer.
func (p *FakePrinter) Status(ctx context.Context) (Status, error) {
	if p.StatusFunc != nil {
		return p.StatusFunc(ctx)
	}
	return Status{Online: true}, nil
}

// Close does nothing.
func (p *FakePrinter) Close() error { return nil }

// Printed returns the tickets printed so far.
func (p *FakePrinter) Printed() []Ticket {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]Ticket(nil), p.printed...)
}
