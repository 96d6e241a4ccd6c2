package app.famichat.conversations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import app.famichat.platform.errors.Failure;
import app.famichat.platform.errors.FamichatException;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ConversationTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private final UUID ann = UUID.fromString("00000000-0000-0000-0000-00000000000a");
    private final UUID bob = UUID.fromString("f0000000-0000-0000-0000-00000000000b");

    @Test
    void eachTypeCarriesItsEncryptionPolicy() {
        assertEquals(Encryption.SIGNAL_PAIRWISE, ConversationType.DIRECT.encryption());
        assertEquals(Encryption.SIGNAL_PAIRWISE, ConversationType.GROUP.encryption());
        assertEquals(Encryption.SIGNAL_PAIRWISE, ConversationType.FAMILY.encryption());
        assertEquals(Encryption.VAULT_ONLY, ConversationType.SELF.encryption());
        assertEquals(Encryption.VAULT_ONLY, Conversation.self(ann, NOW).encryption());
    }

    @Test
    void typesParseOnlyTheirApiNames() {
        assertEquals(ConversationType.DIRECT, ConversationType.parse("type", "direct"));
        assertEquals(ConversationType.SELF, ConversationType.parse("type", "self"));
        for (String bad : new String[] {"DIRECT", "channel", "", null}) {
            assertEquals("type", assertThrows(FamichatException.class, () -> ConversationType.parse("type", bad))
                    .field());
        }
    }

    @Test
    void aPairHasOneDirectKeyWhoeverStartsIt() {
        String key = Conversation.direct(ann, bob, NOW).singletonKey();
        assertEquals(key, Conversation.direct(bob, ann, NOW).singletonKey());
        assertEquals("direct:" + ann + ":" + bob, key);
    }

    @Test
    void familyAndSelfAreSingletonsGroupsAreNot() {
        UUID family = UUID.randomUUID();
        assertEquals("family:" + family, Conversation.family(family, NOW).singletonKey());
        assertEquals("self:" + ann, Conversation.self(ann, NOW).singletonKey());
        assertNull(Conversation.group("Cousins", NOW).singletonKey());
    }

    @Test
    void onlyAGroupsMembersChange() {
        Conversation.group("Cousins", NOW).requireChangeableMembers();
        for (Conversation fixed : new Conversation[] {Conversation.direct(ann, bob, NOW),
                Conversation.family(UUID.randomUUID(), NOW), Conversation.self(ann, NOW)}) {
            assertEquals(Failure.CONFLICT,
                    assertThrows(FamichatException.class, fixed::requireChangeableMembers).failure());
        }
    }
}
