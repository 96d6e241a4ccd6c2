package app.famichat.it.blackbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.famichat.it.support.Concurrently;
import app.famichat.it.support.Families;
import app.famichat.it.support.Http;
import app.famichat.it.support.Messages;
import app.famichat.it.support.TestEnvironment;
import app.famichat.it.support.Users;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Conversations of every type, their members and who may see them, against the packaged server. */
class ConversationsIT {

    private static final String CONVERSATIONS = "/api/v1/conversations";

    private static Http anonymous;

    @BeforeAll
    static void server() throws Exception {
        anonymous = new Http(TestEnvironment.get().packagedServer().baseUrl());
    }

    @Test
    void aSelfConversationHoldsOnlyItsOwnerAndStaysInTheVault() throws Exception {
        Users.SignedIn ann = Users.registerAndSignIn(anonymous, "ann");
        HttpResponse<String> created = ann.http().postJson(CONVERSATIONS, "{\"type\":\"self\"}");
        assertEquals(201, created.statusCode(), created.body());
        JsonObject self = Http.json(created);
        assertEquals("self", self.getString("type"));
        assertEquals("VAULT_ONLY", self.getString("encryption"));
        assertEquals(List.of(ann.id().toString()), memberIds(self));
        assertFalse(self.containsKey("title"));
        assertTrue(created.headers().firstValue("Location").orElseThrow()
                .endsWith(CONVERSATIONS + "/" + self.getString("id")));

        HttpResponse<String> again = ann.http().postJson(CONVERSATIONS, "{\"type\":\"self\"}");
        assertEquals(200, again.statusCode(), again.body());
        assertEquals(self, Http.json(again));
        assertEquals(self, Http.json(ann.http().get(CONVERSATIONS + "/" + self.getString("id"))));

        assertInvalid("memberIds", ann.http().postJson(CONVERSATIONS,
                "{\"type\":\"self\",\"memberIds\":[\"" + UUID.randomUUID() + "\"]}"));
        assertInvalid("title", ann.http().postJson(CONVERSATIONS, "{\"type\":\"self\",\"title\":\"Notes\"}"));
    }

    @Test
    void directConversationsAreOnlyBetweenPeopleWhoShareAFamilyAndOnePerPair() throws Exception {
        Users.SignedIn ann = Users.registerAndSignIn(anonymous, "ann");
        Users.SignedIn bob = Users.registerAndSignIn(anonymous, "bob");
        Users.SignedIn stranger = Users.registerAndSignIn(anonymous, "stranger");
        Families.create(ann, "Direct", bob);

        HttpResponse<String> created = ann.http().postJson(CONVERSATIONS, direct(bob.id()));
        assertEquals(201, created.statusCode(), created.body());
        JsonObject direct = Http.json(created);
        assertEquals("direct", direct.getString("type"));
        assertEquals("SIGNAL_PAIRWISE", direct.getString("encryption"));
        assertEquals(List.of(ann.id().toString(), bob.id().toString()), memberIds(direct));

        HttpResponse<String> fromBob = bob.http().postJson(CONVERSATIONS, direct(ann.id()));
        assertEquals(200, fromBob.statusCode(), fromBob.body());
        assertEquals(direct.getString("id"), Http.json(fromBob).getString("id"));

        // Someone who shares no family looks exactly like someone who does not exist.
        HttpResponse<String> outsider = ann.http().postJson(CONVERSATIONS, direct(stranger.id()));
        HttpResponse<String> unknown = ann.http().postJson(CONVERSATIONS, direct(UUID.randomUUID()));
        assertNotFound(outsider);
        assertNotFound(unknown);
        assertEquals(Http.json(unknown).getString("detail"), Http.json(outsider).getString("detail"));
        assertNotFound(stranger.http().postJson(CONVERSATIONS, direct(ann.id())));

        assertInvalid("memberIds", ann.http().postJson(CONVERSATIONS, direct(ann.id())));
        assertInvalid("memberIds", ann.http().postJson(CONVERSATIONS, "{\"type\":\"direct\"}"));
        assertInvalid("memberIds", ann.http().postJson(CONVERSATIONS, "{\"type\":\"direct\",\"memberIds\":[\""
                + bob.id() + "\",\"" + stranger.id() + "\"]}"));
        assertInvalid("title", ann.http().postJson(CONVERSATIONS, "{\"type\":\"direct\",\"title\":\"Hi\",\"memberIds\":[\""
                + bob.id() + "\"]}"));
    }

