-- Low-confidence intents join the unanswered FAQ questions for staff review (issue 12): which model was unsure
-- ('faq' = the knowledge base, 'intent' = the intent classifier) and how sure it was. The text stays masked
-- (NIK/phone digit runs, e-mail addresses and street addresses never reach this table).
ALTER TABLE nlu_unanswered ADD COLUMN source text NOT NULL DEFAULT 'faq' CHECK (source IN ('faq', 'intent'));
ALTER TABLE nlu_unanswered ADD COLUMN confidence real;
CREATE INDEX nlu_unanswered_source_at ON nlu_unanswered (source, at DESC);
