-- Home visits (issue 14). The citizen, phone, address and note columns
-- hold the person's details only while the visit is open: the write that
-- marks it done or cancelled sets them NULL (secure_delete overwrites the
-- old values), so no visit ticket or rating can be joined to the person
-- (Decree 61/2018 Art. 27.3). body is visits.Visit as JSON without them.
CREATE TABLE IF NOT EXISTS visits (
	id         TEXT PRIMARY KEY,
	day        TEXT NOT NULL DEFAULT '', -- office-local date; '' while requested
	status     TEXT NOT NULL,            -- requested, scheduled, done, cancelled
	area       TEXT NOT NULL,
	created_at TEXT NOT NULL,            -- RFC 3339 UTC
	ticket_id  TEXT UNIQUE,              -- the visit's own ticket, once scheduled
	seq        INTEGER NOT NULL DEFAULT 0,
	citizen    TEXT,
	phone      TEXT,
	address    TEXT,
	note       TEXT,
	body       TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS visits_day ON visits(day, area, created_at);