    @Test
    void aPairStartingADirectConversationAtOnceGetsOne() throws Exception {
        Users.SignedIn ann = Users.registerAndSignIn(anonymous, "ann");
        Users.SignedIn bob = Users.registerAndSignIn(anonymous, "bob");
        Families.create(ann, "Race", bob);
        List<HttpResponse<String>> answers = Concurrently.both(
                () -> ann.http().postJson(CONVERSATIONS, direct(bob.id())),
                () -> bob.http().postJson(CONVERSATIONS, direct(ann.id())));
        HttpResponse<String> fromAnn = answers.get(0);
        HttpResponse<String> fromBob = answers.get(1);
        List<Integer> statuses = Stream.of(fromAnn.statusCode(), fromBob.statusCode()).sorted().toList();
        assertEquals(List.of(200, 201), statuses, fromAnn.body() + fromBob.body());
        assertEquals(Http.json(fromAnn).getString("id"), Http.json(fromBob).getString("id"));
    }

    @Test
    void aFamilyConversationFollowsJoinsAndDepartures() throws Exception {
        Users.SignedIn ann = Users.registerAndSignIn(anonymous, "ann");
        Users.SignedIn bob = Users.registerAndSignIn(anonymous, "bob");
        Users.SignedIn cat = Users.registerAndSignIn(anonymous, "cat");
        UUID family = Families.create(ann, "Follows");
        String request = "{\"type\":\"family\",\"familyId\":\"" + family + "\"}";

        HttpResponse<String> created = ann.http().postJson(CONVERSATIONS, request);
        assertEquals(201, created.statusCode(), created.body());
        JsonObject conversation = Http.json(created);
        String path = CONVERSATIONS + "/" + conversation.getString("id");
        assertEquals("family", conversation.getString("type"));
        assertEquals("SIGNAL_PAIRWISE", conversation.getString("encryption"));
        assertEquals(family.toString(), conversation.getString("familyId"));
        assertEquals(List.of(ann.id().toString()), memberIds(conversation));
        assertNotFound(cat.http().postJson(CONVERSATIONS, request));

        Families.join(ann, family, bob);
        Families.join(ann, family, cat);
        assertEquals(List.of(ann.id().toString(), bob.id().toString(), cat.id().toString()),
                memberIds(Http.json(bob.http().get(path))));
        assertTrue(listedIds(cat).contains(conversation.getString("id")));
        HttpResponse<String> again = bob.http().postJson(CONVERSATIONS, request);
        assertEquals(200, again.statusCode(), again.body());
        assertEquals(conversation.getString("id"), Http.json(again).getString("id"));

        assertEquals(204, bob.http().delete("/api/v1/families/" + family + "/members/me").statusCode());
        assertEquals(204, ann.http().delete("/api/v1/families/" + family + "/members/" + cat.id()).statusCode());
        assertEquals(List.of(ann.id().toString()), memberIds(Http.json(ann.http().get(path))));
        assertNotFound(bob.http().get(path));
        assertFalse(listedIds(cat).contains(conversation.getString("id")));

        // Its members are fixed by the family, not managed here.
        assertConflict(ann.http().postJson(path + "/members", "{\"userId\":\"" + bob.id() + "\"}"));
        assertConflict(ann.http().delete(path + "/members/me"));

        // The last one out of the family takes its conversation along.
        assertEquals(204, ann.http().delete("/api/v1/families/" + family + "/members/me").statusCode());
        assertNotFound(ann.http().get(path));
    }

