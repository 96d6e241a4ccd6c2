package app.famichat.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NodeIdTest {

    @Test
    void aConfiguredIdIsKeptAndWithoutOneEachStartHasARandomUuid() {
        assertEquals("node-1.a_b", resolved(Optional.of(" node-1.a_b ")).value());
        String random = resolved(Optional.empty()).value();
        assertEquals(random, UUID.fromString(random).toString());
        assertNotEquals(random, resolved(Optional.empty()).value());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "node 1", "node/1", "x12345678901234567890123456789012345678901234567890123456789012345"})
    void aMalformedIdStopsTheDeploymentNamingTheSetting(String malformed) {
        NodeId node = new NodeId();
        node.configured = Optional.of(malformed);
        IllegalStateException refused = assertThrows(IllegalStateException.class, node::resolve);
        assertTrue(refused.getMessage().contains("famichat.node.id must be 1-64 characters"), refused.getMessage());
    }

    private static NodeId resolved(Optional<String> configured) {
        NodeId node = new NodeId();
        node.configured = configured;
        node.resolve();
        return node;
    }
}
