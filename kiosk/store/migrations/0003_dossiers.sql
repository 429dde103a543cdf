-- Dossiers (issue 13). No citizen identity: a dossier is its code, its
-- procedure, its dates and where it is (Decree 61/2018 Art. 27.3).
-- IF NOT EXISTS: 0004 was written at the same time and may have run
-- before this file on a development database.

-- The dossiers this office recorded at the desk, so that the slip can be
-- printed again with the same secret and a step can only move a dossier
-- the office holds. The central server learns them from the outbox.
CREATE TABLE IF NOT EXISTS dossiers (
	code           TEXT PRIMARY KEY,  -- canonical (dossiers.Parse)
	secret         TEXT NOT NULL,     -- printed on the slip, in its QR
	procedure_code TEXT NOT NULL,
	procedure_name TEXT NOT NULL,
	received_at    TEXT NOT NULL,     -- RFC 3339 UTC
	due_at         TEXT,
	state          TEXT NOT NULL,
	step           TEXT NOT NULL,
	unit           TEXT NOT NULL,
	updated_at     TEXT NOT NULL
);

-- The dossier codes the officer attached to a ticket at the desk; the
-- ticket's rating carries them to the central server. Kept beside the
-- queue's tables, not inside queue.Ticket: the engine does not need them.
CREATE TABLE IF NOT EXISTS ticket_dossiers (
	ticket_id TEXT NOT NULL,
	code      TEXT NOT NULL,
	added_at  TEXT NOT NULL,
	PRIMARY KEY (ticket_id, code)
);
