-- Live chat takeover: a conversation enters the handoff queue when a citizen asks for a human or a staff member takes
-- it over. waiting → claimed (one officer, atomically) → released (hand-back) or timed_out (idle).
CREATE TABLE handoff_requests (
    id                bigserial PRIMARY KEY,
    user_key          text NOT NULL,                  -- "<channel>:<user id>" of the citizen
    channel_id        text NOT NULL,
    conversation_id   text NOT NULL,
    display_name      text,
    origin            text NOT NULL CHECK (origin IN ('citizen', 'staff')),
    status            text NOT NULL CHECK (status IN ('waiting', 'claimed', 'released', 'timed_out')),
    created_at        timestamptz NOT NULL,
    claimed_by        text,                           -- staff id of the one officer answering
    claimed_by_name   text,
    claimed_at        timestamptz,
    last_activity_at  timestamptz NOT NULL,           -- last message of either side (idle timeout)
    closed_at         timestamptz,
    closed_by         text
);
-- At most one open request per conversation: a second ask joins the open one, and a takeover cannot start a rival.
CREATE UNIQUE INDEX handoff_open_per_conversation ON handoff_requests (channel_id, conversation_id)
    WHERE status IN ('waiting', 'claimed');
CREATE INDEX handoff_by_user ON handoff_requests (user_key, created_at);
CREATE INDEX handoff_open ON handoff_requests (status, created_at) WHERE status IN ('waiting', 'claimed');

-- What the officer reads: the recent history copied when the request opened, then every line of either side.
CREATE TABLE handoff_messages (
    id           bigserial PRIMARY KEY,
    handoff_id   bigint NOT NULL REFERENCES handoff_requests (id),
    author       text NOT NULL CHECK (author IN ('citizen', 'bot', 'officer', 'history_citizen', 'history_bot')),
    officer_name text,
    text         text NOT NULL,
    activity_id  text,                                -- inbound activity id: a re-run turn adds no second line
    outbox_key   text,                                -- officer lines: the outbox row that delivers them
    created_at   timestamptz NOT NULL
);
CREATE UNIQUE INDEX handoff_messages_once ON handoff_messages (handoff_id, author, activity_id) WHERE activity_id IS NOT NULL;
CREATE INDEX handoff_messages_by_request ON handoff_messages (handoff_id, id);

-- Officers with the live chat page open (heartbeat of its polling): "is anybody there to answer?"
CREATE TABLE handoff_officers (
    staff_id      text PRIMARY KEY,
    name          text NOT NULL,
    last_seen_at  timestamptz NOT NULL
);
