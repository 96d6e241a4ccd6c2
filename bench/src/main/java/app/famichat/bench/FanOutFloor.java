package app.famichat.bench;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.signal.libsignal.protocol.IdentityKeyPair;
import org.signal.libsignal.protocol.SessionBuilder;
import org.signal.libsignal.protocol.SessionCipher;
import org.signal.libsignal.protocol.SignalProtocolAddress;
import org.signal.libsignal.protocol.ecc.ECKeyPair;
import org.signal.libsignal.protocol.kem.KEMKeyPair;
import org.signal.libsignal.protocol.kem.KEMKeyType;
import org.signal.libsignal.protocol.message.CiphertextMessage;
import org.signal.libsignal.protocol.message.PreKeySignalMessage;
import org.signal.libsignal.protocol.message.SignalMessage;
import org.signal.libsignal.protocol.state.KyberPreKeyRecord;
import org.signal.libsignal.protocol.state.PreKeyBundle;
import org.signal.libsignal.protocol.state.PreKeyRecord;
import org.signal.libsignal.protocol.state.SignedPreKeyRecord;
import org.signal.libsignal.protocol.state.impl.InMemorySignalProtocolStore;

/**
 * The floor under the end-to-end latency of a message (issue 15): libsignal alone, in memory, doing the crypto the
 * server does for one message in a conversation of M members with one device each. The sender's store encrypts the
 * content to each of the M-1 others and each recipient's store decrypts it, one after the other on one thread (the
 * server's work per pair is sequential too: one writer per session). Senders take turns, so the ratchets step as
 * in a conversation. Run by {@code bench/MessageLoad.java} after each size's window, or alone (docs/benchmarks.md):
 *
 * <pre>java -Djava.library.path=DIST/native -cp bench/target/classes:DIST/server-lib/* app.famichat.bench.FanOutFloor
 *     --members 6 --body-chars 100 --messages 2000 --warmup 500</pre>
 *
 * Prints one line: {@code [floor] members=6 body=100 n=2000 p50_ms=... p99_ms=... mean_ms=...}, the time of one
 * message's whole fan-out (encrypt + decrypt for every recipient).
 */
public final class FanOutFloor {

    /** What the server encrypts besides the body: a format byte and two UUIDs (delivery.MessageContent). */
    private static final int CONTENT_HEADER_BYTES = 1 + 2 * 16;

    private final List<Member> members = new ArrayList<>();

    /** One member's device: its own store, as the server keeps one per device, and its signed EC prekey. */
    private record Member(SignalProtocolAddress address, InMemorySignalProtocolStore store, ECKeyPair signed,
            byte[] signedSignature) {

        static Member generate(SignalProtocolAddress address, int registrationId) throws Exception {
            IdentityKeyPair identity = IdentityKeyPair.generate();
            InMemorySignalProtocolStore store = new InMemorySignalProtocolStore(identity, registrationId);
            ECKeyPair signed = ECKeyPair.generate();
            byte[] signature = identity.getPrivateKey().calculateSignature(signed.getPublicKey().serialize());
            store.storeSignedPreKey(1, new SignedPreKeyRecord(1, System.currentTimeMillis(), signed, signature));
            return new Member(address, store, signed, signature);
        }

        /**
         * What a bundle claim hands out (keys.BundleStore): a one-time EC prekey, the signed EC prekey and a one-time
         * Kyber-1024 prekey signed by the identity. One-time keys are used up, so each claim gets its own pair.
         */
        PreKeyBundle claim(int id) throws Exception {
            IdentityKeyPair identity = store.getIdentityKeyPair();
            ECKeyPair oneTime = ECKeyPair.generate();
            store.storePreKey(id, new PreKeyRecord(id, oneTime));
            KEMKeyPair kyber = KEMKeyPair.generate(KEMKeyType.KYBER_1024);
            byte[] kyberSignature = identity.getPrivateKey().calculateSignature(kyber.getPublicKey().serialize());
            store.storeKyberPreKey(id, new KyberPreKeyRecord(id, System.currentTimeMillis(), kyber, kyberSignature));
            return new PreKeyBundle(store.getLocalRegistrationId(), address.getDeviceId(), id, oneTime.getPublicKey(),
                    1, signed.getPublicKey(), signedSignature, identity.getPublicKey(), id, kyber.getPublicKey(),
                    kyberSignature);
        }
    }

