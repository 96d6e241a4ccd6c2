package app.famichat.send;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.famichat.platform.errors.FamichatException;
import org.junit.jupiter.api.Test;

class MessageRulesTest {

    private final MessageRules rules = rules(5);

    private static MessageRules rules(int maxBodyChars) {
        MessageRules rules = new MessageRules();
        rules.settings = new SendSettings(maxBodyChars);
        return rules;
    }

    @Test
    void aBodyUpToTheSettingIsKeptAsSent() {
        assertEquals("hello", rules.body("hello"));
        assertEquals("\uD83C\uDF70\uD83C\uDF70", rules.body("\uD83C\uDF70\uD83C\uDF70"));
    }

    @Test
    void aLongerBodyIsRefusedNamingTheField() {
        assertEquals("body", assertThrows(FamichatException.class, () -> rules.body("hello!")).field());
    }

    @Test
    void theLongestBodyIsAtLeastOneCharacter() {
        assertThrows(IllegalStateException.class, () -> new SendSettings(0));
    }

    @Test
    void clientMessageIdsAreShortAndNeedNoEscaping() {
        assertTrue(MessageRules.isClientMessageId("2f1e7c1a-5b9d-4e4f-9c3a-0d8e6f4b2a10"));
        assertTrue(MessageRules.isClientMessageId("a".repeat(64)));
        for (String id : new String[] {null, "", "a".repeat(65), "with space", "quote\"", "slash/"}) {
            assertFalse(MessageRules.isClientMessageId(id), String.valueOf(id));
        }
        assertEquals("clientMessageId", assertThrows(FamichatException.class,
                () -> rules.clientMessageId("with space")).field());
    }
}
