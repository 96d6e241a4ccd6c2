package app.famichat.conversations;

import app.famichat.families.FamilyService;
import app.famichat.membership.Member;
import app.famichat.membership.Role;
import app.famichat.membership.Roster;
import app.famichat.platform.errors.FamichatException;
import app.famichat.platform.persistence.DatabaseClock;
import app.famichat.platform.text.TextRules;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Conversations and their members. People may only start conversations with people they share a family with;
 * anyone else looks like an unknown user (404). A conversation is invisible to non-members (404).
 */
@Stateless
public class ConversationService {

    static final int MAX_TITLE = 64;

    private static final String NO_SUCH_CONVERSATION = "No such conversation";
    private static final String NO_SUCH_USER = "No such user";

    @Inject
    ConversationStore store;

    @Inject
    FamilyService families;

    @Inject
    ConversationSettings settings;

    /**
     * Starts a conversation. A direct, family or self conversation that already exists is returned instead
     * ({@code created} false), so that clients can call this to find it.
     */
    public CreatedConversation create(UUID caller, NewConversation request) {
        Instant now = DatabaseClock.now();
        if (request instanceof NewConversation.Self) {
            return start(Conversation.self(caller, now), null, List.of(caller), now);
        }
        if (request instanceof NewConversation.Direct direct) {
            if (direct.otherId().equals(caller)) {
                throw FamichatException.invalid("memberIds", "must name exactly one other person");
            }
            requireSharedFamily(caller, List.of(direct.otherId()));
            return start(Conversation.direct(caller, direct.otherId(), now), null,
                    List.of(caller, direct.otherId()), now);
        }
        if (request instanceof NewConversation.Family family) {
            if (!families.isMember(family.familyId(), caller)) {
                throw FamichatException.notFound("No such family");
            }
            return start(Conversation.family(family.familyId(), now), null, List.of(), now);
        }
        if (request instanceof NewConversation.Group group) {
            String checkedTitle = TextRules.name(group.title(), MAX_TITLE).valueOrRefuse("title");
            Set<UUID> invited = new LinkedHashSet<>(group.memberIds());
            invited.remove(caller);
            if (invited.size() + 1 > settings.maxGroupMembers()) {
                throw FamichatException.invalid("memberIds",
                        "a group has at most " + settings.maxGroupMembers() + " members, its creator included");
            }
            requireSharedFamily(caller, invited);
            return start(Conversation.group(checkedTitle, now), caller,
                    Stream.concat(Stream.of(caller), invited.stream()).toList(), now);
        }
        // Java 17 has no exhaustive switch over a sealed type; a unit test creates one of each kind.
        throw new IllegalArgumentException("No rules for " + request);
    }

    public ConversationDetails view(UUID caller, UUID conversationId) {
        Conversation conversation = store.find(conversationId)
                .orElseThrow(() -> FamichatException.notFound(NO_SUCH_CONVERSATION));
        ConversationDetails details = details(conversation);
        new Roster(details.members()).require(caller, NO_SUCH_CONVERSATION);
        return details;
    }

    /** The caller's conversations with their members, oldest first. */
    public List<ConversationDetails> conversationsOf(UUID caller) {
        Map<UUID, List<Member>> members = store.membersOfConversationsOf(caller);
        return store.findAll(members.keySet()).stream()
                .map(conversation -> new ConversationDetails(conversation, members.get(conversation.id())))
                .toList();
    }

    /**
     * For the send path: the members and policy of the conversation if {@code userId} is one of its members;
     * empty both for an unknown conversation and for one the user is not in, which callers must answer alike.
     */
    public Optional<Membership> membership(UUID conversationId, UUID userId) {
        return store.find(conversationId).flatMap(conversation -> {
            List<UUID> memberIds = store.memberIds(conversationId);
            return memberIds.contains(userId)
                    ? Optional.of(new Membership(conversationId, conversation.type(), memberIds))
                    : Optional.empty();
        });
    }

