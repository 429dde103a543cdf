package hub

import (
	"errors"
	"testing"

	"github.com/motcua-kiosk/motcua/kiosk/queue"
	"github.com/motcua-kiosk/motcua/kiosk/store"
	"github.com/motcua-kiosk/motcua/kiosk/visits"
)

func visitReq() visits.Request {
	return visits.Request{ProcedureCode: "1.001193", ProcedureName: "Cấp đổi, cấp lại giấy xác nhận khuyết tật", Service: "C",
		Citizen: "Nguyễn Kim Anh", Phone: "0912 345 678", Area: "Khu vực Bình An", Address: "Số 12, đường Nguyễn Trãi",
		Reason: visits.ReasonElderly, Officer: "cb01"}
}

// The desk's home-visit routes over HTTP on a real store: a request on
// Monday 23/11/2026 goes to the third Thursday of December (November's,
// the 19th, is past), an urgent one to the next day; a bad field comes
// back as a FieldError naming it; done erases the details and puts the
// ticket's two events in the outbox; a second done is visit_closed.
func TestHub_VisitsOverHTTP(t *testing.T) {
	f := newFixture(t)
	c := f.client(store.RoleDesk)
	v, err := c.RecordVisit(ctx, visitReq())
	if err != nil {
		t.Fatal(err)
	}
	if v.Status != visits.StatusScheduled || v.Day != "2026-12-17" || v.Ticket == nil || v.Ticket.Number != "TN-001" || v.Phone != "0912345678" {
		t.Fatalf("recorded %+v", v)
	}
	u := visitReq()
	u.Urgent = true
	uv, err := c.RecordVisit(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	if uv.Day != "2026-11-24" {
		t.Fatalf("urgent visit on %s, want 2026-11-24", uv.Day)
	}
	bad := visitReq()
	bad.Phone = "12"
	var fe *queue.FieldError
	if _, err := c.RecordVisit(ctx, bad); !errors.As(err, &fe) || fe.Field != "phone" || fe.Msg == "" {
		t.Fatalf("bad phone: %v", err)
	}
	list, err := c.Visits(ctx, "2026-11-01", "2026-12-31")
	if err != nil {
		t.Fatal(err)
	}
	if len(list.Visits) != 2 || list.Visits[0].ID != uv.ID || len(list.Rules.Days) != 1 {
		t.Fatalf("list = %+v", list)
	}
	before := f.outbox(t)
	d, err := c.VisitDone(ctx, uv.ID, "cb02")
	if err != nil {
		t.Fatal(err)
	}
	if d.Status != visits.StatusDone || d.Address != "" || d.Phone != "" || d.Citizen != "" {
		t.Fatalf("done = %+v", d)
	}
	if got := f.outbox(t) - before; got != 2 {
		t.Fatalf("done added %d outbox events, want 2", got)
	}
	if _, err := c.VisitDone(ctx, uv.ID, "cb02"); !errors.Is(err, visits.ErrClosed) {
		t.Fatalf("second done: %v", err)
	}
	if Message(err, "vi") == "" {
		t.Fatal("no sentence for visit_closed")
	}
	if _, err := c.CancelVisit(ctx, "nope"); !errors.Is(err, visits.ErrNotFound) {
		t.Fatalf("unknown visit: %v", err)
	}
	if _, err := c.Visits(ctx, "tomorrow", "2026-12-31"); !errors.Is(err, ErrBadRequest) {
		t.Fatalf("bad from: %v", err)
	}
	// The engine never saw the visit ticket: today's queue is empty.
	st, err := c.State(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range st.Services {
		if s.Waiting != 0 {
			t.Fatalf("service %s has %d waiting", s.Code, s.Waiting)
		}
	}
	// Rules: admins only, validated.
	if _, err := c.Visits(ctx, "2026-11-01", "2026-11-30"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.client(store.RoleDispenser).Visits(ctx, "2026-11-01", "2026-11-30"); !errors.Is(err, ErrForbidden) {
		t.Fatalf("a dispenser listed visits (with addresses): %v", err)
	}
}
