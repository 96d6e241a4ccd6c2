package app.famichat.delivery;

import app.famichat.keys.HostedSignalStore;
import java.util.UUID;
import java.util.function.Supplier;
import org.signal.libsignal.protocol.DuplicateMessageException;
import org.signal.libsignal.protocol.InvalidKeyException;
import org.signal.libsignal.protocol.InvalidKeyIdException;
import org.signal.libsignal.protocol.InvalidMessageException;
import org.signal.libsignal.protocol.InvalidVersionException;
import org.signal.libsignal.protocol.LegacyMessageException;
import org.signal.libsignal.protocol.NoSessionException;
import org.signal.libsignal.protocol.SessionBuilder;
import org.signal.libsignal.protocol.SessionCipher;
import org.signal.libsignal.protocol.SignalProtocolAddress;
import org.signal.libsignal.protocol.UntrustedIdentityException;
import org.signal.libsignal.protocol.message.CiphertextMessage;
import org.signal.libsignal.protocol.message.PreKeySignalMessage;
import org.signal.libsignal.protocol.message.SignalMessage;
import org.signal.libsignal.protocol.state.PreKeyBundle;
import org.signal.libsignal.protocol.state.SignalProtocolStore;

/**
 * Where the pipeline calls libsignal, and nowhere else: decrypt failures become {@link Decryption.Failed}
 * outcomes; anything unexpected out of the native code (an unchecked exception, an error) is counted as a native
 * failure and rethrown as {@link NativeFailure}, which rolls the transaction back (the broker redelivers, then
 * dead-letters) and leaves the node running.
 */
final class SignalBoundary {

    /** A message encrypted for a device, and whether a session had to be established for it first. */
    record Encrypted(int type, byte[] ciphertext, boolean established) {
    }

    static final class NativeFailure extends RuntimeException {
        NativeFailure(String what, Throwable cause) {
            super(what + " failed in libsignal: " + cause.getClass().getSimpleName(), cause);
        }
    }

    private final DeliveryMetrics metrics;

    SignalBoundary(DeliveryMetrics metrics) {
        this.metrics = metrics;
    }

    /** Encrypts for {@code to}, first running PQXDH with a claimed bundle if there is no usable session. */
    Encrypted encrypt(HostedSignalStore store, SignalProtocolAddress to, byte[] content,
            Supplier<PreKeyBundle> bundle) {
        try {
            boolean established = false;
            if (!store.hasSenderChain(to)) {
                long started = System.nanoTime();
                new SessionBuilder(store, to).process(bundle.get());
                metrics.sessionEstablished(System.nanoTime() - started);
                established = true;
            }
            long started = System.nanoTime();
            CiphertextMessage message = new SessionCipher(store, to).encrypt(content);
            metrics.encrypted(System.nanoTime() - started);
            return new Encrypted(message.getType(), message.serialize(), established);
        } catch (InvalidKeyException | UntrustedIdentityException | NoSessionException e) {
            // The bundle is the server's own (hosted keys): a bad one is a bug, not an attack. Retried, then dead-lettered.
            throw nativeFailure("encrypt", e);
        } catch (RuntimeException e) {
            throw fromLibsignal(e) ? nativeFailure("encrypt", e) : e;
        } catch (Error e) {
            throw nativeFailure("encrypt", e);
        }
    }

    /**
     * Decrypts an envelope with the recipient's store; the content must name the envelope's message and
     * conversation (else it counts as tampered: MessageContent).
     */
    Decryption decrypt(SignalProtocolStore store, SignalProtocolAddress from, UUID messageId, UUID conversationId,
            int type, byte[] ciphertext) {
        long started = System.nanoTime();
        try {
            SessionCipher cipher = new SessionCipher(store, from);
            byte[] content = switch (type) {
                case CiphertextMessage.PREKEY_TYPE -> cipher.decrypt(new PreKeySignalMessage(ciphertext));
                case CiphertextMessage.WHISPER_TYPE -> cipher.decrypt(new SignalMessage(ciphertext));
                default -> throw new InvalidMessageException("Unexpected message type");
            };
            metrics.decrypted(System.nanoTime() - started);
            return MessageContent.decode(messageId, conversationId, content)
                    .<Decryption>map(Decryption.Plain::new)
                    .orElseGet(() -> new Decryption.Failed(DecryptFailure.TAMPERED));
        } catch (DuplicateMessageException e) {
            return new Decryption.Failed(DecryptFailure.DUPLICATE);
        } catch (NoSessionException | InvalidKeyIdException e) {
            return new Decryption.Failed(DecryptFailure.NO_SESSION);
        } catch (UntrustedIdentityException e) {
            return new Decryption.Failed(DecryptFailure.UNTRUSTED_IDENTITY);
        } catch (InvalidMessageException | InvalidKeyException | InvalidVersionException | LegacyMessageException e) {
            return new Decryption.Failed(DecryptFailure.TAMPERED);
        } catch (RuntimeException e) {
            throw fromLibsignal(e) ? nativeFailure("decrypt", e) : e;
        } catch (Error e) {
            throw nativeFailure("decrypt", e);
        }
    }

    /** Unchecked exceptions of our own stores (database, vault) pass through libsignal unchanged. */
    private static boolean fromLibsignal(RuntimeException e) {
        return e.getClass().getName().startsWith("org.signal.libsignal.");
    }

    private NativeFailure nativeFailure(String what, Throwable cause) {
        metrics.nativeFailure();
        return new NativeFailure(what, cause);
    }
}
