-- Families (a household, or related households), their members and invite codes.
CREATE TABLE families (
    id         UUID        PRIMARY KEY,
    -- 1-64 characters (TextRules); VARCHAR counts characters, not bytes.
    name       VARCHAR(64) NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);

-- Writers lock the families row first (SELECT ... FOR UPDATE), so that checks over all members (the last admin,
-- the member limit) cannot race.
CREATE TABLE family_members (
    family_id UUID        NOT NULL REFERENCES families (id) ON DELETE CASCADE,
    user_id   UUID        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role      VARCHAR(8)  NOT NULL CHECK (role IN ('ADMIN', 'MEMBER')),
    joined_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (family_id, user_id)
);
CREATE INDEX family_members_by_user ON family_members (user_id);

CREATE TABLE family_invites (
    id         UUID        PRIMARY KEY,
    -- SHA-256 of the invite code; the code itself is never stored.
    code_hash  BYTEA       NOT NULL UNIQUE CHECK (octet_length(code_hash) = 32),
    family_id  UUID        NOT NULL REFERENCES families (id) ON DELETE CASCADE,
    created_by UUID        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    -- Single use: set when someone joins with it.
    used_at    TIMESTAMPTZ
);
CREATE INDEX family_invites_by_family ON family_invites (family_id);
