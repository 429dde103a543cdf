// Package db is the central server's storage: one API over two backends,
// SQLite (modernc.org/sqlite, the default for one province office) and
// PostgreSQL (github.com/jackc/pgx/v5 through database/sql, for many server
// processes on one database). It is the only package of the server that
// imports a database driver. Migrations for each backend are embedded and
// applied by Open.
//
// # Idempotency
//
// IngestBatch stores a device's events in one transaction. Each event's id
// ("device:seq") is the primary key of events and is inserted with
// ON CONFLICT DO NOTHING, so a retried or reordered batch, or the same batch
// sent to two server processes at once, stores each event exactly once;
// the projections below are applied only for events that were new.
//
// # Schema (for reports)
//
// Times are Unix milliseconds UTC (BIGINT/INTEGER) on both backends; days
// are the office's service day as "YYYY-MM-DD" text, so a date range is
// "day BETWEEN ? AND ?". Durations are plain subtraction.
//
//	offices(id, name, time_zone, created_at)
//	devices(id, office_id, name, token_hash, created_at, revoked_at, last_seen_at, last_seq)
//	enroll_codes(code_hash, office_id, created_at, expires_at, used_at, device_id)
//	events(id PK "device:seq", device_id, seq, office_id, kind, at, body JSON, received_at)
//	tickets(office_id, ticket_id PK, day, number, service, origin, priority, ref, status,
//	        counter, officer, issued_at, called_at, serving_at, done_at, no_show_at, ended_at,
//	        recalls, transfers, rated 0/1, body JSON, version_at, version_seq, device_id, updated_at)
//	ratings(office_id, ticket_id PK, day, number, service, counter, officer, stars 1..5,
//	        reasons "a,b", comment, source counter|kiosk|web, at, event_id)
//	rating_reasons(office_id, ticket_id, reason PK)  -- one row per reason code
//
// tickets holds the newest snapshot of each ticket (queue.Ticket after its
// latest event, newest by event time then device sequence; an older snapshot
// arriving later is ignored). Report measures:
//
//	wait time    = called_at - issued_at      (called_at NOT NULL)
//	service time = done_at - serving_at       (both NOT NULL)
//	no-show      = status = 'no_show'         (no_show_at keeps the last skip even if it returned)
//	served       = status = 'done'
//
// ratings has one row per ticket; the first rating to arrive wins (a hub's
// rating.given event or a web rating inserted by the public ticket page with
// InsertRating). The reasons are also in rating_reasons for GROUP BY reason.
// Officer, counter and service of a rating are as they were when rated.
//
// Go access: Tickets and Ratings return rows for a Filter (date range,
// office, officer, service); TicketByRef finds a ticket for its public page;
// SQL and Rebind allow other read queries.
package db
