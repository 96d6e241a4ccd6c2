package app.famichat.sessions;

import app.famichat.accounts.DeviceAddress;
import app.famichat.custody.KeyCustody;
import app.famichat.platform.persistence.DatabaseClock;
import app.famichat.platform.persistence.Rows;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** The access_tokens table (plain SQL: a bytea primary key gains nothing from an entity). */
@ApplicationScoped
class TokenStore {

    @PersistenceContext(unitName = "famichat")
    EntityManager em;

    void insert(byte[] hash, DeviceAddress device, Instant createdAt, Instant expiresAt) {
        em.createNativeQuery("INSERT INTO access_tokens (token_hash, user_id, device_id, created_at, expires_at) "
                        + "VALUES (?, ?, ?, ?, ?)")
                .setParameter(1, hash)
                .setParameter(2, device.userId())
                .setParameter(3, device.column())
                .setParameter(4, DatabaseClock.utc(createdAt))
                .setParameter(5, DatabaseClock.utc(expiresAt))
                .executeUpdate();
    }

    /**
     * The (user, device) of a token that is neither revoked nor expired, and the user's custody: one query per
     * request or socket, the only one authentication costs.
     */
    Optional<Caller> findActive(byte[] hash, Instant now) {
        return Rows.first(em.createNativeQuery("SELECT t.user_id, t.device_id, u.custody FROM access_tokens t "
                        + "JOIN users u ON u.id = t.user_id "
                        + "WHERE t.token_hash = ? AND t.revoked_at IS NULL AND t.expires_at > ?")
                .setParameter(1, hash)
                .setParameter(2, DatabaseClock.utc(now)),
                row -> new Caller(new DeviceAddress(row.uuid(0), row.intValue(1)), AccessTokens.hex(hash),
                        KeyCustody.of(row.string(2)).orElseThrow()));
    }

    /** When the token expires; empty if it is unknown. */
    Optional<Instant> expiresAt(byte[] hash) {
        return Rows.first(em.createNativeQuery("SELECT expires_at FROM access_tokens WHERE token_hash = ?")
                .setParameter(1, hash), row -> row.instant(0));
    }

    /** The hashes (hex) among {@code tokenHashes} whose tokens are neither revoked nor expired. */
    Set<String> activeAmong(Collection<String> tokenHashes, Instant now) {
        // One round trip for all; the hashes travel as a text array (hex needs no quoting in an array literal).
        return new HashSet<>(hashes(em.createNativeQuery("SELECT token_hash FROM access_tokens "
                        + "WHERE token_hash IN (SELECT decode(h, 'hex') FROM unnest(CAST(? AS TEXT[])) AS h) "
                        + "AND revoked_at IS NULL AND expires_at > ?")
                .setParameter(1, "{" + String.join(",", tokenHashes) + "}")
                .setParameter(2, DatabaseClock.utc(now))));
    }

    boolean revoke(String tokenHash, Instant now) {
        return !hashes(em.createNativeQuery(revoking("token_hash = ?"))
                .setParameter(1, DatabaseClock.utc(now))
                .setParameter(2, HexFormat.of().parseHex(tokenHash))).isEmpty();
    }

    /**
     * The statement that revokes the live tokens matching {@code condition} (its parameters from 2 on) and
     * returns their hashes. It deletes their keyring unlock rows in the same statement: every revocation, on
     * every path, shreds what kept a locked user's keyring usable for those tokens.
     */
    private static String revoking(String condition) {
        return "WITH revoked AS (UPDATE access_tokens SET revoked_at = ? WHERE " + condition
                + " AND revoked_at IS NULL RETURNING token_hash), shredded AS (DELETE FROM keyring_unlocks WHERE "
                + "token_hash IN (SELECT token_hash FROM revoked)) SELECT token_hash FROM revoked";
    }

    /** Revokes every live token of the user except {@code keptTokenHash} (hex) and returns their hashes. */
    List<String> revokeAllBut(UUID userId, String keptTokenHash, Instant now) {
        return hashes(em.createNativeQuery(revoking("user_id = ? AND token_hash <> ?"))
                .setParameter(1, DatabaseClock.utc(now))
                .setParameter(2, userId)
                .setParameter(3, HexFormat.of().parseHex(keptTokenHash)));
    }

    /** Revokes every live token of the user and returns their hashes. */
    List<String> revokeAll(UUID userId, Instant now) {
        return hashes(em.createNativeQuery(revoking("user_id = ?"))
                .setParameter(1, DatabaseClock.utc(now))
                .setParameter(2, userId));
    }

    /** Revokes every live token of one device and returns their hashes. */
    List<String> revokeAll(DeviceAddress device, Instant now) {
        return hashes(em.createNativeQuery(revoking("user_id = ? AND device_id = ?"))
                .setParameter(1, DatabaseClock.utc(now))
                .setParameter(2, device.userId())
                .setParameter(3, device.column()));
    }

    /** The token hashes (hex) a query selects or returns as its one column. */
    private static List<String> hashes(Query query) {
        return Rows.list(query, row -> AccessTokens.hex(row.bytes(0)));
    }
}
