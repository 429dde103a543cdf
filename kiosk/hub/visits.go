package hub

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"time"

	"github.com/motcua-kiosk/motcua/kiosk/queue"
	"github.com/motcua-kiosk/motcua/kiosk/store"
	"github.com/motcua-kiosk/motcua/kiosk/visits"
)

// VisitList answers GET /api/v1/visits: the visits of a range of days
// (and the requested ones without a day) in run order, with the rules
// that placed them.
type VisitList struct {
	Visits []visits.Visit `json:"visits"`
	Rules  visits.Rules   `json:"rules"`
}

// VisitDoneRequest is the body of POST /api/v1/visits/{id}/done.
type VisitDoneRequest struct {
	Officer string `json:"officer"`
}

// visitOffice is the hub's home-visit book over its store, made once.
func (h *Hub) visitOffice() *visits.Office {
	h.visitsOnce.Do(func() {
		h.visits = &visits.Office{Store: h.st, Config: h.Config, Now: h.now,
			Rules: func() (visits.Rules, error) { return h.st.VisitRules(context.Background()) }}
	})
	return h.visits
}

// visitErr keeps a validation answer as it is and marks a store failure
// as ErrStorage; the visits sentinels map to their own codes.
func visitErr(err error) error {
	var fe *queue.FieldError
	switch {
	case err == nil, errors.As(err, &fe), errors.Is(err, visits.ErrNotFound), errors.Is(err, visits.ErrClosed),
		errors.Is(err, visits.ErrNotDue), errors.Is(err, visits.ErrNoDay):
		return err
	}
	return errors.Join(ErrStorage, err)
}

func (h *Hub) committed() {
	if h.onCommit != nil {
		h.onCommit()
	}
}

// Visits lists the visits whose day is from..to (office-local dates) and
// the requested ones still without a day.
func (h *Hub) Visits(ctx context.Context, from, to string) (VisitList, error) {
	for _, d := range []string{from, to} {
		if _, err := time.Parse(time.DateOnly, d); err != nil {
			return VisitList{}, errors.Join(ErrBadRequest, err)
		}
	}
	vs, err := h.st.VisitsBetween(ctx, from, to, true)
	if err != nil {
		return VisitList{}, visitErr(err)
	}
	rules, err := h.st.VisitRules(ctx)
	if err != nil {
		return VisitList{}, visitErr(err)
	}
	return VisitList{Visits: vs, Rules: rules}, nil
}

// RecordVisit records a home-visit request and puts it on a day under the
// office's rules (see visits.Office.Record).
func (h *Hub) RecordVisit(ctx context.Context, r visits.Request) (visits.Visit, error) {
	v, err := h.visitOffice().Record(ctx, r)
	if err == nil {
		h.committed()
	}
	return v, visitErr(err)
}

// ScheduleVisit tries again to put a requested visit on a day.
func (h *Hub) ScheduleVisit(ctx context.Context, id string) (visits.Visit, error) {
	v, err := h.visitOffice().Schedule(ctx, id)
	if err == nil {
		h.committed()
	}
	return v, visitErr(err)
}

// VisitDone marks a visit served by officer: the person's details are
// erased and the visit's ticket goes to the central server, whose ticket
// page then takes the citizen's rating.
func (h *Hub) VisitDone(ctx context.Context, id, officer string) (visits.Visit, error) {
	v, err := h.visitOffice().Done(ctx, id, officer)
	if err == nil {
		h.committed()
	}
	return v, visitErr(err)
}

// CancelVisit cancels a visit, erasing the person's details.
func (h *Hub) CancelVisit(ctx context.Context, id string) (visits.Visit, error) {
	v, err := h.visitOffice().Cancel(ctx, id)
	if err == nil {
		h.committed()
	}
	return v, visitErr(err)
}

