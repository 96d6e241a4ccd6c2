package app.famichat.it.blackbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.famichat.it.support.Families;
import app.famichat.it.support.Http;
import app.famichat.it.support.Messages;
import app.famichat.it.support.TestEnvironment;
import app.famichat.it.support.Users;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Deleting one's account against the packaged server: what goes, what stays for the others. */
class AccountDeletionIT {

    /** Every table with a row per user (column holding the user id), all of which must be empty afterwards. */
    private static final Map<String, String> USER_ROWS = Map.of(
            "users", "id", "devices", "user_id", "access_tokens", "user_id", "user_storage_keys", "user_id",
            "message_history", "user_id", "family_members", "user_id", "conversation_members", "user_id",
            "signal_identity_keys", "user_id", "signal_prekeys", "user_id", "signal_sessions", "local_user_id");

    private static Http anonymous;

    @BeforeAll
    static void server() throws Exception {
        anonymous = new Http(TestEnvironment.get().packagedServer().baseUrl());
    }

    @Test
    void aDeletedAccountIsGoneWithItsKeysAndHistoryWhileTheOthersKeepTheirs() throws Exception {
        Users.SignedIn ann = Users.registerAndSignIn(anonymous, "ann");
        Users.SignedIn bob = Users.registerAndSignIn(anonymous, "bob");
        UUID family = Families.create(ann, "Deletion", bob);
        String familyChat = Messages.familyConversation(ann, family);
        String direct = Messages.directConversation(bob, ann.id());
        String group = Messages.groupConversation(bob, "Bob's group", ann.id());
        String notes = Messages.selfConversation(bob);
        Messages.sent(ann, familyChat, "a-1", "hello bob");
        Messages.sent(bob, familyChat, "b-1", "hello ann");
        Messages.sent(bob, direct, "b-2", "just us");
        Messages.sent(bob, notes, "b-3", "my own notes");
        Messages.awaitMessages(ann, familyChat, 2);
        Messages.awaitMessages(ann, direct, 1);
        Messages.awaitMessages(bob, familyChat, 2);
        assertTrue(rowsOf(bob.id()).values().stream().allMatch(count -> count > 0), rowsOf(bob.id()).toString());

        HttpResponse<String> deleted = bob.http().request("DELETE", "/api/v1/me", "application/json",
                deletion(Users.PASSWORD));
        assertEquals(204, deleted.statusCode(), deleted.body());

        assertEquals(401, bob.http().get("/api/v1/me").statusCode(), "the token is dead");
        assertEquals(401, Users.attemptSignIn(anonymous, bob.username(), Users.PASSWORD, bob).statusCode());
        assertTrue(rowsOf(bob.id()).values().stream().allMatch(count -> count == 0),
                "keys, tokens, storage key, history, memberships: " + rowsOf(bob.id()));

        // Ann keeps her copies of what Bob sent; the group is hers now; Bob's notes are gone with the account.
        assertEquals(List.of("hello bob", "hello ann"), Messages.bodies(Messages.page(ann, familyChat, "")));
        JsonObject fromBob = Messages.messages(Messages.page(ann, familyChat, "")).get(1);
        assertEquals(bob.id().toString(), fromBob.getString("senderId"));
        assertEquals(List.of("just us"), Messages.bodies(Messages.page(ann, direct, "")));
        JsonObject groupNow = Http.json(ann.http().get("/api/v1/conversations/" + group));
        assertEquals(1, groupNow.getJsonArray("members").size());
        assertEquals("ADMIN", groupNow.getJsonArray("members").getJsonObject(0).getString("role"));
        assertEquals(0, TestEnvironment.get().database().number("SELECT count(*) FROM conversations WHERE id = ?",
                UUID.fromString(notes)));
        assertEquals(1, Http.json(ann.http().get("/api/v1/families/" + family)).getJsonArray("members").size());
        Messages.sent(ann, familyChat, "a-2", "still here");
        assertEquals(3, Messages.messages(Messages.page(ann, familyChat, "")).size());

        // The username is free: someone new can take it, and is nobody's family.
        HttpResponse<String> again = anonymous.postJson("/api/v1/accounts",
                Users.registration(bob.username(), "Another Bob"));
        assertEquals(201, again.statusCode(), again.body());
        Users.SignedIn newBob = Users.signInNewDevice(anonymous, bob.username());
        assertNotEquals(bob.id(), newBob.id());
        assertEquals(404, newBob.http().get("/api/v1/families/" + family).statusCode());
        assertEquals(404, newBob.http().get(Messages.path(familyChat)).statusCode());
    }

    @Test
    void theOnlyAdminOfAFamilyWithOthersMustHandOverFirst() throws Exception {
        Users.SignedIn ann = Users.registerAndSignIn(anonymous, "ann");
        Users.SignedIn bob = Users.registerAndSignIn(anonymous, "bob");
        UUID family = Families.create(ann, "Hand over", bob);
        Map<String, Long> before = rowsOf(ann.id());

        HttpResponse<String> refused = ann.http().request("DELETE", "/api/v1/me", "application/json",
                deletion(Users.PASSWORD));
        assertEquals(409, refused.statusCode(), refused.body());
        assertEquals("urn:famichat:problem:conflict", Http.json(refused).getString("type"));
        assertEquals(before, rowsOf(ann.id()), "a refused deletion changes nothing");
        assertEquals(200, ann.http().get("/api/v1/me").statusCode());

        assertEquals(200, ann.http().put("/api/v1/families/" + family + "/members/" + bob.id() + "/role",
                "{\"role\":\"ADMIN\"}").statusCode());
        assertEquals(204, ann.http().request("DELETE", "/api/v1/me", "application/json", deletion(Users.PASSWORD))
                .statusCode());
        JsonObject members = Http.json(bob.http().get("/api/v1/families/" + family));
        assertEquals(List.of(bob.id().toString()), members.getJsonArray("members").getValuesAs(JsonObject.class)
                .stream().map(member -> member.getString("userId")).toList());
    }

    @Test
    void deletionNeedsThePassword() throws Exception {
        Users.SignedIn cat = Users.registerAndSignIn(anonymous, "cat");
        HttpResponse<String> wrong = cat.http().request("DELETE", "/api/v1/me", "application/json",
                deletion("not the password"));
        assertEquals(403, wrong.statusCode(), wrong.body());
        assertEquals("urn:famichat:problem:forbidden", Http.json(wrong).getString("type"));
        int withoutBody = cat.http().request("DELETE", "/api/v1/me", null, null).statusCode();
        assertTrue(withoutBody == 400 || withoutBody == 415, "without a body: " + withoutBody);
        assertEquals(400, cat.http().request("DELETE", "/api/v1/me", "application/json", "{}").statusCode());
        assertEquals(200, cat.http().get("/api/v1/me").statusCode());
        assertEquals(1, TestEnvironment.get().database().number("SELECT count(*) FROM user_storage_keys WHERE user_id = ?",
                cat.id()));
    }

    private static String deletion(String password) {
        return Json.createObjectBuilder().add("password", password).build().toString();
    }

    private static Map<String, Long> rowsOf(UUID userId) throws Exception {
        Map<String, Long> rows = new TreeMap<>();
        for (Map.Entry<String, String> table : USER_ROWS.entrySet()) {
            rows.put(table.getKey(), TestEnvironment.get().database().number("SELECT count(*) FROM " + table.getKey()
                    + " WHERE " + table.getValue() + " = ?", userId));
        }
        return rows;
    }

}
