package app.famichat.send;

import app.famichat.accounts.DeviceAddress;
import app.famichat.conversations.ConversationService;
import app.famichat.conversations.Encryption;
import app.famichat.conversations.Membership;
import app.famichat.platform.errors.FamichatException;
import app.famichat.platform.persistence.DatabaseClock;
import app.famichat.sessions.Caller;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The first step of the send path (docs/architecture.md), in ONE transaction: lock the conversation, then check
 * membership and limits, take the next seq, store the sender's own copy under their storage key, and publish one
 * fan-out message per recipient device. Either all of it happens or none of it. A retry with the same client
 * message id returns the first message.
 */
@Stateless
public class SendService {

    @Inject
    ConversationService conversations;

    @Inject
    MessageRules rules;

    @Inject
    SendLimits limits;

    @Inject
    MessageStore messages;

    @Inject
    HistoryStore history;

    @Inject
    FanOut fanOut;

    @Inject
    SendMetrics metrics;

    public SentMessage send(Caller caller, UUID conversationId, String clientMessageId, String body) {
        String clientId = rules.clientMessageId(clientMessageId);
        String text = rules.body(body);
        // Lock, then check: a member removed while this waited for the lock cannot post once more, and a
        // conversation deleted meanwhile is not found (404), like one that never existed.
        long seq = messages.lockForSend(conversationId).orElseThrow(SendService::noSuchConversation) + 1;
        Membership membership = conversations.membership(conversationId, caller.userId())
                .orElseThrow(SendService::noSuchConversation);
        Optional<SentMessage> earlier = messages.findByClientId(conversationId, caller.userId(), clientId);
        if (earlier.isPresent()) {
            return earlier.get();
        }
        limits.check(caller);

        DeviceAddress sender = caller.device();
        UUID messageId = UUID.randomUUID();
        Instant sentAt = DatabaseClock.now();
        List<DeviceAddress> recipients = membership.encryption() == Encryption.VAULT_ONLY
                ? List.of()
                : messages.recipientDevices(conversationId, sender);
        messages.insert(messageId, conversationId, seq, sender, clientId, sentAt, recipients.size());
        history.store(caller.userId(), new HistoryEntry(messageId, conversationId, seq, sender, sentAt, text,
                false, null));
        fanOut.publish(recipients.stream().map(recipient -> new FanOutRequest(messageId, conversationId, seq,
                sender, recipient, sentAt)).toList(), text);
        metrics.sent(recipients.size());
        return new SentMessage(messageId, seq, sentAt, true);
    }

    private static FamichatException noSuchConversation() {
        return FamichatException.notFound("No such conversation");
    }
}