// visitRoutes are the hub API's home-visit routes (desk and admin).
func (s *server) visitRoutes() []route {
	h := s.hub
	byID := func(op func(ctx context.Context, id string) (visits.Visit, error)) func(http.ResponseWriter, *http.Request, store.Device) (any, error) {
		return func(w http.ResponseWriter, r *http.Request, d store.Device) (any, error) {
			return op(r.Context(), r.PathValue("id"))
		}
	}
	return []route{
		{"GET", "/api/v1/visits", deskRoles, func(w http.ResponseWriter, r *http.Request, d store.Device) (any, error) {
			q := r.URL.Query()
			return h.Visits(r.Context(), q.Get("from"), q.Get("to"))
		}},
		{"POST", "/api/v1/visits", deskRoles, func(w http.ResponseWriter, r *http.Request, d store.Device) (any, error) {
			var req visits.Request
			if err := decode(r, &req); err != nil {
				return nil, err
			}
			return created(h.RecordVisit(r.Context(), req))
		}},
		{"POST", "/api/v1/visits/{id}/schedule", deskRoles, byID(h.ScheduleVisit)},
		{"POST", "/api/v1/visits/{id}/cancel", deskRoles, byID(h.CancelVisit)},
		{"POST", "/api/v1/visits/{id}/done", deskRoles, func(w http.ResponseWriter, r *http.Request, d store.Device) (any, error) {
			var req VisitDoneRequest
			if err := decode(r, &req); err != nil {
				return nil, err
			}
			return h.VisitDone(r.Context(), r.PathValue("id"), req.Officer)
		}},
		{"GET", "/api/v1/visit-rules", deskRoles, func(w http.ResponseWriter, r *http.Request, d store.Device) (any, error) {
			return h.st.VisitRules(r.Context())
		}},
		{"PUT", "/api/v1/visit-rules", adminOnly, func(w http.ResponseWriter, r *http.Request, d store.Device) (any, error) {
			var rules visits.Rules
			if err := decode(r, &rules); err != nil {
				return nil, err
			}
			return nil, visitErr(h.st.SaveVisitRules(r.Context(), rules))
		}},
	}
}

// Visits lists visits (see Hub.Visits).
func (c *Client) Visits(ctx context.Context, from, to string) (VisitList, error) {
	var out VisitList
	err := c.do(ctx, "GET", "/api/v1/visits?"+url.Values{"from": {from}, "to": {to}}.Encode(), nil, &out)
	return out, err
}

// RecordVisit records a home-visit request (see Hub.RecordVisit).
func (c *Client) RecordVisit(ctx context.Context, r visits.Request) (visits.Visit, error) {
	var out visits.Visit
	err := c.do(ctx, "POST", "/api/v1/visits", r, &out)
	return out, err
}

// ScheduleVisit tries again to schedule a requested visit.
func (c *Client) ScheduleVisit(ctx context.Context, id string) (visits.Visit, error) {
	var out visits.Visit
	err := c.do(ctx, "POST", "/api/v1/visits/"+url.PathEscape(id)+"/schedule", struct{}{}, &out)
	return out, err
}

// VisitDone marks a visit done (see Hub.VisitDone).
func (c *Client) VisitDone(ctx context.Context, id, officer string) (visits.Visit, error) {
	var out visits.Visit
	err := c.do(ctx, "POST", "/api/v1/visits/"+url.PathEscape(id)+"/done", VisitDoneRequest{Officer: officer}, &out)
	return out, err
}

// CancelVisit cancels a visit.
func (c *Client) CancelVisit(ctx context.Context, id string) (visits.Visit, error) {
	var out visits.Visit
	err := c.do(ctx, "POST", "/api/v1/visits/"+url.PathEscape(id)+"/cancel", struct{}{}, &out)
	return out, err
}

// VisitRules reads the office's home-visit rules.
func (c *Client) VisitRules(ctx context.Context) (visits.Rules, error) {
	var out visits.Rules
	err := c.do(ctx, "GET", "/api/v1/visit-rules", nil, &out)
	return out, err
}

// SaveVisitRules sets the office's home-visit rules (admin).
func (c *Client) SaveVisitRules(ctx context.Context, r visits.Rules) error {
	return c.do(ctx, "PUT", "/api/v1/visit-rules", r, nil)
}
