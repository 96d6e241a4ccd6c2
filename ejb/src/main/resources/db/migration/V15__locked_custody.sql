-- Locked custody (issue 14, docs/security.md "Locked custody"). A user is 'hosted' (secrets sealed by the vault
-- alone, as before) or 'locked' (each secret first encrypted under the user's keyring key K, then sealed by the
-- vault). Existing accounts stay hosted; the server sets a new account's custody from famichat.custody.default.
ALTER TABLE users ADD COLUMN custody VARCHAR(8) NOT NULL DEFAULT 'hosted' CHECK (custody IN ('hosted', 'locked'));

-- A locked user's K, wrapped under a key derived from their password with Argon2id (its own salt and parameters,
-- not the sign-in hash's), then sealed by the vault (SealContext user_keyrings/wrapped_key/<user_id>).
CREATE TABLE user_keyrings (
    user_id     UUID        PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    salt        BYTEA       NOT NULL CHECK (octet_length(salt) = 16),
    memory_kib  INTEGER     NOT NULL,
    iterations  INTEGER     NOT NULL,
    parallelism INTEGER     NOT NULL,
    wrapped_key BYTEA       NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL
);

-- K for one live token: wrapped under a secret derived from the bearer token (which the server never stores),
-- sealed by the vault (keyring_unlocks/wrapped_key/<token hash hex>). Deleted at sign-out and every revocation
-- (in the revoking statement), with the token's device or user (cascades), and after expires_at (the sweep).
CREATE TABLE keyring_unlocks (
    token_hash  BYTEA       PRIMARY KEY REFERENCES access_tokens (token_hash) ON DELETE CASCADE,
    user_id     UUID        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    wrapped_key BYTEA       NOT NULL,
    expires_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX keyring_unlocks_by_user ON keyring_unlocks (user_id);
CREATE INDEX keyring_unlocks_by_expiry ON keyring_unlocks (expires_at);

-- One fan-out message of a locked sender: the random key E (sealed by the vault, send_keys/key/<id>) that
-- encrypts the message's text and the sender's K inside the broker payload. Deleted in the transaction that
-- stores the envelope, so the payload left in the broker journal opens nowhere (crypto-shredding); after
-- famichat.custody.send-key-lifetime by the sweep.
CREATE TABLE send_keys (
    id         UUID        PRIMARY KEY,
    key        BYTEA       NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX send_keys_by_expiry ON send_keys (expires_at);
