package app.famichat.conversations;

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

/** A stored seat in a direct, group or self conversation (family conversations have none: they are derived). */
@Entity
@Table(name = "conversation_members")
@IdClass(ConversationMemberKey.class)
public class ConversationMember {

    @Id
    @Column(name = "conversation_id")
    private UUID conversationId;

    @Id
    @Column(name = "user_id")
    private UUID userId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 8)
    private Role role;

    @Column(name = "joined_at", nullable = false)
    private OffsetDateTime joinedAt;

    protected ConversationMember() {
    }

    ConversationMember(UUID conversationId, UUID userId, Role role, Instant joinedAt) {
        this.conversationId = conversationId;
        this.userId = userId;
        this.role = role;
        this.joinedAt = joinedAt.atOffset(ZoneOffset.UTC);
    }

    UUID conversationId() {
        return conversationId;
    }

    UUID userId() {
        return userId;
    }

    Role role() {
        return role;
    }

    Instant joinedAt() {
        return joinedAt.toInstant();
    }

    void makeAdmin() {
        this.role = Role.ADMIN;
    }
}
