-- Dossiers (hồ sơ) kept by the central server for offices with no other
-- one-stop system, their step history, and the dossiers a rating belongs
-- to. No citizen identity: a dossier is its code, procedure, dates and
-- where it is (Decree 61/2018 Art. 26, 27.3). The secret printed on the
-- slip is kept only as its SHA-256 (hex).
-- (sqlite flavour; keep in step with the other backend's 0005.)

CREATE TABLE dossiers (
	code           TEXT PRIMARY KEY,   -- Decree 61 Art. 26 code, canonical (dossiers.Parse)
	office_id      TEXT NOT NULL,      -- the office that received it; only it may move it
	secret_hash    TEXT NOT NULL,
	procedure_code TEXT NOT NULL,
	procedure_name TEXT NOT NULL,
	received_at    BIGINT NOT NULL,
	due_at         BIGINT,             -- ngày hẹn trả; NULL when none was given
	finished_at    BIGINT,             -- first time it became ready, done or denied
	state          TEXT NOT NULL,      -- wire.Dossier* state
	step           TEXT NOT NULL,
	unit           TEXT NOT NULL,      -- the unit holding it now
	version_at     BIGINT NOT NULL,    -- time of the step shown (newest wins)
	updated_at     BIGINT NOT NULL
);
CREATE INDEX dossiers_office ON dossiers(office_id, received_at);

CREATE TABLE dossier_steps (
	event_id TEXT PRIMARY KEY,         -- the hub event "device:seq"
	code     TEXT NOT NULL,
	at       BIGINT NOT NULL,
	state    TEXT NOT NULL,
	step     TEXT NOT NULL,
	unit     TEXT NOT NULL,
	officer  TEXT NOT NULL
);
CREATE INDEX dossier_steps_code ON dossier_steps(code, at);

-- The dossiers a ticket carries (the desk attached them; the hub sends
-- dossier.attached/detached events, and a rating carries them too), so
-- that the ticket's rating counts for each (Circular 01/2018 scores
-- satisfaction per dossier). Reports join it with ratings.
CREATE TABLE rating_dossiers (
	office_id TEXT NOT NULL,
	ticket_id TEXT NOT NULL,
	code      TEXT NOT NULL,
	PRIMARY KEY (office_id, ticket_id, code)
);
CREATE INDEX rating_dossiers_code ON rating_dossiers(code);
