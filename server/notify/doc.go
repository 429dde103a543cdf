// Package notify is the central server's notification gateway: the
// "your turn is near" (turn_near) and "result ready" (result_ready)
// messages a citizen asked for, sent through a Sender and delivered at
// most once per idempotency key by an Outbox kept in the server database
// (table notify_outbox, migration 0009).
//
// Two Senders are here: Log, which only writes the message to the log (the
// demo, an office with no channel yet), and Webhook, a JSON POST signed
// with HMAC-SHA256 that fits a deployment with no carrier contract (the
// province's own SMS relay, a mail bridge, a chat bot). SMS and Zalo OA
// are slots, not implementations: both need a contract (a brand name with
// a carrier, an Official Account and its template approval), and either is
// a Sender like the others; see Sender's contract.
//
// Never twice: a message is queued once (the key is the table's primary
// key), claimed with a lease before it is sent, and marked sent right after
// the Sender returns, before any other attempt. The one gap left is a crash
// between a successful send and its mark: the lease runs out and the
// message is sent again with the same key, which the receiver drops (the
// webhook's Idempotency-Key header). A Sender whose channel cannot carry a
// key cannot close that gap; it is the only duplicate this design allows.
package notify
