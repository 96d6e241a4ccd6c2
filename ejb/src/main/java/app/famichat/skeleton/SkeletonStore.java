package app.famichat.skeleton;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Persistence of the walking skeleton, behind an interface so that services do not depend on JPA. */
public interface SkeletonStore {

    void saveSend(SkeletonSend send);

    Optional<SkeletonSend> findSend(UUID sendId);

    boolean isDelivered(UUID sendId, String target);

    void saveDelivery(SkeletonDelivery delivery);

    List<SkeletonDelivery> deliveriesOf(UUID sendId);
}
