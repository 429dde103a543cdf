package hub

import (
	"context"
	"crypto/rand"
	"encoding/base32"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/motcua-kiosk/motcua/kiosk/dossiers"
	"github.com/motcua-kiosk/motcua/kiosk/queue"
	"github.com/motcua-kiosk/motcua/kiosk/store"
	"github.com/motcua-kiosk/motcua/kiosk/wire"
)

// Dossiers at the hub. The desk records a received dossier and its steps
// here; the hub keeps it and commits the event to the outbox, and the
// syncer carries it to the central server with the queue's events. So an
// office with its link down still receives dossiers and prints slips;
// the status page on the central server catches up when the link is back
// (a status is live data anyway: the kiosk shows its time). The desk also
// attaches dossier codes to the ticket it serves, so that the rating
// belongs to those dossiers too.

// RecordDossierRequest is a dossier received at the desk. It has no field
// for the citizen: no name, ID number, phone or address (Decree 61/2018
// Art. 27.3).
type RecordDossierRequest struct {
	Code          string     `json:"code"` // as on the slip; read with dossiers.Parse
	ProcedureCode string     `json:"procedure_code,omitempty"`
	ProcedureName string     `json:"procedure_name"`
	DueAt         *time.Time `json:"due_at,omitempty"`
	Step          string     `json:"step,omitempty"` // default "Tiếp nhận hồ sơ"
	Unit          string     `json:"unit,omitempty"` // default "Bộ phận Một cửa"
	Officer       string     `json:"officer,omitempty"`
}

// RecordedDossier is the answer: what the slip prints. URL is the central
// server's status page with the secret (the slip's QR), "" while the hub
// is not enrolled with a central server.
type RecordedDossier struct {
	Code    string `json:"code"`
	Secret  string `json:"secret"`
	URL     string `json:"url,omitempty"`
	Created bool   `json:"created"` // false: the code was recorded before; the same secret
}

// MoveDossierRequest moves a recorded dossier to a step or state.
type MoveDossierRequest struct {
	State   string `json:"state"` // one of wire.DossierStates
	Step    string `json:"step"`
	Unit    string `json:"unit"`
	Officer string `json:"officer,omitempty"`
}

// TicketDossiers is a ticket's attached dossier codes.
type TicketDossiers struct {
	Ticket   string   `json:"ticket"`
	Dossiers []string `json:"dossiers"`
}

// metaSyncURL is the syncer's key for the central server's URL.
const metaSyncURL = "sync.url"

// newSecret is a dossier's secret: 80 random bits in base32 (16 letters
// and digits, no padding), far beyond guessing through the public route.
func newSecret() string {
	b := make([]byte, 10)
	rand.Read(b)
	return base32.StdEncoding.EncodeToString(b)
}

// dossierCode reads a code the desk sent with the kiosk's own grammar.
func dossierCode(s string) (string, error) {
	ref, err := dossiers.Parse(s)
	if err != nil {
		return "", err
	}
	return ref.Code, nil
}

func textField(name, v string, max int, required bool) error {
	if !utf8.ValidString(v) || utf8.RuneCountInString(v) > max || (required && strings.TrimSpace(v) == "") {
		return fmt.Errorf("%s must be 1-%d characters: %w", name, max, store.ErrInvalidInput)
	}
	return nil
}

// RecordDossier records a dossier received at the desk and gives what
// the slip prints. Recording a code again gives the first record's secret.
func (h *Hub) RecordDossier(ctx context.Context, r RecordDossierRequest) (RecordedDossier, error) {
	code, err := dossierCode(r.Code)
	if err != nil {
		return RecordedDossier{}, err
	}
	if r.Step == "" {
		r.Step = "Tiếp nhận hồ sơ"
	}
	if r.Unit == "" {
		r.Unit = "Bộ phận Một cửa"
	}
	for _, f := range []struct {
		name, v  string
		max      int
		required bool
	}{{"procedure_name", r.ProcedureName, 300, true}, {"procedure_code", r.ProcedureCode, 64, false},
		{"step", r.Step, 200, true}, {"unit", r.Unit, 200, true}, {"officer", r.Officer, 64, false}} {
		if err := textField(f.name, f.v, f.max, f.required); err != nil {
			return RecordedDossier{}, err
		}
	}
	now := h.now().UTC()
	if r.DueAt != nil && r.DueAt.Before(now.Add(-24*time.Hour)) {
		return RecordedDossier{}, fmt.Errorf("due_at is in the past: %w", store.ErrInvalidInput)
	}
	ev := wire.DossierEvent{Kind: wire.KindDossierReceived, At: now, Code: code, Secret: newSecret(),
		ProcedureCode: r.ProcedureCode, ProcedureName: r.ProcedureName, ReceivedAt: now, DueAt: r.DueAt,
		State: wire.DossierReceived, Step: r.Step, Unit: r.Unit, Officer: r.Officer}
	kept, created, err := h.st.RecordDossier(ctx, ev)
	if err != nil {
		return RecordedDossier{}, fmt.Errorf("%w: %v", ErrStorage, err)
	}
	if created && h.onCommit != nil {
		h.onCommit()
	}
	out := RecordedDossier{Code: kept.Code, Secret: kept.Secret, Created: created}
	if base, err := h.st.Meta(ctx, metaSyncURL); err == nil && base != "" {
		out.URL = strings.TrimRight(base, "/") + wire.PathDossierPage + url.PathEscape(kept.Code) + "?secretKey=" + kept.Secret
	}
	return out, nil
}

