package app.famichat.conversations;

import app.famichat.membership.Member;
import app.famichat.platform.persistence.DatabaseClock;
import app.famichat.platform.persistence.Rows;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Conversations with their members, in the caller's transaction. Membership is read from the
 * {@code conversation_membership} view, which derives a family conversation's members from the family (see
 * V4__conversations.sql).
 */
@ApplicationScoped
class ConversationStore {

    private static final String MEMBERS = "SELECT m.conversation_id, " + Member.COLUMNS
            + " FROM conversation_membership m JOIN users u ON u.id = m.user_id ";
    private static final String IN_ORDER = " ORDER BY m.joined_at, u.username";

    @PersistenceContext(unitName = "famichat")
    EntityManager em;

    /**
     * Stores the conversation with its members, unless another one holds its singleton key (then nothing is
     * written and false is returned). Atomic against concurrent creations of the same pair, family or self.
     */
    boolean insertUnlessTaken(Conversation conversation, List<ConversationMember> members) {
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

    Optional<Conversation> find(UUID conversationId) {
        return Optional.ofNullable(em.find(Conversation.class, conversationId));
    }

    Optional<Conversation> findBySingletonKey(String singletonKey) {
        return em.createQuery("select c from Conversation c where c.singletonKey = :key", Conversation.class)
                .setParameter("key", singletonKey)
                .getResultStream().findFirst();
    }

    /** Locks the conversation row until the transaction ends; every change of a group's members takes it first. */
    Optional<Conversation> lock(UUID conversationId) {
        return Optional.ofNullable(em.find(Conversation.class, conversationId, LockModeType.PESSIMISTIC_WRITE));
    }

    /** Oldest first. */
    List<Conversation> findAll(Collection<UUID> conversationIds) {
        if (conversationIds.isEmpty()) {
            return List.of();
        }
        return em.createQuery("select c from Conversation c where c.id in :ids order by c.createdAt, c.id",
                        Conversation.class)
                .setParameter("ids", conversationIds)
                .getResultList();
    }

    void delete(Conversation conversation) {
        em.remove(conversation);
    }

    /** The members with their names, longest-standing first. */
    List<Member> members(UUID conversationId) {
        return membersBy(MEMBERS + "WHERE m.conversation_id = ?" + IN_ORDER, conversationId)
                .getOrDefault(conversationId, List.of());
    }

    /** The members of every conversation {@code userId} is in, by conversation. */
    Map<UUID, List<Member>> membersOfConversationsOf(UUID userId) {
        return membersBy(MEMBERS + "WHERE m.conversation_id IN "
                + "(SELECT mine.conversation_id FROM conversation_membership mine WHERE mine.user_id = ?)" + IN_ORDER,
                userId);
    }

    List<UUID> memberIds(UUID conversationId) {
        return Rows.list(viewQuery("SELECT user_id FROM conversation_membership WHERE conversation_id = ?",
                conversationId), row -> row.uuid(0));
    }

    Optional<ConversationMember> member(UUID conversationId, UUID userId) {
        return Optional.ofNullable(em.find(ConversationMember.class, new ConversationMemberKey(conversationId, userId)));
    }

    void addMember(ConversationMember member) {
        em.persist(member);
    }

    void removeMember(UUID conversationId, UUID userId) {
        member(conversationId, userId).ifPresent(em::remove);
    }

    private Map<UUID, List<Member>> membersBy(String sql, UUID parameter) {
        Map<UUID, List<Member>> byConversation = new LinkedHashMap<>();
        for (Seat seat : Rows.list(viewQuery(sql, parameter), row -> new Seat(row.uuid(0), Member.from(row, 1)))) {
            byConversation.computeIfAbsent(seat.conversationId(), id -> new ArrayList<>()).add(seat.member());
        }
        return byConversation;
    }

    private record Seat(UUID conversationId, Member member) {
    }

    /** Plain SQL does not see this transaction's unwritten entity changes, so they are written first. */
    private Query viewQuery(String sql, UUID parameter) {
        em.flush();
        return em.createNativeQuery(sql).setParameter(1, parameter);
    }
}
