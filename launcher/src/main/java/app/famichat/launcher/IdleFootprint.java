package app.famichat.launcher;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * Gives back the memory the launcher's own JVM needed only to start things. README's run command is a plain
 * {@code java -jar}, so this JVM runs with the default heap for the machine (a quarter of its memory) and grows it
 * while it unpacks PostgreSQL's binaries and sets up the cluster: about 130 MB resident afterwards, while
 * supervising needs a few (a check a second). After that the collector would keep the heap it has, so the launcher
 * lowers the JVM's free-heap ratios (flags the JVM lets a running program change), collects, and hands the
 * C heap's free pages back to the system (measured in docs/benchmarks.md, "Footprint").
 */
final class IdleFootprint {

    /** Free heap kept after a collection, in percent of the heap: little, the supervisor allocates little. */
    static final String MAX_HEAP_FREE_PERCENT = "10";

    private IdleFootprint() {
    }

    /** Best effort: a JVM without these flags or commands keeps its memory, and the launcher works as before. */
    static void shrink() {
        try {
            HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            hotspot.setVMOption("MinHeapFreeRatio", "0"); // first: it may never exceed the maximum ratio
            hotspot.setVMOption("MaxHeapFreeRatio", MAX_HEAP_FREE_PERCENT);
        } catch (IllegalArgumentException | SecurityException e) {
            // another JVM than HotSpot: its own sizing applies
        }
        System.gc();
        try {
            // jcmd's System.trim_native_heap (malloc_trim), present from Java 17.0.9 on.
            ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "systemTrimNativeHeap", null, null);
        } catch (JMException | RuntimeException e) {
            // an older JVM, or no glibc: the C heap keeps its free pages
        }
    }
}
