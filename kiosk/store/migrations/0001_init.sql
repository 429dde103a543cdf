CREATE TABLE meta (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
);

CREATE TABLE tickets (
	id      TEXT PRIMARY KEY,
	day     TEXT NOT NULL,
	number  TEXT NOT NULL,
	service TEXT NOT NULL,
	status  TEXT NOT NULL,
	body    TEXT NOT NULL,  -- queue.Ticket as JSON
	UNIQUE (day, number)
);
CREATE INDEX tickets_day ON tickets(day);
CREATE INDEX tickets_status ON tickets(status);

CREATE TABLE counters (
	number INTEGER PRIMARY KEY,
	body   TEXT NOT NULL     -- queue.CounterState as JSON
);

CREATE TABLE ratings (
	ticket_id TEXT PRIMARY KEY,  -- one rating per ticket, enforced here too
	day       TEXT NOT NULL,
	body      TEXT NOT NULL      -- queue.Rating as JSON: no citizen identity
);

-- Events waiting for the central server, in commit order. seq is the
-- event's stable sequence on this device; device_id:seq is its global id.
CREATE TABLE outbox (
	seq     INTEGER PRIMARY KEY AUTOINCREMENT,
	kind    TEXT NOT NULL,
	at      TEXT NOT NULL,
	body    TEXT NOT NULL,     -- queue.Event as JSON
	sent_at TEXT
);
CREATE INDEX outbox_unsent ON outbox(seq) WHERE sent_at IS NULL;

CREATE TABLE devices (
	id         TEXT PRIMARY KEY,
	name       TEXT NOT NULL,
	role       TEXT NOT NULL,
	counter    INTEGER NOT NULL DEFAULT 0,
	token_hash TEXT NOT NULL UNIQUE,
	created_at TEXT NOT NULL,
	revoked_at TEXT
);

CREATE TABLE pairing_codes (
	code_hash  TEXT PRIMARY KEY,
	role       TEXT NOT NULL,
	counter    INTEGER NOT NULL DEFAULT 0,
	expires_at TEXT NOT NULL
);

CREATE TABLE officers (
	id       TEXT PRIMARY KEY,
	name     TEXT NOT NULL,
	pin_hash TEXT NOT NULL,
	active   INTEGER NOT NULL DEFAULT 1
);
