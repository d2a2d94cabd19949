-- Complaints (pengaduan.md §5): one row per ticket PGD-YYYY-NNNNN, every status change in the history with its public
-- response text. Identity fields (reporter_name, contact_*, user_key) are shown to staff only per ComplaintPrivacy.
CREATE TABLE complaints (
    id                    bigserial PRIMARY KEY,
    code                  text NOT NULL UNIQUE,            -- PGD-2026-00001
    request_id            text NOT NULL UNIQUE,            -- the dialog's request id: creation is idempotent
    user_key              text NOT NULL,                   -- "<channel>:<user id>" of the complainant (notifications)
    type                  text NOT NULL,                   -- ASPIRASI / PENGADUAN / PERMINTAAN_INFORMASI
    category              text NOT NULL,                   -- ComplaintCategories code, e.g. BIAYA_PUNGLI
    confidentiality       text NOT NULL,                   -- BIASA / ANONIM / RAHASIA
    wants_contact         boolean NOT NULL,
    contact_channel       text,                            -- whatsapp / telepon / email
    contact_value         text,
    reporter_name         text,
    description           text NOT NULL,                   -- redacted (no full NIK, no passwords)
    when_where            text NOT NULL,
    booking_code          text,                            -- the complainant's own booking, if given
    attachments           jsonb NOT NULL DEFAULT '[]'::jsonb, -- [{contentType, name, contentUrl}]
    status                text NOT NULL,                   -- diterima, verifikasi, perlu_lengkapi, tindak_lanjut, dialihkan, eskalasi, selesai, ditutup
    sla_class             text NOT NULL,                   -- simple / without_field_check / with_field_check
    received_at           timestamptz NOT NULL,
    updated_at            timestamptz NOT NULL,
    sla_due_at            timestamptz,                     -- earliest running first-response/resolution deadline (exclusive end), null when none runs
    satisfaction_pending  boolean NOT NULL DEFAULT false,  -- "apakah sudah terselesaikan?" asked, no answer yet
    satisfaction_rating   int CHECK (satisfaction_rating BETWEEN 1 AND 4),
    satisfaction_resolved boolean,
    satisfaction_at       timestamptz
);
CREATE INDEX complaints_user ON complaints (user_key);
CREATE INDEX complaints_status ON complaints (status);
CREATE INDEX complaints_pending_satisfaction ON complaints (user_key) WHERE satisfaction_pending;

CREATE TABLE complaint_status_history (
    id            bigserial PRIMARY KEY,
    complaint_id  bigint NOT NULL REFERENCES complaints (id),
    from_status   text,
    to_status     text NOT NULL,
    at            timestamptz NOT NULL,
    actor         text NOT NULL,                           -- "pelapor" for the complainant, "staff:<name>" for staff
    response      text,                                    -- public response text sent to the complainant
    is_public     boolean NOT NULL
);
CREATE INDEX complaint_status_history_complaint ON complaint_status_history (complaint_id, at);
