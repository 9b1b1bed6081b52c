-- Complaints (pengaduan) from the public about any program, routed to the agency of the
-- chosen region and escalated up the agency tree (kota → provinsi → nasional).
CREATE TABLE complaints (
    id BLOB PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    -- The kab/kota (or provinsi) the reporter chose: decides who may read it (scope).
    region TEXT NOT NULL,
    -- The agency handling it now, and that agency's region (who may act on it).
    agency_id BLOB NOT NULL REFERENCES agencies(id),
    handling_region TEXT NOT NULL,
    escalation_level INTEGER NOT NULL DEFAULT 0,
    category TEXT NOT NULL,
    status TEXT NOT NULL,
    reporter_name TEXT NOT NULL DEFAULT '',
    reporter_phone TEXT NOT NULL DEFAULT '',
    reporter_email TEXT NOT NULL DEFAULT '',
    reporter_nik TEXT NOT NULL DEFAULT '',
    body TEXT NOT NULL,
    attachment_file_id BLOB,
    assigned_to BLOB REFERENCES users(id),
    due_at TEXT,
    first_response_at TEXT,
    closed_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX complaints_region ON complaints(region, created_at);
CREATE INDEX complaints_open_due ON complaints(status, due_at);

-- What happened to a complaint; `public` rows are shown on the tracking page.
CREATE TABLE complaint_events (
    id BLOB PRIMARY KEY,
    complaint_id BLOB NOT NULL REFERENCES complaints(id),
    region TEXT NOT NULL,
    at TEXT NOT NULL,
    kind TEXT NOT NULL,
    public INTEGER NOT NULL,
    from_status TEXT NOT NULL DEFAULT '',
    to_status TEXT NOT NULL DEFAULT '',
    body TEXT NOT NULL DEFAULT '',
    agency_name TEXT NOT NULL DEFAULT '',
    actor_id BLOB,
    actor_name TEXT NOT NULL DEFAULT ''
);
CREATE INDEX complaint_events_complaint ON complaint_events(complaint_id, at);

-- Public submissions and failed code lookups per client (SHA-256 of the IP), for the rate
-- limit shared by every app server.
CREATE TABLE complaint_hits (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    ip_hash TEXT NOT NULL,
    kind TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX complaint_hits_ip ON complaint_hits(ip_hash, kind, at);
