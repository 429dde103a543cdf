// Package store keeps the office's state in one SQLite file: the queue
// configuration, today's tickets and counters, ratings, paired devices,
// officers, and the outbox of events waiting to reach the central server.
//
// It is the only package that imports the SQLite driver. The database runs
// in WAL mode with synchronous=FULL, so a committed transaction survives a
// power cut; Commit writes the state a queue operation produced and its
// outbox rows in one transaction, and the hub acknowledges an operation
// only after Commit returns. Migrations are embedded and run at Open.
package store
