package app.famichat.connections;

import app.famichat.platform.jms.AnnouncementKind;
import app.famichat.platform.jms.Announcements;
import app.famichat.sessions.SessionsRevoked;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import java.util.Arrays;
import java.util.Set;
import java.util.UUID;

/**
 * "These tokens were revoked": every node closes the sockets authenticated with them
 * ({@link LocalConnections#revoked}). Announced once the revoking transaction has committed: sockets must not
 * close for a sign-out that rolled back.
 *
 * <p>One code path: this node does not close its own sockets when it revokes. It hears its own announcement like
 * every other node, so the local and the remote case cannot drift apart, and a single-node test exercises the
 * multi-node path. The price is a broker round trip (about a millisecond) before a local socket closes.
 *
 * <p>The announcement carries the user id and token hashes, never tokens.
 */
@ApplicationScoped
class RevocationAnnouncements implements AnnouncementKind<SessionsRevoked> {

    static final String USER_ID = "famichatUserId";
    static final String TOKEN_HASHES = "famichatTokenHashes";

    @Inject
    Announcements announcements;

    @Inject
    LocalConnections connections;

    void committed(@Observes(during = TransactionPhase.AFTER_SUCCESS) SessionsRevoked revoked) {
        announcements.announce(this, revoked);
    }

    @Override
    public String name() {
        return "revocation";
    }

    @Override
    public boolean inOrder() {
        return true;
    }

    @Override
    public String ifLost() {
        return "the tokens are revoked all the same, and each node's heartbeat closes their sockets within one"
                + " interval";
    }

    @Override
    public void write(SessionsRevoked revoked, Message message) throws JMSException {
        message.setStringProperty(USER_ID, revoked.userId().toString());
        message.setStringProperty(TOKEN_HASHES, String.join(",", revoked.tokenHashes()));
    }

    @Override
    public SessionsRevoked read(Message message) throws JMSException {
        return new SessionsRevoked(UUID.fromString(message.getStringProperty(USER_ID)),
                Arrays.asList(message.getStringProperty(TOKEN_HASHES).split(",")));
    }

    @Override
    public void deliver(SessionsRevoked revoked) {
        connections.revoked(revoked.userId(), Set.copyOf(revoked.tokenHashes()));
    }
}
