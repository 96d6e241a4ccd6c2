package app.famichat.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import app.famichat.platform.errors.FamichatException;
import org.junit.jupiter.api.Test;

class HistoryRulesTest {

    @Test
    void withoutALimitAPageHoldsFifty() {
        assertEquals(50, ConversationHistory.pageSize(null, 200));
    }

    @Test
    void aLimitFromOneToTheMaximumIsTaken() {
        assertEquals(1, ConversationHistory.pageSize(1L, 200));
        assertEquals(200, ConversationHistory.pageSize(200L, 200));
    }

    @Test
    void aLimitOutsideIsRefusedNamingTheField() {
        for (long limit : new long[] {0, -1, 201, Long.MAX_VALUE}) {
            assertEquals("limit", assertThrows(FamichatException.class,
                    () -> ConversationHistory.pageSize(limit, 200)).field());
        }
    }

    @Test
    void theMaximumPageIsAtLeastOne() {
        assertEquals(1, new HistorySettings(1).maxPage());
        assertThrows(IllegalStateException.class, () -> new HistorySettings(0));
    }
}
