-- Devices are created explicitly and prove themselves at sign-in (issue 10, findings 4 and 7).
-- credential_hash: SHA-256 of the device credential handed out once when the device was created (256 random
-- bits: no slow hash needed). Devices from before this version have none: they cannot sign in again, a new
-- device can (and the stale-device sweep removes the old one).
ALTER TABLE devices ADD COLUMN credential_hash BYTEA CHECK (octet_length(credential_hash) = 32);
-- The last sign-in on the device (its creation counts): a device without one for famichat.devices.stale-after
-- and without a live token is removed by the stale-device sweep.
ALTER TABLE devices ADD COLUMN last_signed_in_at TIMESTAMPTZ;
UPDATE devices SET last_signed_in_at = created_at;
ALTER TABLE devices ALTER COLUMN last_signed_in_at SET NOT NULL;
CREATE INDEX devices_by_last_sign_in ON devices (last_signed_in_at);

COMMENT ON COLUMN rate_limit_windows.key IS
    'HMAC-SHA256 (hex) of the limiter and what is limited, under a key derived from the vault master key';
