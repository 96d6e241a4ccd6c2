-- Walking skeleton of the send path: one row per send, one row per (send, target) delivered by the MDB.
-- Carries a diagnostic label only, never user content. Replaced by the message pipeline.
CREATE TABLE skeleton_send (
    id           UUID PRIMARY KEY,
    label        VARCHAR(200) NOT NULL,
    target_count INTEGER      NOT NULL CHECK (target_count > 0),
    created_at   TIMESTAMPTZ  NOT NULL
);

CREATE TABLE skeleton_delivery (
    id           BIGSERIAL PRIMARY KEY,
    send_id      UUID         NOT NULL REFERENCES skeleton_send (id),
    target       VARCHAR(64)  NOT NULL,
    attempt      INTEGER      NOT NULL,
    delivered_at TIMESTAMPTZ  NOT NULL,
    -- Exactly-once effect under at-least-once delivery: a redelivered message cannot add a second row.
    CONSTRAINT skeleton_delivery_once UNIQUE (send_id, target)
);
