-- The names a report shows instead of the ids the hubs' events carry:
-- officers (events name an officer by the id the kiosk's admin gave,
-- "cb01") and services (events carry the code, "A"). A name is as the
-- office last set it; an id without a row is shown as it is.
-- (postgres flavour; keep in step with the other backend's 0004.)

CREATE TABLE officer_names (
	office_id  TEXT NOT NULL,
	officer_id TEXT NOT NULL,
	name       TEXT NOT NULL,
	updated_at BIGINT NOT NULL,
	PRIMARY KEY (office_id, officer_id)
);

CREATE TABLE service_names (
	office_id  TEXT NOT NULL,
	code       TEXT NOT NULL,
	name       TEXT NOT NULL,
	updated_at BIGINT NOT NULL,
	PRIMARY KEY (office_id, code)
);
