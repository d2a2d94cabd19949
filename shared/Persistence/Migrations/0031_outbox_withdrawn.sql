-- A reminder re-rendered at send time with nothing left to say (e.g. every visit of an agency's H-1 reminder was
-- cancelled after the planning cutoff) is withdrawn: kept for the record, never sent.
ALTER TABLE outbox DROP CONSTRAINT IF EXISTS outbox_status_check;
ALTER TABLE outbox ADD CONSTRAINT outbox_status_check CHECK (status IN ('pending', 'sending', 'sent', 'dead', 'withdrawn'));