    @Test
    void aGroupAdminAddsAndRemovesPeopleWhoShareAFamily() throws Exception {
        Users.SignedIn ann = Users.registerAndSignIn(anonymous, "ann");
        Users.SignedIn bob = Users.registerAndSignIn(anonymous, "bob");
        Users.SignedIn cat = Users.registerAndSignIn(anonymous, "cat");
        Users.SignedIn stranger = Users.registerAndSignIn(anonymous, "stranger");
        UUID family = Families.create(ann, "Groups", bob, cat);

        HttpResponse<String> created = ann.http().postJson(CONVERSATIONS, group("  Cousins 🎉 ", bob.id(), bob.id(), ann.id()));
        assertEquals(201, created.statusCode(), created.body());
        JsonObject conversation = Http.json(created);
        String path = CONVERSATIONS + "/" + conversation.getString("id");
        assertEquals("group", conversation.getString("type"));
        assertEquals("Cousins 🎉", conversation.getString("title"));
        assertEquals("SIGNAL_PAIRWISE", conversation.getString("encryption"));
        assertEquals(List.of("ADMIN", "MEMBER"), roles(conversation));
        assertEquals(List.of(ann.id().toString(), bob.id().toString()), memberIds(conversation));

        HttpResponse<String> added = ann.http().postJson(path + "/members", member(cat.id()));
        assertEquals(200, added.statusCode(), added.body());
        assertEquals(List.of(ann.id().toString(), bob.id().toString(), cat.id().toString()), memberIds(Http.json(added)));
        assertConflict(ann.http().postJson(path + "/members", member(cat.id())));
        assertNotFound(ann.http().postJson(path + "/members", member(stranger.id())));
        assertNotFound(ann.http().postJson(path + "/members", member(UUID.randomUUID())));

        assertForbidden(bob.http().postJson(path + "/members", member(ann.id())));
        assertForbidden(bob.http().delete(path + "/members/" + cat.id()));
        assertEquals(200, cat.http().get(path).statusCode());

        assertEquals(204, ann.http().delete(path + "/members/" + cat.id()).statusCode());
        assertNotFound(cat.http().get(path));
        assertNotFound(ann.http().delete(path + "/members/" + cat.id()));
        assertEquals(204, bob.http().delete(path + "/members/me").statusCode());
        assertEquals(List.of(ann.id().toString()), memberIds(Http.json(ann.http().get(path))));

        // Nobody else may be put in a group at creation either.
        assertNotFound(ann.http().postJson(CONVERSATIONS, group("Mixed", bob.id(), stranger.id())));
    }

    @Test
    void whenAGroupsOnlyAdminLeavesTheLongestStandingMemberTakesOver() throws Exception {
        Users.SignedIn ann = Users.registerAndSignIn(anonymous, "ann");
        Users.SignedIn bob = Users.registerAndSignIn(anonymous, "bob");
        Users.SignedIn cat = Users.registerAndSignIn(anonymous, "cat");
        UUID family = Families.create(ann, "Handover", bob, cat);
        JsonObject conversation = Http.json(ann.http().postJson(CONVERSATIONS, group("Handover", bob.id())));
        String path = CONVERSATIONS + "/" + conversation.getString("id");
        assertEquals(200, ann.http().postJson(path + "/members", member(cat.id())).statusCode());

        assertEquals(204, ann.http().delete(path + "/members/me").statusCode());
        JsonObject after = Http.json(bob.http().get(path));
        assertEquals(List.of(bob.id().toString(), cat.id().toString()), memberIds(after));
        assertEquals(List.of("ADMIN", "MEMBER"), roles(after));
        assertEquals(204, bob.http().delete(path + "/members/" + cat.id()).statusCode());

        // The last one out deletes the group.
        assertEquals(204, bob.http().delete(path + "/members/me").statusCode());
        assertNotFound(bob.http().get(path));
    }

