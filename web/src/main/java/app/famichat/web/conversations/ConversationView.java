package app.famichat.web.conversations;

import app.famichat.conversations.ConversationDetails;
import app.famichat.conversations.Encryption;
import app.famichat.web.accounts.AccountViews.MemberView;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A conversation as its members see it; {@code title} only for groups, {@code familyId} only for family ones. */
public record ConversationView(UUID id, String type, Encryption encryption, String title, UUID familyId,
                               Instant createdAt, List<MemberView> members) {

    public static ConversationView of(ConversationDetails details) {
        var conversation = details.conversation();
        return new ConversationView(conversation.id(), conversation.type().wireName(), conversation.encryption(),
                conversation.title(), conversation.familyId(), conversation.createdAt(),
                details.members().stream().map(MemberView::of).toList());
    }
}
