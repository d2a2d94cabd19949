-- Internal notes of the complaint handlers (the citizen never sees them: they are never part of the status history, the
-- chat's status view or any outbox message), and the indexes the console's complaint inbox sorts and filters by.
CREATE TABLE complaint_notes (
    id            bigserial PRIMARY KEY,
    complaint_id  bigint NOT NULL REFERENCES complaints (id),
    at            timestamptz NOT NULL,
    author        text NOT NULL,                           -- StaffActor label of the logged-in handler, e.g. "console:siti"
    text          text NOT NULL
);
CREATE INDEX complaint_notes_complaint ON complaint_notes (complaint_id, at);
CREATE INDEX complaints_sla_due ON complaints (sla_due_at) WHERE sla_due_at IS NOT NULL;
CREATE INDEX complaints_received ON complaints (received_at DESC, id DESC);
