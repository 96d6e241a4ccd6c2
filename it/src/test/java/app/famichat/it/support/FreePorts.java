package app.famichat.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free TCP ports on 127.0.0.1. A port found free can still be taken by someone else before the server binds it;
 * the callers bind soon after, and random choices make two parallel test JVMs unlikely to collide.
 */
final class FreePorts {

    private FreePorts() {
    }

    /** A port the OS says is free now (ephemeral range). */
    static int find() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A base such that {@code base + offset} is free for every offset, for servers that derive many ports from
     * one number (Payara's {@code --portbase}). Picked below the Linux ephemeral range (32768+), so that client
     * sockets cannot grab our ports between this check and the server's start.
     */
    static int findBase(int... offsets) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int attempt = 0; attempt < 200; attempt++) {
            int base = 20_000 + 100 * random.nextInt(120); // 20000..31900, a multiple of 100 reads well in logs
            if (allFree(base, offsets)) {
                return base;
            }
        }
        throw new IllegalStateException("no free port base found");
    }

    private static boolean allFree(int base, int... offsets) {
        for (int offset : offsets) {
            try (ServerSocket s = new ServerSocket()) {
                s.setReuseAddress(false);
                s.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), base + offset), 1);
            } catch (IOException inUse) {
                return false;
            }
        }
        return true;
    }
}
