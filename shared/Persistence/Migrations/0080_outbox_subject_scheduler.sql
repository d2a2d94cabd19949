-- Issue 13 (storage seams): the scheduler's own messages say what they are about, too: the coordinator digest and the
-- agency reminders carry the visit day ("yyyy-MM-dd") as their subject, so the routes page and the reminder refresh
-- read it instead of matching idempotency keys. Backfilled once for the rows written before
-- ("digest:<day>:r<revision>", "<h1|h0>:agency:<agency>:<liaison>:<day>", the day last).
UPDATE outbox SET subject = split_part(idempotency_key, ':', 2) WHERE kind = 'coordinator.digest' AND subject IS NULL;
UPDATE outbox SET subject = regexp_replace(idempotency_key, '^.*:', '') WHERE kind = 'agency.reminder' AND subject IS NULL;
CREATE INDEX outbox_by_subject ON outbox (kind, subject, id) WHERE subject IS NOT NULL;
