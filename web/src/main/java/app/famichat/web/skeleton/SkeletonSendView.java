package app.famichat.web.skeleton;

import app.famichat.skeleton.SkeletonDelivery;
import app.famichat.skeleton.SkeletonSend;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

public record SkeletonSendView(UUID sendId, String label, int targets, Instant createdAt,
                               List<Delivery> deliveries) {

    public record Delivery(String target, int attempt, Instant deliveredAt) {
    }

    static SkeletonSendView of(SkeletonSend send, List<SkeletonDelivery> deliveries) {
        return new SkeletonSendView(send.id(), send.label(), send.targetCount(), send.createdAt(),
                deliveries.stream().map(d -> new Delivery(d.target(), d.attempt(), d.deliveredAt())).toList());
    }
}
