-- The office hierarchy (issue 15): province → commune/ward centre →
-- reception point (điểm tiếp nhận). Every node is a row of offices (a
-- province has no hub of its own); parent_id is '' for a root. code is
-- the official administrative unit code: 2 digits for a province, 5 for a
-- commune or ward (the national list of administrative unit codes); a
-- reception point's code is the office's own. Offices of an older server
-- stay roots of kind 'commune' until an administrator places them
-- ("server unit set"). A supervisor bound to a node sees it and every node
-- under it.
-- (sqlite flavour; keep in step with the other backend's 0008.)

ALTER TABLE offices ADD COLUMN parent_id TEXT NOT NULL DEFAULT '';
ALTER TABLE offices ADD COLUMN kind TEXT NOT NULL DEFAULT 'commune';
ALTER TABLE offices ADD COLUMN code TEXT NOT NULL DEFAULT '';
CREATE INDEX offices_parent ON offices(parent_id);
