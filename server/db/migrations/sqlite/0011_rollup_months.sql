-- Per-month roll-ups (issue 15): the same figures as rollup_days summed
-- over an office's month for each service, counter and officer, kept in
-- the same ingest transaction from the same change (server/db/rollup.go),
-- so that a report of whole months reads one row where it read ~22 (a
-- province-year 6,000 rows instead of 130,000) and only the ragged days
-- at its ends from rollup_days. month is "YYYY-MM"; days is a bit mask of
-- the month's days whose rollup_days row has tickets (bit 0 = day 1), so
-- that a report counts its days exactly. rollup_reason_months likewise
-- sums rollup_reasons. A database that already has day roll-ups gets its
-- month rows from the backfill ("server rollups rebuild", run by serve
-- and migrate at start).
-- (sqlite flavour; keep in step with the other backend's 0011.)

CREATE TABLE IF NOT EXISTS rollup_months (
	office_id  TEXT NOT NULL,
	month      TEXT NOT NULL,
	service    TEXT NOT NULL,
	counter    INTEGER NOT NULL,
	officer    TEXT NOT NULL,
	days       INTEGER NOT NULL DEFAULT 0,
	tickets    INTEGER NOT NULL DEFAULT 0,
	called     INTEGER NOT NULL DEFAULT 0,
	served     INTEGER NOT NULL DEFAULT 0,
	no_show    INTEGER NOT NULL DEFAULT 0,
	active     INTEGER NOT NULL DEFAULT 0,
	wait_sum   INTEGER NOT NULL DEFAULT 0,
	svc_n      INTEGER NOT NULL DEFAULT 0,
	svc_sum    INTEGER NOT NULL DEFAULT 0,
	wait_hist  TEXT NOT NULL DEFAULT '',
	svc_hist   TEXT NOT NULL DEFAULT '',
	hours      TEXT NOT NULL DEFAULT '',
	stars1     INTEGER NOT NULL DEFAULT 0,
	stars2     INTEGER NOT NULL DEFAULT 0,
	stars3     INTEGER NOT NULL DEFAULT 0,
	stars4     INTEGER NOT NULL DEFAULT 0,
	stars5     INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (office_id, month, service, counter, officer)
);
CREATE INDEX IF NOT EXISTS rollup_months_month ON rollup_months(month, office_id);

CREATE TABLE IF NOT EXISTS rollup_reason_months (
	office_id TEXT NOT NULL,
	month     TEXT NOT NULL,
	service   TEXT NOT NULL,
	counter   INTEGER NOT NULL,
	officer   TEXT NOT NULL,
	reason    TEXT NOT NULL,
	n         INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (office_id, month, service, counter, officer, reason)
);
CREATE INDEX IF NOT EXISTS rollup_reason_months_month ON rollup_reason_months(month, office_id);

INSERT OR IGNORE INTO rollup_state(name, value)
	SELECT 'backfill', 'due' WHERE EXISTS (SELECT 1 FROM rollup_days);
