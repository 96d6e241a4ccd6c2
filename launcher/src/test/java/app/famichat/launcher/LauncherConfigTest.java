package app.famichat.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LauncherConfigTest {

    @Test
    void defaultsAreLoopbackPort8080AndEmbeddedServices() {
        LauncherConfig config = LauncherConfig.fromEnvironment(Map.of());
        assertEquals("127.0.0.1", config.httpHost());
        assertEquals(8080, config.httpPort());
        assertEquals(Path.of(System.getProperty("user.home"), ".famichat").toAbsolutePath(), config.dataDir());
        assertTrue(config.database().isEmpty());
        assertTrue(config.broker().isEmpty());
        assertTrue(config.vaultKeys().isEmpty());
        assertEquals("http://127.0.0.1:8080", config.baseUrl());
    }

    @Test
    void externalDatabaseAndBrokerComeFromTheEnvironment() {
        LauncherConfig config = LauncherConfig.fromEnvironment(Map.of(
                "FAMICHAT_DB_URL", "jdbc:postgresql://db:5432/famichat",
                "FAMICHAT_DB_USER", "famichat",
                "FAMICHAT_DB_PASSWORD", "s3cret",
                "FAMICHAT_BROKER_HOST", "broker.local",
                "FAMICHAT_BROKER_USER", "fc",
                "FAMICHAT_BROKER_PASSWORD", "pw"));
        assertEquals(new LauncherConfig.Database("jdbc:postgresql://db:5432/famichat", "famichat", "s3cret"),
                config.database().orElseThrow());
        assertEquals(new LauncherConfig.Broker("broker.local", 61616, "fc", "pw"), config.broker().orElseThrow());
    }

    @Test
    void onlyTheVaultVariablesThatAreSetArePassedOn() {
        LauncherConfig config = LauncherConfig.fromEnvironment(Map.of(
                "FAMICHAT_VAULT_KEYS", "k1:AAAA",
                "FAMICHAT_VAULT_KEY_FILE", " ",
                "FAMICHAT_VAULT_SOMETHING", "x"));
        assertEquals(Map.of("FAMICHAT_VAULT_KEYS", "k1:AAAA"), config.vaultKeys());
    }

    @Test
    void aBadPortIsRefusedWithTheVariableName() {
        var error = assertThrows(IllegalArgumentException.class,
                () -> LauncherConfig.fromEnvironment(Map.of("FAMICHAT_HTTP_PORT", "80a")));
        assertTrue(error.getMessage().contains("FAMICHAT_HTTP_PORT"));
        assertThrows(IllegalArgumentException.class,
                () -> LauncherConfig.fromEnvironment(Map.of("FAMICHAT_BROKER_HOST", "b", "FAMICHAT_BROKER_PORT", "70000")));
    }

    @Test
    void wildcardHostIsReachedThroughLoopback() {
        assertEquals("http://127.0.0.1:9000",
                LauncherConfig.fromEnvironment(Map.of("FAMICHAT_HTTP_HOST", "0.0.0.0", "FAMICHAT_HTTP_PORT", "9000")).baseUrl());
    }
}
