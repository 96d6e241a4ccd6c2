package app.famichat.conversations;

import app.famichat.membership.Member;
import app.famichat.membership.Role;
import app.famichat.platform.persistence.DatabaseClock;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
class JpaConversationStore implements ConversationStore {

    private static final String MEMBERS = "SELECT m.conversation_id, m.user_id, u.username, u.display_name, m.role, "
            + "m.joined_at FROM conversation_membership m JOIN users u ON u.id = m.user_id ";
    private static final String IN_ORDER = " ORDER BY m.joined_at, u.username";

    @PersistenceContext(unitName = "famichat")
    EntityManager em;

    @Override
    public boolean insertUnlessTaken(Conversation conversation, List<ConversationMember> members) {
        // ON CONFLICT waits for a concurrent creation of the same key and then skips, instead of failing the
        // transaction on the unique constraint; the loser then reads the winner's conversation. The cast: see
        // NullableUuid.
        int inserted = em.createNativeQuery("INSERT INTO conversations (id, type, title, family_id, singleton_key, "
                        + "created_at) VALUES (?, ?, ?, CAST(? AS UUID), ?, ?) ON CONFLICT (singleton_key) DO NOTHING")
                .setParameter(1, conversation.id())
                .setParameter(2, conversation.type().name())
                .setParameter(3, conversation.title())
                .setParameter(4, conversation.familyId())
                .setParameter(5, conversation.singletonKey())
                .setParameter(6, DatabaseClock.utc(conversation.createdAt()))
                .executeUpdate();
        if (inserted == 0) {
            return false;
        }
        members.forEach(em::persist);
        return true;
    }

    @Override
    public Optional<Conversation> find(UUID conversationId) {
        return Optional.ofNullable(em.find(Conversation.class, conversationId));
    }

    @Override
    public Optional<Conversation> findBySingletonKey(String singletonKey) {
        return em.createQuery("select c from Conversation c where c.singletonKey = :key", Conversation.class)
                .setParameter("key", singletonKey)
                .getResultStream().findFirst();
    }

    @Override
    public Optional<Conversation> lock(UUID conversationId) {
        return Optional.ofNullable(em.find(Conversation.class, conversationId, LockModeType.PESSIMISTIC_WRITE));
    }

    @Override
    public List<Conversation> findAll(Collection<UUID> conversationIds) {
        if (conversationIds.isEmpty()) {
            return List.of();
        }
        return em.createQuery("select c from Conversation c where c.id in :ids order by c.createdAt, c.id",
                        Conversation.class)
                .setParameter("ids", conversationIds)
                .getResultList();
    }

    @Override
    public void delete(Conversation conversation) {
        em.remove(conversation);
    }

    @Override
    public List<Member> members(UUID conversationId) {
        return membersBy(MEMBERS + "WHERE m.conversation_id = ?" + IN_ORDER, conversationId)
                .getOrDefault(conversationId, List.of());
    }

    @Override
    public Map<UUID, List<Member>> membersOfConversationsOf(UUID userId) {
        return membersBy(MEMBERS + "WHERE m.conversation_id IN "
                + "(SELECT mine.conversation_id FROM conversation_membership mine WHERE mine.user_id = ?)" + IN_ORDER,
                userId);
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<UUID> memberIds(UUID conversationId) {
        return viewQuery("SELECT user_id FROM conversation_membership WHERE conversation_id = ?", conversationId)
                .getResultList();
    }

    @Override
    public Optional<ConversationMember> member(UUID conversationId, UUID userId) {
        return Optional.ofNullable(em.find(ConversationMember.class, new ConversationMemberKey(conversationId, userId)));
    }

    @Override
    public void addMember(ConversationMember member) {
        em.persist(member);
    }

    @Override
    public void removeMember(UUID conversationId, UUID userId) {
        member(conversationId, userId).ifPresent(em::remove);
    }

    private Map<UUID, List<Member>> membersBy(String sql, UUID parameter) {
        List<?> rows = viewQuery(sql, parameter).getResultList();
        Map<UUID, List<Member>> byConversation = new LinkedHashMap<>();
        for (Object row : rows) {
            Object[] columns = (Object[]) row;
            byConversation.computeIfAbsent((UUID) columns[0], id -> new ArrayList<>())
                    .add(new Member((UUID) columns[1], (String) columns[2], (String) columns[3],
                            Role.valueOf((String) columns[4]), ((Timestamp) columns[5]).toInstant()));
        }
        return byConversation;
    }

    /** Plain SQL does not see this transaction's unwritten entity changes, so they are written first. */
    private Query viewQuery(String sql, UUID parameter) {
        em.flush();
        return em.createNativeQuery(sql).setParameter(1, parameter);
    }
}
