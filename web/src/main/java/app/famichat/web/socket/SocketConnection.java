package app.famichat.web.socket;

import app.famichat.connections.Disconnect;
import app.famichat.connections.LiveSocket;
import app.famichat.connections.LocalConnections;
import app.famichat.connections.SocketMetrics;
import app.famichat.delivery.MessageReceiver;
import app.famichat.delivery.RecoveryNews;
import app.famichat.delivery.StatusUpdate;
import app.famichat.send.HistoryEntry;
import app.famichat.sessions.Caller;
import app.famichat.vault.UnlockedKeyrings;
import app.famichat.web.messages.MessageView;
import jakarta.websocket.CloseReason.CloseCode;
import jakarta.websocket.CloseReason.CloseCodes;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One client's socket on this node, before and after authentication, and the only writer to its Jakarta
 * WebSocket session. The session's callbacks come one at a time, but the auth deadline, the heartbeat and
 * revocations run on other threads: what they share is volatile or guarded by this object. Every send is
 * asynchronous, so a peer that stops reading never blocks the heartbeat.
 */
final class SocketConnection implements LiveSocket, MessageReceiver {

    private static final Logger LOG = Logger.getLogger(SocketConnection.class.getName());

    /** Authentication failed or ended: mirrors HTTP 401. */
    static final CloseCode UNAUTHENTICATED = CloseCodes.getCloseCode(4401);
    /** A service the server needs is away while the socket authenticates: WebSocket's own "Try Again Later". */
    static final CloseCode TRY_AGAIN_LATER = CloseCodes.TRY_AGAIN_LATER;
    /** No answer to heartbeats: mirrors HTTP 408. */
    static final CloseCode IDLE = CloseCodes.getCloseCode(4408);

    /** Over the documented cap (famichat.socket.max-per-device): mirrors HTTP 429. */
    static final CloseCode TOO_MANY_SOCKETS = CloseCodes.getCloseCode(4429);

    /**
     * Pushed messages whose ack is still expected, at most this many (the oldest forgotten first): an ack of a
     * forgotten one is ignored, and the message is pushed again at the next connect.
     */
    static final int MAX_AWAITING_ACK = 1_000;

    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final UUID id = UUID.randomUUID();
    private final Session session;
    private final SocketMetrics metrics;
    private volatile Instant lastHeard = Instant.now();
    private volatile Caller caller;
    /** Unlocks a locked user's keyring from the socket's token (set with the caller); nothing for a hosted user. */
    private volatile Supplier<UnlockedKeyrings.Binding> keyring = () -> UnlockedKeyrings.NONE;
    private boolean closed;
    /** Guarded by this. */
    private final Set<UUID> awaitingAck = new LinkedHashSet<>();

    SocketConnection(Session session, SocketMetrics metrics) {
        this.session = session;
        this.metrics = metrics;
    }

    @Override
    public UUID id() {
        return id;
    }

    /** Null until authenticated. */
    @Override
    public Caller caller() {
        return caller;
    }

    @Override
    public Instant lastHeard() {
        return lastHeard;
    }

    void heard() {
        lastHeard = Instant.now();
    }

    boolean isAuthenticated() {
        return caller != null;
    }

    /**
     * Marks the socket authenticated and registers it, unless it has closed meanwhile (the auth deadline or the
     * client's close won the race with the token lookup): a closed socket must never be registered. False, too,
     * if the registry refused it (its device has too many sockets): then it is closing, unauthenticated.
     */
    synchronized boolean authenticated(Caller caller, Supplier<UnlockedKeyrings.Binding> keyring,
                                       LocalConnections connections) {
        if (closed) {
            return false;
        }
        this.caller = caller;
        this.keyring = keyring;
        if (!connections.opened(this)) {
            this.caller = null;
            closed = true;
            return false;
        }
        return true;
    }

    /** The auth deadline: closes the socket unless it has authenticated (or closed) by now. */
    void authDeadlinePassed() {
        synchronized (this) {
            if (closed || caller != null) {
                return;
            }
            closed = true;
        }
        close(Disconnect.AUTH_FAILED);
    }

    /** The session has closed, whoever closed it. */
    void closed(LocalConnections connections) {
        synchronized (this) {
            closed = true;
        }
        connections.closed(id);
    }

    /** Nothing more is handed to a closed socket (revoked, idle: the server closes it before its close callback). */
    @Override
    public void receive(List<HistoryEntry> messages) {
        messages.forEach(message -> {
            synchronized (this) {
                if (closed) {
                    return;
                }
                awaitingAck.add(message.messageId());
                if (awaitingAck.size() > MAX_AWAITING_ACK) {
                    awaitingAck.remove(awaitingAck.iterator().next());
                }
            }
            send(new ServerFrame.Message(MessageView.of(message)));
        });
    }

