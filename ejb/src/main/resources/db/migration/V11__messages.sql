-- The encrypted message pipeline (docs/architecture.md, "The send path"). Nothing here holds a message body in
-- clear: the sender's and recipients' copies are sealed under each user's storage key, envelopes hold Signal
-- ciphertext.

-- The walking skeleton is replaced by the pipeline.
DROP TABLE skeleton_delivery;
DROP TABLE skeleton_send;

-- Per-conversation sequence: the last seq handed out. A send locks its conversation row (FOR NO KEY UPDATE) to
-- take the next number, so seq increases by one per message and commits in order within a conversation.
ALTER TABLE conversations ADD COLUMN last_seq BIGINT NOT NULL DEFAULT 0;

-- One row per message, with no content: who sent it where, when, and to how many devices.
CREATE TABLE messages (
    id                UUID        PRIMARY KEY,
    conversation_id   UUID        NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    seq               BIGINT      NOT NULL,
    sender_user_id    UUID        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    sender_device_id  SMALLINT    NOT NULL,
    -- The client's id for the message: a retry with the same id returns this message instead of a new one.
    client_message_id VARCHAR(64) NOT NULL,
    sent_at           TIMESTAMPTZ NOT NULL,
    -- Recipient devices the message was fanned out to (0 for a self conversation).
    fan_out           INTEGER     NOT NULL CHECK (fan_out >= 0),
    -- Set once, by whichever envelope commits last: the end of "send -> all envelopes committed".
    fanned_out_at     TIMESTAMPTZ,
    UNIQUE (conversation_id, seq),
    UNIQUE (conversation_id, sender_user_id, client_message_id)
);

-- Each user's copy of a message (the sender's own copy written at send, each recipient's written when one of
-- their devices takes its envelope), body_sealed under the user's storage key (StorageKeys, row id
-- "<user>/<message>"). undecryptable: the envelope did not decrypt (tampered); the body is a placeholder.
CREATE TABLE message_history (
    user_id          UUID        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    message_id       UUID        NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
    conversation_id  UUID        NOT NULL,
    seq              BIGINT      NOT NULL,
    sender_user_id   UUID        NOT NULL,
    sender_device_id SMALLINT    NOT NULL,
    sent_at          TIMESTAMPTZ NOT NULL,
    body_sealed      BYTEA       NOT NULL,
    undecryptable    BOOLEAN     NOT NULL DEFAULT false,
    PRIMARY KEY (user_id, message_id)
);
CREATE INDEX message_history_pages ON message_history (user_id, conversation_id, seq);

-- One Signal envelope per (message, recipient device), written once by the encryption MDB (the primary key
-- makes a redelivered fan-out message a no-op). taken_at: the recipient's hosted device decrypted it (once: the
-- ratchet forgets the message key); delivered_at: the device has it (acknowledged on the socket or returned by a
-- fetch). no: insertion order, which is encryption order within a device pair.
CREATE TABLE message_envelopes (
    message_id          UUID        NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
    recipient_user_id   UUID        NOT NULL,
    recipient_device_id SMALLINT    NOT NULL,
    no                  BIGSERIAL   NOT NULL UNIQUE,
    conversation_id     UUID        NOT NULL,
    sender_user_id      UUID        NOT NULL,
    sender_device_id    SMALLINT    NOT NULL,
    signal_type         SMALLINT    NOT NULL,
    ciphertext          BYTEA       NOT NULL,
    created_at          TIMESTAMPTZ NOT NULL,
    taken_at            TIMESTAMPTZ,
    delivered_at        TIMESTAMPTZ,
    PRIMARY KEY (message_id, recipient_user_id, recipient_device_id),
    FOREIGN KEY (recipient_user_id, recipient_device_id) REFERENCES devices (user_id, device_id) ON DELETE CASCADE
);
CREATE INDEX message_envelopes_untaken ON message_envelopes (recipient_user_id, recipient_device_id, no)
    WHERE taken_at IS NULL;
CREATE INDEX message_envelopes_undelivered ON message_envelopes (recipient_user_id, recipient_device_id, no)
    WHERE delivered_at IS NULL;

-- How each envelope was encrypted (the reference design's message_encryption table, per envelope).
CREATE TABLE message_encryption (
    message_id          UUID        NOT NULL,
    recipient_user_id   UUID        NOT NULL,
    recipient_device_id SMALLINT    NOT NULL,
    protocol            VARCHAR(16) NOT NULL CHECK (protocol = 'signal'),
    -- Signal message version (CiphertextMessage.CURRENT_VERSION when written).
    version             SMALLINT    NOT NULL,
    sender_user_id      UUID        NOT NULL,
    sender_device_id    SMALLINT    NOT NULL,
    -- This envelope started the pair's session (PQXDH with a claimed bundle).
    session_established BOOLEAN     NOT NULL,
    PRIMARY KEY (message_id, recipient_user_id, recipient_device_id),
    FOREIGN KEY (message_id, recipient_user_id, recipient_device_id)
        REFERENCES message_envelopes (message_id, recipient_user_id, recipient_device_id) ON DELETE CASCADE
);

-- How far each member has read each conversation (only ever moves forward).
CREATE TABLE read_cursors (
    conversation_id UUID        NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    user_id         UUID        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    seq             BIGINT      NOT NULL CHECK (seq >= 0),
    updated_at      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (conversation_id, user_id)
);

-- Security events (an envelope that failed authentication, a changed identity key): kinds and ids, no content.
CREATE TABLE security_events (
    id          BIGSERIAL   PRIMARY KEY,
    kind        VARCHAR(32) NOT NULL,
    user_id     UUID,
    device_id   SMALLINT,
    message_id  UUID,
    occurred_at TIMESTAMPTZ NOT NULL
);
