-- SKM (Survei Kepuasan Masyarakat, PermenPAN-RB 14/2017): anonymous responses, answers keyed by element code, and a
-- separate participation ledger that enforces "one response per served booking per person".

-- One completed questionnaire. No name, NIK, phone or chat user key here (skm.md §3). response_id is an opaque random
-- id (exported); booking_id links to the served visit for the office's own bookkeeping and is never exported.
CREATE TABLE skm_responses (
    response_id       text PRIMARY KEY,
    booking_id        bigint REFERENCES bookings(id),
    kecamatan         text,                 -- where the car served the respondent
    risk_level        text,                 -- OSS RBA risk level, when known
    submitted_at      timestamptz NOT NULL,
    survey_date       date NOT NULL,        -- WITA date of submitted_at (period filters)
    gender            text CHECK (gender IN ('LakiLaki', 'Perempuan')),
    age               int CHECK (age BETWEEN 10 AND 110),
    education         text,
    occupation        text,
    occupation_other  text,
    suggestion        text,
    wants_complaint   boolean NOT NULL DEFAULT false
);
CREATE INDEX skm_responses_by_date ON skm_responses (survey_date);

-- Answers by element code (U1..U9), never by position.
CREATE TABLE skm_answers (
    response_id   text NOT NULL REFERENCES skm_responses(response_id) ON DELETE CASCADE,
    element_code  text NOT NULL CHECK (element_code IN ('U1','U2','U3','U4','U5','U6','U7','U8','U9')),
    value         int NOT NULL CHECK (value BETWEEN 1 AND 4),
    PRIMARY KEY (response_id, element_code)
);

-- Who has already answered for which served booking (the uniqueness rule). Deliberately holds no response id, so the
-- ledger does not say which answers a person gave.
CREATE TABLE skm_participation (
    booking_id    bigint NOT NULL REFERENCES bookings(id),
    user_key      text NOT NULL,
    responded_at  timestamptz NOT NULL,
    PRIMARY KEY (booking_id, user_key)
);
