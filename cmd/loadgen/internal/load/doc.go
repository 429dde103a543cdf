// Package load is the central server's load test (cmd/loadgen): many
// simulated offices, each a hub with its own device credential enrolled
// through the server's enroll route, whose outboxes fill from generated
// office days (300 citizens a day, the 07:00-08:30 opening burst; see
// Model) and are sent by the real kiosk/syncer — the same wire types,
// batches, acknowledgement check, retries and backoff as an office's hub.
// A live phase plays part of a day in compressed time; the reconnect storm
// brings every office back at once with a backlog. Afterwards every
// office's events are read back from the server's database: lost and
// duplicated events, and whether each up_to reached the last seq.
package load
