package app.famichat.families;

import app.famichat.membership.Role;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/** A person's seat in a family. */
@Entity
@Table(name = "family_members")
@IdClass(FamilyMemberKey.class)
public class FamilyMember {

    @Id
    @Column(name = "family_id")
    private UUID familyId;

    @Id
    @Column(name = "user_id")
    private UUID userId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 8)
    private Role role;

    @Column(name = "joined_at", nullable = false)
    private OffsetDateTime joinedAt;

    protected FamilyMember() {
    }

    FamilyMember(UUID familyId, UUID userId, Role role, Instant joinedAt) {
        this.familyId = familyId;
        this.userId = userId;
        this.role = role;
        this.joinedAt = joinedAt.atOffset(ZoneOffset.UTC);
    }

    public UUID familyId() {
        return familyId;
    }

    public UUID userId() {
        return userId;
    }

    public Role role() {
        return role;
    }

    void changeRole(Role role) {
        this.role = role;
    }

    public Instant joinedAt() {
        return joinedAt.toInstant();
    }
}
