package app.famichat.it.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The TCP sockets a process listens on, read from Linux's /proc (what {@code ss -ltnp} shows), as
 * "address:port" with the address in its usual notation.
 */
public final class ListeningSockets {

    private static final String LISTEN = "0A";

    private ListeningSockets() {
    }

    public static boolean supported() {
        return Files.isReadable(Path.of("/proc/net/tcp"));
    }

    public static List<String> of(long pid) throws IOException {
        Set<String> inodes = socketInodes(pid);
        List<String> listening = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path file = Path.of(table);
            if (!Files.exists(file)) {
                continue;
            }
            // Read once: the table changes between two reads on a busy machine (a second read's size overran the first's).
            List<String> lines = Files.readAllLines(file);
            for (String line : lines.subList(1, lines.size())) {
                String[] fields = line.trim().split("\\s+");
                if (fields[3].equals(LISTEN) && inodes.contains(fields[9])) {
                    listening.add(address(fields[1]));
                }
            }
        }
        return listening;
    }

    /** True for 127.0.0.0/8, ::1 and ::ffff:127.x.x.x. */
    public static boolean isLoopback(String addressAndPort) {
        String address = addressAndPort.substring(0, addressAndPort.lastIndexOf(':'));
        return address.startsWith("127.") || address.equals("::1") || address.startsWith("::ffff:127.");
    }

    private static Set<String> socketInodes(long pid) throws IOException {
        Set<String> inodes = new HashSet<>();
        Path fds = Path.of("/proc", Long.toString(pid), "fd");
        try (var links = Files.list(fds)) {
            for (Path fd : links.toList()) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException closedMeanwhile) {
                    // the descriptor went away while we looked
                }
            }
        }
        return inodes;
    }

    /** "0100007F:1F90" -> "127.0.0.1:8080"; IPv6 entries are four little-endian 32-bit words. */
    static String address(String hex) {
        String[] parts = hex.split(":");
        int port = Integer.parseInt(parts[1], 16);
        String ip = parts[0];
        if (ip.length() == 8) {
            return ipv4(ip) + ":" + port;
        }
        if (ip.startsWith("0000000000000000FFFF0000")) {
            return "::ffff:" + ipv4(ip.substring(24)) + ":" + port;
        }
        if (ip.equals("00000000000000000000000001000000")) {
            return "::1:" + port;
        }
        if (ip.equals("00000000000000000000000000000000")) {
            return "[::]:" + port;
        }
        return "[" + ip + "]:" + port;
    }

    private static String ipv4(String littleEndianHex) {
        return Integer.parseInt(littleEndianHex.substring(6, 8), 16) + "."
                + Integer.parseInt(littleEndianHex.substring(4, 6), 16) + "."
                + Integer.parseInt(littleEndianHex.substring(2, 4), 16) + "."
                + Integer.parseInt(littleEndianHex.substring(0, 2), 16);
    }
}
