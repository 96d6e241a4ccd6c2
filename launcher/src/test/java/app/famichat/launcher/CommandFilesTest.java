package app.famichat.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandFilesTest {

    @Test
    void asadminPropertyValuesAreEscaped() {
        assertEquals("host\\=h;port\\=1", CommandFiles.escape("host=h;port=1"));
        assertEquals("a\\:b\\\\c", CommandFiles.escape("a:b\\c"));
    }

    @Test
    void embeddedBrokerKeepsItsJournalInTheGivenDirectory() {
        List<String> lines = CommandFiles.postBoot(Path.of("/opt/fc/famichat-jms.rar"), Optional.empty(),
                Path.of("/data/broker"));
        assertEquals(List.of(
                "create-resource-adapter-config --property BrokerDataDirectory=/data/broker famichat-jms",
                "deploy --force=true --type rar --name famichat-jms /opt/fc/famichat-jms.rar"), lines);
    }

    @Test
    void externalBrokerIsConfiguredBeforeTheAdapterDeploys() {
        List<String> lines = CommandFiles.postBoot(Path.of("/x.rar"),
                Optional.of(broker("fc", "p:w=d", new LauncherConfig.Address("10.0.0.5", 61617))), Path.of("/unused"));
        assertEquals("create-resource-adapter-config --property EmbeddedBroker=false"
                + ":ConnectorClassName=org.apache.activemq.artemis.core.remoting.impl.netty.NettyConnectorFactory"
                + ":ConnectionParameters=host\\=10.0.0.5;port\\=61617"
                + ":HA=true:ReconnectAttempts=-1:RetryInterval=500:RetryIntervalMultiplier=1.5:MaxRetryInterval=5000"
                + ":CallFailoverTimeout=5000:CallTimeout=5000"
                + ":UserName=fc:Password=p\\:w\\=d famichat-jms",
                lines.get(0));
        assertTrue(lines.get(1).startsWith("deploy "));
    }

    @Test
    void aBrokerPairGetsOneConnectorPerAddressPrimaryFirst() {
        String line = CommandFiles.externalBroker(broker("fc", "pw", new LauncherConfig.Address("primary", 61616),
                new LauncherConfig.Address("backup", 61617), new LauncherConfig.Address("::1", 61618)));
        String netty = "org.apache.activemq.artemis.core.remoting.impl.netty.NettyConnectorFactory";
        assertTrue(line.contains(":ConnectorClassName=" + netty + "," + netty + "," + netty + ":"), line);
        assertTrue(line.contains(":ConnectionParameters=host\\=primary;port\\=61616,host\\=backup;port\\=61617,"
                + "host\\=\\:\\:1;port\\=61618:"), line);
        assertTrue(line.contains(":HA=true:ReconnectAttempts=-1:"), line);
    }

    @Test
    void anonymousExternalBrokerSendsNoCredentials() {
        String line = CommandFiles.externalBroker(broker("", "", new LauncherConfig.Address("b", 1)));
        assertTrue(!line.contains("UserName") && !line.contains("Password"), line);
    }

    private static LauncherConfig.Broker broker(String user, String password, LauncherConfig.Address... addresses) {
        return new LauncherConfig.Broker(List.of(addresses), user, password);
    }

    @Test
    void preBootKeepsTheStaticCommandsAndBindsHttpToTheHost() throws Exception {
        List<String> staticCommands = Files.readAllLines(Path.of("../resources/src/main/payara/pre-boot.asadmin"));
        assertTrue(staticCommands.contains(
                "set configs.config.server-config.hazelcast-config-specific-configuration.enabled=false"));
        List<String> lines = CommandFiles.preBoot(staticCommands, "127.0.0.1");
        assertEquals(staticCommands, lines.subList(0, staticCommands.size()));
        assertTrue(lines.get(lines.size() - 1).endsWith("http-listener.address=127.0.0.1"));
    }

    @Test
    void commandFilesAreOwnerOnly(@TempDir Path dir) throws Exception {
        Path file = CommandFiles.write(dir.resolve("config/post-boot.asadmin"), List.of("x"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(List.of("x"), Files.readAllLines(file));
    }
}
