package app.famichat.skeleton;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/** One request of the walking skeleton: a diagnostic label fanned out to a list of targets. */
@Entity
@Table(name = "skeleton_send")
public class SkeletonSend {

    @Id
    private UUID id;

    @Column(nullable = false, length = 200)
    private String label;

    @Column(name = "target_count", nullable = false)
    private int targetCount;

    @Column(name = "created_at", nullable = false)
    private OffsetDateTime createdAt;

    @Column(name = "sender_id")
    private UUID senderId;

    protected SkeletonSend() {
    }

    SkeletonSend(UUID id, UUID senderId, String label, List<String> targets, java.time.Instant createdAt) {
        this.id = id;
        this.senderId = senderId;
        this.label = label;
        this.targetCount = targets.size();
        this.createdAt = createdAt.atOffset(ZoneOffset.UTC);
    }

    public UUID id() {
        return id;
    }

    public boolean sentBy(UUID userId) {
        return senderId != null && senderId.equals(userId);
    }

    public String label() {
        return label;
    }

    public int targetCount() {
        return targetCount;
    }

    public java.time.Instant createdAt() {
        return createdAt.toInstant();
    }
}