    /** A group admin adds someone who shares a family with them. */
    public ConversationDetails addMember(UUID caller, UUID conversationId, UUID userId) {
        LockedGroup group = lockGroup(caller, conversationId);
        group.roster().requireAdmin(caller, NO_SUCH_CONVERSATION);
        requireSharedFamily(caller, List.of(userId));
        group.roster().requireRoomFor(userId, settings.maxGroupMembers());
        store.addMember(new ConversationMember(conversationId, userId, Role.MEMBER, DatabaseClock.now()));
        return details(group.conversation());
    }

    /** A group admin removes a member; removing oneself is leaving. */
    public void removeMember(UUID caller, UUID conversationId, UUID userId) {
        if (caller.equals(userId)) {
            leave(caller, conversationId);
            return;
        }
        LockedGroup group = lockGroup(caller, conversationId);
        group.roster().requireAdmin(caller, NO_SUCH_CONVERSATION);
        group.roster().require(userId, "No such member");
        store.removeMember(conversationId, userId);
    }

    /**
     * The caller leaves a group. A group is never left without an admin: when its only admin leaves, the
     * longest-standing member takes over; the last one out deletes it.
     */
    public void leave(UUID caller, UUID conversationId) {
        LockedGroup group = lockGroup(caller, conversationId);
        Roster roster = group.roster();
        if (roster.size() == 1) {
            store.delete(group.conversation());
            return;
        }
        if (roster.isOnlyAdmin(caller)) {
            UUID successor = roster.successorOf(caller).orElseThrow().userId();
            store.member(conversationId, successor).orElseThrow().makeAdmin();
        }
        store.removeMember(conversationId, caller);
    }

    /**
     * For account deletion: the user leaves every group (handing over as {@link #leave} does) and their self
     * conversation is deleted. Direct conversations stay, with the other person's history; the user's membership
     * rows go with the account. Family conversations follow the family memberships.
     */
    public void removeFromAll(UUID userId) {
        for (ConversationDetails details : conversationsOf(userId)) {
            Conversation conversation = details.conversation();
            switch (conversation.type()) {
                case GROUP -> leave(userId, conversation.id());
                case SELF -> store.delete(conversation);
                case DIRECT, FAMILY -> {
                }
            }
        }
    }

    private void requireSharedFamily(UUID caller, Collection<UUID> others) {
        if (!families.sharingAFamilyWith(caller, others).containsAll(others)) {
            throw FamichatException.notFound(NO_SUCH_USER);
        }
    }

    /** {@code admin} is the group's creator; the other types have no admin (null). */
    private CreatedConversation start(Conversation conversation, UUID admin, List<UUID> memberIds, Instant now) {
        List<ConversationMember> members = memberIds.stream()
                .map(userId -> new ConversationMember(conversation.id(), userId,
                        userId.equals(admin) ? Role.ADMIN : Role.MEMBER, now))
                .toList();
        if (store.insertUnlessTaken(conversation, members)) {
            return new CreatedConversation(details(conversation), true);
        }
        Conversation existing = store.findBySingletonKey(conversation.singletonKey()).orElseThrow();
        return new CreatedConversation(details(existing), false);
    }

    /** The group, locked, with its members: 404 for an outsider, 409 if it is not a group. */
    private LockedGroup lockGroup(UUID caller, UUID conversationId) {
        Conversation conversation = store.lock(conversationId)
                .orElseThrow(() -> FamichatException.notFound(NO_SUCH_CONVERSATION));
        Roster roster = new Roster(store.members(conversationId));
        roster.require(caller, NO_SUCH_CONVERSATION);
        conversation.requireChangeableMembers();
        return new LockedGroup(conversation, roster);
    }

    private ConversationDetails details(Conversation conversation) {
        return new ConversationDetails(conversation, store.members(conversation.id()));
    }

    private record LockedGroup(Conversation conversation, Roster roster) {
    }
}
