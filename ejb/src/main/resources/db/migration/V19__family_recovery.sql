-- Family recovery (issue 14, docs/security.md "Family recovery"). A locked user's guardian setup: a random secret
-- S is split among guardians with Shamir's secret sharing; the keyring key K is wrapped under HKDF-SHA256 of S (its
-- own salt) and sealed by the vault (guardian_setups/wrapped_key/<user_id>). S itself is never stored. At most one
-- setup per user: a new one replaces it; the return to hosted custody deletes it.
CREATE TABLE guardian_setups (
    user_id     UUID        PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    setup_id    UUID        NOT NULL UNIQUE,
    threshold   SMALLINT    NOT NULL CHECK (threshold BETWEEN 2 AND 10),
    salt        BYTEA       NOT NULL CHECK (octet_length(salt) = 16),
    wrapped_key BYTEA       NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL
);

-- One guardian's share: sealed to the guardian's identity public key (X25519 + HKDF + AES-256-GCM, bound to owner,
-- guardian, index and setup), then by the vault (guardian_shares/share/<user_id>/<guardian_id>). NULL once the
-- guardian can no longer hold it (left the shared families, switched to hosted custody): the owner sees them as
-- not usable. A deleted guardian's row goes with them.
CREATE TABLE guardian_shares (
    user_id     UUID     NOT NULL REFERENCES guardian_setups (user_id) ON DELETE CASCADE,
    guardian_id UUID     NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    share_index SMALLINT NOT NULL CHECK (share_index BETWEEN 1 AND 10),
    share       BYTEA,
    PRIMARY KEY (user_id, guardian_id)
);
CREATE INDEX guardian_shares_by_guardian ON guardian_shares (guardian_id);

-- A request to recover an account through its guardians, made without a token. Only the hash of its secret is
-- kept (the requester holds the secret). Its X25519 key pair: the public key in clear, the private key wrapped
-- under Argon2id of the new password (own salt and parameters), sealed by the vault
-- (recovery_requests/private_key/<id>), and deleted (NULL) when the request closes. At most one open request per
-- account (pending or approved).
CREATE TABLE recovery_requests (
    id          UUID         PRIMARY KEY,
    user_id     UUID         NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    setup_id    UUID         NOT NULL,
    threshold   SMALLINT     NOT NULL,
    status      VARCHAR(9)   NOT NULL CHECK (status IN ('pending', 'approved', 'refused', 'expired', 'cancelled',
                                                        'completed')),
    secret_hash BYTEA        NOT NULL CHECK (octet_length(secret_hash) = 32),
    public_key  BYTEA        NOT NULL,
    salt        BYTEA        NOT NULL CHECK (octet_length(salt) = 16),
    memory_kib  INTEGER      NOT NULL,
    iterations  INTEGER      NOT NULL,
    parallelism INTEGER      NOT NULL,
    private_key BYTEA,
    device      VARCHAR(64)  NOT NULL,
    address     VARCHAR(64)  NOT NULL,
    created_at  TIMESTAMPTZ  NOT NULL,
    expires_at  TIMESTAMPTZ  NOT NULL,
    closed_at   TIMESTAMPTZ
);
CREATE INDEX recovery_requests_by_user ON recovery_requests (user_id, created_at);
CREATE UNIQUE INDEX recovery_requests_one_open ON recovery_requests (user_id) WHERE status IN ('pending', 'approved');
CREATE INDEX recovery_requests_open_by_expiry ON recovery_requests (expires_at) WHERE status IN ('pending', 'approved');

-- A guardian's decision on a request. An approval carries the guardian's share sealed to the request's public key
-- (bound to owner, guardian, index and request), then by the vault (recovery_decisions/released_share/<request
-- id>/<guardian id>); deleted (NULL) when the request closes.
CREATE TABLE recovery_decisions (
    request_id     UUID        NOT NULL REFERENCES recovery_requests (id) ON DELETE CASCADE,
    guardian_id    UUID        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    decision       VARCHAR(8)  NOT NULL CHECK (decision IN ('approved', 'refused')),
    share_index    SMALLINT,
    released_share BYTEA,
    decided_at     TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (request_id, guardian_id)
);
CREATE INDEX recovery_decisions_by_guardian ON recovery_decisions (guardian_id);