    /**
     * Unlocks the keyring of the socket's user (a locked one) on this thread from the socket's token, as a request
     * of that token would, when the work first needs it (never for a hosted user); the unlock row is read each time
     * it is needed, so a sign-out elsewhere locks it at once, and a custody switch counts from the next push.
     */
    @Override
    public UnlockedKeyrings.Binding unlock() {
        return keyring.get();
    }

    /** Tells the socket that one of its user's own messages has moved on; nothing once it has closed. */
    @Override
    public void statusChanged(StatusUpdate update) {
        synchronized (this) {
            if (closed) {
                return;
            }
        }
        send(new ServerFrame.Status(update.conversationId(), update.messageId(), update.seq(),
                MessageView.status(update.status())));
    }

    /** Tells the socket of family recovery news for its user; nothing once it has closed. */
    @Override
    public void recoveryNews(RecoveryNews news) {
        synchronized (this) {
            if (closed) {
                return;
            }
        }
        send(switch (news.kind()) {
            case RECOVERY_REQUESTED -> new ServerFrame.RecoveryRequested(news.requestId(), news.device(),
                    news.address(), news.expiresAt());
            case RECOVERY_CLOSED -> new ServerFrame.RecoveryClosed(news.requestId());
            case GUARDIAN_REQUEST -> new ServerFrame.GuardianRequest(news.requestId());
        });
    }

    /**
     * Whether an ack of {@code messageId} is to be written: the first ack of a message pushed on this socket is;
     * repeats, and acks of anything else, are not (each would cost a database write for nothing).
     */
    synchronized boolean firstAckOf(UUID messageId) {
        return awaitingAck.remove(messageId);
    }

    /**
     * The acks of {@code messageIds} could not be written (an outage): their next ack on this socket is a first
     * one again, so the client's retry counts.
     */
    synchronized void ackAgain(List<UUID> messageIds) {
        awaitingAck.addAll(messageIds);
    }

    /**
     * Synchronized: pushes, answers and heartbeats come from different threads, and frames must not interleave.
     *
     * <p>The platform class loader is the thread's context loader during the write: Tyrus re-schedules its idle
     * timer on every frame, on Payara's default managed scheduled executor, whose context capture runs a
     * {@code ServiceLoader} scan of the context loader (every jar the application sees) each time. With the
     * platform loader the scan finds nothing quickly (docs/benchmarks.md, "Cost per delivery"). The timer's task
     * captures that loader, and does nothing: no idle timeout is set on the session.
     */
    synchronized void send(ServerFrame frame) {
        String text = Frames.write(frame);
        Thread thread = Thread.currentThread();
        ClassLoader loader = thread.getContextClassLoader();
        thread.setContextClassLoader(ClassLoader.getPlatformClassLoader());
        try {
            session.getAsyncRemote().sendText(text);
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "Frame not sent: the socket is closing", e);
        } finally {
            thread.setContextClassLoader(loader);
        }
    }

    @Override
    public void ping() {
        try {
            session.getAsyncRemote().sendPing(EMPTY.duplicate());
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "Ping not sent: the socket is closing", e);
        }
    }

    @Override
    public void close(Disconnect why) {
        synchronized (this) {
            closed = true;
        }
        metrics.closed(why);
        try {
            session.close(reasonFor(why));
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "Socket already closed", e);
        }
    }

    /** The close codes of docs/api.md. Reasons are for people; clients branch on the code. */
    static CloseReason reasonFor(Disconnect why) {
        return switch (why) {
            case AUTH_FAILED -> new CloseReason(UNAUTHENTICATED, "Authentication failed");
            case SIGNED_OUT -> new CloseReason(UNAUTHENTICATED, "Signed out");
            case TOO_MANY_SOCKETS -> new CloseReason(TOO_MANY_SOCKETS, "Too many sockets for this device");
            case IDLE -> new CloseReason(IDLE, "No answer to heartbeats");
            case SERVER_ERROR -> new CloseReason(CloseCodes.UNEXPECTED_CONDITION, "Server error, reconnect later");
            case TRY_AGAIN_LATER -> new CloseReason(TRY_AGAIN_LATER, "A service is unavailable, reconnect later");
            case GOING_AWAY -> new CloseReason(CloseCodes.GOING_AWAY, "Server stopping, reconnect");
        };
    }
}
