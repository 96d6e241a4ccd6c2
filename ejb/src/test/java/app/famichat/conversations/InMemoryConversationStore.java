package app.famichat.conversations;

import app.famichat.membership.Member;
import app.famichat.membership.Role;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * {@link ConversationStore} in memory, for the service's rules. As the {@code conversation_membership} view does,
 * a family conversation's members are its family's ({@link #familyMembers}, set by the test).
 */
class InMemoryConversationStore extends ConversationStore {

    final Map<UUID, Conversation> conversations = new LinkedHashMap<>();
    final List<ConversationMember> seats = new ArrayList<>();
    final Map<UUID, List<UUID>> familyMembers = new HashMap<>();
    final List<UUID> locked = new ArrayList<>();

    @Override
    boolean insertUnlessTaken(Conversation conversation, List<ConversationMember> members) {
        if (conversation.singletonKey() != null && findBySingletonKey(conversation.singletonKey()).isPresent()) {
            return false;
        }
        conversations.put(conversation.id(), conversation);
        seats.addAll(members);
        return true;
    }

    @Override
    Optional<Conversation> find(UUID conversationId) {
        return Optional.ofNullable(conversations.get(conversationId));
    }

    @Override
    Optional<Conversation> findBySingletonKey(String singletonKey) {
        return conversations.values().stream().filter(c -> singletonKey.equals(c.singletonKey())).findFirst();
    }

    @Override
    Optional<Conversation> lock(UUID conversationId) {
        locked.add(conversationId);
        return find(conversationId);
    }

    @Override
    List<Conversation> findAll(Collection<UUID> conversationIds) {
        return conversations.values().stream().filter(c -> conversationIds.contains(c.id())).toList();
    }

    @Override
    void delete(Conversation conversation) {
        conversations.remove(conversation.id());
        seats.removeIf(seat -> seat.conversationId().equals(conversation.id()));
    }

    @Override
    List<Member> members(UUID conversationId) {
        Conversation conversation = conversations.get(conversationId);
        if (conversation == null) {
            return List.of();
        }
        if (conversation.type() == ConversationType.FAMILY) {
            return familyMembers.getOrDefault(conversation.familyId(), List.of()).stream()
                    .map(userId -> member(userId, Role.MEMBER, conversation.createdAt())).toList();
        }
        return seats.stream().filter(seat -> seat.conversationId().equals(conversationId))
                .map(seat -> member(seat.userId(), seat.role(), seat.joinedAt()))
                .sorted(Comparator.comparing(Member::joinedAt).thenComparing(Member::username))
                .toList();
    }

    @Override
    Map<UUID, List<Member>> membersOfConversationsOf(UUID userId) {
        Map<UUID, List<Member>> byConversation = new LinkedHashMap<>();
        for (UUID id : conversations.keySet()) {
            List<Member> members = members(id);
            if (members.stream().anyMatch(member -> member.userId().equals(userId))) {
                byConversation.put(id, members);
            }
        }
        return byConversation;
    }

    @Override
    List<UUID> memberIds(UUID conversationId) {
        return members(conversationId).stream().map(Member::userId).toList();
    }

    @Override
    Optional<ConversationMember> member(UUID conversationId, UUID userId) {
        return seats.stream()
                .filter(seat -> seat.conversationId().equals(conversationId) && seat.userId().equals(userId))
                .findFirst();
    }

    @Override
    void addMember(ConversationMember member) {
        if (member(member.conversationId(), member.userId()).isPresent()) {
            throw new IllegalStateException("duplicate key"); // the primary key
        }
        seats.add(member);
    }

    @Override
    void removeMember(UUID conversationId, UUID userId) {
        member(conversationId, userId).ifPresent(seats::remove);
    }

    private static Member member(UUID userId, Role role, Instant joinedAt) {
        return new Member(userId, userId.toString(), "Name", role, joinedAt);
    }
}
