-- WhatsApp Cloud API channel.
-- Inbox: every verified inbound message is stored (raw webhook body) before the webhook is answered 200, then a worker
-- runs the turn. The wamid is unique, so a redelivered webhook adds nothing.
CREATE TABLE whatsapp_inbox (
    id               bigserial PRIMARY KEY,
    wamid            text NOT NULL UNIQUE,
    user_key         text NOT NULL,                 -- "whatsapp:<user id>": messages of one user are processed in order
    payload          text NOT NULL,                 -- the raw webhook body as signed by Meta
    status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'failed')),
    attempts         int NOT NULL DEFAULT 0,
    received_at      timestamptz NOT NULL,
    next_attempt_at  timestamptz NOT NULL,
    locked_until     timestamptz,                   -- lease of the node processing it (expired lease = crashed node)
    processed_at     timestamptz,
    replies          jsonb,                         -- Graph bodies of the turn's replies, kept once the turn committed
    sent_count       int NOT NULL DEFAULT 0,        -- how many of them were already sent (resume without repeating)
    last_error       text
);
CREATE INDEX whatsapp_inbox_pending ON whatsapp_inbox (user_key, id) WHERE status = 'pending';

-- Delivery statuses from webhooks (sent/delivered/read/failed), deduplicated on (wamid, status).
CREATE TABLE whatsapp_statuses (
    wamid        text NOT NULL,
    status       text NOT NULL,
    occurred_at  timestamptz NOT NULL,
    recipient    text,
    error_code   int,
    error_kind   text,
    errors       jsonb,
    received_at  timestamptz NOT NULL,
    PRIMARY KEY (wamid, status)
);

-- Every message we sent (or failed to send) through the Graph API; statuses join on wamid.
CREATE TABLE whatsapp_outbound (
    id           bigserial PRIMARY KEY,
    user_key     text NOT NULL,
    purpose      text NOT NULL,                     -- reply | proactive
    message_type text NOT NULL,                     -- text | interactive | template | ...
    wamid        text,
    status       text NOT NULL CHECK (status IN ('accepted', 'failed')),
    error_code   int,
    error_kind   text,
    error        text,
    created_at   timestamptz NOT NULL
);
CREATE INDEX whatsapp_outbound_wamid ON whatsapp_outbound (wamid) WHERE wamid IS NOT NULL;

-- Per-user channel memory: the menu offered last (numbers/titles accepted on the next message).
CREATE TABLE whatsapp_users (
    user_key    text PRIMARY KEY,
    menu        jsonb,
    updated_at  timestamptz NOT NULL
);

-- Media the users sent (images/documents), downloaded with the access token right away (Meta URLs expire in 5 minutes,
-- media ids after 30 days) and kept here so complaints and staff can refer to them.
CREATE TABLE whatsapp_media (
    id          uuid PRIMARY KEY,
    media_id    text NOT NULL UNIQUE,
    wamid       text NOT NULL,
    user_key    text NOT NULL,
    mime_type   text NOT NULL,
    file_name   text,
    sha256      text NOT NULL,
    size_bytes  int NOT NULL,
    content     bytea NOT NULL,
    received_at timestamptz NOT NULL
);
