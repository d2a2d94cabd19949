-- Issue 10: owned leases (only the holder writes an outcome), per-part progress of multi-part proactive messages,
-- and the retention job's bookkeeping of raw payloads.
ALTER TABLE whatsapp_inbox ADD COLUMN lease_owner text;
ALTER TABLE whatsapp_inbox ADD COLUMN redacted_at timestamptz;
ALTER TABLE outbox ADD COLUMN lease_owner text;
ALTER TABLE outbox ADD COLUMN parts_sent int NOT NULL DEFAULT 0;
ALTER TABLE directline_activities ADD COLUMN redacted_at timestamptz;
CREATE INDEX whatsapp_inbox_retention ON whatsapp_inbox (received_at) WHERE redacted_at IS NULL;
CREATE INDEX directline_activities_retention ON directline_activities (created_at) WHERE redacted_at IS NULL;
