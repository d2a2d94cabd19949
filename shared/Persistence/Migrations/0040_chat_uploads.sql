-- Files a citizen sends through the web chat (Direct Line /upload): complaint photos and documents. The file id is a
-- random 128-bit capability used in the attachment's contentUrl; the complaint keeps that URL in its attachments.
CREATE TABLE chat_uploads (
    id               text PRIMARY KEY,
    conversation_id  text NOT NULL,
    user_id          text NOT NULL,
    content_type     text NOT NULL,
    name             text NOT NULL,
    size_bytes       integer NOT NULL,
    content          bytea NOT NULL,
    created_at       timestamptz NOT NULL
);
CREATE INDEX chat_uploads_conversation ON chat_uploads (conversation_id);
