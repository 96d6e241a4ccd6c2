package app.famichat.safetynumbers;

import app.famichat.families.FamilyService;
import app.famichat.keys.SignalKeys;
import app.famichat.platform.errors.FamichatException;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.UUID;
import org.signal.libsignal.protocol.IdentityKey;
import org.signal.libsignal.protocol.fingerprint.Fingerprint;
import org.signal.libsignal.protocol.fingerprint.NumericFingerprintGenerator;

/**
 * Safety numbers, which two people compare (read aloud, or scan) to check that each sees the other's identity
 * key: libsignal's numeric fingerprint over both users' ids and identity public keys, computed as Signal does
 * (version 2, 5200 iterations, each user's UUID as 16 bytes). Both sides get the same digits; when either
 * identity key changes, the digits change.
 *
 * <p>Only between people who share a family: anyone else is answered like an unknown user, so the endpoint
 * cannot tell whether an account exists.
 */
@Stateless
public class SafetyNumbers {

    /** The fingerprint format Signal uses with service ids (UUIDs) as stable identifiers. */
    static final int VERSION = 2;
    static final int ITERATIONS = 5200;
    private static final int DIGITS_PER_GROUP = 5;

    @Inject
    FamilyService families;

    @Inject
    SignalKeys keys;

    /** The safety number between {@code caller} and {@code other}, who must share a family with them. */
    public SafetyNumber between(UUID caller, UUID other) {
        if (caller.equals(other)) {
            throw FamichatException.invalid("id", "is the caller's own id: a safety number is between two people");
        }
        if (!families.sharingAFamilyWith(caller, List.of(other)).contains(other)) {
            throw FamichatException.notFound("No such user");
        }
        return compute(caller, keys.identityKey(caller), other, keys.identityKey(other));
    }

    static SafetyNumber compute(UUID local, IdentityKey localKey, UUID remote, IdentityKey remoteKey) {
        Fingerprint fingerprint = new NumericFingerprintGenerator(ITERATIONS)
                .createFor(VERSION, bytes(local), localKey, bytes(remote), remoteKey);
        return new SafetyNumber(remote, grouped(fingerprint.getDisplayableFingerprint().getDisplayText()),
                fingerprint.getScannableFingerprint().getSerialized());
    }

    private static byte[] bytes(UUID id) {
        return ByteBuffer.allocate(16).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits())
                .array();
    }

    private static String grouped(String digits) {
        StringBuilder text = new StringBuilder(digits.length() + digits.length() / DIGITS_PER_GROUP);
        for (int i = 0; i < digits.length(); i += DIGITS_PER_GROUP) {
            text.append(i == 0 ? "" : " ").append(digits, i, Math.min(digits.length(), i + DIGITS_PER_GROUP));
        }
        return text.toString();
    }
}
