package app.famichat.history;

import app.famichat.delivery.MessagePush;
import app.famichat.delivery.StatusChanged;
import app.famichat.delivery.StatusUpdate;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * This node's part of a {@link StatusChanged}: the senders of the messages it covers who have a socket here are
 * told each of those messages whose status, by the one rule ({@link StatusFacts}), is now the one the change may
 * have brought: a delivery can only make a message delivered, a read only read; so a message still sent, one
 * that a partial read leaves delivered, or one read before a late ack, is no news. Costs nothing on a node
 * without sockets, one query for the senders otherwise, and one status query per sender connected here. A status
 * can still be told twice (two announcements that each find a message delivered).
 */
@Stateless
public class StatusPush {

    @Inject
    MessagePush push;

    @Inject
    StatusStore statuses;

    public void changed(StatusChanged change) {
        Set<UUID> connected = push.connectedUsers();
        if (connected.isEmpty()) {
            return;
        }
        for (UUID sender : statuses.senders(change.conversationId(), change.fromSeq(), change.toSeq())) {
            if (!connected.contains(sender)) {
                continue;
            }
            List<StatusUpdate> news = statuses.ofOwnMessages(change.conversationId(), sender, change.fromSeq(),
                            change.toSeq()).stream()
                    .filter(facts -> facts.status() == change.status())
                    .sorted((a, b) -> Long.compare(a.seq(), b.seq()))
                    .map(facts -> new StatusUpdate(change.conversationId(), facts.messageId(), facts.seq(),
                            facts.status()))
                    .toList();
            if (!news.isEmpty()) {
                push.statusChanged(sender, news);
            }
        }
    }
}
