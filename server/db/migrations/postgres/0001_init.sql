-- Central server schema, PostgreSQL flavour. Times are Unix milliseconds (UTC)
-- in INTEGER columns on both backends so that reports compute durations
-- the same way everywhere; days are "YYYY-MM-DD" text (the office's
-- service day). Keep in step with ../sqlite/0001_init.sql.

CREATE TABLE offices (
	id         TEXT PRIMARY KEY,
	name       TEXT NOT NULL,
	created_at BIGINT NOT NULL
);

CREATE TABLE enroll_codes (
	code_hash  TEXT PRIMARY KEY,          -- sha256 of the normalised code
	office_id  TEXT NOT NULL REFERENCES offices(id),
	created_at BIGINT NOT NULL,
	expires_at BIGINT NOT NULL,
	used_at    BIGINT,
	device_id  TEXT                       -- the device that spent it
);

CREATE TABLE devices (
	id           TEXT PRIMARY KEY,        -- the hub's store.DeviceID()
	office_id    TEXT NOT NULL REFERENCES offices(id),
	name         TEXT NOT NULL DEFAULT '',
	token_hash   TEXT NOT NULL UNIQUE,    -- sha256 of the bearer credential
	created_at   BIGINT NOT NULL,
	revoked_at   BIGINT,
	last_seen_at BIGINT,
	last_seq     BIGINT NOT NULL DEFAULT 0
);

-- Every event exactly once: id is "device:seq".
CREATE TABLE events (
	id          TEXT PRIMARY KEY,
	device_id   TEXT NOT NULL,
	seq         BIGINT NOT NULL,
	office_id   TEXT NOT NULL,
	kind        TEXT NOT NULL,
	at          BIGINT NOT NULL,
	body        TEXT NOT NULL,            -- queue.Event JSON as the hub sent it
	received_at BIGINT NOT NULL
);
CREATE INDEX events_device_seq ON events(device_id, seq);
CREATE INDEX events_office_at ON events(office_id, at);

-- The latest snapshot of each ticket (queue.Ticket), newest by (version_at, version_seq).
CREATE TABLE tickets (
	office_id   TEXT NOT NULL,
	ticket_id   TEXT NOT NULL,
	day         TEXT NOT NULL,
	number      TEXT NOT NULL,
	service     TEXT NOT NULL,
	origin      TEXT NOT NULL,
	priority    TEXT NOT NULL DEFAULT '',
	ref         TEXT NOT NULL DEFAULT '',
	status      TEXT NOT NULL,
	counter     INTEGER NOT NULL DEFAULT 0,
	officer     TEXT NOT NULL DEFAULT '',
	issued_at   BIGINT NOT NULL,
	called_at   BIGINT,
	serving_at  BIGINT,
	done_at     BIGINT,
	no_show_at  BIGINT,
	ended_at    BIGINT,
	recalls     INTEGER NOT NULL DEFAULT 0,
	transfers   INTEGER NOT NULL DEFAULT 0,
	rated       INTEGER NOT NULL DEFAULT 0,
	body        TEXT NOT NULL,
	version_at  BIGINT NOT NULL,
	version_seq BIGINT NOT NULL,
	device_id   TEXT NOT NULL,
	updated_at  BIGINT NOT NULL,
	PRIMARY KEY (office_id, ticket_id)
);
CREATE INDEX tickets_day ON tickets(office_id, day);
CREATE INDEX tickets_all_day ON tickets(day);
CREATE INDEX tickets_ref ON tickets(ref);

-- One rating per ticket; the first to arrive wins (counter, kiosk or web).
CREATE TABLE ratings (
	office_id TEXT NOT NULL,
	ticket_id TEXT NOT NULL,
	day       TEXT NOT NULL,
	number    TEXT NOT NULL,
	service   TEXT NOT NULL,
	counter   INTEGER NOT NULL DEFAULT 0,
	officer   TEXT NOT NULL DEFAULT '',
	stars     INTEGER NOT NULL CHECK (stars BETWEEN 1 AND 5),
	reasons   TEXT NOT NULL DEFAULT '',  -- comma-separated reason codes
	comment   TEXT NOT NULL DEFAULT '',
	source    TEXT NOT NULL,
	at        BIGINT NOT NULL,
	event_id  TEXT NOT NULL DEFAULT '',  -- '' when not from a hub event
	PRIMARY KEY (office_id, ticket_id)
);
CREATE INDEX ratings_day ON ratings(office_id, day);
CREATE INDEX ratings_all_day ON ratings(day);

CREATE TABLE rating_reasons (
	office_id TEXT NOT NULL,
	ticket_id TEXT NOT NULL,
	reason    TEXT NOT NULL,
	PRIMARY KEY (office_id, ticket_id, reason)
);
