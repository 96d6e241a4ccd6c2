package app.famichat.web.socket;

import app.famichat.accounts.DeviceAddress;
import app.famichat.connections.Disconnect;
import app.famichat.connections.LocalConnections;
import app.famichat.connections.SocketMetrics;
import app.famichat.connections.SocketSettings;
import app.famichat.custody.Keyrings;
import app.famichat.custody.TokenUnlock;
import app.famichat.delivery.Inbox;
import app.famichat.delivery.MessagePush;
import app.famichat.platform.errors.FamichatException;
import app.famichat.platform.logging.ThrottledLog;
import app.famichat.platform.outages.Outage;
import app.famichat.platform.outages.Outages;
import app.famichat.send.SendService;
import app.famichat.send.SentMessage;
import app.famichat.sessions.Caller;
import app.famichat.sessions.SessionService;
import app.famichat.vault.KeyringLockedException;
import app.famichat.vault.UnlockedKeyrings;
import app.famichat.web.problem.ProblemType;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.websocket.Session;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The protocol of {@code /api/v1/socket} (docs/api.md, "WebSocket"). The token comes in the first frame, not
 * in a header (browsers cannot set one on a WebSocket) nor in the URL (URLs end up in access logs). Before
 * authentication anything but a good auth frame closes the socket; after it, a bad frame gets an error frame and
 * the socket stays usable. No callback lets an exception escape.
 */
@ApplicationScoped
public class SocketProtocol {

    private static final Logger LOG = Logger.getLogger(SocketProtocol.class.getName());
    /** The {@link ThrottledLog} kind of frames the server failed to handle. */
    private static final String FRAME_FAILED = "socket_frame_failed";

    @Inject
    SessionService sessions;

    @Inject
    LocalConnections connections;

    @Inject
    SocketSettings settings;

    @Inject
    SocketMetrics metrics;

    @Inject
    SendService sends;

    @Inject
    ThrottledLog log;

    @Inject
    Outages outages;

    @Inject
    Inbox inbox;

    @Inject
    MessagePush push;

    @Inject
    Keyrings keyrings;

    @Resource(lookup = "java:comp/DefaultManagedScheduledExecutorService")
    ManagedScheduledExecutorService scheduler;

    SocketConnection open(Session session) {
        SocketConnection connection = new SocketConnection(session, metrics);
        scheduler.schedule(connection::authDeadlinePassed, settings.authTimeout().toMillis(), TimeUnit.MILLISECONDS);
        return connection;
    }

    void received(SocketConnection connection, String text) {
        connection.heard();
        ClientFrame frame;
        try {
            frame = Frames.parse(text);
        } catch (MalformedFrame e) {
            refuse(connection, ProblemType.MALFORMED_REQUEST, e.getMessage(), e.clientMessageId());
            return;
        }
        try {
            if (!connection.isAuthenticated()) {
                authenticate(connection, frame);
            } else if (frame instanceof ClientFrame.Send send) {
                send(connection, send);
            } else if (frame instanceof ClientFrame.Ack ack) {
                acknowledge(connection, ack);
            } else if (frame instanceof ClientFrame.Ping) {
                connection.send(new ServerFrame.Pong());
            } else {
                connection.send(new ServerFrame.Error(ProblemType.MALFORMED_REQUEST,
                        "The socket is already authenticated"));
            }
        } catch (RuntimeException e) {
            failed(connection, frame, e);
        }
    }

    /**
     * The server could not handle a frame. Never 4401, which tells the client to drop its token: it is not the
     * client's fault. An outage (the same classification as REST's 503) is answered with an {@code unavailable}
     * error frame carrying the retry-after (and, for an ack, its message ids, to be acknowledged again), and the
     * socket stays open; only an auth frame (its handling includes the
     * pushes on connect that follow ready, without which the socket is of no use) closes with 1013 (try again
     * later). Anything else is a bug: logged
     * (throttled: any client can send frames) and closed with 1011.
     */
    private void failed(SocketConnection connection, ClientFrame frame, RuntimeException e) {
        Optional<Outage> outage = outages.classify(e);
        if (outage.isEmpty()) {
            log.log(FRAME_FAILED, LOG, Level.SEVERE, "WebSocket frame handling failed", e);
            connection.close(Disconnect.SERVER_ERROR);
        } else if (frame instanceof ClientFrame.Auth) {
            connection.close(Disconnect.TRY_AGAIN_LATER);
        } else {
            connection.send(new ServerFrame.Error(ProblemType.UNAVAILABLE, outage.get().detail(),
                    frame instanceof ClientFrame.Send send ? send.clientMessageId() : null,
                    outage.get().retryAfterSeconds(),
                    frame instanceof ClientFrame.Ack ack ? ack.messageIds() : null));
        }
    }

