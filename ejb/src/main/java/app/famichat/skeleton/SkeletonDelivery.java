package app.famichat.skeleton;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/** The row the message-driven bean writes for one (send, target) pair; unique per pair. */
@Entity
@Table(name = "skeleton_delivery")
public class SkeletonDelivery {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "send_id", nullable = false)
    private UUID sendId;

    @Column(nullable = false, length = 64)
    private String target;

    /** Which JMS delivery attempt wrote the row (1 = first try). */
    @Column(nullable = false)
    private int attempt;

    @Column(name = "delivered_at", nullable = false)
    private OffsetDateTime deliveredAt;

    protected SkeletonDelivery() {
    }

    SkeletonDelivery(UUID sendId, String target, int attempt, java.time.Instant deliveredAt) {
        this.sendId = sendId;
        this.target = target;
        this.attempt = attempt;
        this.deliveredAt = deliveredAt.atOffset(ZoneOffset.UTC);
    }

    public UUID sendId() {
        return sendId;
    }

    public String target() {
        return target;
    }

    public int attempt() {
        return attempt;
    }

    public java.time.Instant deliveredAt() {
        return deliveredAt.toInstant();
    }
}
