-- Issue 11: the one-time-code access of 0041 generalised from bookings to any record a citizen reaches by its code
-- (a booking KM-…, a complaint ticket PGD-…): the code plus the phone number or NIK it was made with, then a one-time
-- code sent to the WhatsApp number on the record. `subject` names the kind of record, `subject_id` its row.
CREATE TABLE access_codes (
    id          bigserial PRIMARY KEY,
    subject     text NOT NULL,              -- 'booking' / 'complaint'
    subject_id  bigint NOT NULL,            -- bookings.id / complaints.id
    user_key    text NOT NULL,              -- the chat user who asked (the new device)
    code_hash   text NOT NULL,              -- SHA-256 of record id, user key and the six digits
    created_at  timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL,
    attempts    int NOT NULL DEFAULT 0,     -- wrong codes typed against this one
    used_at     timestamptz
);
CREATE INDEX access_codes_by_user ON access_codes (subject, subject_id, user_key, created_at DESC);

CREATE TABLE access_grants (
    subject     text NOT NULL,
    subject_id  bigint NOT NULL,
    user_key    text NOT NULL,
    granted_at  timestamptz NOT NULL,
    PRIMARY KEY (subject, subject_id, user_key)
);
CREATE INDEX access_grants_by_user ON access_grants (subject, user_key);

INSERT INTO access_codes (subject, subject_id, user_key, code_hash, created_at, expires_at, attempts, used_at)
    SELECT 'booking', booking_id, user_key, code_hash, created_at, expires_at, attempts, used_at FROM booking_access_codes;
INSERT INTO access_grants (subject, subject_id, user_key, granted_at)
    SELECT 'booking', booking_id, user_key, granted_at FROM booking_access;
DROP TABLE booking_access_codes;
DROP TABLE booking_access;
