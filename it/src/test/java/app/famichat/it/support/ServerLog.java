package app.famichat.it.support;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/** The packaged server's log files (server.log.0 and its rotations): what a test made the server write. */
public final class ServerLog {

    private final Map<Path, Long> sizes;

    private ServerLog(Map<Path, Long> sizes) {
        this.sizes = sizes;
    }

    /** Where the log files end now. */
    public static ServerLog mark() throws Exception {
        return new ServerLog(sizes());
    }

    /** Bytes written to the log files since the mark. */
    public long grownBytes() throws Exception {
        return total(sizes()) - total(sizes);
    }

    /** What the log files gained since the mark (a file that was not there, all of it). */
    public String written() throws Exception {
        StringBuilder logged = new StringBuilder();
        for (Path file : sizes().keySet()) {
            byte[] all = Files.readAllBytes(file);
            int from = (int) Math.min(sizes.getOrDefault(file, 0L), all.length);
            logged.append(new String(all, from, all.length - from, StandardCharsets.UTF_8));
        }
        return logged.toString();
    }

    private static Map<Path, Long> sizes() throws Exception {
        Path logs = TestEnvironment.get().packagedServer().dataDir().resolve("logs");
        try (Stream<Path> files = Files.list(logs)) {
            Map<Path, Long> sizes = new HashMap<>();
            for (Path file : files.filter(file -> file.getFileName().toString().startsWith("server.log")).toList()) {
                sizes.put(file, Files.size(file));
            }
            return sizes;
        }
    }

    private static long total(Map<Path, Long> sizes) {
        return sizes.values().stream().mapToLong(Long::longValue).sum();
    }
}
