package app.famichat.conversations;

import static app.famichat.membership.TestMembers.ids;
import static app.famichat.membership.TestMembers.user;
import static app.famichat.platform.errors.Refusals.refusal;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.famichat.families.FamilyService;
import app.famichat.membership.Member;
import app.famichat.membership.Role;
import app.famichat.platform.errors.Failure;
import app.famichat.platform.errors.FamichatException;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The creation and membership rules of {@link ConversationService}, over an in-memory store and families. */
class ConversationServiceTest {

    private static final int MAX_GROUP = 4;

    private final UUID ann = user(1);
    private final UUID bob = user(2);
    private final UUID cat = user(3);
    private final UUID dan = user(4);
    private final UUID eve = user(5);
    private final UUID stranger = user(6);
    private final UUID family = UUID.randomUUID();

    private final InMemoryConversationStore store = new InMemoryConversationStore();
    private final Families families = new Families();
    private final ConversationService service = service();

    /** Who is in which family: all but the stranger are in one. */
    private static final class Families extends FamilyService {

        final Map<UUID, Set<UUID>> members = new HashMap<>();

        @Override
        public boolean isMember(UUID familyId, UUID userId) {
            return members.getOrDefault(familyId, Set.of()).contains(userId);
        }

        @Override
        public Set<UUID> sharingAFamilyWith(UUID userId, Collection<UUID> others) {
            return members.values().stream().filter(family -> family.contains(userId))
                    .flatMap(Set::stream).filter(others::contains).collect(Collectors.toSet());
        }
    }

    private ConversationService service() {
        families.members.put(family, new HashSet<>(List.of(ann, bob, cat, dan, eve)));
        store.familyMembers.put(family, List.of(ann, bob, cat, dan, eve));
        ConversationService service = new ConversationService();
        service.store = store;
        service.families = families;
        service.settings = new ConversationSettings();
        service.settings.maxGroupMembers = MAX_GROUP;
        return service;
    }

    // ---- creation

    @Test
    void everyKindOfNewConversationHasItsRules() {
        Map<Class<?>, NewConversation> oneOfEach = Map.of(
                NewConversation.Self.class, new NewConversation.Self(),
                NewConversation.Direct.class, new NewConversation.Direct(bob),
                NewConversation.Group.class, new NewConversation.Group("Cousins", List.of(bob)),
                NewConversation.Family.class, new NewConversation.Family(family));
        assertEquals(Set.of(NewConversation.class.getPermittedSubclasses()), oneOfEach.keySet());
        Set<ConversationType> types = oneOfEach.values().stream()
                .map(request -> service.create(ann, request).details().conversation().type())
                .collect(Collectors.toSet());
        assertEquals(Set.of(ConversationType.values()), types);
    }

    @Test
    void aSelfConversationHoldsItsOwnerOnceAndStaysInTheVault() {
        CreatedConversation first = service.create(ann, new NewConversation.Self());
        assertTrue(first.created());
        assertEquals(List.of(ann), ids(first.details().members()));
        assertEquals(Encryption.VAULT_ONLY, first.details().conversation().encryption());

        CreatedConversation again = service.create(ann, new NewConversation.Self());
        assertFalse(again.created());
        assertEquals(id(first), id(again));
        assertTrue(service.create(bob, new NewConversation.Self()).created(), "one per user, not one in all");
    }

    @Test
    void aDirectConversationIsBetweenTwoWhoShareAFamilyOncePerPair() {
        CreatedConversation created = service.create(ann, new NewConversation.Direct(bob));
        assertTrue(created.created());
        assertEquals(List.of(ann, bob), ids(created.details().members()));
        assertEquals(Encryption.SIGNAL_PAIRWISE, created.details().conversation().encryption());

        CreatedConversation fromBob = service.create(bob, new NewConversation.Direct(ann));
        assertFalse(fromBob.created());
        assertEquals(id(created), id(fromBob));
    }

    @Test
    void someoneWhoSharesNoFamilyLooksLikeSomeoneWhoDoesNotExist() {
        FamichatException outsider = refusal(Failure.NOT_FOUND,
                () -> service.create(ann, new NewConversation.Direct(stranger)));
        FamichatException unknown = refusal(Failure.NOT_FOUND,
                () -> service.create(ann, new NewConversation.Direct(UUID.randomUUID())));
        assertEquals(unknown.getMessage(), outsider.getMessage());
        refusal(Failure.NOT_FOUND, () -> service.create(stranger, new NewConversation.Direct(ann)));
        assertTrue(store.conversations.isEmpty());
    }