// MoveDossier moves a dossier the office recorded to a new step.
func (h *Hub) MoveDossier(ctx context.Context, code string, r MoveDossierRequest) error {
	c, err := dossierCode(code)
	if err != nil {
		return err
	}
	if !slices.Contains(wire.DossierStates, r.State) {
		return fmt.Errorf("state %q: %w", r.State, store.ErrInvalidInput)
	}
	for _, f := range []struct {
		name, v string
		max     int
	}{{"step", r.Step, 200}, {"unit", r.Unit, 200}} {
		if err := textField(f.name, f.v, f.max, true); err != nil {
			return err
		}
	}
	if err := textField("officer", r.Officer, 64, false); err != nil {
		return err
	}
	ev := wire.DossierEvent{Kind: wire.KindDossierStep, At: h.now().UTC(), Code: c, State: r.State, Step: r.Step, Unit: r.Unit, Officer: r.Officer}
	if err := h.st.MoveDossier(ctx, ev); err != nil {
		return err
	}
	if h.onCommit != nil {
		h.onCommit()
	}
	return nil
}

// servedTicket finds a ticket the desk may attach dossiers to or remove
// them from: one being called or served at a counter, not finished.
func (h *Hub) servedTicket(ticket string) (queue.Ticket, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	t, err := h.eng.Ticket(ticket)
	if err != nil {
		return queue.Ticket{}, err
	}
	if t.Status != queue.StatusCalled && t.Status != queue.StatusServing {
		return queue.Ticket{}, fmt.Errorf("dossiers of ticket %s (%s): %w", t.Number, t.Status, queue.ErrNoCurrent)
	}
	return t, nil
}

// AttachDossier attaches a dossier code (scanned or typed) to a ticket
// being served; attaching it again changes nothing.
func (h *Hub) AttachDossier(ctx context.Context, ticket, code string) (TicketDossiers, error) {
	c, err := dossierCode(code)
	if err != nil {
		return TicketDossiers{}, err
	}
	t, err := h.servedTicket(ticket)
	if err != nil {
		return TicketDossiers{}, err
	}
	codes, err := h.st.AttachDossier(ctx, t.ID, c, h.now())
	if err != nil {
		return TicketDossiers{}, err
	}
	if h.onCommit != nil {
		h.onCommit()
	}
	return TicketDossiers{Ticket: t.ID, Dossiers: codes}, nil
}

// DetachDossier removes a code from a ticket still being served.
func (h *Hub) DetachDossier(ctx context.Context, ticket, code string) (TicketDossiers, error) {
	c, err := dossierCode(code)
	if err != nil {
		return TicketDossiers{}, err
	}
	t, err := h.servedTicket(ticket)
	if err != nil {
		return TicketDossiers{}, err
	}
	codes, err := h.st.DetachDossier(ctx, t.ID, c, h.now())
	if err != nil {
		return TicketDossiers{}, err
	}
	if h.onCommit != nil {
		h.onCommit()
	}
	return TicketDossiers{Ticket: t.ID, Dossiers: codes}, nil
}

// TicketDossiers returns the codes attached to a ticket of today.
func (h *Hub) TicketDossiers(ctx context.Context, ticket string) (TicketDossiers, error) {
	h.mu.Lock()
	t, err := h.eng.Ticket(ticket)
	h.mu.Unlock()
	if err != nil {
		return TicketDossiers{}, err
	}
	codes, err := h.st.TicketDossiers(ctx, t.ID)
	return TicketDossiers{Ticket: t.ID, Dossiers: codes}, err
}

