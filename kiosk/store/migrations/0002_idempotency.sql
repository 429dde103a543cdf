-- Answers to state-changing hub requests, kept under the request's
-- Idempotency-Key for a day, so that a client retrying after a cut
-- connection gets the first answer instead of a second ticket.
CREATE TABLE idempotency (
	scope       TEXT NOT NULL,     -- the device that asked ("" before pairing)
	key         TEXT NOT NULL,     -- the client's Idempotency-Key
	fingerprint TEXT NOT NULL,     -- SHA-256 of method, path and body
	status      INTEGER NOT NULL,  -- the first answer's HTTP status
	body        BLOB NOT NULL,     -- and its body
	at          INTEGER NOT NULL,  -- unix ms
	PRIMARY KEY (scope, key)
);
CREATE INDEX idempotency_at ON idempotency(at);