    @Test
    void nobodyStartsADirectConversationWithThemselves() {
        assertEquals("memberIds",
                refusal(Failure.INVALID, () -> service.create(ann, new NewConversation.Direct(ann))).field());
    }

    @Test
    void aFamilyConversationIsStartedByItsMembersOnceAndFollowsTheFamily() {
        CreatedConversation created = service.create(ann, new NewConversation.Family(family));
        assertTrue(created.created());
        assertEquals(List.of(ann, bob, cat, dan, eve), ids(created.details().members()));
        assertEquals(family, created.details().conversation().familyId());
        assertFalse(service.create(eve, new NewConversation.Family(family)).created());
        assertTrue(store.seats.isEmpty(), "its members are derived from the family, not stored");

        refusal(Failure.NOT_FOUND, () -> service.create(stranger, new NewConversation.Family(family)));
        refusal(Failure.NOT_FOUND, () -> service.create(ann, new NewConversation.Family(UUID.randomUUID())));
    }

    @Test
    void aGroupsCreatorIsItsAdminAndNamesAppearOnce() {
        CreatedConversation created = service.create(ann,
                new NewConversation.Group("  Cousins ", List.of(bob, bob, ann, cat)));
        assertTrue(created.created());
        assertEquals("Cousins", created.details().conversation().title());
        assertEquals(List.of(ann, bob, cat), ids(created.details().members()));
        assertEquals(List.of(Role.ADMIN, Role.MEMBER, Role.MEMBER),
                created.details().members().stream().map(Member::role).toList());
        assertTrue(service.create(ann, new NewConversation.Group("Cousins", List.of(bob, cat))).created(),
                "groups are not singletons");
    }

    @Test
    void aGroupNeedsATitleThatKeepsToTheNameRules() {
        for (String title : Arrays.asList(null, " ", "x".repeat(ConversationService.MAX_TITLE + 1), "Evil\u202Eanna")) {
            assertEquals("title", refusal(Failure.INVALID,
                    () -> service.create(ann, new NewConversation.Group(title, List.of(bob)))).field());
        }
        assertTrue(store.conversations.isEmpty());
    }

    @Test
    void aGroupHasAtMostItsLimitOfMembersItsCreatorIncluded() {
        assertEquals("memberIds", refusal(Failure.INVALID,
                () -> service.create(ann, new NewConversation.Group("Big", List.of(bob, cat, dan, eve)))).field());
        CreatedConversation full = service.create(ann, new NewConversation.Group("Full", List.of(ann, bob, cat, dan)));
        assertEquals(MAX_GROUP, full.details().members().size());
    }

    @Test
    void nobodyIsPutInAGroupWithoutSharingAFamily() {
        refusal(Failure.NOT_FOUND,
                () -> service.create(ann, new NewConversation.Group("Mixed", List.of(bob, stranger))));
        assertTrue(store.conversations.isEmpty());
    }

    @Test
    void aGroupMayStartWithItsCreatorAlone() {
        assertEquals(List.of(ann), ids(service.create(ann, new NewConversation.Group("Me", List.of()))
                .details().members()));
    }

    // ---- seeing

    @Test
    void aConversationIsInvisibleToNonMembers() {
        UUID group = group(bob);
        assertEquals(List.of(ann, bob), ids(service.view(bob, group).members()));
        FamichatException outsider = refusal(Failure.NOT_FOUND, () -> service.view(cat, group));
        FamichatException unknown = refusal(Failure.NOT_FOUND, () -> service.view(cat, UUID.randomUUID()));
        assertEquals(unknown.getMessage(), outsider.getMessage());
    }

    @Test
    void theSendPathSeesMembersAndPolicyOnlyForAMember() {
        UUID direct = id(service.create(ann, new NewConversation.Direct(bob)));
        Membership membership = service.membership(direct, bob).orElseThrow();
        assertEquals(List.of(ann, bob), membership.memberIds());
        assertEquals(Encryption.SIGNAL_PAIRWISE, membership.encryption());
        assertEquals(Optional.empty(), service.membership(direct, cat));
        assertEquals(Optional.empty(), service.membership(UUID.randomUUID(), ann));
    }

