package wire

import "time"

// Dossier events travel in the outbox beside the queue's events: the desk
// records a dossier on the office hub, the hub commits the event to its
// store, and the syncer carries it to the central server with the rest,
// so the office keeps working with the link down (the slip is printed
// from what the hub holds; the central server catches up on reconnect).
const (
	// KindDossierReceived records a dossier received at the counter
	// (tiếp nhận hồ sơ): its code, secret, procedure, dates and first step.
	KindDossierReceived = "dossier.received"
	// KindDossierStep moves a recorded dossier to a new step or state.
	KindDossierStep = "dossier.step"
	// KindDossierAttached and KindDossierDetached link a dossier code to
	// a ticket of the office and undo it (the desk attached it while
	// serving): the ticket's rating, from any source, then counts for the
	// dossier, and the ticket's page shows the dossier's status. They
	// carry Ticket and Code only; the dossier may be kept by another system.
	KindDossierAttached = "dossier.attached"
	KindDossierDetached = "dossier.detached"
)

// PathDossierPrefix is the central server's public read route, GET
// PathDossierPrefix + {code} + "?secretKey=" + secret: DossierStatus as
// JSON, 404 for no such dossier, 403 for a missing or wrong secret.
const PathDossierPrefix = "/api/v1/dossiers/"

// PathDossierPage is the central server's public status page for the
// same dossier (Vietnamese, English toggle): PathDossierPage + {code} +
// "?secretKey=" + secret. The slip's QR holds this URL; dossiers.Parse
// reads the code from its last path segment and the secret from secretKey.
const PathDossierPage = "/hs/"

// The dossier states, as the wire spells them; dossiers.State maps onto them.
const (
	DossierReceived   = "received"
	DossierProcessing = "processing"
	DossierPaused     = "paused"
	DossierNeedsMore  = "needs_more"
	DossierReady      = "ready"
	DossierDone       = "done"
	DossierDenied     = "denied"
	DossierCancelled  = "cancelled"
)

// DossierStates lists the states in their usual order.
var DossierStates = []string{DossierReceived, DossierProcessing, DossierPaused, DossierNeedsMore,
	DossierReady, DossierDone, DossierDenied, DossierCancelled}

// DossierEvent is the body of a dossier outbox event. It carries the
// dossier, its procedure and where it is, and never the citizen (no name,
// ID number, phone or address: Decree 61/2018 Art. 27.3).
type DossierEvent struct {
	Kind string    `json:"kind"` // KindDossierReceived or KindDossierStep
	At   time.Time `json:"at"`
	// Code is the dossier code as dossiers.Parse makes it canonical.
	Code string `json:"code"`
	// Secret is the key printed on the slip (received only); the central
	// server keeps only its hash.
	Secret        string     `json:"secret,omitempty"`
	ProcedureCode string     `json:"procedure_code,omitempty"` // received only
	ProcedureName string     `json:"procedure_name,omitempty"` // received only
	ReceivedAt    time.Time  `json:"received_at,omitzero"`     // received only
	DueAt         *time.Time `json:"due_at,omitempty"`         // ngày hẹn trả; received only
	State         string     `json:"state"`
	Step          string     `json:"step"`              // e.g. "Thẩm định hồ sơ"
	Unit          string     `json:"unit"`              // the unit holding it, e.g. "Bộ phận Một cửa"
	Officer       string     `json:"officer,omitempty"` // the officer's id at the office, not a name
	// Ticket is the ticket a dossier is attached to or detached from
	// (KindDossierAttached, KindDossierDetached only).
	Ticket string `json:"ticket,omitempty"`
}

// DossierStatus is the central server's answer to a dossier look-up.
type DossierStatus struct {
	Code          string         `json:"code"`
	ProcedureCode string         `json:"procedure_code"`
	Procedure     string         `json:"procedure"`
	Agency        string         `json:"agency"` // the office that received it
	State         string         `json:"state"`
	ReceivedAt    time.Time      `json:"received_at"`
	DueAt         *time.Time     `json:"due_at,omitempty"`
	FinishedAt    *time.Time     `json:"finished_at,omitempty"`
	Step          string         `json:"step"`
	Unit          string         `json:"unit"`
	History       []DossierEntry `json:"history"` // oldest first
	// TimeZone is the office's IANA zone, in which "late" is judged.
	TimeZone string `json:"time_zone,omitempty"`
}

// DossierEntry is one line of a dossier's history.
type DossierEntry struct {
	At    time.Time `json:"at"`
	State string    `json:"state"`
	Step  string    `json:"step"`
	Unit  string    `json:"unit"`
}
