-- People, their devices (a Signal address is (user, device)) and their access tokens.
CREATE TABLE users (
    id            UUID PRIMARY KEY,
    -- Canonical (lower-case ASCII) user name; unique. See docs/api.md for the rules.
    username      VARCHAR(32)  NOT NULL UNIQUE,
    display_name  VARCHAR(64)  NOT NULL,
    -- Argon2id in PHC string format: $argon2id$v=19$m=...,t=...,p=...$salt$hash
    password_hash VARCHAR(256) NOT NULL,
    created_at    TIMESTAMPTZ  NOT NULL
);

CREATE TABLE devices (
    user_id         UUID        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    device_id       SMALLINT    NOT NULL CHECK (device_id BETWEEN 1 AND 127),
    name            VARCHAR(64) NOT NULL,
    -- Signal registration id (14 bits, never 0).
    registration_id INTEGER     NOT NULL CHECK (registration_id BETWEEN 1 AND 16380),
    -- Who holds the device's Signal keys. Only HOSTED (the server, sealed by the vault) exists so far.
    custody         VARCHAR(16) NOT NULL CHECK (custody IN ('HOSTED')),
    created_at      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (user_id, device_id)
);

CREATE TABLE access_tokens (
    -- SHA-256 of the bearer token; the token itself is never stored.
    token_hash BYTEA       PRIMARY KEY CHECK (octet_length(token_hash) = 32),
    user_id    UUID        NOT NULL,
    device_id  SMALLINT    NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    revoked_at TIMESTAMPTZ,
    FOREIGN KEY (user_id, device_id) REFERENCES devices (user_id, device_id) ON DELETE CASCADE
);
CREATE INDEX access_tokens_by_user ON access_tokens (user_id);

-- Fixed-window rate limit counters, shared by every node. key is a SHA-256 (hex) of what is limited
-- (an account, a client address, a device), so no address is stored in clear.
CREATE TABLE rate_limit_windows (
    limiter      VARCHAR(32) NOT NULL,
    key          CHAR(64)    NOT NULL,
    window_start TIMESTAMPTZ NOT NULL,
    hits         INTEGER     NOT NULL,
    PRIMARY KEY (limiter, key, window_start)
);
CREATE INDEX rate_limit_windows_by_start ON rate_limit_windows (window_start);
