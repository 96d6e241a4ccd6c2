package app.famichat.recovery;

import app.famichat.custody.FamilyRecoveryKeys;
import app.famichat.platform.persistence.DatabaseClock;
import app.famichat.platform.persistence.Rows;
import app.famichat.vault.SealedColumn;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The recovery requests and guardians' decisions of V19 (plain SQL, in the caller's transaction). */
@ApplicationScoped
public class RecoveryRequestStore {

    /** A request's private key, wrapped under the new password; registered with the re-seal job. */
    public static final SealedColumn PRIVATE_KEYS = SealedColumn.of("recovery_requests", "private_key", "id");

    /** Released shares, sealed to their request's key; registered with the re-seal job. */
    public static final SealedColumn RELEASED_SHARES = SealedColumn.of("recovery_decisions", "released_share",
            "request_id", "guardian_id");

    private static final String COLUMNS = "r.id, r.user_id, r.setup_id, r.threshold, r.status, r.secret_hash, "
            + "r.public_key, r.salt, r.memory_kib, r.iterations, r.parallelism, r.private_key, r.device, r.address, "
            + "r.created_at, r.expires_at, "
            + "(SELECT count(*) FROM recovery_decisions d WHERE d.request_id = r.id AND d.decision = 'approved'), "
            + "(SELECT count(*) FROM recovery_decisions d WHERE d.request_id = r.id AND d.decision = 'refused')";

    /** A request as stored, with its decisions counted; the key pair is absent once it closed. */
    record Request(UUID id, UUID userId, UUID setupId, int threshold, RequestStatus status, byte[] secretHash,
                   Optional<FamilyRecoveryKeys.RequestKey> key, String device, String address, Instant createdAt,
                   Instant expiresAt, int approvals, int refusals) {
    }

    /** A pending request as one of its guardians lists it: the owner's name, and their decision if they made one. */
    record Guarded(Request request, String ownerName, Optional<Boolean> approved) {
    }

    /** A guardian's decision; the released share is empty for a refusal and once the request closed. */
    record Decision(UUID guardianId, boolean approved, int shareIndex, Optional<byte[]> releasedShare) {
    }

    @PersistenceContext(unitName = "famichat")
    EntityManager em;