    @Test
    void groupsNeedATitleAndKeepToTheirLimits() throws Exception {
        Users.SignedIn ann = Users.registerAndSignIn(anonymous, "ann");
        UUID family = Families.create(ann, "Big family");
        List<Users.SignedIn> kin = Families.joinNew(ann, family, 29, "kin");
        UUID[] everyone = kin.stream().map(Users.SignedIn::id).toArray(UUID[]::new);

        assertInvalid("title", ann.http().postJson(CONVERSATIONS, "{\"type\":\"group\"}"));
        assertInvalid("title", ann.http().postJson(CONVERSATIONS, group(" ")));
        assertInvalid("title", ann.http().postJson(CONVERSATIONS, group("x".repeat(65))));
        assertInvalid("title", ann.http().postJson(CONVERSATIONS, group("Evil\u202Eanna")));
        assertInvalid("familyId", ann.http().postJson(CONVERSATIONS, "{\"type\":\"group\",\"title\":\"T\",\"familyId\":\""
                + family + "\"}"));
        UUID[] thirty = Stream.concat(Stream.of(everyone), Stream.of(UUID.randomUUID())).toArray(UUID[]::new);
        assertInvalid("memberIds", ann.http().postJson(CONVERSATIONS, group("Too many", thirty)));

        HttpResponse<String> full = ann.http().postJson(CONVERSATIONS, group("Everyone", everyone));
        assertEquals(201, full.statusCode(), full.body());
        String path = CONVERSATIONS + "/" + Http.json(full).getString("id");
        assertEquals(30, memberIds(Http.json(full)).size());

        Users.SignedIn late = Users.registerAndSignIn(anonymous, "late");
        Families.create(ann, "Other family", late);
        assertConflict(ann.http().postJson(path + "/members", member(late.id())));
        assertEquals(204, ann.http().delete(path + "/members/" + kin.get(0).id()).statusCode());
        assertEquals(200, ann.http().postJson(path + "/members", member(late.id())).statusCode());
    }

    @Test
    void outsidersAreToldNothingExists() throws Exception {
        Users.SignedIn ann = Users.registerAndSignIn(anonymous, "ann");
        Users.SignedIn bob = Users.registerAndSignIn(anonymous, "bob");
        Users.SignedIn stranger = Users.registerAndSignIn(anonymous, "stranger");
        Families.create(ann, "Secret", bob);
        String group = Http.json(ann.http().postJson(CONVERSATIONS, group("Secret", bob.id()))).getString("id");
        String direct = Http.json(ann.http().postJson(CONVERSATIONS, direct(bob.id()))).getString("id");

        for (String id : List.of(group, direct, UUID.randomUUID().toString())) {
            String path = CONVERSATIONS + "/" + id;
            assertNotFound(stranger.http().get(path));
            assertNotFound(stranger.http().postJson(path + "/members", member(stranger.id())));
            assertNotFound(stranger.http().delete(path + "/members/me"));
            assertNotFound(stranger.http().delete(path + "/members/" + ann.id()));
        }
        assertNotFound(stranger.http().get(CONVERSATIONS + "/not-a-uuid"));
        assertEquals(List.of(), listedIds(stranger));
        assertEquals(401, anonymous.get(CONVERSATIONS).statusCode());

        // Direct conversations are fixed: no one joins or leaves them.
        assertConflict(ann.http().postJson(CONVERSATIONS + "/" + direct + "/members", member(stranger.id())));
        assertConflict(bob.http().delete(CONVERSATIONS + "/" + direct + "/members/me"));
    }

