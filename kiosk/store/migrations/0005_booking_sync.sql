-- Booking sync with the central server (issue 14). rev numbers the hub's
-- own booking writes (a booking made at the desk, a check-in, a cancel, a
-- release) so that the syncer pushes the ones after its cursor; a booking
-- pulled from the server is merged without a new rev (the server has it
-- already). 0: never changed here since it was pulled.
ALTER TABLE bookings ADD COLUMN rev INTEGER NOT NULL DEFAULT 0;
CREATE INDEX bookings_rev ON bookings(rev) WHERE rev > 0;
