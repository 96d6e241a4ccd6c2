package app.famichat.bench.floor;

import jakarta.inject.Inject;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.PathParam;
import jakarta.websocket.server.ServerEndpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A recipient device's socket: frames {@code message <id>} out, {@code ack <id> <id> ...} in (one statement per ack
 * frame, as Famichat's ack of several ids). No authentication: the floor is the platform's cost, not the app's.
 */
@ServerEndpoint("/floor/socket/{device}")
public class FloorSocket {

    private static final Map<String, Session> SOCKETS = new ConcurrentHashMap<>();

    @Inject
    FloorStore store;

    static void push(String device, UUID messageId) {
        Session session = SOCKETS.get(device);
        if (session == null) {
            return; // not connected: the row waits (the load tool keeps every device connected)
        }
        // As Famichat's SocketConnection.send: asynchronous, and with the platform class loader as the context
        // loader, else each frame's restart of Tyrus's idle timer makes Payara's context capture scan the WAR's
        // jars with a ServiceLoader (18 % of this floor's samples before this was done here too).
        Thread thread = Thread.currentThread();
        ClassLoader loader = thread.getContextClassLoader();
        thread.setContextClassLoader(ClassLoader.getPlatformClassLoader());
        try {
            session.getAsyncRemote().sendText("message " + messageId);
        } catch (RuntimeException e) {
            // the socket is closing; the row stays undelivered
        } finally {
            thread.setContextClassLoader(loader);
        }
    }

    @OnOpen
    public void open(Session session, @PathParam("device") String device) {
        SOCKETS.put(device, session);
    }

    @OnMessage
    public void message(String text, @PathParam("device") String device) {
        String[] words = text.split(" ");
        if (words.length < 2 || !"ack".equals(words[0])) {
            return;
        }
        List<UUID> ids = new ArrayList<>(words.length - 1);
        for (int i = 1; i < words.length; i++) {
            ids.add(UUID.fromString(words[i]));
        }
        store.delivered(device, ids);
    }

    @OnClose
    public void close(Session session, @PathParam("device") String device) {
        SOCKETS.remove(device, session);
    }
}
