-- Owners applying for aid themselves (issue 5): a program an operator opened for
-- applications from the public, and the tracking code of each self-submitted application.
CREATE TABLE aid_self_service (
    program_id UUID PRIMARY KEY REFERENCES aid_programs(id),
    dibuka BOOLEAN NOT NULL DEFAULT FALSE,
    updated_by UUID,
    updated_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE aid_self_applications (
    application_id UUID PRIMARY KEY REFERENCES aid_applications(id),
    kode TEXT NOT NULL UNIQUE,
    created_at TIMESTAMPTZ NOT NULL
);
