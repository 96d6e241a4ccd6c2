package app.famichat.platform.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.famichat.platform.errors.Failure;
import app.famichat.platform.errors.FamichatException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class TextRulesTest {

    @Test
    void acceptsOrdinaryNamesAndEmojiSequencesNormalized() {
        assertEquals("Oma Müller", TextRules.name("  Oma Mu\u0308ller ", 64).value());
        assertTrue(TextRules.name("Family 👨‍👩‍👧", 64).ok(), "zero-width joiner sequences stay allowed");
        assertTrue(TextRules.name("עברית and العربية", 64).ok(), "right-to-left scripts are fine, overrides are not");
    }

    @ParameterizedTest
    @ValueSource(strings = {"nul\u0000", "bell\u0007", "evil\u202Eanna", "iso\u2066x", "mark\u200Fx", "zw\u200Bsp",
            "lone\uD800", "\uDC00low", "line\u2028sep", "private\uE000use", "", "   "})
    void refusesInvisibleControlAndBrokenText(String text) {
        assertFalse(TextRules.name(text, 64).ok(), text.codePoints().mapToObj(Integer::toHexString).toList().toString());
    }

    @Test
    void countsCodePointsNotUtf16Units() {
        assertTrue(TextRules.name("😀".repeat(64), 64).ok());
        assertEquals("must be at most 64 characters", TextRules.name("a".repeat(65), 64).refusal());
        assertEquals("is required", TextRules.name(null, 64).refusal());
    }

    @Test
    void aRefusalNamesTheFieldAndNotTheText() {
        FamichatException refusal = assertThrows(FamichatException.class,
                () -> TextRules.name("Evil\u202Eanna", 64).valueOrRefuse("title"));
        assertEquals(Failure.INVALID, refusal.failure());
        assertEquals("title", refusal.field());
        assertEquals("contains a bidirectional control character", refusal.getMessage());
        assertEquals("Café", TextRules.name(" Cafe\u0301 ", 64).valueOrRefuse("title"));
    }

    @Test
    void aBodyIsKeptExactlyWithLineBreaksTabsAndBidiMarks() {
        for (String body : new String[] {"  two\n lines\twith tab  ", "\u200Fשלום", "e\u0301", "👨‍👩‍👧"}) {
            assertEquals(body, TextRules.body(body, 4096).value());
        }
    }

    @Test
    void aBodyRefusesNulControlsBlankLoneSurrogatesAndLength() {
        assertEquals("contains a control character", TextRules.body("a\u0000b", 10).refusal());
        assertEquals("contains a control character", TextRules.body("bell\u0007", 10).refusal());
        assertEquals("must not be blank", TextRules.body(" \n\t", 10).refusal());
        assertEquals("contains an unpaired surrogate", TextRules.body("x\uD800", 10).refusal());
        assertEquals("is required", TextRules.body(null, 10).refusal());
        assertEquals("must be at most 3 characters", TextRules.body("abcd", 3).refusal());
        assertEquals("😀😀😀", TextRules.body("😀😀😀", 3).value(), "counts code points");
    }
}
