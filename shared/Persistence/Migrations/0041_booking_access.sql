-- A citizen reaches their booking from another device (issue 11): code + phone or NIK, then a one-time code sent to
-- the WhatsApp number on the booking. Codes are stored hashed, expire, and count wrong attempts; a verified chat user
-- gets a grant and may check, reschedule and cancel that booking like its owner.
CREATE TABLE booking_access_codes (
    id          bigserial PRIMARY KEY,
    booking_id  bigint NOT NULL REFERENCES bookings(id),
    user_key    text NOT NULL,              -- the chat user who asked (the new device)
    code_hash   text NOT NULL,              -- SHA-256 of booking id, user key and the six digits
    created_at  timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL,
    attempts    int NOT NULL DEFAULT 0,     -- wrong codes typed against this one
    used_at     timestamptz
);
CREATE INDEX booking_access_codes_by_user ON booking_access_codes (booking_id, user_key, created_at DESC);

CREATE TABLE booking_access (
    booking_id  bigint NOT NULL REFERENCES bookings(id),
    user_key    text NOT NULL,
    granted_at  timestamptz NOT NULL,
    PRIMARY KEY (booking_id, user_key)
);
CREATE INDEX booking_access_by_user ON booking_access (user_key);