    @Test
    void theListShowsEachOfMyConversationsWithItsMembers() throws Exception {
        Users.SignedIn ann = Users.registerAndSignIn(anonymous, "ann");
        Users.SignedIn bob = Users.registerAndSignIn(anonymous, "bob");
        UUID family = Families.create(ann, "List", bob);
        String self = Http.json(ann.http().postJson(CONVERSATIONS, "{\"type\":\"self\"}")).getString("id");
        String direct = Http.json(ann.http().postJson(CONVERSATIONS, direct(bob.id()))).getString("id");
        String familyConversation = Http.json(bob.http().postJson(CONVERSATIONS,
                "{\"type\":\"family\",\"familyId\":\"" + family + "\"}")).getString("id");
        String group = Http.json(bob.http().postJson(CONVERSATIONS, group("Bob's", ann.id()))).getString("id");

        HttpResponse<String> list = ann.http().get(CONVERSATIONS);
        assertEquals(200, list.statusCode(), list.body());
        List<JsonObject> conversations = Http.json(list).getJsonArray("conversations").getValuesAs(JsonObject.class);
        assertEquals(List.of(self, direct, familyConversation, group),
                conversations.stream().map(c -> c.getString("id")).toList());
        assertEquals(List.of(1, 2, 2, 2), conversations.stream().map(c -> c.getJsonArray("members").size()).toList());
        JsonObject listed = conversations.get(3);
        assertEquals(JsonValue.NULL, listed.get("lastMessage"), "no message yet");
        assertEquals(0, listed.getInt("unreadCount"));
        assertEquals(0, listed.getInt("readSeq"));
        JsonObjectBuilder view = Json.createObjectBuilder(listed);
        List.of("lastMessage", "unreadCount", "readSeq").forEach(view::remove);
        assertEquals(Http.json(ann.http().get(CONVERSATIONS + "/" + group)), view.build(),
                "besides what the list adds, the conversation view");
        assertFalse(Http.json(ann.http().get(CONVERSATIONS + "/" + group)).containsKey("unreadCount"),
                "only the list adds it");
        assertEquals(List.of(direct, familyConversation, group), listedIds(bob));
    }

    /**
     * Each entry of the list carries the newest message of the caller's history, the caller's read cursor and how
     * many messages from others lie beyond it; the caller's own messages never count as unread.
     */
    @Test
    void theListShowsTheLastMessageAndWhatIsUnread() throws Exception {
        Users.SignedIn ann = Users.registerAndSignIn(anonymous, "ann");
        Users.SignedIn bob = Users.registerAndSignIn(anonymous, "bob");
        Families.create(ann, "Unread", bob);
        String direct = Http.json(ann.http().postJson(CONVERSATIONS, direct(bob.id()))).getString("id");
        List<JsonObject> sent = new ArrayList<>();
        for (String body : List.of("One", "Two", "Three")) {
            sent.add(Messages.sent(bob, direct, "b-" + body, body));
        }

        JsonObject annEntry = awaitEntry(ann, direct, 3);
        JsonObject last = annEntry.getJsonObject("lastMessage");
        assertEquals(sent.get(2).getString("messageId"), last.getString("messageId"));
        assertEquals(3, last.getJsonNumber("seq").longValue());
        assertEquals(bob.id().toString(), last.getString("senderId"));
        assertEquals(sent.get(2).getString("sentAt"), last.getString("sentAt"));
        assertEquals("Three", last.getString("body"));
        assertEquals(3, annEntry.getInt("unreadCount"));
        assertEquals(0, annEntry.getInt("readSeq"));

        assertEquals(204, ann.http().put(CONVERSATIONS + "/" + direct + "/read", "{\"seq\":2}").statusCode());
        annEntry = entry(ann, direct);
        assertEquals(1, annEntry.getInt("unreadCount"));
        assertEquals(2, annEntry.getInt("readSeq"));

        Messages.sent(ann, direct, "a-1", "Four from Ann");
        annEntry = entry(ann, direct);
        assertEquals("Four from Ann", annEntry.getJsonObject("lastMessage").getString("body"));
        assertEquals(4, annEntry.getJsonObject("lastMessage").getJsonNumber("seq").longValue());
        assertEquals(1, annEntry.getInt("unreadCount"), "one's own messages are never unread");

        JsonObject bobEntry = awaitEntry(bob, direct, 4);
        assertEquals("Four from Ann", bobEntry.getJsonObject("lastMessage").getString("body"));
        assertEquals(1, bobEntry.getInt("unreadCount"), "bob's own three do not count");
        assertEquals(0, bobEntry.getInt("readSeq"));
    }

