package dispenser

import (
	"context"
	"fmt"

	"github.com/motcua-kiosk/motcua/kiosk/hub"
	"github.com/motcua-kiosk/motcua/kiosk/queue"
)

// ErrNotReprintable is returned by Reprint for a ticket that has already
// left the queue (served, cancelled, expired): its paper has no use.
var ErrNotReprintable = fmt.Errorf("ticket is no longer in the queue: %w", queue.ErrBadTransition)

// Reprint prints again the ticket of today with the given number (or ID),
// as it stands now: its place in line and wait are today's estimate. It is
// what an admin uses when a ticket could not be printed; the ticket itself
// stays issued either way.
func (d *Dispenser) Reprint(ctx context.Context, number string) (queue.Ticket, error) {
	if n, ok := queue.NormalizeNumber(number); ok {
		number = n
	}
	info, err := d.o.API.Ticket(ctx, number)
	if err != nil {
		return queue.Ticket{}, err
	}
	t := info.Ticket
	if !t.Status.Active() && t.Status != queue.StatusNoShow {
		return t, fmt.Errorf("reprint %s (%s): %w", t.Number, t.Status, ErrNotReprintable)
	}
	is := hub.Issued{Ticket: t, Estimate: info.Estimate}
	cfg := d.o.Config()
	if s, ok := cfg.Service(t.Service); ok {
		is.Service = queue.ServiceView{Code: s.Code, Name: s.Name, NameEN: s.NameEN}
	}
	if err := d.o.Printer.Print(ctx, d.paperTicket(is, d.lang)); err != nil {
		return t, fmt.Errorf("reprint %s: %w", t.Number, err)
	}
	d.o.Log.Info("ticket reprinted", "number", t.Number)
	return t, nil
}
