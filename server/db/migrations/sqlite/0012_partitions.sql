-- On PostgreSQL this migration partitions events and tickets by month
-- (issue 15). SQLite has no partitions; it only drops events_office_at,
-- which served no query (reports read the roll-ups) and cost an index
-- entry per stored event. Its events stay keyed by id ("device:seq") and
-- its tickets by (office_id, ticket_id).
DROP INDEX IF EXISTS events_office_at;
