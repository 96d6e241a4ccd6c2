package app.famichat.skeleton;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
class JpaSkeletonStore implements SkeletonStore {

    @PersistenceContext(unitName = "famichat")
    EntityManager em;

    @Override
    public void saveSend(SkeletonSend send) {
        em.persist(send);
    }

    @Override
    public Optional<SkeletonSend> findSend(UUID sendId) {
        return Optional.ofNullable(em.find(SkeletonSend.class, sendId));
    }

    @Override
    public boolean isDelivered(UUID sendId, String target) {
        return !em.createQuery("select d.id from SkeletonDelivery d where d.sendId = :send and d.target = :target")
                .setParameter("send", sendId)
                .setParameter("target", target)
                .setMaxResults(1)
                .getResultList()
                .isEmpty();
    }

    @Override
    public void saveDelivery(SkeletonDelivery delivery) {
        em.persist(delivery);
        // Flush now so that a unique-key conflict surfaces inside the MDB's transaction, not at commit.
        em.flush();
    }

    @Override
    public List<SkeletonDelivery> deliveriesOf(UUID sendId) {
        return em.createQuery("select d from SkeletonDelivery d where d.sendId = :send order by d.target",
                        SkeletonDelivery.class)
                .setParameter("send", sendId)
                .getResultList();
    }
}
