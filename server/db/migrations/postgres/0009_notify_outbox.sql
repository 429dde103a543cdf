-- The notification outbox (issue 14): "your turn is near" and "result
-- ready" messages waiting for, or done with, the gateway (server/notify).
-- msg_key is the message's idempotency key: a second message with the same key
-- is dropped on insert, so a message is queued once and, once marked
-- 'sent', never sent again. dest (an address, a phone number) is cleared
-- when the message is sent or given up: it is kept only as long as the
-- message needs it. Times are Unix milliseconds.
-- IF NOT EXISTS: the runner counts files, and 0009 was not written when
-- this one was; a database that ran this as version 9 runs it again,
-- harmlessly, once 0009 lands (0009 itself is skipped there: see db.migrate).
-- (postgres flavour; keep in step with the other backend's 0010.)

CREATE TABLE IF NOT EXISTS notify_outbox (
	msg_key    TEXT PRIMARY KEY,
	kind       TEXT NOT NULL,
	dest       TEXT NOT NULL DEFAULT '',
	text_vi    TEXT NOT NULL,
	text_en    TEXT NOT NULL DEFAULT '',
	state      TEXT NOT NULL DEFAULT 'pending', -- pending, sent, failed
	attempts   INTEGER NOT NULL DEFAULT 0,
	next_at    BIGINT NOT NULL,                 -- due (pending) or lease end (being sent)
	created_at BIGINT  NOT NULL,
	sent_at    BIGINT,
	last_error TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS notify_outbox_due ON notify_outbox(state, next_at);
