package dispenser

import (
	"context"
	"errors"
	"testing"

	"github.com/motcua-kiosk/motcua/devices"
	"github.com/motcua-kiosk/motcua/kiosk/queue"
)

// TestDispenser_Reprint: a ticket whose printing failed stays issued and an
// admin prints it again later; a finished ticket is not reprinted.
func TestDispenser_Reprint(t *testing.T) {
	r := newRig(t, openConfig(0), portrait)
	fail := true
	r.p.PrintFunc = func(ctx context.Context, t devices.Ticket) error {
		if fail {
			return &devices.StatusError{Status: devices.Status{Online: true, PaperEnd: true}, Op: "print"}
		}
		return nil
	}
	tap(r.d.ServiceButton("A"))
	waitFor(t, "print failure shown", func() bool { return r.d.PrintState() == "failed" })
	if n := len(r.p.Printed()); n != 0 {
		t.Fatalf("%d tickets printed while out of paper", n)
	}
	fail = false // paper loaded
	tk, err := r.d.Reprint(context.Background(), "a1")
	if err != nil || tk.Number != "A001" {
		t.Fatalf("reprint = %+v, %v", tk, err)
	}
	printed := r.p.Printed()
	if len(printed) != 1 || printed[0].Number != "A001" || printed[0].QR == "" {
		t.Fatalf("printed = %+v", printed)
	}
	if _, err := r.d.Reprint(context.Background(), "A999"); !errors.Is(err, queue.ErrUnknownTicket) {
		t.Errorf("unknown ticket: err = %v", err)
	}
	ctx := context.Background()
	r.st.SetOfficer(ctx, "cb01", "An", "1111")
	r.h.SignIn(ctx, 1, "cb01", "1111")
	r.h.CallNext(ctx, 1)
	r.h.Complete(ctx, 1)
	if _, err := r.d.Reprint(ctx, "A001"); !errors.Is(err, ErrNotReprintable) {
		t.Errorf("served ticket: err = %v", err)
	}
}
