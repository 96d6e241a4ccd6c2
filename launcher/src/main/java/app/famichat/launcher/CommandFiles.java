package app.famichat.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The asadmin command files Payara Micro runs at boot. Pre-boot: keep Hazelcast and HTTP on the configured
 * (loopback by default) address. Post-boot: point the resource adapter at an external broker if one is
 * configured, then deploy the RAR, which must exist before the WAR's message-driven beans activate.
 */
final class CommandFiles {

    private CommandFiles() {
    }

    static List<String> preBoot(String httpHost) {
        return List.of(
                // Without it Payara advertises a non-loopback address (and Arquillian sends requests there).
                "set configs.config.server-config.hazelcast-config-specific-configuration.public-address=127.0.0.1",
                "set configs.config.server-config.network-config.network-listeners.network-listener.http-listener.address="
                        + httpHost);
    }

    static List<String> postBoot(Path resourceAdapter, Optional<LauncherConfig.Broker> broker, Path brokerDataDir) {
        List<String> lines = new ArrayList<>();
        lines.add(broker.map(CommandFiles::externalBroker).orElseGet(() -> embeddedBroker(brokerDataDir)));
        lines.add("deploy --type rar --name famichat-jms " + resourceAdapter.toAbsolutePath());
        return lines;
    }

    /** The embedded broker keeps its journal under the data directory, not in Payara's throw-away root. */
    static String embeddedBroker(Path brokerDataDir) {
        return "create-resource-adapter-config --property BrokerDataDirectory="
                + escape(brokerDataDir.toAbsolutePath().toString()) + " famichat-jms";
    }

    /** asadmin separates properties with ':' and needs '=' and ':' inside values escaped with '\'. */
    static String externalBroker(LauncherConfig.Broker broker) {
        String connection = "host=" + broker.host() + ";port=" + broker.port();
        StringBuilder properties = new StringBuilder()
                .append("EmbeddedBroker=false")
                .append(":ConnectorClassName=org.apache.activemq.artemis.core.remoting.impl.netty.NettyConnectorFactory")
                .append(":ConnectionParameters=").append(escape(connection));
        if (!broker.user().isEmpty()) {
            properties.append(":UserName=").append(escape(broker.user()))
                    .append(":Password=").append(escape(broker.password()));
        }
        return "create-resource-adapter-config --property " + properties + " famichat-jms";
    }

    static String escape(String value) {
        return value.replace("\\", "\\\\").replace("=", "\\=").replace(":", "\\:");
    }

    /**
     * Payara's data grid (Hazelcast) starts even with --nocluster and listens on every interface unless told
     * otherwise; this configuration keeps it on loopback and stops it looking for other members.
     */
    static List<String> hazelcastConfig() {
        return List.of(
                "<hazelcast xmlns=\"http://www.hazelcast.com/schema/config\">",
                "  <properties>",
                "    <property name=\"hazelcast.socket.bind.any\">false</property>",
                "  </properties>",
                "  <network>",
                "    <join>",
                "      <multicast enabled=\"false\"/>",
                "      <tcp-ip enabled=\"false\"/>",
                "    </join>",
                "    <interfaces enabled=\"true\">",
                "      <interface>127.0.0.1</interface>",
                "    </interfaces>",
                "  </network>",
                "</hazelcast>");
    }

    /** Written owner-only: the post-boot file may hold the broker password. */
    static Path write(Path file, List<String> lines) throws IOException {
        Files.createDirectories(file.getParent());
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.write(file, lines);
        return file;
    }
}
