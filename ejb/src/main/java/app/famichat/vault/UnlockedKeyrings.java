package app.famichat.vault;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The keyring keys unlocked for the work running on the current thread: a REST request or socket frame of the
 * key's owner (bound from their token), or one fan-out message of a locked sender (bound from its send key). EJB
 * calls run on their caller's thread, so a key bound by the web layer reaches the services it calls; nothing else
 * ever sees it. Each binding is closed (the key wiped) when its work ends: in a {@code try}-with-resources, or at
 * the end of the HTTP request ({@link #releaseThread}).
 *
 * <p>A token's key is bound {@linkplain #onDemand on demand}: the web layer does not know whether the caller is
 * locked without asking the database, and the transaction that opens or seals a secret asks anyway
 * ({@link UserSecrets#isLocked}). So a hosted caller's request or push reads no unlock row at all, a locked
 * caller's reads it once, when it first needs the key, and a custody switch counts from the next transaction.
 */
public final class UnlockedKeyrings {

    private static final ThreadLocal<Map<UUID, byte[]>> BOUND = ThreadLocal.withInitial(HashMap::new);

    private static final ThreadLocal<Map<UUID, OnDemand>> ON_DEMAND = ThreadLocal.withInitial(HashMap::new);

    /** An unlock not run yet, or run once (its key, if it opened, owned here and wiped when the binding closes). */
    private static final class OnDemand {
        final Supplier<Optional<byte[]>> unlock;
        boolean ran;
        byte[] key;

        OnDemand(Supplier<Optional<byte[]>> unlock) {
            this.unlock = unlock;
        }

        Optional<byte[]> key() {
            if (!ran) {
                key = unlock.get().orElse(null); // a failure leaves it to be run again
                ran = true;
            }
            return Optional.ofNullable(key);
        }

        void wipe() {
            if (key != null) {
                Arrays.fill(key, (byte) 0);
            }
        }
    }

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

    /**
     * Binds the key of {@code userId} on this thread the first time it is asked for here ({@link #isBound},
     * {@link #copyOf}, a locked user's secret opened or sealed): {@code unlock} runs then, once (empty when the
     * key does not open; then it stays unbound). Nothing runs if the key is never needed, as for a hosted user.
     */
    public static Binding onDemand(UUID userId, Supplier<Optional<byte[]>> unlock) {
        OnDemand pending = new OnDemand(unlock);
        OnDemand previous = ON_DEMAND.get().put(userId, pending);
        return () -> {
            Map<UUID, OnDemand> now = ON_DEMAND.get();
            if (previous == null) {
                now.remove(userId, pending);
            } else {
                now.put(userId, previous);
            }
            pending.wipe();
        };
    }

    /** The user's keyring key, if it is unlocked on this thread (running an {@link #onDemand} unlock if need be). */
    static Optional<byte[]> of(UUID userId) {
        byte[] bound = BOUND.get().get(userId);
        if (bound != null) {
            return Optional.of(bound);
        }
        OnDemand pending = ON_DEMAND.get().get(userId);
        return pending == null ? Optional.empty() : pending.key();
    }

    /** Whether the user's keyring key is unlocked on this thread (running an {@link #onDemand} unlock if need be). */
    public static boolean isBound(UUID userId) {
        return of(userId).isPresent();
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
        ON_DEMAND.get().values().forEach(OnDemand::wipe);
        ON_DEMAND.remove();
    }
}
