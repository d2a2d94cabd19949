-- Foundation: conversation state, conversation references, stakeholders, pelaku usaha, locations, bookings.

CREATE TABLE bot_state (
    key         text PRIMARY KEY,           -- "conv:<channel>:<conversation>" or "user:<channel>:<user>"
    data        jsonb NOT NULL,
    version     bigint NOT NULL,            -- optimistic concurrency: every write is conditional on it
    updated_at  timestamptz NOT NULL DEFAULT now()
);

-- Per-prefix, per-year counters behind human-readable codes (KM-2026-00001, PGD-2026-00001).
CREATE TABLE code_counters (
    prefix      text NOT NULL,
    year        int  NOT NULL,
    last_value  int  NOT NULL,
    PRIMARY KEY (prefix, year)
);

CREATE TABLE stakeholders (
    id        text PRIMARY KEY,
    name      text NOT NULL,
    contact   jsonb NOT NULL DEFAULT '{}'::jsonb,  -- channel references of the agency's liaison, set by the office
    active    boolean NOT NULL DEFAULT true
);

INSERT INTO stakeholders (id, name) VALUES
    ('perdagangan',   'Dinas Perdagangan Kota Mataram'),
    ('perindustrian', 'Dinas Perindustrian, Koperasi dan UKM Kota Mataram'),
    ('kpp',           'KPP Pratama Mataram'),
    ('dinkes',        'Dinas Kesehatan Kota Mataram'),
    ('dlh',           'Dinas Lingkungan Hidup Kota Mataram'),
    ('koperasi_ukm',  'Dinas Koperasi dan UKM Kota Mataram');

CREATE TABLE pelaku_usaha (
    id             bigserial PRIMARY KEY,
    user_key       text,                      -- the chat user who registered them, if any
    name           text NOT NULL,
    phone          text,                      -- E.164
    nik            text,                      -- personal data: never logged unmasked
    business_form  text NOT NULL CHECK (business_form IN ('perorangan', 'badan_usaha')),
    created_at     timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE locations (
    id              bigserial PRIMARY KEY,
    kelurahan_code  text,
    kelurahan       text,
    kecamatan       text,
    address         text,
    latitude        double precision,
    longitude       double precision
);

CREATE TABLE bookings (
    id                    bigserial PRIMARY KEY,
    code                  text NOT NULL UNIQUE,
    request_id            text NOT NULL UNIQUE,   -- idempotency: one booking per confirmed draft, whatever redelivers it
    user_key              text NOT NULL,          -- owner: only they see and change it by chat
    pelaku_usaha_id       bigint NOT NULL REFERENCES pelaku_usaha(id),
    location_id           bigint NOT NULL REFERENCES locations(id),
    status                text NOT NULL CHECK (status IN ('requested','confirmed','scheduled','in_service','served','cancelled','no_show')),
    visit_date            date NOT NULL,
    visit_time            time NOT NULL,
    business_description  text NOT NULL,
    kbli                  text,
    has_npwp              boolean,
    has_akta              boolean,
    people_count          int NOT NULL CHECK (people_count BETWEEN 1 AND 500),
    nib_issued            boolean,
    created_at            timestamptz NOT NULL DEFAULT now(),
    updated_at            timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX bookings_active_by_day ON bookings (visit_date) WHERE status NOT IN ('cancelled', 'no_show');
CREATE INDEX bookings_by_owner ON bookings (user_key);

CREATE TABLE booking_participants (
    booking_id       bigint NOT NULL REFERENCES bookings(id),
    pelaku_usaha_id  bigint NOT NULL REFERENCES pelaku_usaha(id),
    PRIMARY KEY (booking_id, pelaku_usaha_id)
);

CREATE TABLE booking_stakeholders (
    booking_id      bigint NOT NULL REFERENCES bookings(id),
    stakeholder_id  text NOT NULL REFERENCES stakeholders(id),
    attendance      text NOT NULL DEFAULT 'invited' CHECK (attendance IN ('invited','confirmed','declined')),
    PRIMARY KEY (booking_id, stakeholder_id)
);

CREATE TABLE booking_status_history (
    id           bigserial PRIMARY KEY,
    booking_id   bigint NOT NULL REFERENCES bookings(id),
    from_status  text,
    to_status    text NOT NULL,
    at           timestamptz NOT NULL,
    actor        text NOT NULL,
    note         text
);
CREATE INDEX booking_status_history_by_booking ON booking_status_history (booking_id, at);
