package app.famichat.connections;

import app.famichat.accounts.DeviceAddress;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.famichat.custody.KeyCustody;
import app.famichat.sessions.Caller;
import app.famichat.sessions.SessionService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LocalConnectionsTest {

    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

    private final List<String> registry = new ArrayList<>();
    private final List<Set<UUID>> refreshes = new ArrayList<>();
    private final Set<String> activeTokens = new HashSet<>();
    private boolean deviceFull;
    private LocalConnections connections;

    @BeforeEach
    void setUp() {
        SocketSettings settings = new SocketSettings();
        settings.heartbeat = Duration.ofSeconds(30);
        connections = new LocalConnections();
        connections.settings = settings;
        connections.clock = Clock.fixed(NOW, ZoneOffset.UTC);
        connections.registry = new ConnectionRegistry() {
            @Override
            public boolean register(UUID socketId, Caller caller) {
                registry.add("register " + socketId);
                return !deviceFull;
            }

            @Override
            public void unregister(UUID socketId) {
                registry.add("unregister " + socketId);
            }

            @Override
            public void refresh(Collection<UUID> openSockets) {
                refreshes.add(Set.copyOf(openSockets));
            }

            @Override
            public void clearNode() {
                registry.add("clear node");
            }
        };
        connections.sessions = new SessionService() {
            @Override
            public Set<String> stillActive(Collection<String> tokenHashes) {
                Set<String> active = new HashSet<>(tokenHashes);
                active.retainAll(activeTokens);
                return active;
            }
        };
    }

    @Test
    void openedAndClosedKeepTheRegistryInStepOnce() {
        FakeSocket socket = socket(UUID.randomUUID(), "t1", NOW);
        connections.opened(socket);
        connections.closed(socket.id());
        connections.closed(socket.id());
        connections.closed(UUID.randomUUID());
        assertEquals(List.of("register " + socket.id(), "unregister " + socket.id()), registry);
    }

    @Test
    void aSocketTheRegistryRefusedIsNotTracked() {
        connections.registry = new ConnectionRegistry() {
            @Override
            public boolean register(UUID socketId, Caller caller) {
                throw new IllegalStateException("database down");
            }

            @Override
            public void refresh(Collection<UUID> openSockets) {
                refreshes.add(Set.copyOf(openSockets));
            }
        };
        FakeSocket socket = socket(UUID.randomUUID(), "t1", NOW);
        assertThrows(IllegalStateException.class, () -> connections.opened(socket));
        connections.heartbeat();
        assertEquals(List.of(), socket.pings);
        assertEquals(List.of(Set.of()), refreshes);
    }

    @Test
    void aSocketOverTheDevicesCapIsClosed4429AndNotTracked() {
        activeTokens.add("t1");
        deviceFull = true;
        FakeSocket socket = socket(UUID.randomUUID(), "t1", NOW);
        assertFalse(connections.opened(socket));
        assertEquals(List.of(Disconnect.TOO_MANY_SOCKETS), socket.closes);
        connections.heartbeat();
        assertEquals(List.of(), socket.pings);
        assertEquals(List.of(Set.of()), refreshes);
        connections.closed(socket.id());
        assertEquals(List.of("register " + socket.id()), registry, "no row to delete");
    }

    @Test
    void revocationClosesOnlyTheSocketsOfTheRevokedTokensOfThatUser() {
        UUID alice = UUID.randomUUID();
        FakeSocket phone = socket(alice, "phone", NOW);
        FakeSocket laptop = socket(alice, "laptop", NOW);
        FakeSocket bob = socket(UUID.randomUUID(), "phone", NOW); // same hash, other user: must not match either
        List.of(phone, laptop, bob).forEach(connections::opened);

        connections.revoked(alice, Set.of("phone"));

        assertEquals(List.of(Disconnect.SIGNED_OUT), phone.closes);
        assertEquals(List.of(), laptop.closes);
        assertEquals(List.of(), bob.closes);
        assertTrue(registry.contains("unregister " + phone.id()), "closed without waiting for the socket's callback");
    }

    @Test
    void heartbeatClosesSilentSocketsPingsTheOthersAndRenewsOnlyTheirLeases() {
        activeTokens.addAll(List.of("fresh", "recent", "silent"));
        FakeSocket fresh = socket(UUID.randomUUID(), "fresh", NOW);
        FakeSocket recent = socket(UUID.randomUUID(), "recent", NOW.minusSeconds(59));
        FakeSocket silent = socket(UUID.randomUUID(), "silent", NOW.minusSeconds(61)); // idle timeout: 2 x 30 s
        List.of(fresh, recent, silent).forEach(connections::opened);

        connections.heartbeat();

        assertEquals(List.of(Disconnect.IDLE), silent.closes);
        assertEquals(List.of(), silent.pings);
        assertEquals(List.of("ping"), fresh.pings);
        assertEquals(List.of("ping"), recent.pings);
        assertEquals(List.of(), fresh.closes);
        assertTrue(registry.contains("unregister " + silent.id()));
        assertEquals(List.of(Set.of(fresh.id(), recent.id())), refreshes);
    }

    @Test
    void heartbeatClosesSocketsWhoseTokenExpiredOrWasRevokedUnheard() {
        activeTokens.add("valid");
        FakeSocket valid = socket(UUID.randomUUID(), "valid", NOW);
        FakeSocket expired = socket(UUID.randomUUID(), "expired", NOW);
        connections.opened(valid);
        connections.opened(expired);

        connections.heartbeat();

        assertEquals(List.of(), valid.closes);
        assertEquals(List.of(Disconnect.SIGNED_OUT), expired.closes);
        connections.heartbeat();
        assertEquals(List.of(Disconnect.SIGNED_OUT), expired.closes, "closed once, then forgotten");
    }

    @Test
    void goingAwayClosesEverySocket1001ClearsTheNodesRowsOnceAndRefusesLaterSockets() {
        FakeSocket phone = socket(UUID.randomUUID(), "phone", NOW);
        FakeSocket laptop = socket(UUID.randomUUID(), "laptop", NOW);
        List.of(phone, laptop).forEach(connections::opened);

        assertEquals(2, connections.goingAway());

        assertEquals(List.of(Disconnect.GOING_AWAY), phone.closes);
        assertEquals(List.of(Disconnect.GOING_AWAY), laptop.closes);
        assertEquals(List.of("register " + phone.id(), "register " + laptop.id(), "clear node"), registry,
                "one delete for the node, none per socket");
        connections.closed(phone.id()); // the socket's own close callback, later
        assertEquals(3, registry.size());

        FakeSocket late = socket(UUID.randomUUID(), "late", NOW);
        assertFalse(connections.opened(late));
        assertEquals(List.of(Disconnect.GOING_AWAY), late.closes);
        connections.heartbeat();
        assertEquals(List.of(), late.pings);
        assertEquals(List.of(Set.of()), refreshes, "nothing left to renew");
    }

    @Test
    void goingAwayStillClosesTheSocketsWhenTheDatabaseIsGone() {
        connections.registry = new ConnectionRegistry() {
            @Override
            public boolean register(UUID socketId, Caller caller) {
                return true;
            }

            @Override
            public void clearNode() {
                throw new IllegalStateException("data source removed");
            }
        };
        FakeSocket phone = socket(UUID.randomUUID(), "phone", NOW);
        connections.opened(phone);
        assertEquals(1, connections.goingAway());
        assertEquals(List.of(Disconnect.GOING_AWAY), phone.closes);
    }

    private static FakeSocket socket(UUID userId, String tokenHash, Instant lastHeard) {
        return new FakeSocket(UUID.randomUUID(), new Caller(new DeviceAddress(userId, 1), tokenHash, KeyCustody.HOSTED), lastHeard);
    }

    private record FakeSocket(UUID id, Caller caller, Instant lastHeard, List<String> pings, List<Disconnect> closes)
            implements LiveSocket {

        FakeSocket(UUID id, Caller caller, Instant lastHeard) {
            this(id, caller, lastHeard, new ArrayList<>(), new ArrayList<>());
        }

        @Override
        public void ping() {
            pings.add("ping");
        }

        @Override
        public void close(Disconnect why) {
            closes.add(why);
        }
    }
}