    @Test
    void badRequestsAreRefusedWithTheirField() throws Exception {
        Users.SignedIn ann = Users.registerAndSignIn(anonymous, "ann");
        assertInvalid("type", ann.http().postJson(CONVERSATIONS, "{\"type\":\"channel\"}"));
        assertInvalid("type", ann.http().postJson(CONVERSATIONS, "{\"type\":\"DIRECT\"}"));
        assertInvalid("familyId", ann.http().postJson(CONVERSATIONS, "{\"type\":\"family\"}"));
        assertEquals(400, ann.http().postJson(CONVERSATIONS, "{}").statusCode());
        assertEquals(400, ann.http().postJson(CONVERSATIONS, "{\"type\":\"direct\",\"memberIds\":[\"nope\"]}")
                .statusCode());
        assertEquals(400, ann.http().postJson(CONVERSATIONS, "{\"type\":\"direct\",\"memberIds\":[null]}")
                .statusCode());
        assertNotFound(ann.http().postJson(CONVERSATIONS, "{\"type\":\"family\",\"familyId\":\"" + UUID.randomUUID()
                + "\"}"));
    }

    /** The caller's list entry of the conversation. */
    private static JsonObject entry(Users.SignedIn user, String conversationId) throws Exception {
        HttpResponse<String> list = user.http().get(CONVERSATIONS);
        assertEquals(200, list.statusCode(), list.body());
        return Http.json(list).getJsonArray("conversations").getValuesAs(JsonObject.class).stream()
                .filter(c -> c.getString("id").equals(conversationId)).findFirst()
                .orElseThrow(() -> new AssertionError("not listed: " + conversationId));
    }

    /** Polls the list (bounded: encryption is asynchronous) until the entry's last message has {@code seq}. */
    private static JsonObject awaitEntry(Users.SignedIn user, String conversationId, long seq) throws Exception {
        long deadline = System.nanoTime() + Messages.WAIT.toNanos();
        while (true) {
            JsonObject entry = entry(user, conversationId);
            if (entry.get("lastMessage") instanceof JsonObject last && last.getJsonNumber("seq").longValue() == seq) {
                return entry;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("last message " + seq + " not listed within " + Messages.WAIT + ": " + entry);
            }
            Thread.sleep(50);
        }
    }

    private static String direct(UUID other) {
        return Json.createObjectBuilder().add("type", "direct")
                .add("memberIds", Json.createArrayBuilder().add(other.toString())).build().toString();
    }

    private static String group(String title, UUID... members) {
        JsonArrayBuilder ids = Json.createArrayBuilder();
        Stream.of(members).forEach(id -> ids.add(id.toString()));
        JsonObjectBuilder body = Json.createObjectBuilder().add("type", "group").add("title", title);
        return body.add("memberIds", ids).build().toString();
    }

    private static String member(UUID userId) {
        return Json.createObjectBuilder().add("userId", userId.toString()).build().toString();
    }

    private static List<String> memberIds(JsonObject conversation) {
        return conversation.getJsonArray("members").getValuesAs(JsonObject.class).stream()
                .map(member -> member.getString("userId")).toList();
    }

    private static List<String> roles(JsonObject conversation) {
        return conversation.getJsonArray("members").getValuesAs(JsonObject.class).stream()
                .map(member -> member.getString("role")).toList();
    }

    private static List<String> listedIds(Users.SignedIn user) throws Exception {
        return Http.json(user.http().get(CONVERSATIONS)).getJsonArray("conversations").getValuesAs(JsonObject.class)
                .stream().map(c -> c.getString("id")).toList();
    }

    private static void assertInvalid(String field, HttpResponse<String> response) {
        assertEquals(400, response.statusCode(), response.body());
        assertEquals("urn:famichat:problem:validation", Http.json(response).getString("type"));
        assertEquals(field, Http.json(response).getJsonArray("errors").getJsonObject(0).getString("field"));
    }

    private static void assertNotFound(HttpResponse<String> response) {
        assertEquals(404, response.statusCode(), response.body());
        assertEquals("urn:famichat:problem:not-found", Http.json(response).getString("type"));
    }

    private static void assertForbidden(HttpResponse<String> response) {
        assertEquals(403, response.statusCode(), response.body());
        assertEquals("urn:famichat:problem:forbidden", Http.json(response).getString("type"));
    }

    private static void assertConflict(HttpResponse<String> response) {
        assertEquals(409, response.statusCode(), response.body());
        assertEquals("urn:famichat:problem:conflict", Http.json(response).getString("type"));
    }
}
