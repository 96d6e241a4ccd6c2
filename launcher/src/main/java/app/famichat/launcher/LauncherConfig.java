package app.famichat.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Everything the launcher reads from the environment. Each variable is documented in docs/configuration.md.
 *
 * @param httpHost       FAMICHAT_HTTP_HOST, address the HTTP listener binds to (default 127.0.0.1)
 * @param httpPort       FAMICHAT_HTTP_PORT (default 8080)
 * @param dataDir        FAMICHAT_DATA_DIR, all state of the embedded run (default ~/.famichat)
 * @param database       an external PostgreSQL (FAMICHAT_DB_URL, _USER, _PASSWORD or _PASSWORD_FILE), or empty for
 *                       the embedded one
 * @param broker         an external Artemis (FAMICHAT_BROKER_HOST, _PORT, _USER, _PASSWORD or _PASSWORD_FILE), or
 *                       empty for the embedded broker; FAMICHAT_BROKER_HOST may list a primary and its backups
 * @param vaultKeys      the operator's own key vault settings (those of FAMICHAT_VAULT_KEYS, _KEY_FILE,
 *                       _ACTIVE_KEY that are set), passed on as they are; see {@link VaultKeys}
 * @param serverJvmOptions FAMICHAT_SERVER_JVM_OPTIONS, options for the server's JVM after the launcher's own (a
 *                       collector, a recording, a larger heap), split at white space
 */
public record LauncherConfig(String httpHost, int httpPort, Path dataDir, Optional<Database> database,
                             Optional<Broker> broker, Map<String, String> vaultKeys, List<String> serverJvmOptions) {

    public LauncherConfig {
        vaultKeys = Map.copyOf(vaultKeys);
        serverJvmOptions = List.copyOf(serverJvmOptions);
    }

    public record Database(String url, String user, String password) {
    }

    /**
     * An external broker: its addresses in the order the client tries them (the primary first, then its backups),
     * and the login.
     */
    public record Broker(List<Address> addresses, String user, String password) {

        public Broker {
            addresses = List.copyOf(addresses);
            if (addresses.isEmpty()) {
                throw new IllegalArgumentException("a broker needs at least one address");
            }
        }

        /** For logs: {@code host:port, host:port}. */
        public String describe() {
            return addresses.stream().map(Address::toString).collect(Collectors.joining(", "));
        }
    }

    /** One broker's core protocol address. */
    public record Address(String host, int port) {

        @Override
        public String toString() {
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }
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
                        env.getOrDefault("FAMICHAT_DB_USER", ""), secret(env, "FAMICHAT_DB_PASSWORD"))),
                brokerHost.isBlank() ? Optional.empty() : Optional.of(new Broker(
                        brokerAddresses(brokerHost, port(env, "FAMICHAT_BROKER_PORT", 61616)),
                        env.getOrDefault("FAMICHAT_BROKER_USER", ""),
                        secret(env, "FAMICHAT_BROKER_PASSWORD"))),
                vaultKeys(env),
                serverJvmOptions(env.getOrDefault("FAMICHAT_SERVER_JVM_OPTIONS", "")));
    }

    /** The java launcher's options that choose what the JVM runs: the launcher chooses that (Payara Micro). */
    private static final List<String> WHAT_TO_RUN = List.of("-jar", "-cp", "-classpath", "--class-path", "-m",
            "--module");

    /**
     * Options only, each starting with '-': the server's main class and arguments are the launcher's, and a stray
     * word would become the JVM's main class. Options that choose what runs ({@link #WHAT_TO_RUN}, also as
     * {@code --module=...}) are refused too.
     */
    static List<String> serverJvmOptions(String value) {
        List<String> options = value.isBlank() ? List.of() : List.of(value.trim().split("\\s+"));
        for (String option : options) {
            String name = option.startsWith("--") && option.contains("=")
                    ? option.substring(0, option.indexOf('=')) : option;
            if (!option.startsWith("-") || WHAT_TO_RUN.contains(name)) {
                throw new IllegalArgumentException("FAMICHAT_SERVER_JVM_OPTIONS must be JVM options separated by "
                        + "spaces (such as -XX:+UseG1GC -Xmx1g), not '" + option + "'");
            }
        }
        return options;
    }

    /**
     * FAMICHAT_BROKER_HOST: {@code host} or {@code host:port} entries separated by commas (an IPv6 address with a
     * port in brackets, {@code [::1]:61617}); an entry without a port gets FAMICHAT_BROKER_PORT.
     */
    static List<Address> brokerAddresses(String value, int defaultPort) {
        List<Address> addresses = new ArrayList<>();
        for (String entry : value.split(",", -1)) {
            String item = entry.trim();
            String host = item;
            String port = "";
            if (item.startsWith("[")) {
                int end = item.indexOf(']');
                if (end < 0 || end + 1 < item.length() && item.charAt(end + 1) != ':') {
                    throw badBrokerHost(value);
                }
                host = item.substring(1, end);
                port = end + 1 < item.length() ? item.substring(end + 2) : "";
            } else if (item.indexOf(':') >= 0 && item.indexOf(':') == item.lastIndexOf(':')) {
                host = item.substring(0, item.indexOf(':'));
                port = item.substring(item.indexOf(':') + 1);
            } // more than one ':' without brackets: an IPv6 address without a port
            if (host.isBlank() || host.chars().anyMatch(c -> Character.isWhitespace(c) || c == ';' || c == '=')) {
                throw badBrokerHost(value);
            }
            addresses.add(new Address(host, port.isEmpty() ? defaultPort : portNumber("FAMICHAT_BROKER_HOST", port)));
        }
        return addresses;
    }

    private static IllegalArgumentException badBrokerHost(String value) {
        return new IllegalArgumentException("FAMICHAT_BROKER_HOST must be host or host:port entries separated by "
                + "commas (primary first, then backups), not '" + value + "'");
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

    /**
     * The variable's value, or the content of the file that {@code name_FILE} names (one trailing line break
     * dropped): container secrets are files (docker/README.md), and a password in the environment shows up in
     * {@code podman inspect} and in the compose file.
     */
    static String secret(Map<String, String> env, String name) {
        String file = env.getOrDefault(name + "_FILE", "");
        if (file.isBlank()) {
            return env.getOrDefault(name, "");
        }
        if (!env.getOrDefault(name, "").isEmpty()) {
            throw new IllegalArgumentException("set " + name + " or " + name + "_FILE, not both");
        }
        String value;
        try {
            value = Files.readString(Path.of(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException(name + "_FILE: cannot read " + file + " ("
                    + e.getClass().getSimpleName() + ")");
        }
        value = value.endsWith("\r\n") ? value.substring(0, value.length() - 2)
                : value.endsWith("\n") ? value.substring(0, value.length() - 1) : value;
        if (value.isEmpty()) {
            throw new IllegalArgumentException(name + "_FILE: " + file + " is empty");
        }
        return value;
    }

    private static int port(Map<String, String> env, String name, int defaultPort) {
        String value = env.getOrDefault(name, "").trim();
        return value.isEmpty() ? defaultPort : portNumber(name, value);
    }

    private static int portNumber(String name, String value) {
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
