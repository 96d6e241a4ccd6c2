-- Skeleton sends belong to the user who made them: nobody else may read them (or learn that they exist).
-- No foreign key: the skeleton is a diagnostic that the message pipeline replaces.
ALTER TABLE skeleton_send ADD COLUMN sender_id UUID;
