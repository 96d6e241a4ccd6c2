-- Conversations. The type never changes and decides the encryption policy (see ConversationType).
CREATE TABLE conversations (
    id            UUID        PRIMARY KEY,
    type          VARCHAR(8)  NOT NULL CHECK (type IN ('DIRECT', 'GROUP', 'FAMILY', 'SELF')),
    -- Groups only: 1-64 characters (TextRules).
    title         VARCHAR(64),
    -- Family conversations only; deleted with their family.
    family_id     UUID        REFERENCES families (id) ON DELETE CASCADE,
    -- 'direct:<lower user id>:<higher user id>', 'family:<family id>' or 'self:<user id>': the types that exist at
    -- most once per pair, family or user. Concurrent creations meet at this constraint (INSERT ... ON CONFLICT).
    singleton_key VARCHAR(80) UNIQUE,
    created_at    TIMESTAMPTZ NOT NULL,
    CHECK ((type = 'GROUP') = (title IS NOT NULL)),
    CHECK ((type = 'FAMILY') = (family_id IS NOT NULL)),
    CHECK ((type = 'GROUP') = (singleton_key IS NULL))
);

-- Members of direct, group and self conversations. Family conversations have no rows here: see below.
CREATE TABLE conversation_members (
    conversation_id UUID        NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    user_id         UUID        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- ADMIN manages a group's members; everyone else is a MEMBER.
    role            VARCHAR(8)  NOT NULL CHECK (role IN ('ADMIN', 'MEMBER')),
    joined_at       TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (conversation_id, user_id)
);
CREATE INDEX conversation_members_by_user ON conversation_members (user_id);

-- Who is in every conversation: the only place that answers it. A family conversation's members are its
-- family's current members, derived at read time, so that it follows every join, departure and removal in the
-- same transaction by construction, with no copy to keep in sync and nothing to repair if one were missed.
CREATE VIEW conversation_membership AS
SELECT m.conversation_id, m.user_id, m.role, m.joined_at
FROM conversation_members m
UNION ALL
SELECT c.id, f.user_id, 'MEMBER', GREATEST(f.joined_at, c.created_at)
FROM conversations c
JOIN family_members f ON f.family_id = c.family_id;
