package app.famichat.conversations;

import app.famichat.membership.Member;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Persistence of conversations. Membership is read from the {@code conversation_membership} view, which derives
 * a family conversation's members from the family (see V4__conversations.sql).
 */
public interface ConversationStore {

    /**
     * Stores the conversation with its members, unless another one holds its singleton key (then nothing is
     * written and false is returned). Atomic against concurrent creations of the same pair, family or self.
     */
    boolean insertUnlessTaken(Conversation conversation, List<ConversationMember> members);

    Optional<Conversation> find(UUID conversationId);

    Optional<Conversation> findBySingletonKey(String singletonKey);

    /** Locks the conversation row until the transaction ends; every change of a group's members takes it first. */
    Optional<Conversation> lock(UUID conversationId);

    /** Oldest first. */
    List<Conversation> findAll(Collection<UUID> conversationIds);

    void delete(Conversation conversation);

    /** The members with their names, longest-standing first. */
    List<Member> members(UUID conversationId);

    /** The members of every conversation {@code userId} is in, by conversation. */
    Map<UUID, List<Member>> membersOfConversationsOf(UUID userId);

    List<UUID> memberIds(UUID conversationId);

    Optional<ConversationMember> member(UUID conversationId, UUID userId);

    void addMember(ConversationMember member);

    void removeMember(UUID conversationId, UUID userId);
}
