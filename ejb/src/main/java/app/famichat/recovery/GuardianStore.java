package app.famichat.recovery;

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

/** The guardian setups and shares of V19 (plain SQL, in the caller's transaction). */
@ApplicationScoped
public class GuardianStore {

    /** K wrapped under the setup's secret; registered with the re-seal job. */
    public static final SealedColumn WRAPPED_KEYS = SealedColumn.of("guardian_setups", "wrapped_key", "user_id");

    /** Each guardian's sealed share; registered with the re-seal job. */
    public static final SealedColumn SHARES = SealedColumn.of("guardian_shares", "share", "user_id", "guardian_id");

    /** Members sharing a family: the condition on a share's row {@code s} that its guardian may hold it. */
    private static final String STILL_ELIGIBLE = "EXISTS (SELECT 1 FROM family_members o JOIN family_members g "
            + "ON g.family_id = o.family_id WHERE o.user_id = s.user_id AND g.user_id = s.guardian_id) "
            + "AND (SELECT custody FROM users WHERE id = s.guardian_id) = 'locked'";

    record Setup(UUID userId, UUID setupId, int threshold, byte[] salt, byte[] sealedWrappedKey, Instant createdAt) {
    }

    /** A guardian of a setup; the share is empty once they can no longer hold it. */
    record Share(UUID guardianId, String displayName, int index, Optional<byte[]> sealedShare) {

        boolean usable() {
            return sealedShare.isPresent();
        }
    }

    @PersistenceContext(unitName = "famichat")
    EntityManager em;

    /** The members of the user's families except the user, once each, by display name. */
    List<GuardianRules.Candidate> candidates(UUID userId) {
        return Rows.list(em.createNativeQuery("SELECT u.id, u.display_name, u.custody = 'locked' FROM users u "
                        + "WHERE u.id <> ? AND u.id IN (SELECT g.user_id FROM family_members o JOIN family_members g "
                        + "ON g.family_id = o.family_id WHERE o.user_id = ?) ORDER BY u.display_name, u.id")
                        .setParameter(1, userId).setParameter(2, userId),
                row -> new GuardianRules.Candidate(row.uuid(0), row.string(1), row.bool(2)));
    }

    Optional<Setup> setup(UUID userId) {
        return Rows.first(em.createNativeQuery("SELECT user_id, setup_id, threshold, salt, wrapped_key, created_at "
                + "FROM guardian_setups WHERE user_id = ?").setParameter(1, userId), GuardianStore::setup);
    }

    /** The setup with this id, its row locked for update (a completion, a replacement wait for each other). */
    Optional<Setup> lockSetup(UUID setupId) {
        return Rows.first(em.createNativeQuery("SELECT user_id, setup_id, threshold, salt, wrapped_key, created_at "
                + "FROM guardian_setups WHERE setup_id = ? FOR UPDATE").setParameter(1, setupId), GuardianStore::setup);
    }

    /** The setup's guardians, by share index. */
    List<Share> shares(UUID userId) {
        return Rows.list(em.createNativeQuery("SELECT s.guardian_id, u.display_name, s.share_index, s.share "
                        + "FROM guardian_shares s JOIN users u ON u.id = s.guardian_id WHERE s.user_id = ? "
                        + "ORDER BY s.share_index").setParameter(1, userId),
                row -> new Share(row.uuid(0), row.string(1), row.intValue(2),
                        row.isNull(3) ? Optional.empty() : Optional.of(row.bytes(3))));
    }

    /** Replaces the user's setup and its shares (deleting the old shares first). */
    void replace(Setup setup, List<Share> shares) {
        delete(setup.userId());
        em.createNativeQuery("INSERT INTO guardian_setups (user_id, setup_id, threshold, salt, wrapped_key, "
                        + "created_at) VALUES (?, ?, ?, ?, ?, ?)")
                .setParameter(1, setup.userId()).setParameter(2, setup.setupId()).setParameter(3, setup.threshold())
                .setParameter(4, setup.salt()).setParameter(5, setup.sealedWrappedKey())
                .setParameter(6, DatabaseClock.utc(setup.createdAt())).executeUpdate();
        for (Share share : shares) {
            em.createNativeQuery("INSERT INTO guardian_shares (user_id, guardian_id, share_index, share) "
                            + "VALUES (?, ?, ?, ?)")
                    .setParameter(1, setup.userId()).setParameter(2, share.guardianId())
                    .setParameter(3, share.index()).setParameter(4, share.sealedShare().orElseThrow())
                    .executeUpdate();
        }
    }

    /** Deletes the user's setup and its shares; whether there was one. */
    boolean delete(UUID userId) {
        return em.createNativeQuery("DELETE FROM guardian_setups WHERE user_id = ?").setParameter(1, userId)
                .executeUpdate() > 0;
    }

    /**
     * Drops the shares of the user's setup whose guardian no longer shares a family with them or is no longer
     * locked; returns how many.
     */
    int dropUnusable(UUID userId) {
        return em.createNativeQuery("UPDATE guardian_shares s SET share = NULL WHERE s.user_id = ? "
                + "AND s.share IS NOT NULL AND NOT (" + STILL_ELIGIBLE + ")").setParameter(1, userId).executeUpdate();
    }

    /**
     * Drops the shares the user holds as a guardian and the shares of their own setup whose owner and guardian no
     * longer share a family (the user's membership of one ended); returns how many.
     */
    int dropNoLongerShared(UUID userId) {
        return em.createNativeQuery("UPDATE guardian_shares s SET share = NULL WHERE (s.user_id = ? "
                        + "OR s.guardian_id = ?) AND s.share IS NOT NULL AND NOT (" + STILL_ELIGIBLE + ")")
                .setParameter(1, userId).setParameter(2, userId).executeUpdate();
    }

    /** Drops every share the user holds as a guardian (they switched to hosted custody). */
    int dropSharesHeldBy(UUID guardianId) {
        return em.createNativeQuery("UPDATE guardian_shares SET share = NULL WHERE guardian_id = ? "
                + "AND share IS NOT NULL").setParameter(1, guardianId).executeUpdate();
    }

    private static Setup setup(Rows.Row row) {
        return new Setup(row.uuid(0), row.uuid(1), row.intValue(2), row.bytes(3), row.bytes(4), row.instant(5));
    }
}