    private FanOutFloor(int size) throws Exception {
        SecureRandom random = new SecureRandom();
        for (int i = 0; i < size; i++) {
            members.add(Member.generate(new SignalProtocolAddress(UUID.randomUUID().toString(), 1),
                    1 + random.nextInt(16380)));
        }
        // Every pair's session, established outside the measurement as MessageLoad does: the first of the pair
        // claims the other's bundle (PQXDH), sends, and is answered, so both sides have ratcheted once.
        byte[] hello = new byte[CONTENT_HEADER_BYTES + 8];
        for (int i = 0; i < size; i++) {
            for (int j = i + 1; j < size; j++) {
                Member a = members.get(i);
                Member b = members.get(j);
                new SessionBuilder(a.store, b.address).process(b.claim(i + 1));
                deliver(a, b, hello);
                deliver(b, a, hello);
            }
        }
    }

    /** Encrypts {@code content} from {@code from} to {@code to} and decrypts it there, as sender and take do. */
    private static void deliver(Member from, Member to, byte[] content) throws Exception {
        CiphertextMessage message = new SessionCipher(from.store, to.address).encrypt(content);
        byte[] serialized = message.serialize();
        SessionCipher cipher = new SessionCipher(to.store, from.address);
        byte[] opened = message.getType() == CiphertextMessage.PREKEY_TYPE
                ? cipher.decrypt(new PreKeySignalMessage(serialized))
                : cipher.decrypt(new SignalMessage(serialized));
        if (!Arrays.equals(opened, content)) {
            throw new IllegalStateException("a message did not decrypt to what was sent");
        }
    }

    /** The whole fan-out of message {@code k}: its sender (members take turns) to every other member. */
    private long fanOut(long k, byte[] content) throws Exception {
        Member sender = members.get((int) (k % members.size()));
        long start = System.nanoTime();
        for (Member recipient : members) {
            if (recipient != sender) {
                deliver(sender, recipient, content);
            }
        }
        return System.nanoTime() - start;
    }

    public static void main(String[] args) throws Exception {
        int size = 6;
        int bodyChars = 100;
        int messages = 2000;
        int warmup = 500;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--members" -> size = Integer.parseInt(args[++i]);
                case "--body-chars" -> bodyChars = Integer.parseInt(args[++i]);
                case "--messages" -> messages = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException(
                        "usage: FanOutFloor [--members M] [--body-chars N] [--messages N] [--warmup N]");
            }
        }
        if (size < 2 || messages < 1 || warmup < 0) {
            throw new IllegalArgumentException("at least 2 members, 1 message and no negative warm-up");
        }
        FanOutFloor floor = new FanOutFloor(size);
        // MessageLoad's bodies are ASCII, so characters are bytes; the content is never looked at.
        byte[] content = new byte[CONTENT_HEADER_BYTES + bodyChars];
        new SecureRandom().nextBytes(content);
        for (long k = 0; k < warmup; k++) {
            floor.fanOut(k, content);
        }
        long[] nanos = new long[messages];
        for (int k = 0; k < messages; k++) {
            nanos[k] = floor.fanOut(warmup + k, content);
        }
        double mean = Arrays.stream(nanos).average().orElseThrow() / 1e6;
        Arrays.sort(nanos);
        System.out.printf(Locale.ROOT, "[floor] members=%d body=%d n=%d p50_ms=%.3f p99_ms=%.3f mean_ms=%.3f%n", size,
                bodyChars, messages, percentileMs(nanos, 50), percentileMs(nanos, 99), mean);
    }

    /** Nearest rank, as MessageLoad computes its percentiles. */
    private static double percentileMs(long[] sorted, double pct) {
        int index = (int) Math.ceil(pct / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }
}
