-- A locked user's recovery code (issue 14, docs/security.md "Recovery code"): a copy of their keyring key K,
-- wrapped under a key derived from the code with HKDF-SHA256 (the code holds 160 random bits; its own salt),
-- then sealed by the vault (SealContext user_recovery_codes/wrapped_key/<user_id>). The code itself is never
-- stored. At most one per user: generating again replaces it; revoking, a use, and the return to hosted custody
-- delete it.
CREATE TABLE user_recovery_codes (
    user_id     UUID        PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    salt        BYTEA       NOT NULL CHECK (octet_length(salt) = 16),
    wrapped_key BYTEA       NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL
);
