-- Sealed values (AES-256-GCM output) do not compress, yet PostgreSQL tries to compress every value of a row
-- over about 2 KB before it moves it out of line into TOAST. Signal session records are 4.7-5.7 KB sealed and
-- rewritten on every message in both directions: with the default settings each write cost a failed compression,
-- about three TOAST rows inserted and three deleted. EXTERNAL stops the compression attempts, and a tuple target
-- near a page keeps records that fit a page in the row itself (larger ones still go to TOAST).
ALTER TABLE signal_sessions ALTER COLUMN record_sealed SET STORAGE EXTERNAL;
ALTER TABLE signal_sessions SET (toast_tuple_target = 8160);

-- One-time and last-resort Kyber prekeys (a 1,568-byte public key and a sealed record of about 4.8 KB): written
-- 100 at a time by replenishment and read by every bundle claim.
ALTER TABLE signal_kyber_prekeys ALTER COLUMN record_sealed SET STORAGE EXTERNAL;
ALTER TABLE signal_kyber_prekeys ALTER COLUMN public_key SET STORAGE EXTERNAL;
ALTER TABLE signal_kyber_prekeys SET (toast_tuple_target = 8160);
