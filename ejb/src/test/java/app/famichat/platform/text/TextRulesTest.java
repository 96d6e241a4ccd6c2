package app.famichat.platform.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import app.famichat.platform.errors.Failure;
import app.famichat.platform.errors.FamichatException;
import org.junit.jupiter.api.Test;

class TextRulesTest {

    @Test
    void anAcceptedNameIsStrippedAndNormalized() {
        assertEquals("Café 👨‍👩‍👧", TextRules.name("  Cafe\u0301 👨\u200D👩\u200D👧 ", 64).valueOrRefuse("name"));
    }

    @Test
    void aRefusalNamesTheFieldAndNotTheText() {
        FamichatException refusal = assertThrows(FamichatException.class,
                () -> TextRules.name("Evil\u202Eanna", 64).valueOrRefuse("title"));
        assertEquals(Failure.INVALID, refusal.failure());
        assertEquals("title", refusal.field());
        assertEquals("contains a bidirectional control character", refusal.getMessage());
    }

    @Test
    void theLimitCountsCharactersNotUtf16Units() {
        assertEquals(64, TextRules.name("🌷".repeat(64), 64).value().codePointCount(0, 128));
        assertNull(TextRules.name("🌷".repeat(65), 64).value());
    }
}