// dossierRoutes are the hub API's dossier routes (desk and admin).
func (s *server) dossierRoutes() []route {
	h := s.hub
	return []route{
		{"POST", "/api/v1/dossiers", deskRoles, func(w http.ResponseWriter, r *http.Request, d store.Device) (any, error) {
			var req RecordDossierRequest
			if err := decode(r, &req); err != nil {
				return nil, err
			}
			return created(h.RecordDossier(r.Context(), req))
		}},
		{"POST", "/api/v1/dossiers/{code}/steps", deskRoles, func(w http.ResponseWriter, r *http.Request, d store.Device) (any, error) {
			var req MoveDossierRequest
			if err := decode(r, &req); err != nil {
				return nil, err
			}
			return nil, h.MoveDossier(r.Context(), r.PathValue("code"), req)
		}},
		{"GET", "/api/v1/tickets/{ticket}/dossiers", deskRoles, func(w http.ResponseWriter, r *http.Request, d store.Device) (any, error) {
			return h.TicketDossiers(r.Context(), r.PathValue("ticket"))
		}},
		{"POST", "/api/v1/tickets/{ticket}/dossiers", deskRoles, func(w http.ResponseWriter, r *http.Request, d store.Device) (any, error) {
			var req struct {
				Code string `json:"code"`
			}
			if err := decode(r, &req); err != nil {
				return nil, err
			}
			return h.AttachDossier(r.Context(), r.PathValue("ticket"), req.Code)
		}},
		{"DELETE", "/api/v1/tickets/{ticket}/dossiers/{code}", deskRoles, func(w http.ResponseWriter, r *http.Request, d store.Device) (any, error) {
			return h.DetachDossier(r.Context(), r.PathValue("ticket"), r.PathValue("code"))
		}},
	}
}

// RecordDossier records a received dossier on the hub.
func (c *Client) RecordDossier(ctx context.Context, r RecordDossierRequest) (RecordedDossier, error) {
	var out RecordedDossier
	err := c.do(ctx, http.MethodPost, "/api/v1/dossiers", r, &out)
	return out, err
}

// MoveDossier moves a recorded dossier to a new step.
func (c *Client) MoveDossier(ctx context.Context, code string, r MoveDossierRequest) error {
	return c.do(ctx, http.MethodPost, "/api/v1/dossiers/"+url.PathEscape(code)+"/steps", r, nil)
}

// AttachDossier attaches a dossier code to the ticket being served.
func (c *Client) AttachDossier(ctx context.Context, ticket, code string) (TicketDossiers, error) {
	var out TicketDossiers
	err := c.do(ctx, http.MethodPost, "/api/v1/tickets/"+url.PathEscape(ticket)+"/dossiers", map[string]string{"code": code}, &out)
	return out, err
}

// DetachDossier removes a dossier code from the ticket being served.
func (c *Client) DetachDossier(ctx context.Context, ticket, code string) (TicketDossiers, error) {
	var out TicketDossiers
	err := c.do(ctx, http.MethodDelete, "/api/v1/tickets/"+url.PathEscape(ticket)+"/dossiers/"+url.PathEscape(code), nil, &out)
	return out, err
}

// TicketDossiers returns the dossier codes attached to a ticket.
func (c *Client) TicketDossiers(ctx context.Context, ticket string) (TicketDossiers, error) {
	var out TicketDossiers
	err := c.do(ctx, http.MethodGet, "/api/v1/tickets/"+url.PathEscape(ticket)+"/dossiers", nil, &out)
	return out, err
}

// ratedDossiers are the codes attached to the ticket being rated, for
// the rating to carry to the central server. A failure to read them is
// logged and the rating goes without them: the citizen's rating must not
// be lost for a link.
func (h *Hub) ratedDossiers(ctx context.Context, ticket string) []string {
	h.mu.Lock()
	t, err := h.eng.Ticket(ticket)
	h.mu.Unlock()
	if err != nil {
		return nil // Rate itself says why
	}
	codes, err := h.st.TicketDossiers(ctx, t.ID)
	if err != nil {
		h.log.Error("rating: the ticket's dossiers could not be read; rating kept without them", "ticket", t.ID, "err", err)
		return nil
	}
	if len(codes) == 0 {
		return nil
	}
	return codes
}

// withDossiers puts the ticket's dossier codes on the rating and on the
// events that carry it.
func withDossiers(r *queue.Rating, evs []queue.Event, codes []string) {
	if len(codes) == 0 {
		return
	}
	r.Dossiers = codes
	for i := range evs {
		if evs[i].Rating != nil {
			evs[i].Rating.Dossiers = codes
		}
	}
}
