package ingest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"time"
	"unicode/utf8"

	"github.com/motcua-kiosk/motcua/kiosk/dossiers"
	"github.com/motcua-kiosk/motcua/kiosk/wire"
	"github.com/motcua-kiosk/motcua/server/db"
)

// isDossierKind says whether an event kind is a dossier event rather than
// a queue event.
func isDossierKind(kind string) bool {
	switch kind {
	case wire.KindDossierReceived, wire.KindDossierStep, wire.KindDossierAttached, wire.KindDossierDetached:
		return true
	}
	return false
}

// validateDossier checks a dossier event: a canonical Decree 61 code (the
// same grammar the kiosk's scanner uses), a secret that cannot be guessed
// on a received dossier, a known state, short texts, and nothing else in
// the body: an unknown field is refused, so that a citizen's name or ID
// cannot ride along in a field the server would keep in events.body.
func validateDossier(device string, index int, e wire.Event, now time.Time) (db.Event, error) {
	bad := func(format string, args ...any) (db.Event, error) {
		return db.Event{}, &EventError{Index: index, ID: e.ID, Msg: fmt.Sprintf(format, args...)}
	}
	var x wire.DossierEvent
	dec := json.NewDecoder(bytes.NewReader(e.Body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&x); err != nil {
		return bad("event body is not a dossier event: %v", err)
	}
	if x.Kind != e.Kind {
		return bad("event body kind %q differs from kind %q", x.Kind, e.Kind)
	}
	if !x.At.Equal(e.At) {
		return bad("event body time %s differs from at %s", x.At.Format(time.RFC3339Nano), e.At.Format(time.RFC3339Nano))
	}
	if msg := checkDossier(&x, now); msg != "" {
		return bad("dossier %.64q: %s", x.Code, msg)
	}
	return db.Event{ID: e.ID, Device: device, Seq: e.Seq, Kind: e.Kind, At: e.At, Body: e.Body, Dossier: &x}, nil
}

// MinDossierSecret is the shortest secret a received dossier may carry:
// 16 characters of base32 are 80 bits, beyond guessing through the
// public look-up route.
const MinDossierSecret = 16

func checkDossier(x *wire.DossierEvent, now time.Time) string {
	ref, err := dossiers.Parse(x.Code)
	if err != nil || ref.Code != x.Code || ref.URL != "" {
		return "code is not a canonical dossier code"
	}
	if x.Kind == wire.KindDossierAttached || x.Kind == wire.KindDossierDetached {
		if x.Ticket == "" || len(x.Ticket) > 64 {
			return "ticket must be 1-64 bytes"
		}
		if x.Secret != "" || x.ProcedureCode != "" || x.ProcedureName != "" || !x.ReceivedAt.IsZero() || x.DueAt != nil ||
			x.State != "" || x.Step != "" || x.Unit != "" || len(x.Officer) > 64 {
			return "an attachment carries only the ticket, the code and the officer"
		}
		if msg := checkTime(x.At, now); msg != "" {
			return "at " + msg
		}
		return ""
	}
	switch {
	case x.Ticket != "":
		return "only an attachment names a ticket"
	case !slices.Contains(wire.DossierStates, x.State):
		return fmt.Sprintf("unknown state %q", x.State)
	case !short(x.Step, 200) || !short(x.Unit, 200) || len(x.Officer) > 64:
		return "step, unit or officer too long"
	}
	if msg := checkTime(x.At, now); msg != "" {
		return "at " + msg
	}
	if x.Kind == wire.KindDossierStep {
		if x.Secret != "" || x.ProcedureCode != "" || x.ProcedureName != "" || !x.ReceivedAt.IsZero() || x.DueAt != nil {
			return "a step carries only the state, step, unit and officer"
		}
		return ""
	}
	switch {
	case len(x.Secret) < MinDossierSecret || len(x.Secret) > 128 || !validSecret(x.Secret):
		return fmt.Sprintf("secret must be %d-128 letters or digits", MinDossierSecret)
	case x.ProcedureName == "" || !short(x.ProcedureName, 300) || !short(x.ProcedureCode, 64):
		return "procedure name must be 1-300 characters and its code at most 64"
	}
	if msg := checkTime(x.ReceivedAt, now); msg != "" {
		return "received_at " + msg
	}
	if x.DueAt != nil && x.DueAt.Before(x.ReceivedAt) {
		return "due_at is before received_at"
	}
	return ""
}

func short(s string, n int) bool { return utf8.ValidString(s) && utf8.RuneCountInString(s) <= n }

func validSecret(s string) bool {
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

// checkRatingDossiers checks the dossier codes a rating carries: at most
// 20, each canonical, none twice.
func checkRatingDossiers(codes []string) string {
	if len(codes) > 20 {
		return "more than 20 dossiers"
	}
	seen := map[string]bool{}
	for _, c := range codes {
		ref, err := dossiers.Parse(c)
		if err != nil || ref.Code != c || ref.URL != "" || seen[c] {
			return fmt.Sprintf("dossier %.64q is not a canonical dossier code, or is there twice", c)
		}
		seen[c] = true
	}
	return ""
}
