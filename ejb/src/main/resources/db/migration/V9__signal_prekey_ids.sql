-- Per device with Signal keys: the next free id of each kind of prekey. Ids only move forward (a client may still
-- hold a bundle naming an old id, so an id is never handed out again for another key); they wrap from 16777214
-- back to 1 (app.famichat.keys.PreKeyIds). The row is also the lock that serialises replenishment and rotation of
-- one device across threads and nodes (SELECT ... FOR UPDATE): a row of its own, so that the lock does not block
-- the foreign-key checks of inserts that reference the devices row.
CREATE TABLE signal_prekey_ids (
    user_id        UUID     NOT NULL,
    device_id      SMALLINT NOT NULL,
    -- one-time EC prekeys (signal_prekeys)
    next_ec_id     INTEGER  NOT NULL CHECK (next_ec_id BETWEEN 1 AND 16777214),
    -- Kyber prekeys, one-time and last-resort: one id space (signal_kyber_prekeys)
    next_kyber_id  INTEGER  NOT NULL CHECK (next_kyber_id BETWEEN 1 AND 16777214),
    -- signed EC prekeys (signal_signed_prekeys)
    next_signed_id INTEGER  NOT NULL CHECK (next_signed_id BETWEEN 1 AND 16777214),
    PRIMARY KEY (user_id, device_id),
    FOREIGN KEY (user_id, device_id) REFERENCES devices (user_id, device_id) ON DELETE CASCADE
);

-- Devices created under V7 got EC ids 1..100, Kyber ids 1..101 and signed id 1, and nothing else wrote prekeys
-- since; used keys were deleted, so the highest id still present may be lower than the highest issued.
INSERT INTO signal_prekey_ids (user_id, device_id, next_ec_id, next_kyber_id, next_signed_id)
SELECT d.user_id, d.device_id,
       GREATEST(101, (SELECT coalesce(max(p.prekey_id), 0) + 1 FROM signal_prekeys p
                      WHERE p.user_id = d.user_id AND p.device_id = d.device_id)),
       GREATEST(102, (SELECT coalesce(max(k.prekey_id), 0) + 1 FROM signal_kyber_prekeys k
                      WHERE k.user_id = d.user_id AND k.device_id = d.device_id)),
       GREATEST(2, (SELECT coalesce(max(s.prekey_id), 0) + 1 FROM signal_signed_prekeys s
                    WHERE s.user_id = d.user_id AND s.device_id = d.device_id))
FROM devices d
WHERE EXISTS (SELECT 1 FROM signal_signed_prekeys s WHERE s.user_id = d.user_id AND s.device_id = d.device_id);

-- Claims on an empty one-time stock and rotation look up the newest last-resort Kyber key of a device.
CREATE INDEX signal_kyber_prekeys_last_resort ON signal_kyber_prekeys (user_id, device_id, created_at)
    WHERE last_resort;
