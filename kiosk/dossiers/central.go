package dossiers

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/motcua-kiosk/motcua/kiosk/queue"
	"github.com/motcua-kiosk/motcua/kiosk/wire"
)

// Central is a Source backed by this project's central server, which
// keeps dossiers for offices with no other one-stop system (officers
// record them at the desk; the hub's syncer carries them there). It reads
// GET {BaseURL}/api/v1/dossiers/{code}?secretKey={secret}: 200 with a
// wire.DossierStatus, 404 no such dossier, 403 a missing or wrong secret;
// the errors map as OpenCPS's do. Set the fields before the first Lookup;
// it is then safe for concurrent use.
type Central struct {
	// BaseURL is the central server's root, e.g. "https://motcua.example.gov.vn".
	// Like OpenCPS, it never follows the host of a scanned URL.
	BaseURL string
	// Client makes the requests; nil means a client with a 15 s timeout.
	Client *http.Client
	// Location is the zone Late is judged in when the server names none
	// for the office; nil means Asia/Ho_Chi_Minh.
	Location *time.Location
	// Now is the clock for AsOf and Late; nil means time.Now.
	Now func() time.Time
}

var _ Source = (*Central)(nil)

// Lookup asks the central server for the dossier by its code and secret.
func (c *Central) Lookup(ctx context.Context, ref Ref) (Status, error) {
	if ref.Code == "" {
		return Status{}, fmt.Errorf("central: empty dossier code: %w", ErrNotFound)
	}
	q := url.Values{}
	if ref.Secret != "" {
		q.Set("secretKey", ref.Secret)
	}
	o := OpenCPS{BaseURL: c.BaseURL, Client: c.Client} // the same GET and error mapping
	var w wire.DossierStatus
	if err := o.get(ctx, wire.PathDossierPrefix+url.PathEscape(ref.Code), q, &w); err != nil {
		return Status{}, fmt.Errorf("central: dossier %s: %w", ref.Code, err)
	}
	if w.Code == "" {
		return Status{}, fmt.Errorf("central: dossier %s: empty answer: %w", ref.Code, ErrNotFound)
	}
	now := time.Now
	if c.Now != nil {
		now = c.Now
	}
	loc := zoneOr(c.Location)
	if w.TimeZone != "" {
		loc = queue.Zone(w.TimeZone)
	}
	return FromWire(w, now(), loc), nil
}

// wireStates maps the wire's state words onto State.
var wireStates = map[string]State{
	wire.DossierReceived: StateReceived, wire.DossierProcessing: StateProcessing, wire.DossierPaused: StatePaused,
	wire.DossierNeedsMore: StateNeedsMore, wire.DossierReady: StateReady, wire.DossierDone: StateDone,
	wire.DossierDenied: StateDenied, wire.DossierCancelled: StateCancelled,
}

// WireState is the State for a wire state word; an unknown word is
// StateProcessing, as with OpenCPS's codes.
func WireState(s string) State {
	if st, ok := wireStates[strings.ToLower(s)]; ok {
		return st
	}
	return StateProcessing
}

// FromWire turns the central server's answer into a Status as of now,
// judging Late in loc. The central server is also the source of its own
// status page, which uses the same function, so page and kiosk agree.
func FromWire(w wire.DossierStatus, now time.Time, loc *time.Location) Status {
	st := Status{
		Code:          w.Code,
		Procedure:     w.Procedure,
		ProcedureCode: w.ProcedureCode,
		Agency:        w.Agency,
		State:         WireState(w.State),
		Received:      w.ReceivedAt.In(loc),
		Step:          Step{Name: w.Step, Unit: w.Unit},
		AsOf:          now,
		Source:        "central",
	}
	st.StateText = st.State.Text("vi")
	if w.DueAt != nil {
		st.Promised = w.DueAt.In(loc)
	}
	if w.FinishedAt != nil {
		st.Finished = w.FinishedAt.In(loc)
	}
	st.Ready = st.State == StateReady
	for _, h := range w.History {
		text := WireState(h.State).Text("vi")
		if h.Step != "" {
			text = h.Step + " — " + text
		}
		st.History = append(st.History, Entry{At: h.At.In(loc), Text: text, Unit: h.Unit})
	}
	st.Late = st.LateAt(now, loc)
	return st
}
