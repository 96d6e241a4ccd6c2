package app.famichat.vault;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The keyring keys unlocked for the work running on the current thread: a REST request or socket frame of the
 * key's owner (bound from their token), or one fan-out message of a locked sender (bound from its send key). EJB
 * calls run on their caller's thread, so a key bound by the web layer reaches the services it calls; nothing else
 * ever sees it. Each binding is closed (the key wiped) when its work ends: in a {@code try}-with-resources, or at
 * the end of the HTTP request ({@link #releaseThread}).
 */
public final class UnlockedKeyrings {

    private static final ThreadLocal<Map<UUID, byte[]>> BOUND = ThreadLocal.withInitial(HashMap::new);

    /** Undoes one {@link #bind}: the key is wiped and whatever was bound before for the user is back. */
    public interface Binding extends AutoCloseable {

        @Override
        void close();
    }

    /** Binds nothing: for users whose keyring needs no unlocking (hosted custody). */
    public static final Binding NONE = () -> { };

    private UnlockedKeyrings() {
    }

    /** Binds {@code key} (which the binding then owns and wipes) for {@code userId} on this thread. */
    public static Binding bind(UUID userId, byte[] key) {
        Map<UUID, byte[]> bound = BOUND.get();
        byte[] previous = bound.put(userId, key);
        return () -> {
            Map<UUID, byte[]> now = BOUND.get();
            if (previous == null) {
                now.remove(userId, key);
            } else {
                now.put(userId, previous);
            }
            Arrays.fill(key, (byte) 0);
        };
    }

    /** The user's keyring key, if it is unlocked on this thread. */
    static Optional<byte[]> of(UUID userId) {
        return Optional.ofNullable(BOUND.get().get(userId));
    }

    /** Whether the user's keyring key is unlocked on this thread. */
    public static boolean isBound(UUID userId) {
        return BOUND.get().containsKey(userId);
    }

    /**
     * The keyring key of {@code userId} on this thread, copied (the caller wipes the copy), for wrapping it again
     * (a password change, a send key).
     *
     * @throws KeyringLockedException if it is not unlocked here
     */
    public static byte[] copyOf(UUID userId) {
        return of(userId).map(byte[]::clone).orElseThrow(KeyringLockedException::new);
    }

    /**
     * Wipes and forgets every key bound on this thread: the web layer calls it when a request ends, so that a
     * pooled thread never carries a key into the next request, whatever happened in between.
     */
    public static void releaseThread() {
        Map<UUID, byte[]> bound = BOUND.get();
        bound.values().forEach(key -> Arrays.fill(key, (byte) 0));
        bound.clear();
        BOUND.remove();
    }
}
