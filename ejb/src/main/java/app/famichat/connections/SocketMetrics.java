package app.famichat.connections;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/** Operator metrics of the WebSocket endpoint. The only label is a close reason: nothing about who. */
@ApplicationScoped
public class SocketMetrics {

    @Inject
    MetricRegistry registry;

    private final Map<Disconnect, Counter> closes = new EnumMap<>(Disconnect.class);
    private Counter acksIgnored;

    @PostConstruct
    void register() {
        acksIgnored = registry.counter(Metadata.builder().withName("famichat_socket_acks_ignored")
                .withDescription("Ack frames not written: repeats, and acks of messages not pushed on that socket")
                .build());
        Metadata closed = Metadata.builder().withName("famichat_socket_closed_by_server")
                .withDescription("Sockets the server closed, by reason").build();
        for (Disconnect why : Disconnect.values()) {
            closes.put(why, registry.counter(closed, new Tag("reason", why.name().toLowerCase(Locale.ROOT))));
        }
    }

    /** Exposes the number of authenticated sockets open on this node. */
    void watchOpenSockets(Map<?, ?> openSockets) {
        registry.gauge(Metadata.builder().withName("famichat_socket_open")
                .withDescription("Authenticated WebSocket connections open on this node").build(),
                openSockets, Map::size);
    }

    public void closed(Disconnect why) {
        closes.get(why).inc();
    }

    public void ackIgnored() {
        acksIgnored.inc();
    }
}
