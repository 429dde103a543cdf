-- Bookings (issue 14). The phone column holds the citizen's number only
-- while the booking is open: the write that checks in, cancels or
-- releases the booking sets it NULL, so no ticket or rating can be joined
-- to it (Decree 61/2018 Art. 27.3). IF NOT EXISTS: this file may have run
-- before 0003 on a development database (the two were written at once).
CREATE TABLE IF NOT EXISTS bookings (
	code    TEXT PRIMARY KEY,  -- the short code on the slip and in the QR
	service TEXT NOT NULL,
	day     TEXT NOT NULL,     -- office-local date of the slot
	start   TEXT NOT NULL,     -- slot start, RFC 3339 UTC
	status  TEXT NOT NULL,     -- booked, checked_in, cancelled, released
	phone   TEXT,              -- while open only
	body    TEXT NOT NULL      -- bookings.Booking as JSON, without the phone
);
CREATE INDEX IF NOT EXISTS bookings_day ON bookings(day, start);
CREATE INDEX IF NOT EXISTS bookings_open ON bookings(start) WHERE status = 'booked';

-- One row per check-in: the ticket a booking gave. Written in the same
-- transaction as the ticket's queue events, so a crash never leaves one
-- without the other; the primary key makes a second check-in fail.
CREATE TABLE IF NOT EXISTS booking_checkins (
	code      TEXT PRIMARY KEY REFERENCES bookings(code),
	ticket_id TEXT NOT NULL,
	at        TEXT NOT NULL
);
