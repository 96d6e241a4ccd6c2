package app.famichat.web.conversations;

import app.famichat.conversations.Encryption;
import app.famichat.history.ConversationSummary;
import app.famichat.send.HistoryEntry;
import app.famichat.web.accounts.AccountViews.MemberView;
import jakarta.json.Json;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An entry of the caller's conversation list ({@code GET /api/v1/conversations} only): the conversation view's
 * fields, plus the newest message of the caller's history ({@code lastMessage}), the caller's read cursor and how
 * many messages from others lie beyond it.
 *
 * <p>{@code lastMessage} is written as {@code null} when there is none, while the application's JSON-B config
 * leaves out every other null (a group's {@code familyId}, ...). Yasson 3.0 ignores {@code @JsonbNillable} on a
 * record's component, so the field holds JSON-P's value: {@link JsonValue#NULL} or the message as an object.
 */
public record ConversationSummaryView(UUID id, String type, Encryption encryption, String title, UUID familyId,
                                      Instant createdAt, List<MemberView> members, JsonValue lastMessage,
                                      long unreadCount, long readSeq) {

    /** The newest message as much of it as a list shows: messageId, seq, senderId, sentAt, body; or JSON null. */
    static JsonValue lastMessage(HistoryEntry entry) {
        if (entry == null) {
            return JsonValue.NULL;
        }
        return Json.createObjectBuilder()
                .add("messageId", entry.messageId().toString())
                .add("seq", entry.seq())
                .add("senderId", entry.sender().userId().toString())
                .add("sentAt", entry.sentAt().toString())
                .add("body", entry.body())
                .build();
    }

    public static ConversationSummaryView of(ConversationSummary summary) {
        ConversationView view = ConversationView.of(summary.details());
        return new ConversationSummaryView(view.id(), view.type(), view.encryption(), view.title(), view.familyId(),
                view.createdAt(), view.members(), lastMessage(summary.lastMessage()), summary.unreadCount(),
                summary.readSeq());
    }
}
