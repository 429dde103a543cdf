-- Bookings on the central server (issue 14): the citizen's phone booking
-- page books here under the rules its office's hub pushes
-- (booking_offices), and the hub pushes its desk bookings and every status
-- change, and pulls the phone bookings by seq (server/bookings).
-- phone holds the citizen's number only while the booking is open: the
-- write that ends it sets it NULL (Decree 61/2018 Art. 27.3). The body
-- (bookings.Booking as JSON) never holds it. Times are Unix milliseconds.
-- (postgres flavour; keep in step with the other backend's 0010.)

CREATE TABLE booking_offices (
	office_id  TEXT PRIMARY KEY REFERENCES offices(id),
	config     TEXT NOT NULL,     -- the hub's queue.Config (services, counters, zone)
	rules      TEXT NOT NULL,     -- bookings.Rules, validated against config
	seq        BIGINT NOT NULL DEFAULT 0, -- the office's last change number
	updated_at BIGINT NOT NULL
);

CREATE TABLE bookings (
	office_id TEXT NOT NULL REFERENCES offices(id),
	code      TEXT NOT NULL,
	service   TEXT NOT NULL,
	day       TEXT NOT NULL,      -- office-local date of the slot
	start_at  BIGINT NOT NULL,
	channel   TEXT NOT NULL,      -- phone, desk
	status    TEXT NOT NULL,      -- booked, checked_in, cancelled, released
	phone     TEXT,               -- while open only
	body      TEXT NOT NULL,
	seq       BIGINT NOT NULL,   -- booking_offices.seq of its last change
	src       TEXT NOT NULL,      -- who made the last change: server, hub
	PRIMARY KEY (office_id, code)
);
CREATE INDEX bookings_code ON bookings(code);
CREATE INDEX bookings_day ON bookings(office_id, day, start_at);
CREATE INDEX bookings_seq ON bookings(office_id, seq);
CREATE INDEX bookings_open ON bookings(start_at) WHERE status = 'booked';
