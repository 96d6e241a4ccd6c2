package app.famichat.web.conversations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import app.famichat.accounts.DeviceAddress;
import app.famichat.conversations.Encryption;
import app.famichat.send.HistoryEntry;
import app.famichat.web.JsonConfig;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;
import java.io.StringReader;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** How a conversation list entry is written (with Payara's JSON-B implementation and the application's config). */
class ConversationSummaryViewTest {

    private final Jsonb jsonb = new JsonConfig().getContext(ConversationSummaryView.class);
    private final UUID id = UUID.randomUUID();
    private final Instant created = Instant.parse("2026-11-25T19:59:22.398198Z");

    private JsonObject written(HistoryEntry lastMessage) {
        return Json.createReader(new StringReader(jsonb.toJson(new ConversationSummaryView(id, "direct",
                Encryption.SIGNAL_PAIRWISE, null, null, created, List.of(),
                ConversationSummaryView.lastMessage(lastMessage), 3, 2)))).readObject();
    }

    @Test
    void withoutMessagesLastMessageIsWrittenAsNullWhileOtherNullsStayAbsent() {
        JsonObject json = written(null);
        assertEquals(JsonValue.NULL, json.get("lastMessage"));
        assertFalse(json.containsKey("title"));
        assertFalse(json.containsKey("familyId"));
        assertEquals(3, json.getInt("unreadCount"));
        assertEquals(2, json.getInt("readSeq"));
        assertEquals(id.toString(), json.getString("id"));
    }

    @Test
    void theLastMessageHasItsIdSeqSenderTimeAndBodyOnly() {
        UUID messageId = UUID.randomUUID();
        UUID sender = UUID.randomUUID();
        JsonObject last = written(new HistoryEntry(messageId, id, 7, new DeviceAddress(sender, 2), created,
                "See you \"soon\"", false, HistoryEntry.Status.READ)).getJsonObject("lastMessage");
        assertEquals(Json.createObjectBuilder().add("messageId", messageId.toString()).add("seq", 7)
                .add("senderId", sender.toString()).add("sentAt", created.toString()).add("body", "See you \"soon\"")
                .build(), last);
    }
}
