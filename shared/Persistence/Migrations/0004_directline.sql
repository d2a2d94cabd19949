-- Self-hosted Direct Line 3.0 (bot/Channels/DirectLine): conversations and their activities, so every node of the
-- service can answer a Web Chat client (watermark = seq of the last activity the client has seen).
CREATE TABLE directline_conversations (
    id           text PRIMARY KEY,                  -- unguessable random id
    user_id      text NOT NULL,                     -- "dl_..." user the conversation's tokens are scoped to
    service_url  text,                              -- the base URL we stamped on the conversation's activities
    created_at   timestamptz NOT NULL,
    started_at   timestamptz,                       -- POST /conversations done (conversationUpdate sent to the bot)
    next_seq     int NOT NULL DEFAULT 0,            -- last assigned activity sequence number
    last_ts      timestamptz NOT NULL               -- last assigned activity timestamp (kept strictly increasing)
);

CREATE TABLE directline_activities (
    conversation_id     text NOT NULL REFERENCES directline_conversations (id) ON DELETE CASCADE,
    seq                 int NOT NULL,
    activity            jsonb NOT NULL,
    client_activity_id  text,                       -- channelData.clientActivityID of a user's send (retries are idempotent)
    created_at          timestamptz NOT NULL,
    PRIMARY KEY (conversation_id, seq)
);
CREATE UNIQUE INDEX directline_activities_client_id ON directline_activities (conversation_id, client_activity_id)
    WHERE client_activity_id IS NOT NULL;
