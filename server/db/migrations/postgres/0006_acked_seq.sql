-- The acknowledged sequence of each device: the highest seq such that
-- every event of the device from its first one up to it is stored, so that
-- an acknowledgement never covers an event the server does not have and
-- never goes backwards when batches arrive out of order (issue 15).
-- last_seq stays the highest seq seen. Devices of an older server were
-- acknowledged up to their highest seq already: they keep that.
-- (postgres flavour; keep in step with the other backend's 0006.)

ALTER TABLE devices ADD COLUMN acked_seq BIGINT NOT NULL DEFAULT 0;
UPDATE devices SET acked_seq = last_seq;
