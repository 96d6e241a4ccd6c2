package app.famichat.ratelimit;

import app.famichat.vault.KeyVault;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.SecretKey;

/**
 * What a rate-limit counter row is keyed by: HMAC-SHA256 of (limiter, key) under a key derived from the vault's
 * active master key. A bare hash would not do: there are only 2^32 IPv4 addresses and few plausible usernames,
 * so anyone reading the database could recover them by enumeration; without the master key they cannot. A new
 * active master key starts every counter afresh (the windows are at most a day long).
 */
@ApplicationScoped
class RateLimitKeys {

    static final String PURPOSE = "rate-limit keys";

    @Inject
    KeyVault vault;

    private SecretKey key;

    public RateLimitKeys() {
    }

    /** For unit tests, outside CDI. */
    RateLimitKeys(SecretKey key) {
        this.key = key;
    }

    @PostConstruct
    void deriveKey() {
        key = vault.derivedKey(PURPOSE);
    }

    /** The stored form of {@code key} for {@code limiter}: 64 hex digits. */
    public String of(Limiter limiter, String key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256"); // not thread-safe, and cheap to make
            mac.init(this.key);
            mac.update(limiter.name().getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0); // a limiter name cannot run into the key
            return HexFormat.of().formatHex(mac.doFinal(key.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available in this JVM", e);
        }
    }
}
