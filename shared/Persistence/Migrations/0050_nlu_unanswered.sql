-- Questions the bot could not answer with confidence (FAQ not found, out of scope, or asked which entry was meant),
-- kept for staff to review and turn into new paraphrases (GET /api/staff/nlu/unanswered). The text is stored masked:
-- long digit runs (NIK, phone numbers) and e-mail addresses never reach this table.
CREATE TABLE nlu_unanswered (
    id            bigserial PRIMARY KEY,
    activity_id   text,                 -- the message's activity id: a re-run turn records it once
    channel_id    text NOT NULL,
    at            timestamptz NOT NULL,
    text_masked   text NOT NULL,
    outcome       text NOT NULL CHECK (outcome IN ('not_found', 'out_of_scope', 'clarify', 'low_confidence')),
    intent        text,
    candidates    text NOT NULL DEFAULT '' -- closest knowledge-base entries with scores, "id:score, …"
);
CREATE UNIQUE INDEX nlu_unanswered_activity ON nlu_unanswered (channel_id, activity_id) WHERE activity_id IS NOT NULL;
CREATE INDEX nlu_unanswered_at ON nlu_unanswered (at DESC);
