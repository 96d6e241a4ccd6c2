package app.famichat.keys;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * When a device gets a new signed EC prekey and a new Kyber last-resort prekey, and when the ones they replace are
 * deleted. Claims always hand out the newest key of each kind, so a key is replaced the moment a newer one is
 * created; from then on it is only needed by sessions started from bundles claimed before, and it is kept for the
 * grace period, counted from its replacement (not from its own creation: a key that was current until yesterday
 * must not disappear today because it is old).
 *
 * @param rotation {@code famichat.keys.signed-prekey.rotation}: a new key once the newest is this old
 * @param grace    {@code famichat.keys.signed-prekey.grace}: how long a replaced key stays
 */
record RotationPolicy(Duration rotation, Duration grace) {

    public static final RotationPolicy DEFAULT = new RotationPolicy(Duration.ofDays(7), Duration.ofDays(30));

    public RotationPolicy {
        if (rotation == null || rotation.isNegative() || rotation.isZero()) {
            throw new IllegalArgumentException("famichat.keys.signed-prekey.rotation must be a positive duration");
        }
        if (grace == null || grace.isNegative()) {
            throw new IllegalArgumentException("famichat.keys.signed-prekey.grace must not be negative");
        }
    }

    /** Whether the newest of these keys (of one kind, one device) is old enough to be replaced, or there is none. */
    public boolean isDue(List<KeyAge> keys, Instant now) {
        return keys.stream().max(KeyAge.OLDEST_FIRST)
                .map(newest -> !newest.createdAt().isAfter(rotateBefore(now)))
                .orElse(true);
    }

    /**
     * The ids of the keys to delete: those replaced by a newer key before the grace period began. Among the keys
     * created before that point, all but the newest were replaced before it; the newest of them was current then
     * (and may be still), so it stays, as does every key created since.
     */
    public List<Integer> retired(List<KeyAge> keys, Instant now) {
        List<KeyAge> createdBeforeGrace = keys.stream()
                .filter(key -> !key.createdAt().isAfter(graceBegan(now)))
                .sorted(KeyAge.OLDEST_FIRST)
                .toList();
        return createdBeforeGrace.stream().limit(Math.max(0, createdBeforeGrace.size() - 1))
                .map(KeyAge::id).toList();
    }

    /** Keys created at or before this are due for replacement. */
    Instant rotateBefore(Instant now) {
        return now.minus(rotation);
    }

    /** Keys replaced at or before this are deleted. */
    Instant graceBegan(Instant now) {
        return now.minus(grace);
    }
}
