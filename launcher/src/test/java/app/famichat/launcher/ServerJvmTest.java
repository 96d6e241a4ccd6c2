package app.famichat.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JVM sizing of the server process and of the launcher's own JVM once it only supervises. */
class ServerJvmTest {

    @Test
    void theServersOptionsStartThisJavaWithABoundedSerialHeap(@TempDir Path home) throws Exception {
        java.nio.file.Files.createFile(home.resolve("payara-micro.jar"));
        List<String> options = PayaraMicroServer.jvmOptions(new Distribution(home));
        assertTrue(options.containsAll(List.of("-Xmx512m", "-XX:+UseSerialGC", "-Xms64m")), options.toString());
        // Every option must be one this java accepts: an unknown -XX flag would stop the server from starting.
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(options);
        command.add("-version");
        Process java = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(java.getInputStream().readAllBytes());
        assertTrue(java.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, java.exitValue(), output);
    }

    @Test
    void theOperatorsOptionsComeAfterTheLaunchersAndCanChangeTheCollector(@TempDir Path home) throws Exception {
        java.nio.file.Files.createFile(home.resolve("payara-micro.jar"));
        java.nio.file.Files.createDirectories(home.resolve("config"));
        java.nio.file.Files.createFile(home.resolve("config/pre-boot.asadmin"));
        LauncherConfig config = LauncherConfig.fromEnvironment(java.util.Map.of(
                "FAMICHAT_SERVER_JVM_OPTIONS", "-XX:-UseSerialGC -XX:+UseG1GC -Xmx768m"));
        List<String> command = PayaraMicroServer.command(new Distribution(home), config, home.resolve("state"));
        int jar = command.indexOf("-jar");
        assertEquals(List.of("-XX:-UseSerialGC", "-XX:+UseG1GC", "-Xmx768m"), command.subList(jar - 3, jar));
        assertTrue(command.indexOf("-Xmx512m") < jar - 3, command.toString());
        // The documented way to change the collector is accepted by this java next to the launcher's own options.
        List<String> java = new ArrayList<>(command.subList(0, jar));
        java.add("-XX:+PrintFlagsFinal");
        java.add("-version");
        Process process = new ProcessBuilder(java).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), output);
        assertTrue(output.matches("(?s).*bool UseG1GC\\s+= true.*"), "G1 selected");
        assertTrue(output.matches("(?s).*size_t MaxHeapSize\\s+= 805306368.*"), "the last -Xmx wins");
    }

    @Test
    void aFlagIsPassedOnlyWhereTheJvmKnowsIt() {
        assertTrue(PayaraMicroServer.jvmHasFlag("MaxHeapFreeRatio"));
        assertFalse(PayaraMicroServer.jvmHasFlag("NoSuchFlagInAnyJvm"));
    }

    @Test
    void theSupervisingLauncherKeepsLittleFreeHeap() {
        IdleFootprint.shrink();
        HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        assertEquals(IdleFootprint.MAX_HEAP_FREE_PERCENT, hotspot.getVMOption("MaxHeapFreeRatio").getValue());
        assertEquals("0", hotspot.getVMOption("MinHeapFreeRatio").getValue());
    }
}
