-- Account deletion (AccountDeletion) deletes the users row. The messages a deleted user sent stay for the other
-- members, whose history rows reference them, so the sender no longer cascades: sender_user_id stays a plain id,
-- as it already is in message_history and message_envelopes.
ALTER TABLE messages DROP CONSTRAINT messages_sender_user_id_fkey;
