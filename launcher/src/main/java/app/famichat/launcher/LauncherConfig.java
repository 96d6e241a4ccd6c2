package app.famichat.launcher;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the launcher reads from the environment. Each variable is documented in docs/configuration.md.
 *
 * @param httpHost       FAMICHAT_HTTP_HOST, address the HTTP listener binds to (default 127.0.0.1)
 * @param httpPort       FAMICHAT_HTTP_PORT (default 8080)
 * @param dataDir        FAMICHAT_DATA_DIR, all state of the embedded run (default ~/.famichat)
 * @param database       an external PostgreSQL (FAMICHAT_DB_URL, _USER, _PASSWORD), or empty for the embedded one
 * @param broker         an external Artemis (FAMICHAT_BROKER_HOST, _PORT, _USER, _PASSWORD), or empty for the
 *                       embedded broker
 * @param vaultKeys      the operator's own key vault settings (those of FAMICHAT_VAULT_KEYS, _KEY_FILE,
 *                       _ACTIVE_KEY that are set), passed on as they are; see {@link VaultKeys}
 */
public record LauncherConfig(String httpHost, int httpPort, Path dataDir, Optional<Database> database,
                             Optional<Broker> broker, Map<String, String> vaultKeys) {

    public LauncherConfig {
        vaultKeys = Map.copyOf(vaultKeys);
    }

    public record Database(String url, String user, String password) {
    }

    public record Broker(String host, int port, String user, String password) {
    }

    public static LauncherConfig fromEnvironment(Map<String, String> env) {
        String dbUrl = env.getOrDefault("FAMICHAT_DB_URL", "");
        String brokerHost = env.getOrDefault("FAMICHAT_BROKER_HOST", "");
        return new LauncherConfig(
                env.getOrDefault("FAMICHAT_HTTP_HOST", "127.0.0.1"),
                port(env, "FAMICHAT_HTTP_PORT", 8080),
                Path.of(env.getOrDefault("FAMICHAT_DATA_DIR",
                        Path.of(System.getProperty("user.home"), ".famichat").toString())).toAbsolutePath().normalize(),
                dbUrl.isBlank() ? Optional.empty() : Optional.of(new Database(dbUrl,
                        env.getOrDefault("FAMICHAT_DB_USER", ""), env.getOrDefault("FAMICHAT_DB_PASSWORD", ""))),
                brokerHost.isBlank() ? Optional.empty() : Optional.of(new Broker(brokerHost,
                        port(env, "FAMICHAT_BROKER_PORT", 61616),
                        env.getOrDefault("FAMICHAT_BROKER_USER", ""),
                        env.getOrDefault("FAMICHAT_BROKER_PASSWORD", ""))),
                vaultKeys(env));
    }

    private static Map<String, String> vaultKeys(Map<String, String> env) {
        Map<String, String> set = new LinkedHashMap<>();
        for (String name : VaultKeys.VARIABLES) {
            String value = env.getOrDefault(name, "");
            if (!value.isBlank()) {
                set.put(name, value);
            }
        }
        return set;
    }

    private static int port(Map<String, String> env, String name, int defaultPort) {
        String value = env.getOrDefault(name, "").trim();
        if (value.isEmpty()) {
            return defaultPort;
        }
        try {
            int port = Integer.parseInt(value);
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a port number (1-65535), not '" + value + "'");
        }
    }

    public String baseUrl() {
        String host = httpHost.equals("0.0.0.0") ? "127.0.0.1" : httpHost;
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + httpPort;
    }
}
