-- Each office's time zone (IANA name): the phone ticket page and the
-- reports show that office's times in it, whatever the server's own zone.
-- (postgres flavour; keep in step with the other backend's 0003.)

ALTER TABLE offices ADD COLUMN time_zone TEXT NOT NULL DEFAULT 'Asia/Ho_Chi_Minh';
