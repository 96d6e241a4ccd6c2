-- Signal key material of hosted devices. Public parts in clear (they go into prekey bundles); every private
-- part and every session state is sealed by the key vault (KeyVault.seal, AES-256-GCM) with the associated
-- data (table, column, row id), row id as written in app.famichat.keys.KeyRows.

-- Per user: the long-term identity key pair. private_key_sealed holds IdentityKeyPair.serialize(), sealed.
CREATE TABLE signal_identity_keys (
    user_id            UUID        PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    public_key         BYTEA       NOT NULL,
    private_key_sealed BYTEA       NOT NULL,
    created_at         TIMESTAMPTZ NOT NULL
);

-- Per device: signed EC prekeys (record_sealed = SignedPreKeyRecord.serialize(), sealed).
CREATE TABLE signal_signed_prekeys (
    user_id       UUID        NOT NULL,
    device_id     SMALLINT    NOT NULL,
    prekey_id     INTEGER     NOT NULL,
    public_key    BYTEA       NOT NULL,
    signature     BYTEA       NOT NULL,
    record_sealed BYTEA       NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (user_id, device_id, prekey_id),
    FOREIGN KEY (user_id, device_id) REFERENCES devices (user_id, device_id) ON DELETE CASCADE
);

-- Per device: Kyber (ML-KEM 1024) prekeys, one-time ones and the last-resort one (last_resort = true).
-- claimed_at: handed out in a bundle (a one-time key is handed out once); the row stays until the device
-- uses it (markKyberPreKeyUsed deletes a one-time key), since the hosted device needs its private part.
CREATE TABLE signal_kyber_prekeys (
    user_id       UUID        NOT NULL,
    device_id     SMALLINT    NOT NULL,
    prekey_id     INTEGER     NOT NULL,
    last_resort   BOOLEAN     NOT NULL,
    public_key    BYTEA       NOT NULL,
    signature     BYTEA       NOT NULL,
    record_sealed BYTEA       NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL,
    claimed_at    TIMESTAMPTZ,
    PRIMARY KEY (user_id, device_id, prekey_id),
    FOREIGN KEY (user_id, device_id) REFERENCES devices (user_id, device_id) ON DELETE CASCADE
);
CREATE INDEX signal_kyber_prekeys_unclaimed ON signal_kyber_prekeys (user_id, device_id, prekey_id)
    WHERE claimed_at IS NULL AND NOT last_resort;

-- Uses of a last-resort Kyber key: a base key seen once with (kyber id, signed prekey id) is a replay the
-- second time (PLATFORM-NOTES: markKyberPreKeyUsed must enforce this itself).
CREATE TABLE signal_kyber_prekey_uses (
    user_id          UUID        NOT NULL,
    device_id        SMALLINT    NOT NULL,
    kyber_prekey_id  INTEGER     NOT NULL,
    signed_prekey_id INTEGER     NOT NULL,
    base_key         BYTEA       NOT NULL,
    used_at          TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (user_id, device_id, kyber_prekey_id, signed_prekey_id, base_key),
    FOREIGN KEY (user_id, device_id) REFERENCES devices (user_id, device_id) ON DELETE CASCADE
);

-- Per device: one-time EC prekeys (record_sealed = PreKeyRecord.serialize(), sealed). claimed_at as above;
-- removePreKey deletes the row once the device has used it.
CREATE TABLE signal_prekeys (
    user_id       UUID        NOT NULL,
    device_id     SMALLINT    NOT NULL,
    prekey_id     INTEGER     NOT NULL,
    public_key    BYTEA       NOT NULL,
    record_sealed BYTEA       NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL,
    claimed_at    TIMESTAMPTZ,
    PRIMARY KEY (user_id, device_id, prekey_id),
    FOREIGN KEY (user_id, device_id) REFERENCES devices (user_id, device_id) ON DELETE CASCADE
);
CREATE INDEX signal_prekeys_unclaimed ON signal_prekeys (user_id, device_id, prekey_id) WHERE claimed_at IS NULL;

-- The identity keys a local user has seen for remote addresses (trust on first use; a change is reported).
CREATE TABLE signal_remote_identities (
    local_user_id    UUID        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    remote_user_id   UUID        NOT NULL,
    remote_device_id SMALLINT    NOT NULL,
    identity_key     BYTEA       NOT NULL,
    updated_at       TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (local_user_id, remote_user_id, remote_device_id)
);

-- Double Ratchet state per (local device, remote device). record_sealed = SessionRecord.serialize(), sealed.
-- version: optimistic lock; every store is UPDATE ... WHERE version = (the version loaded), so two writers
-- can never both advance one session.
CREATE TABLE signal_sessions (
    local_user_id    UUID        NOT NULL,
    local_device_id  SMALLINT    NOT NULL,
    remote_user_id   UUID        NOT NULL,
    remote_device_id SMALLINT    NOT NULL,
    record_sealed    BYTEA       NOT NULL,
    version          BIGINT      NOT NULL,
    updated_at       TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (local_user_id, local_device_id, remote_user_id, remote_device_id),
    FOREIGN KEY (local_user_id, local_device_id) REFERENCES devices (user_id, device_id) ON DELETE CASCADE
);
