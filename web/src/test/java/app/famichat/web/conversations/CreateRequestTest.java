package app.famichat.web.conversations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import app.famichat.conversations.NewConversation;
import app.famichat.platform.errors.Failure;
import app.famichat.platform.errors.FamichatException;
import app.famichat.web.conversations.ConversationsResource.CreateRequest;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The binding of a creation request to one kind of {@link NewConversation}: which fields each type takes. */
class CreateRequestTest {

    private final UUID bob = UUID.randomUUID();
    private final UUID cat = UUID.randomUUID();
    private final UUID family = UUID.randomUUID();

    @Test
    void eachTypeBindsToItsKind() {
        assertEquals(new NewConversation.Self(), bind("self", null, null, null));
        assertEquals(new NewConversation.Direct(bob), bind("direct", null, null, List.of(bob)));
        assertEquals(new NewConversation.Family(family), bind("family", null, family, null));
        assertEquals(new NewConversation.Group("Cousins", List.of(bob, cat)),
                bind("group", "Cousins", null, List.of(bob, cat)));
        assertEquals(new NewConversation.Group(null, List.of()), bind("group", null, null, null),
                "the title's rules are the service's");
    }

    @Test
    void onlyTheApiNamesOfTypesAreKnown() {
        for (String type : new String[] {"channel", "DIRECT", "", null}) {
            assertRefused("type", type, null, null, null);
        }
    }

    @Test
    void aFieldTheTypeDoesNotTakeIsRefusedInTheOrderTitleFamilyMembers() {
        assertRefused("title", "self", "Notes", family, List.of(bob));
        assertRefused("familyId", "self", null, family, List.of(bob));
        assertRefused("memberIds", "self", null, null, List.of(bob));
        assertRefused("title", "direct", "Hi", null, List.of(bob));
        assertRefused("familyId", "group", "T", family, List.of(bob));
        assertRefused("memberIds", "family", null, family, List.of(bob));
    }

    @Test
    void aDirectConversationNamesExactlyOneOtherPerson() {
        assertRefused("memberIds", "direct", null, null, null);
        assertRefused("memberIds", "direct", null, null, List.of());
        assertRefused("memberIds", "direct", null, null, List.of(bob, cat));
        assertRefused("memberIds", "direct", null, null, List.of(bob, bob));
    }

    @Test
    void aFamilyConversationNeedsItsFamily() {
        assertRefused("familyId", "family", null, null, null);
    }

    private static NewConversation bind(String type, String title, UUID familyId, List<UUID> memberIds) {
        return new CreateRequest(type, title, familyId, memberIds).bind();
    }

    private static void assertRefused(String field, String type, String title, UUID familyId, List<UUID> memberIds) {
        FamichatException refused = assertThrows(FamichatException.class,
                () -> bind(type, title, familyId, memberIds));
        assertEquals(Failure.INVALID, refused.failure());
        assertEquals(field, refused.field(), refused.getMessage());
    }
}
