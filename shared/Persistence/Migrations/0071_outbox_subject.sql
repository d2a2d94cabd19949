-- Issue 13 (storage seams): what an outbox message is about (a booking code, a ticket), stored explicitly, so no
-- reader recovers it from the idempotency key. Backfilled once for the SKM invitations ("skm-invite:<code>:<user>").
ALTER TABLE outbox ADD COLUMN subject text;
UPDATE outbox SET subject = split_part(idempotency_key, ':', 2) WHERE kind = 'skm.invite' AND subject IS NULL;
CREATE INDEX outbox_sent_by_kind ON outbox (kind, sent_at) WHERE status = 'sent';
