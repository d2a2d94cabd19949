-- Durable outbox: every proactive message is written here in the same transaction as the state change that causes it;
-- a dispatcher delivers it at least once, and the idempotency key makes the recipient see it exactly once.
CREATE TABLE outbox (
    id               bigserial PRIMARY KEY,
    idempotency_key  text NOT NULL UNIQUE,          -- e.g. "complaint:PGD-2026-00001:status:verification"
    user_key         text NOT NULL,                 -- "<channel>:<user id>" of the recipient
    kind             text NOT NULL,                 -- message kind: selects the WhatsApp template outside the 24 h window
    activity         jsonb NOT NULL,                -- the Activity to send
    template_params  jsonb NOT NULL DEFAULT '[]'::jsonb,
    status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'dead')),
    attempts         int NOT NULL DEFAULT 0,
    created_at       timestamptz NOT NULL,
    next_attempt_at  timestamptz NOT NULL,
    locked_until     timestamptz,
    sent_at          timestamptz,
    last_error       text
);
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE status IN ('pending', 'sending');
