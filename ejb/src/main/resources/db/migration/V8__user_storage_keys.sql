-- Per-user storage keys: a random 256-bit data key per user for stored history and `self` conversations,
-- sealed by the key vault (SealContext user_storage_keys/key/<user_id>). Deleting a row makes everything sealed
-- under that key unreadable (crypto-erasure); account deletion will rely on it.
-- (V7 is reserved for the Signal key tables, developed on another branch.)
CREATE TABLE user_storage_keys (
    user_id    UUID        PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    -- Key vault format: version | key id length | key id | nonce | AES-GCM(data key) + tag.
    key        BYTEA       NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
