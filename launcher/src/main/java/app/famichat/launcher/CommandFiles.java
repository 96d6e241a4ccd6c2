package app.famichat.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The asadmin command files Payara Micro runs at boot. Pre-boot: the distribution's static commands (no data
 * grid listener; see resources/src/main/payara/pre-boot.asadmin) and HTTP on the configured (loopback by
 * default) address. Post-boot: point the resource adapter at an external broker (or a primary/backup
 * pair, with client failover) if one is configured, then deploy the RAR, which must exist before the WAR's message-driven beans activate.
 */
final class CommandFiles {

    private CommandFiles() {
    }

    /** The distribution's static pre-boot commands, then the HTTP listener's address. */
    static List<String> preBoot(List<String> staticCommands, String httpHost) {
        List<String> lines = new ArrayList<>(staticCommands);
        lines.add("set configs.config.server-config.network-config.network-listeners.network-listener.http-listener.address="
                + httpHost);
        return lines;
    }

    static List<String> postBoot(Path resourceAdapter, Optional<LauncherConfig.Broker> broker, Path brokerDataDir) {
        List<String> lines = new ArrayList<>();
        lines.add(broker.map(CommandFiles::externalBroker).orElseGet(() -> embeddedBroker(brokerDataDir)));
        lines.add("deploy --force=true --type rar --name famichat-jms " + resourceAdapter.toAbsolutePath());
        return lines;
    }

    /** The embedded broker keeps its journal under the data directory, not in Payara's throw-away root. */
    static String embeddedBroker(Path brokerDataDir) {
        return "create-resource-adapter-config --property BrokerDataDirectory="
                + escape(brokerDataDir.toAbsolutePath().toString()) + " famichat-jms";
    }

    /** The connector of every broker address: Artemis's core protocol over Netty. */
    static final String CONNECTOR = "org.apache.activemq.artemis.core.remoting.impl.netty.NettyConnectorFactory";

    /**
     * Client failover, for the outbound connection factory and the message-driven beans alike (the adapter's
     * properties are both sides' defaults): HA (the client follows the broker topology: when the primary dies it
     * fails over to the backup that the primary announced, or to the next address of the list), reconnecting without
     * end (a restarted broker is found again), 0.5 s apart growing to 5 s; a call blocked by a failover, or left
     * without an answer, gives up after 5 s, so that a send meanwhile fails (503) instead of holding its request
     * for Artemis's default 30 s (measured: after both brokers were down and one was started again, a pooled
     * session's XA start waited the whole 30 s for an answer that never came).
     */
    static final String FAILOVER = "HA=true:ReconnectAttempts=-1:RetryInterval=500:RetryIntervalMultiplier=1.5"
            + ":MaxRetryInterval=5000:CallFailoverTimeout=5000:CallTimeout=5000";

    /**
     * The adapter's properties for an external broker: one connector per address (comma-separated lists, in the
     * order the client tries them), the failover settings and the login. asadmin separates properties with ':'
     * and needs '=' and ':' inside values escaped with '\'.
     */
    static String externalBroker(LauncherConfig.Broker broker) {
        String connectors = broker.addresses().stream().map(address -> CONNECTOR).collect(Collectors.joining(","));
        String connections = broker.addresses().stream()
                .map(address -> "host=" + address.host() + ";port=" + address.port())
                .collect(Collectors.joining(","));
        StringBuilder properties = new StringBuilder()
                .append("EmbeddedBroker=false")
                .append(":ConnectorClassName=").append(connectors)
                .append(":ConnectionParameters=").append(escape(connections))
                .append(':').append(FAILOVER);
        if (!broker.user().isEmpty()) {
            properties.append(":UserName=").append(escape(broker.user()))
                    .append(":Password=").append(escape(broker.password()));
        }
        return "create-resource-adapter-config --property " + properties + " famichat-jms";
    }

    static String escape(String value) {
        return value.replace("\\", "\\\\").replace("=", "\\=").replace(":", "\\:");
    }

    /** Written owner-only: the post-boot file may hold the broker password. */
    static Path write(Path file, List<String> lines) throws IOException {
        OwnerOnly.directory(file.getParent());
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.write(file, lines);
        return file;
    }
}