    void receivedBinary(SocketConnection connection) {
        connection.heard();
        refuse(connection, ProblemType.UNSUPPORTED_MEDIA_TYPE, "Only JSON text frames are accepted", null);
    }

    /** A bad frame: an error frame once authenticated; before that, the end of the socket. */
    private void refuse(SocketConnection connection, ProblemType type, String detail, String clientMessageId) {
        if (connection.isAuthenticated()) {
            connection.send(new ServerFrame.Error(type, detail, clientMessageId));
        } else {
            connection.close(Disconnect.AUTH_FAILED);
        }
    }

    private void authenticate(SocketConnection connection, ClientFrame frame) {
        Optional<Caller> caller = frame instanceof ClientFrame.Auth auth
                ? sessions.authenticate(auth.token())
                : Optional.empty();
        if (caller.isEmpty()) {
            connection.close(Disconnect.AUTH_FAILED);
            return;
        }
        // The socket keeps what unlocks a locked user's keyring from its token, never the token itself.
        TokenUnlock unlock = sessions.tokenUnlock(caller.get(), ((ClientFrame.Auth) frame).token());
        if (connection.authenticated(caller.get(), () -> keyrings.unlock(unlock), connections)) {
            connection.send(new ServerFrame.Ready(caller.get().userId(), caller.get().device().deviceId(),
                    settings.heartbeat().toSeconds()));
            push.connected(device(connection), connection);
        }
    }

    /** A refused send is answered on the socket like the REST API answers it, and the socket stays open. */
    private void send(SocketConnection connection, ClientFrame.Send send) {
        try (UnlockedKeyrings.Binding keyring = connection.unlock()) {
            SentMessage sent = sends.send(connection.caller(), send.conversationId(), send.clientMessageId(),
                    send.body());
            connection.send(new ServerFrame.Sent(send.clientMessageId(), sent.messageId(), sent.seq(),
                    sent.sentAt()));
        } catch (FamichatException e) {
            String detail = e.field() == null ? e.getMessage() : e.field() + " " + e.getMessage();
            ProblemType type = ProblemType.of(e.failure());
            connection.send(new ServerFrame.Error(type, detail, send.clientMessageId(),
                    type == ProblemType.RATE_LIMITED ? e.retryAfterSeconds() : null));
        } catch (KeyringLockedException e) {
            connection.send(new ServerFrame.Error(ProblemType.KEYRING_LOCKED, "Your keys are locked on the server "
                    + "for this sign-in; sign in again with your password", send.clientMessageId()));
        }
    }

    /**
     * Only the first ack of a message pushed on this socket is written; the others cost nothing but a count. The
     * ids of one frame are written together, in one transaction.
     */
    private void acknowledge(SocketConnection connection, ClientFrame.Ack ack) {
        List<UUID> first = new ArrayList<>();
        for (UUID messageId : ack.messageIds()) {
            if (connection.firstAckOf(messageId)) {
                first.add(messageId);
            } else {
                metrics.ackIgnored();
            }
        }
        if (!first.isEmpty()) {
            try {
                inbox.acknowledge(device(connection), first);
            } catch (RuntimeException e) {
                connection.ackAgain(first);
                throw e;
            }
        }
    }

    void closed(SocketConnection connection) {
        connection.closed(connections);
        if (connection.isAuthenticated()) {
            push.disconnected(device(connection), connection);
        }
    }

    private static DeviceAddress device(SocketConnection connection) {
        return connection.caller().device();
    }

    void failed(Throwable error) {
        // Transport trouble (a peer gone mid-frame, a frame over the size limit): the close callback follows.
        LOG.log(Level.FINE, "WebSocket error", error);
    }
}
