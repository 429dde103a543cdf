// Package wire holds the JSON shapes that travel between an office hub's
// syncer and the central server: a batch of outbox events, the server's
// acknowledgement, and the enrollment exchange. Both sides import it so that
// a renamed field breaks the build instead of the sync.
package wire

import (
	"encoding/json"
	"time"
)

// API paths served by the central server.
const (
	PathEvents = "/api/v1/events"
	PathEnroll = "/api/v1/enroll"
	PathNames  = "/api/v1/names" // PUT Names, bearer credential; 204
)

// Names is the body of PUT PathNames: the office's officers by id and
// services by code, as the kiosk's admin named them, so that reports show
// names instead of the ids events carry. A name replaces the one kept for
// the same id; an empty name forgets it; an id left out keeps its name (an
// officer who left still has a name in old reports).
type Names struct {
	Officers map[string]string `json:"officers,omitempty"`
	Services map[string]string `json:"services,omitempty"`
}

// Limits both sides agree on.
const (
	// MaxBatchEvents is the largest number of events one batch may hold.
	MaxBatchEvents = 1000
	// DefaultBatchEvents is how many events the syncer sends per batch.
	DefaultBatchEvents = 500
)

// Event is one outbox event as sent: ID is "DeviceID:Seq" and never changes
// across retries, so the server stores it exactly once. Body is the
// queue.Event JSON exactly as the hub committed it.
type Event struct {
	ID   string          `json:"id"`
	Seq  int64           `json:"seq"`
	Kind string          `json:"kind"`
	At   time.Time       `json:"at"`
	Body json.RawMessage `json:"event"`
}

// Batch is the body of POST /api/v1/events (gzip-encoded on the wire).
type Batch struct {
	Device string  `json:"device"`
	Events []Event `json:"events"`
}

// Ack is the server's answer to an accepted batch. Every event of the batch
// is now stored: Stored counts the ones new to the server, Duplicates the
// ones it already had (a retry). UpTo is the device's acknowledged
// sequence: every event of the device up to it, from the first one the
// server stored, is stored. It never goes backwards; after an in-order
// batch it is the batch's highest Seq, after a batch that arrived before
// an earlier one it is lower (the gap is not acknowledged).
type Ack struct {
	Stored     int   `json:"stored"`
	Duplicates int   `json:"duplicates"`
	UpTo       int64 `json:"up_to"`
}

// Error is the body of every 4xx/5xx answer. EventID and Index name the
// offending event when one event made the batch invalid.
type Error struct {
	Error   string `json:"error"`
	EventID string `json:"event_id,omitempty"`
	Index   *int   `json:"index,omitempty"`
}

// EnrollRequest spends a one-time enrollment code for a device.
type EnrollRequest struct {
	Code   string `json:"code"`
	Device string `json:"device"`
	Name   string `json:"name,omitempty"`
}

// EnrollResponse carries the device's own bearer credential. The server
// keeps only its hash; the hub keeps it in its store.
type EnrollResponse struct {
	Device     string `json:"device"`
	Office     string `json:"office"`
	OfficeName string `json:"office_name"`
	Token      string `json:"token"`
}
