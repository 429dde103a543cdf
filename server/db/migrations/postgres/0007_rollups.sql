-- Per-day roll-ups of tickets and ratings, kept in the ingest transaction
-- (server/db/rollup.go), so that reports read them and never the raw
-- rows (issue 15). One row per office, service day, service, counter and
-- officer: counts, duration sums (exact means) and histograms of waits
-- and service times in server/hist's fixed log-spaced buckets, which merge
-- by addition ("bucket:count,..."), tickets per hour of the office's day
-- ("hour:count,..."), and ratings by stars. A ticket is counted in the row
-- of its newest snapshot's day/service/counter/officer, a rating in the row
-- of the rating's own. rollup_reasons counts the reasons of ratings.
-- rollup_state says a backfill of existing rows is due ("server
-- rollups rebuild", run by serve and migrate at start).
-- (postgres flavour; keep in step with the other backend's 0007.)

CREATE TABLE rollup_days (
	office_id  TEXT NOT NULL,
	day        TEXT NOT NULL,
	service    TEXT NOT NULL,
	counter    BIGINT NOT NULL,
	officer    TEXT NOT NULL,
	tickets    BIGINT NOT NULL DEFAULT 0,
	called     BIGINT NOT NULL DEFAULT 0,
	served     BIGINT NOT NULL DEFAULT 0,
	no_show    BIGINT NOT NULL DEFAULT 0,
	active     BIGINT NOT NULL DEFAULT 0,
	wait_sum   BIGINT NOT NULL DEFAULT 0, -- milliseconds, over the called tickets
	svc_n      BIGINT NOT NULL DEFAULT 0,
	svc_sum    BIGINT NOT NULL DEFAULT 0, -- milliseconds
	wait_hist  TEXT NOT NULL DEFAULT '',
	svc_hist   TEXT NOT NULL DEFAULT '',
	hours      TEXT NOT NULL DEFAULT '',
	stars1     BIGINT NOT NULL DEFAULT 0,
	stars2     BIGINT NOT NULL DEFAULT 0,
	stars3     BIGINT NOT NULL DEFAULT 0,
	stars4     BIGINT NOT NULL DEFAULT 0,
	stars5     BIGINT NOT NULL DEFAULT 0,
	PRIMARY KEY (office_id, day, service, counter, officer)
);
CREATE INDEX rollup_days_day ON rollup_days(day, office_id);

CREATE TABLE rollup_reasons (
	office_id TEXT NOT NULL,
	day       TEXT NOT NULL,
	service   TEXT NOT NULL,
	counter   BIGINT NOT NULL,
	officer   TEXT NOT NULL,
	reason    TEXT NOT NULL,
	n         BIGINT NOT NULL DEFAULT 0,
	PRIMARY KEY (office_id, day, service, counter, officer, reason)
);
CREATE INDEX rollup_reasons_day ON rollup_reasons(day, office_id);

CREATE TABLE rollup_state (
	name  TEXT PRIMARY KEY,
	value TEXT NOT NULL
);
INSERT INTO rollup_state(name, value)
	SELECT 'backfill', 'due' WHERE EXISTS (SELECT 1 FROM tickets) OR EXISTS (SELECT 1 FROM ratings);
