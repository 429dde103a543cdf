-- Supervisor accounts, their server-side sessions and the web's signing
-- keys (postgres flavour; keep in step with the other backend's 0002).

CREATE TABLE supervisors (
	id           TEXT PRIMARY KEY,
	name         TEXT NOT NULL UNIQUE,     -- login name, lower-cased
	display_name TEXT NOT NULL DEFAULT '',
	office_id    TEXT NOT NULL DEFAULT '',  -- '' = every office; else only this office's reports
	pass_hash    TEXT NOT NULL,            -- "pbkdf2-sha256$iter$salt$key" (base64)
	created_at   BIGINT NOT NULL,
	failures     INTEGER NOT NULL DEFAULT 0, -- failed logins since the last success
	locked_until BIGINT NOT NULL DEFAULT 0,     -- Unix ms; 0 = not locked
	disabled_at  BIGINT
);

-- A session's id is only in the browser's cookie; the table keeps its
-- sha256 so that a copy of the database does not hand out sessions.
CREATE TABLE web_sessions (
	id_hash       TEXT PRIMARY KEY,
	supervisor_id TEXT NOT NULL REFERENCES supervisors(id) ON DELETE CASCADE,
	csrf          TEXT NOT NULL,            -- synchronizer token for POST forms
	created_at    BIGINT NOT NULL,
	seen_at       BIGINT NOT NULL,
	expires_at    BIGINT NOT NULL
);
CREATE INDEX web_sessions_expires ON web_sessions(expires_at);

-- Secrets shared by every server process on this database (the HMAC key
-- of the public pages' anti-forgery tokens).
CREATE TABLE web_keys (
	name       TEXT PRIMARY KEY,
	secret     TEXT NOT NULL,
	created_at BIGINT NOT NULL
);
