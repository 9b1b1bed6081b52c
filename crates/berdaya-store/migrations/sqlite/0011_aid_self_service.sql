-- Owners applying for aid themselves (issue 5): a program an operator opened for
-- applications from the public, and the tracking code of each self-submitted application.
CREATE TABLE aid_self_service (
    program_id BLOB PRIMARY KEY REFERENCES aid_programs(id),
    dibuka INTEGER NOT NULL DEFAULT 0,
    updated_by BLOB,
    updated_at TEXT NOT NULL
);

CREATE TABLE aid_self_applications (
    application_id BLOB PRIMARY KEY REFERENCES aid_applications(id),
    kode TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
);
