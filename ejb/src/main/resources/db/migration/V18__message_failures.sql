-- Recipient devices that will never get a message (issue 14: work queued for a locked sender completes or fails
-- visibly, never silently). Written by the encryption MDB, in place of the envelope, when a locked sender's send
-- key is gone (expired unused, or deleted) before the encryption ran: nothing can open the message for that device
-- any more. The sender's status of the message is then `failed` (history, status frames); no content is kept.
CREATE TABLE message_failures (
    message_id          UUID        NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
    recipient_user_id   UUID        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    recipient_device_id SMALLINT    NOT NULL,
    reason              VARCHAR(32) NOT NULL CHECK (reason IN ('send_key_gone')),
    failed_at           TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (message_id, recipient_user_id, recipient_device_id)
);