    void insert(UUID id, UUID userId, UUID setupId, int threshold, byte[] secretHash,
                FamilyRecoveryKeys.RequestKey key, String device, String address, Instant createdAt,
                Instant expiresAt) {
        em.createNativeQuery("INSERT INTO recovery_requests (id, user_id, setup_id, threshold, status, secret_hash, "
                        + "public_key, salt, memory_kib, iterations, parallelism, private_key, device, address, "
                        + "created_at, expires_at) VALUES (?, ?, ?, ?, 'pending', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .setParameter(1, id).setParameter(2, userId).setParameter(3, setupId).setParameter(4, threshold)
                .setParameter(5, secretHash).setParameter(6, key.publicKey()).setParameter(7, key.salt())
                .setParameter(8, key.memoryKib()).setParameter(9, key.iterations())
                .setParameter(10, key.parallelism()).setParameter(11, key.sealedPrivateKey())
                .setParameter(12, device).setParameter(13, address)
                .setParameter(14, DatabaseClock.utc(createdAt)).setParameter(15, DatabaseClock.utc(expiresAt))
                .executeUpdate();
    }

    Optional<Request> find(UUID id) {
        return Rows.first(em.createNativeQuery("SELECT " + COLUMNS + " FROM recovery_requests r WHERE r.id = ?")
                .setParameter(1, id), RecoveryRequestStore::request);
    }

    /** The request, its row locked for update: decisions, completion, cancellation and expiry take turns. */
    Optional<Request> lock(UUID id) {
        em.createNativeQuery("SELECT id FROM recovery_requests WHERE id = ? FOR UPDATE").setParameter(1, id)
                .getResultList();
        return find(id);
    }

    /** The user's open request (pending or approved), if any. */
    Optional<UUID> openOf(UUID userId) {
        return Rows.first(em.createNativeQuery("SELECT id FROM recovery_requests WHERE user_id = ? "
                + "AND status IN ('pending', 'approved')").setParameter(1, userId), row -> row.uuid(0));
    }

    /** The user's requests, newest first, at most {@code limit}. */
    List<Request> ofUser(UUID userId, int limit) {
        return Rows.list(em.createNativeQuery("SELECT " + COLUMNS + " FROM recovery_requests r WHERE r.user_id = ? "
                        + "ORDER BY r.created_at DESC, r.id LIMIT ?").setParameter(1, userId).setParameter(2, limit),
                RecoveryRequestStore::request);
    }

    /**
     * Pending requests of the users whose setup has a usable share of {@code guardianId}, oldest first, each with
     * its owner's display name and the guardian's decision: one query, however many they guard.
     */
    List<Guarded> pendingGuardedBy(UUID guardianId) {
        return Rows.list(em.createNativeQuery("SELECT " + COLUMNS + ", u.display_name, mine.decision "
                        + "FROM recovery_requests r "
                        + "JOIN guardian_setups g ON g.user_id = r.user_id AND g.setup_id = r.setup_id "
                        + "JOIN guardian_shares s ON s.user_id = g.user_id AND s.guardian_id = ? "
                        + "AND s.share IS NOT NULL "
                        + "JOIN users u ON u.id = r.user_id "
                        + "LEFT JOIN recovery_decisions mine ON mine.request_id = r.id "
                        + "AND mine.guardian_id = s.guardian_id "
                        + "WHERE r.status = 'pending' ORDER BY r.created_at, r.id")
                .setParameter(1, guardianId), row -> new Guarded(request(row), row.string(18),
                row.isNull(19) ? Optional.empty() : Optional.of(row.string(19).equals("approved"))));
    }

    /** Open requests whose deadline passed by {@code now}. */
    List<UUID> openExpiredBy(Instant now) {
        return Rows.list(em.createNativeQuery("SELECT id FROM recovery_requests WHERE status IN ('pending', "
                + "'approved') AND expires_at <= ?").setParameter(1, DatabaseClock.utc(now)), row -> row.uuid(0));
    }

    List<Decision> decisions(UUID requestId) {
        return Rows.list(em.createNativeQuery("SELECT guardian_id, decision = 'approved', share_index, "
                        + "released_share FROM recovery_decisions WHERE request_id = ? ORDER BY share_index")
                        .setParameter(1, requestId),
                row -> new Decision(row.uuid(0), row.bool(1), row.isNull(2) ? 0 : row.intValue(2),
                        row.isNull(3) ? Optional.empty() : Optional.of(row.bytes(3))));
    }

    void insertApproval(UUID requestId, UUID guardianId, int shareIndex, byte[] releasedShare) {
        em.createNativeQuery("INSERT INTO recovery_decisions (request_id, guardian_id, decision, share_index, "
                        + "released_share, decided_at) VALUES (?, ?, 'approved', ?, ?, ?)")
                .setParameter(1, requestId).setParameter(2, guardianId).setParameter(3, shareIndex)
                .setParameter(4, releasedShare).setParameter(5, DatabaseClock.utc(DatabaseClock.now()))
                .executeUpdate();
    }

    /** A refusal (its own statement: a null parameter would be bound as text, which the typed columns refuse). */
    void insertRefusal(UUID requestId, UUID guardianId) {
        em.createNativeQuery("INSERT INTO recovery_decisions (request_id, guardian_id, decision, decided_at) "
                        + "VALUES (?, ?, 'refused', ?)")
                .setParameter(1, requestId).setParameter(2, guardianId)
                .setParameter(3, DatabaseClock.utc(DatabaseClock.now())).executeUpdate();
    }

    void setStatus(UUID requestId, RequestStatus status) {
        em.createNativeQuery("UPDATE recovery_requests SET status = ? WHERE id = ?")
                .setParameter(1, status.value()).setParameter(2, requestId).executeUpdate();
    }

    /** Closes the request: its status, and its private key and released shares deleted (crypto-shredding). */
    void close(UUID requestId, RequestStatus status) {
        em.createNativeQuery("UPDATE recovery_requests SET status = ?, private_key = NULL, closed_at = ? "
                        + "WHERE id = ?").setParameter(1, status.value())
                .setParameter(2, DatabaseClock.utc(DatabaseClock.now())).setParameter(3, requestId).executeUpdate();
        em.createNativeQuery("UPDATE recovery_decisions SET released_share = NULL WHERE request_id = ?")
                .setParameter(1, requestId).executeUpdate();
    }

    private static Request request(Rows.Row row) {
        Optional<FamilyRecoveryKeys.RequestKey> key = row.isNull(11) ? Optional.empty()
                : Optional.of(new FamilyRecoveryKeys.RequestKey(row.bytes(6), row.bytes(7), row.intValue(8),
                row.intValue(9), row.intValue(10), row.bytes(11)));
        return new Request(row.uuid(0), row.uuid(1), row.uuid(2), row.intValue(3),
                RequestStatus.of(row.string(4)).orElseThrow(), row.bytes(5), key, row.string(12), row.string(13),
                row.instant(14), row.instant(15), (int) row.longValue(16), (int) row.longValue(17));
    }
}
