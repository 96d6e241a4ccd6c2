package app.famichat.vault;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;

/**
 * AES-256-GCM {@link Cipher} objects, one per thread: {@code Cipher.getInstance} (a provider lookup) cost more
 * than sealing a small value does. Every use initialises it with its own key and a fresh nonce, and finishes
 * with {@code doFinal} before anything else can use it on that thread. Public for the sealing of family
 * recovery's shares ({@code custody.Ecies}), which is not a vault format.
 */
public final class GcmCiphers {

    private static final ThreadLocal<Cipher> CIPHERS = ThreadLocal.withInitial(() -> {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JVM", e);
        }
    });

    private GcmCiphers() {
    }

    public static Cipher forThisThread() {
        return CIPHERS.get();
    }
}
