package app.famichat.keys;

import java.util.ArrayList;
import java.util.List;

/**
 * The next free id of each kind of prekey of one device (table {@code signal_prekey_ids}). Ids only move forward:
 * a client may still hold a bundle that names an old id, so an id must not come back for another key. They stay
 * below 0xFFFFFF, the limit Signal's clients and server keep to, and wrap from {@link #MAX_ID} to 1. A reissued id
 * replaces whatever key still has it (see {@link KeyStatements#insertPreKeys}): a key that old is a claim never followed by
 * a message, and a device reaches a wrap only after 16.7 million keys of one kind (167,000 replenishments of 100).
 *
 * @param nextEc     one-time EC prekeys
 * @param nextKyber  Kyber prekeys, one-time and last-resort (one table, one id space)
 * @param nextSigned signed EC prekeys
 */
public record PreKeyIds(int nextEc, int nextKyber, int nextSigned) {

    public static final int MAX_ID = 0xFFFFFE;

    /** A new device's counters. */
    public static final PreKeyIds FIRST = new PreKeyIds(1, 1, 1);

    public PreKeyIds {
        for (int next : new int[] {nextEc, nextKyber, nextSigned}) {
            if (next < 1 || next > MAX_ID) {
                throw new IllegalArgumentException("Prekey ids are 1.." + MAX_ID);
            }
        }
    }

    /** {@code count} ids from {@code next} on, wrapping after {@link #MAX_ID}. */
    static List<Integer> block(int next, int count) {
        if (count < 0 || count > MAX_ID) {
            throw new IllegalArgumentException("Cannot take " + count + " prekey ids at once");
        }
        List<Integer> ids = new ArrayList<>(count);
        int id = next;
        for (int i = 0; i < count; i++) {
            ids.add(id);
            id = after(id, 1);
        }
        return ids;
    }

    /** The id {@code count} places after {@code next}, wrapping after {@link #MAX_ID}. */
    static int after(int next, int count) {
        return (int) ((next - 1L + count) % MAX_ID) + 1;
    }

    PreKeyIds afterEc(int count) {
        return new PreKeyIds(after(nextEc, count), nextKyber, nextSigned);
    }

    PreKeyIds afterKyber(int count) {
        return new PreKeyIds(nextEc, after(nextKyber, count), nextSigned);
    }

    PreKeyIds afterSigned(int count) {
        return new PreKeyIds(nextEc, nextKyber, after(nextSigned, count));
    }
}
