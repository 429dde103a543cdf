-- events and tickets partitioned by month (issue 15). The two tables grow
-- by ~3 M and ~650,000 rows a day at national scale; reports read the
-- roll-ups, so old months of raw rows can be detached (and archived or
-- dropped) without changing any report, and each month's indexes stay
-- the size of a month.
--
-- A partitioned table's unique keys must hold its partition column:
--   events  keyed (device_id, seq, at), partitioned by at (Unix ms, UTC
--           months). A retried event carries the same at (the hub's outbox
--           row is immutable); ingest also looks up the stored sequences
--           before inserting a batch that may overlap, so a seq is stored
--           once even if a hub sent it again with another time (ingest.go).
--           The key replaces the id primary key and events_device_seq (the
--           acknowledgement's walk reads it); events_office_at served no
--           query and is gone.
--   tickets keyed (office_id, ticket_id, day), partitioned by day (the
--           office's service day, "YYYY-MM-DD"; a ticket's day never
--           changes: it is part of its id). tickets_all_day is gone (a
--           range of days prunes to its months).
-- Rows whose month has no partition go to the DEFAULT partition, so ingest
-- never fails for lack of one; motcua_add_month moves them out when their
-- month is created. `server serve` creates the coming months ahead
-- (db.EnsurePartitions); `server partitions` lists and detaches them.
--
-- On an existing database this copies both tables once, inside the
-- migration's transaction (docs/scale.md says how long, and how to do it
-- by hand for a large one).

ALTER TABLE events RENAME TO events_unpartitioned;
ALTER TABLE events_unpartitioned DROP CONSTRAINT events_pkey;
DROP INDEX events_device_seq;
DROP INDEX events_office_at;
ALTER TABLE tickets RENAME TO tickets_unpartitioned;
ALTER TABLE tickets_unpartitioned DROP CONSTRAINT tickets_pkey;
DROP INDEX tickets_day;
DROP INDEX tickets_all_day;
DROP INDEX tickets_ref;

CREATE TABLE events (
	id          TEXT NOT NULL,            -- "device:seq"
	device_id   TEXT NOT NULL,
	seq         BIGINT NOT NULL,
	office_id   TEXT NOT NULL,
	kind        TEXT NOT NULL,
	at          BIGINT NOT NULL,
	body        TEXT NOT NULL,            -- queue.Event JSON as the hub sent it
	received_at BIGINT NOT NULL,
	PRIMARY KEY (device_id, seq, at)
) PARTITION BY RANGE (at);
CREATE TABLE events_default PARTITION OF events DEFAULT;

CREATE TABLE tickets (
	office_id   TEXT NOT NULL,
	ticket_id   TEXT NOT NULL,
	day         TEXT COLLATE "C" NOT NULL,
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
	PRIMARY KEY (office_id, ticket_id, day)
) PARTITION BY RANGE (day);
CREATE INDEX tickets_day ON tickets(office_id, day);
CREATE INDEX tickets_ref ON tickets(ref);
CREATE TABLE tickets_default PARTITION OF tickets DEFAULT;

-- motcua_add_month creates parent's partition for the month holding m
-- (events_YYYY_MM or tickets_YYYY_MM) unless it exists, first moving the
-- month's rows out of the default partition (which holds whatever arrived
-- before the partition did). It returns whether it created one.
CREATE FUNCTION motcua_add_month(parent text, m date) RETURNS boolean
LANGUAGE plpgsql AS $fn$
DECLARE
	lo   date := date_trunc('month', m)::date;
	hi   date := (date_trunc('month', m) + interval '1 month')::date;
	part text := parent || '_' || to_char(lo, 'YYYY_MM');
	cond text;
	lit  text;
	n    bigint;
BEGIN
	IF to_regclass(part) IS NOT NULL THEN
		RETURN false;
	END IF;
	IF parent = 'events' THEN
		cond := format('at >= %s AND at < %s',
			(extract(epoch FROM lo::timestamp AT TIME ZONE 'UTC') * 1000)::bigint,
			(extract(epoch FROM hi::timestamp AT TIME ZONE 'UTC') * 1000)::bigint);
		lit := format('FROM (%s) TO (%s)',
			(extract(epoch FROM lo::timestamp AT TIME ZONE 'UTC') * 1000)::bigint,
			(extract(epoch FROM hi::timestamp AT TIME ZONE 'UTC') * 1000)::bigint);
	ELSIF parent = 'tickets' THEN
		cond := format('day >= %L AND day < %L', to_char(lo, 'YYYY-MM-DD'), to_char(hi, 'YYYY-MM-DD'));
		lit := format('FROM (%L) TO (%L)', to_char(lo, 'YYYY-MM-DD'), to_char(hi, 'YYYY-MM-DD'));
	ELSE
		RAISE EXCEPTION 'motcua_add_month: % is not partitioned by month', parent;
	END IF;
	EXECUTE format('SELECT count(*) FROM %I WHERE %s', parent || '_default', cond) INTO n;
	IF n > 0 THEN
		EXECUTE format('CREATE TEMP TABLE motcua_moving (LIKE %I)', parent);
		EXECUTE format('WITH m AS (DELETE FROM %I WHERE %s RETURNING *) INSERT INTO motcua_moving SELECT * FROM m',
			parent || '_default', cond);
	END IF;
	EXECUTE format('CREATE TABLE %I PARTITION OF %I FOR VALUES %s', part, parent, lit);
	IF n > 0 THEN
		EXECUTE format('INSERT INTO %I SELECT * FROM motcua_moving', parent);
		DROP TABLE motcua_moving;
	END IF;
	RETURN true;
END
$fn$;

-- The months that have rows (within five years back and three months
-- ahead: a hub with a broken clock leaves its rows in the default
-- partition instead of creating hundreds of months), and the coming ones.
DO $do$
DECLARE
	m date;
	now_m date := date_trunc('month', now() AT TIME ZONE 'UTC')::date;
BEGIN
	FOR m IN
		SELECT DISTINCT x FROM (
			SELECT date_trunc('month', to_timestamp(at / 1000.0) AT TIME ZONE 'UTC')::date AS x
				FROM (SELECT DISTINCT at / 86400000 * 86400000 AS at FROM events_unpartitioned) e
			UNION
			SELECT date_trunc('month', to_date(day, 'YYYY-MM-DD'))::date
				FROM (SELECT DISTINCT day FROM tickets_unpartitioned WHERE day ~ '^\d{4}-\d{2}-\d{2}$') t
			UNION
			SELECT generate_series(now_m, now_m + interval '3 months', interval '1 month')::date
		) s
		WHERE x >= now_m - interval '5 years' AND x <= now_m + interval '3 months'
		ORDER BY x
	LOOP
		PERFORM motcua_add_month('events', m);
		PERFORM motcua_add_month('tickets', m);
	END LOOP;
END
$do$;

INSERT INTO events SELECT * FROM events_unpartitioned;
INSERT INTO tickets SELECT * FROM tickets_unpartitioned;
DROP TABLE events_unpartitioned;
DROP TABLE tickets_unpartitioned;
