package app.famichat.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VaultKeysTest {

    @TempDir
    Path dataDir;

    private final List<String> log = new ArrayList<>();

    @Test
    void firstStartCreatesAnOwnerOnlyKeyFileWithOneFreshKeyAndSaysWhere() throws Exception {
        Map<String, String> env = VaultKeys.serverEnvironment(config(Map.of()), log::add);

        Path file = dataDir.resolve("keys/vault.keys");
        assertEquals(Map.of("FAMICHAT_VAULT_KEY_FILE", file.toString()), env);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));

        List<String> keys = keyLines(file);
        assertEquals(1, keys.size(), keys.toString());
        String[] key = keys.get(0).split(":", 2);
        assertTrue(key[0].matches("[A-Za-z0-9_-]{1,32}"), key[0]);
        assertEquals(32, Base64.getDecoder().decode(key[1]).length);

        assertEquals(1, log.size(), log.toString());
        assertTrue(log.get(0).contains(file.toString()), log.get(0));
        assertFalse(log.get(0).contains(key[1]), "the key is never logged");
        try (var left = Files.list(file.getParent())) {
            assertEquals(List.of(file), left.toList(), "no temporary file left behind");
        }
    }

    @Test
    void laterStartsKeepTheKeyAndSayNothing() throws Exception {
        VaultKeys.serverEnvironment(config(Map.of()), log::add);
        Path file = dataDir.resolve("keys/vault.keys");
        String first = Files.readString(file);

        Map<String, String> env = VaultKeys.serverEnvironment(config(Map.of()), log::add);

        assertEquals(file.toString(), env.get("FAMICHAT_VAULT_KEY_FILE"));
        assertEquals(first, Files.readString(file));
        assertEquals(1, log.size(), log.toString());
    }

    @Test
    void freshKeysDiffer() {
        assertFalse(VaultKeys.newKey().split(":")[1].equals(VaultKeys.newKey().split(":")[1]));
    }

    @Test
    void theOperatorsInlineKeysArePassedOnAndNoFileIsCreated() throws Exception {
        Map<String, String> operator = Map.of(
                "FAMICHAT_VAULT_KEYS", "a:AAAA,b:BBBB",
                "FAMICHAT_VAULT_ACTIVE_KEY", "b");
        Map<String, String> env = VaultKeys.serverEnvironment(config(operator), log::add);

        assertEquals(operator, env);
        assertFalse(Files.exists(dataDir.resolve("keys")));
        assertTrue(log.isEmpty());
    }

    @Test
    void theOperatorsKeyFileIsPassedOnAndNoFileIsCreated() throws Exception {
        Map<String, String> operator = Map.of("FAMICHAT_VAULT_KEY_FILE", "/etc/famichat/vault.keys");
        assertEquals(operator, VaultKeys.serverEnvironment(config(operator), log::add));
        assertFalse(Files.exists(dataDir.resolve("keys")));
    }

    @Test
    void anActiveKeyAloneStillGetsTheGeneratedFile() throws Exception {
        Map<String, String> env = VaultKeys.serverEnvironment(config(Map.of("FAMICHAT_VAULT_ACTIVE_KEY", "x")),
                log::add);
        assertEquals("x", env.get("FAMICHAT_VAULT_ACTIVE_KEY"));
        assertEquals(dataDir.resolve("keys/vault.keys").toString(), env.get("FAMICHAT_VAULT_KEY_FILE"));
    }

    @Test
    void theServerGetsTheVaultVariablesWithTheDatabase() {
        Map<String, String> env = PayaraMicroServer.serverEnvironment(
                new LauncherConfig.Database("jdbc:postgresql://h/db", "u", "p"),
                Map.of("FAMICHAT_VAULT_KEY_FILE", "/k"));
        assertEquals("/k", env.get("FAMICHAT_VAULT_KEY_FILE"));
        assertEquals("jdbc:postgresql://h/db", env.get("FAMICHAT_DB_URL"));
    }

    private LauncherConfig config(Map<String, String> vaultVariables) {
        Map<String, String> env = new java.util.HashMap<>(vaultVariables);
        env.put("FAMICHAT_DATA_DIR", dataDir.toString());
        return LauncherConfig.fromEnvironment(env);
    }

    private static List<String> keyLines(Path file) throws Exception {
        return Files.readAllLines(file).stream().filter(line -> !line.isBlank() && !line.startsWith("#")).toList();
    }
}
