package app.famichat.families;

import app.famichat.platform.secrets.SecretFormat;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/** A single-use, expiring invitation into a family. Only the SHA-256 of its code is kept. */
@Entity
@Table(name = "family_invites")
public class FamilyInvite {

    /** {@code fi1_} + 22 characters of base64url: 128 random bits, safe in a URL path. */
    static final SecretFormat CODES = new SecretFormat("fi1_", 16);

    enum State { VALID, USED, EXPIRED }

    @Id
    private UUID id;

    @Column(name = "code_hash", nullable = false, updatable = false)
    private byte[] codeHash;

    @Column(name = "family_id", nullable = false, updatable = false)
    private UUID familyId;

    @Column(name = "created_by", nullable = false, updatable = false)
    private UUID createdBy;

    @Column(name = "created_at", nullable = false, updatable = false)
    private OffsetDateTime createdAt;

    @Column(name = "expires_at", nullable = false)
    private OffsetDateTime expiresAt;

    @Column(name = "used_at")
    private OffsetDateTime usedAt;

    protected FamilyInvite() {
    }

    FamilyInvite(byte[] codeHash, UUID familyId, UUID createdBy, Instant createdAt, Instant expiresAt) {
        this.id = UUID.randomUUID();
        this.codeHash = codeHash.clone();
        this.familyId = familyId;
        this.createdBy = createdBy;
        this.createdAt = createdAt.atOffset(ZoneOffset.UTC);
        this.expiresAt = expiresAt.atOffset(ZoneOffset.UTC);
    }

    byte[] codeHash() {
        return codeHash.clone();
    }

    public UUID familyId() {
        return familyId;
    }

    public Instant expiresAt() {
        return expiresAt.toInstant();
    }

    State state(Instant now) {
        if (usedAt != null) {
            return State.USED;
        }
        return now.isBefore(expiresAt.toInstant()) ? State.VALID : State.EXPIRED;
    }

    void use(Instant now) {
        if (state(now) != State.VALID) {
            throw new IllegalStateException("invite is " + state(now));
        }
        this.usedAt = now.atOffset(ZoneOffset.UTC);
    }
}
