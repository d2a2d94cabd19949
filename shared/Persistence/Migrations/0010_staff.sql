-- Staff console: accounts with roles, password hashes (versioned PBKDF2 format), lockout counters, and the audit log of
-- every staff action (who, when, what, before/after).

CREATE TABLE staff_accounts (
    id               bigserial PRIMARY KEY,
    username         text NOT NULL,
    display_name     text NOT NULL,
    password_hash    text NOT NULL,              -- "pbkdf2-sha256$<iterations>$<salt b64>$<hash b64>" (see PasswordHasher)
    roles            text[] NOT NULL DEFAULT '{}',
    disabled         boolean NOT NULL DEFAULT false,
    security_stamp   text NOT NULL,              -- changes on password reset, disable and role change: old sessions end
    failed_count     int NOT NULL DEFAULT 0,
    first_failed_at  timestamptz,
    locked_until     timestamptz,
    last_login_at    timestamptz,
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL
);
CREATE UNIQUE INDEX staff_accounts_username ON staff_accounts (lower(username));

CREATE TABLE staff_audit (
    id          bigserial PRIMARY KEY,
    at          timestamptz NOT NULL,
    actor_id    bigint REFERENCES staff_accounts(id),   -- null for the CLI, the API key and the system
    actor       text NOT NULL,                           -- "console:<username>", "api:<key name>", "cli", ...
    action      text NOT NULL,                           -- e.g. "booking.confirm", "staff.create", "login.failed"
    subject     text,                                    -- e.g. "KM-2026-00001", "staff:siti"
    before      jsonb,
    after       jsonb
);
CREATE INDEX staff_audit_by_time ON staff_audit (at DESC, id DESC);
CREATE INDEX staff_audit_by_subject ON staff_audit (subject, at DESC);