    @Test
    void myConversationsAreListedWithTheirMembers() {
        UUID self = id(service.create(ann, new NewConversation.Self()));
        UUID direct = id(service.create(ann, new NewConversation.Direct(bob)));
        UUID group = group(cat);
        assertEquals(List.of(self, direct, group), service.conversationsOf(ann).stream()
                .map(details -> details.conversation().id()).toList());
        assertEquals(List.of(direct), service.conversationsOf(bob).stream()
                .map(details -> details.conversation().id()).toList());
    }

    // ---- a group's members

    @Test
    void anAdminAddsSomeoneWhoSharesAFamily() {
        UUID group = group(bob);
        assertEquals(List.of(ann, bob, cat), ids(service.addMember(ann, group, cat).members()));
        assertEquals(List.of(group), store.locked, "changes take the conversation's lock");
    }

    @Test
    void onlyAnAdminAddsAndOnlyPeopleFromAFamily() {
        UUID group = group(bob);
        refusal(Failure.FORBIDDEN, () -> service.addMember(bob, group, cat));
        refusal(Failure.NOT_FOUND, () -> service.addMember(cat, group, cat));
        refusal(Failure.NOT_FOUND, () -> service.addMember(ann, group, stranger));
        refusal(Failure.CONFLICT, () -> service.addMember(ann, group, bob));
        assertEquals(List.of(ann, bob), ids(service.view(ann, group).members()));
    }

    @Test
    void aFullGroupTakesNobodyUntilSomeoneGoes() {
        UUID group = group(bob, cat, dan);
        refusal(Failure.CONFLICT, () -> service.addMember(ann, group, eve));
        service.removeMember(ann, group, dan);
        assertEquals(MAX_GROUP, service.addMember(ann, group, eve).members().size());
    }

    @Test
    void anAdminRemovesAMemberAndNobodyElseDoes() {
        UUID group = group(bob, cat);
        refusal(Failure.FORBIDDEN, () -> service.removeMember(bob, group, cat));
        refusal(Failure.NOT_FOUND, () -> service.removeMember(stranger, group, cat));
        assertEquals("No such member",
                refusal(Failure.NOT_FOUND, () -> service.removeMember(ann, group, dan)).getMessage());
        service.removeMember(ann, group, cat);
        assertEquals(List.of(ann, bob), ids(service.view(ann, group).members()));
    }

    @Test
    void whenTheOnlyAdminLeavesTheLongestStandingMemberTakesOver() {
        UUID group = group(bob, cat);
        service.removeMember(ann, group, ann); // removing oneself is leaving
        List<Member> after = service.view(bob, group).members();
        assertEquals(List.of(bob, cat), ids(after));
        assertEquals(List.of(Role.ADMIN, Role.MEMBER), after.stream().map(Member::role).toList());
    }

    @Test
    void theLastOneOutDeletesTheGroup() {
        UUID group = group(bob);
        service.leave(bob, group);
        service.leave(ann, group);
        assertTrue(store.conversations.isEmpty());
        refusal(Failure.NOT_FOUND, () -> service.view(ann, group));
    }

    @Test
    void onlyAGroupsMembersChange() {
        UUID direct = id(service.create(ann, new NewConversation.Direct(bob)));
        UUID familyConversation = id(service.create(ann, new NewConversation.Family(family)));
        UUID self = id(service.create(ann, new NewConversation.Self()));
        for (UUID fixed : List.of(direct, familyConversation, self)) {
            refusal(Failure.CONFLICT, () -> service.addMember(ann, fixed, cat));
            refusal(Failure.CONFLICT, () -> service.leave(ann, fixed));
        }
        refusal(Failure.NOT_FOUND, () -> service.leave(cat, direct));
    }

    @Test
    void aDeletedAccountLeavesItsGroupsAndLosesItsNotesButNotItsDirectConversations() {
        UUID self = id(service.create(ann, new NewConversation.Self()));
        UUID direct = id(service.create(ann, new NewConversation.Direct(bob)));
        UUID group = group(bob, cat);
        service.removeFromAll(ann);
        assertFalse(store.conversations.containsKey(self));
        assertTrue(store.conversations.containsKey(direct));
        assertEquals(List.of(bob, cat), ids(service.view(bob, group).members()));
        assertEquals(Role.ADMIN, service.view(bob, group).members().get(0).role());
    }

    // ----

    /** A group of ann (its admin) and the others, who joined in this order. */
    private UUID group(UUID... others) {
        return id(service.create(ann, new NewConversation.Group("Group", List.of(others))));
    }

    private static UUID id(CreatedConversation created) {
        return created.details().conversation().id();
    }
}
