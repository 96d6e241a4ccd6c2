package app.famichat.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The asadmin command files Payara Micro runs at boot. Pre-boot: the distribution's static commands (no data
 * grid listener; see resources/src/main/payara/pre-boot.asadmin) and HTTP on the configured (loopback by
 * default) address. Post-boot: point the resource adapter at an external broker if one is
 * configured, then deploy the RAR, which must exist before the WAR's message-driven beans activate.
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

    /** Written owner-only: the post-boot file may hold the broker password. */
    static Path write(Path file, List<String> lines) throws IOException {
        OwnerOnly.directory(file.getParent());
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.write(file, lines);
        return file;
    }
}
