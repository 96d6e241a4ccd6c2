package app.famichat.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
        assertTrue(config.serverJvmOptions().isEmpty());
        assertEquals("http://127.0.0.1:8080", config.baseUrl());
    }

    @Test
    void serverJvmOptionsAreSplitAtWhiteSpace() {
        LauncherConfig config = LauncherConfig.fromEnvironment(Map.of(
                "FAMICHAT_SERVER_JVM_OPTIONS", "  -XX:-UseSerialGC\t-XX:+UseG1GC  -Xmx1g "));
        assertEquals(List.of("-XX:-UseSerialGC", "-XX:+UseG1GC", "-Xmx1g"), config.serverJvmOptions());
    }

    @Test
    void serverJvmOptionsRefuseWhatIsNotAnOption() {
        for (String value : List.of("-Xmx1g Main", "-Xmx1g -jar", "-cp", "-classpath", "--class-path",
                "--class-path=/tmp", "-m", "--module", "--module=some/Main")) {
            var e = assertThrows(IllegalArgumentException.class, () -> LauncherConfig.fromEnvironment(Map.of(
                    "FAMICHAT_SERVER_JVM_OPTIONS", value)));
            assertTrue(e.getMessage().startsWith("FAMICHAT_SERVER_JVM_OPTIONS must be JVM options"), e.getMessage());
        }
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
        assertEquals(new LauncherConfig.Broker(List.of(new LauncherConfig.Address("broker.local", 61616)), "fc", "pw"),
                config.broker().orElseThrow());
    }

    @Test
    void theBrokerHostMayListAPrimaryAndItsBackupsWithOrWithoutPorts() {
        LauncherConfig config = LauncherConfig.fromEnvironment(Map.of(
                "FAMICHAT_BROKER_HOST", "artemis-primary, artemis-backup:61617,[::1]:61618,fd00::5",
                "FAMICHAT_BROKER_PORT", "61000"));
        assertEquals(List.of(new LauncherConfig.Address("artemis-primary", 61000),
                        new LauncherConfig.Address("artemis-backup", 61617),
                        new LauncherConfig.Address("::1", 61618),
                        new LauncherConfig.Address("fd00::5", 61000)),
                config.broker().orElseThrow().addresses());
        assertEquals("artemis-primary:61000, artemis-backup:61617, [::1]:61618, [fd00::5]:61000",
                config.broker().orElseThrow().describe());
    }

    @Test
    void aMalformedBrokerListIsRefusedWithTheVariableName() {
        for (String bad : List.of("a,,b", "a,", "a:0", "a:x", "[::1", "[::1]61616", "a b", "host=a;port=1")) {
            var error = assertThrows(IllegalArgumentException.class,
                    () -> LauncherConfig.fromEnvironment(Map.of("FAMICHAT_BROKER_HOST", bad)), bad);
            assertTrue(error.getMessage().contains("FAMICHAT_BROKER_HOST"), error.getMessage());
        }
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

    @Test
    void passwordsComeFromFilesWithoutTheirLineBreak(@TempDir Path dir) throws Exception {
        Path db = Files.writeString(dir.resolve("db_password"), "s3cret with spaces\n");
        Path broker = Files.writeString(dir.resolve("broker_password"), "pw\r\n");
        LauncherConfig config = LauncherConfig.fromEnvironment(Map.of(
                "FAMICHAT_DB_URL", "jdbc:postgresql://db:5432/famichat",
                "FAMICHAT_DB_USER", "famichat",
                "FAMICHAT_DB_PASSWORD_FILE", db.toString(),
                "FAMICHAT_BROKER_HOST", "broker.local",
                "FAMICHAT_BROKER_USER", "fc",
                "FAMICHAT_BROKER_PASSWORD_FILE", broker.toString()));
        assertEquals("s3cret with spaces", config.database().orElseThrow().password());
        assertEquals("pw", config.broker().orElseThrow().password());
    }

    @Test
    void aPasswordFileThatIsMissingEmptyOrSetNextToThePasswordIsRefusedWithTheVariableName(@TempDir Path dir)
            throws Exception {
        Path empty = Files.writeString(dir.resolve("empty"), "\n");
        Path good = Files.writeString(dir.resolve("good"), "pw");
        Map<String, Map<String, String>> refused = Map.of(
                "cannot read", Map.of("FAMICHAT_DB_PASSWORD_FILE", dir.resolve("missing").toString()),
                "is empty", Map.of("FAMICHAT_DB_PASSWORD_FILE", empty.toString()),
                "not both", Map.of("FAMICHAT_DB_PASSWORD_FILE", good.toString(), "FAMICHAT_DB_PASSWORD", "pw"));
        refused.forEach((why, env) -> {
            Map<String, String> withDatabase = new java.util.HashMap<>(env);
            withDatabase.put("FAMICHAT_DB_URL", "jdbc:postgresql://db:5432/famichat");
            var error = assertThrows(IllegalArgumentException.class, () -> LauncherConfig.fromEnvironment(withDatabase));
            assertTrue(error.getMessage().contains("FAMICHAT_DB_PASSWORD") && error.getMessage().contains(why),
                    error.getMessage());
            assertTrue(!error.getMessage().contains("pw"), "never the password: " + error.getMessage());
        });
        var broker = assertThrows(IllegalArgumentException.class, () -> LauncherConfig.fromEnvironment(Map.of(
                "FAMICHAT_BROKER_HOST", "b", "FAMICHAT_BROKER_PASSWORD_FILE", empty.toString())));
        assertTrue(broker.getMessage().contains("FAMICHAT_BROKER_PASSWORD_FILE"), broker.getMessage());
    }
}
