// Package ingest is the central server's ingest API: enrolled office hubs
// POST batches of outbox events (kiosk/wire), authenticated by their own
// bearer credential, rate limited per device, bounded in size before and
// after gunzip. Every event is validated before anything is stored; one bad
// event rejects the whole batch with a 422 naming it. Accepted batches are
// stored by server/db in one transaction, idempotently by event id, and
// acknowledged with wire.Ack. Enroll exchanges a one-time enrollment code
// for a device credential.
package ingest
