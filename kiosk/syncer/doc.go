// Package syncer carries the office hub's outbox to the central server. It
// runs inside the hub process: it reads unsent events in commit order,
// sends them in gzip batches (kiosk/wire) with the device's own bearer
// credential, and marks them sent only when the server acknowledges the
// batch, so a lost answer means a resend that the server stores once (event
// ids are DeviceID:Seq). Failures back off exponentially with jitter up to a
// short cap (so that a returning link is noticed within about two seconds)
// and the backoff resets on success; the hub calls Notify after each commit
// so new events leave at once. All state lives in the office store (the
// outbox and "sync." meta keys), so the syncer survives restarts, days
// offline and a changed server address. Enroll exchanges an enrollment code
// for the credential; Status says in plain Vietnamese (and English) how
// syncing is going, for the admin menu.
package syncer
