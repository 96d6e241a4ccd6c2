package app.famichat.it.blackbox;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.famichat.it.support.Concurrently;
import app.famichat.it.support.Families;
import app.famichat.it.support.Http;
import app.famichat.it.support.TestEnvironment;
import app.famichat.it.support.Users;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Families, members, roles and invites against the packaged server. */
class FamiliesIT {

    private static Http anonymous;

    @BeforeAll
    static void server() throws Exception {
        anonymous = new Http(TestEnvironment.get().packagedServer().baseUrl());
    }

    @Test
    void theCreatorIsTheAdminAndSeesTheFamilyInMe() throws Exception {
        Users.SignedIn ann = Users.registerAndSignIn(anonymous, "ann");
        HttpResponse<String> created = ann.http().postJson("/api/v1/families", "{\"name\":\"  The Smiths 🏡 \"}");
        assertEquals(201, created.statusCode(), created.body());
        JsonObject family = Http.json(created);
        String id = family.getString("id");
        assertTrue(created.headers().firstValue("Location").orElseThrow().endsWith("/api/v1/families/" + id));
        assertEquals("The Smiths 🏡", family.getString("name"));
        JsonObject member = family.getJsonArray("members").getJsonObject(0);
        assertEquals(ann.id().toString(), member.getString("userId"));
        assertEquals(ann.username(), member.getString("username"));
        assertEquals("ann", member.getString("displayName"));
        assertEquals("ADMIN", member.getString("role"));
        Instant.parse(member.getString("joinedAt"));

        assertEquals(family, Http.json(ann.http().get("/api/v1/families/" + id)));
        JsonObject mine = Http.json(ann.http().get("/api/v1/me")).getJsonArray("families").getJsonObject(0);
        assertEquals(Json.createObjectBuilder().add("id", id).add("name", "The Smiths 🏡").add("role", "ADMIN").build(),
                mine);
    }

    @Test
    void familyNamesFollowTheTextRules() throws Exception {
        Users.SignedIn ann = Users.registerAndSignIn(anonymous, "ann");
        for (String name : List.of("", "  ", "x".repeat(65), "Evil\\u202Eanna", "Nul\\u0000")) {
            HttpResponse<String> response = ann.http().postJson("/api/v1/families", "{\"name\":\"" + name + "\"}");
            assertEquals(400, response.statusCode(), name + " " + response.body());
            assertEquals("name", Http.json(response).getJsonArray("errors").getJsonObject(0).getString("field"));
        }
        assertEquals(400, ann.http().postJson("/api/v1/families", "{}").statusCode());
        assertEquals(201, ann.http().postJson("/api/v1/families", "{\"name\":\"" + "🌷".repeat(64) + "\"}").statusCode());
    }

    @Test
    void anInviteLetsOnePersonJoinOnce() throws Exception {
        Users.SignedIn ann = Users.registerAndSignIn(anonymous, "ann");
        Users.SignedIn bob = Users.registerAndSignIn(anonymous, "bob");
        Users.SignedIn cat = Users.registerAndSignIn(anonymous, "cat");
        UUID family = Families.create(ann, "Invites");

        HttpResponse<String> issued = ann.http().post("/api/v1/families/" + family + "/invites", "application/json", "");
        assertEquals(201, issued.statusCode(), issued.body());
        JsonObject invite = Http.json(issued);
        String code = invite.getString("code");
        assertTrue(code.matches("fi1_[A-Za-z0-9_-]{22}"), code);
        assertEquals(family.toString(), invite.getString("familyId"));
        Duration lifetime = Duration.between(Instant.now(), Instant.parse(invite.getString("expiresAt")));
        assertTrue(lifetime.compareTo(Duration.ofDays(7).minusMinutes(5)) > 0
                && lifetime.compareTo(Duration.ofDays(7)) <= 0, lifetime.toString());

        HttpResponse<String> joined = Families.accept(bob, code);
        assertEquals(200, joined.statusCode(), joined.body());
        assertEquals(List.of("ADMIN", "MEMBER"), roles(Http.json(joined)));
        assertEquals(bob.id().toString(),
                Http.json(joined).getJsonArray("members").getJsonObject(1).getString("userId"));

        HttpResponse<String> again = Families.accept(cat, code);
        assertEquals(410, again.statusCode(), again.body());
        assertEquals("urn:famichat:problem:gone", Http.json(again).getString("type"));

        HttpResponse<String> member = Families.accept(bob, Families.invite(ann, family));
        assertEquals(409, member.statusCode(), member.body());
        assertEquals("urn:famichat:problem:conflict", Http.json(member).getString("type"));
    }

    /** The code goes in the body, where proxies do not log it; the deprecated path form keeps working. */
    @Test
    void anInviteCodeIsAcceptedFromTheBodyAndStillFromThePath() throws Exception {
        Users.SignedIn ann = Users.registerAndSignIn(anonymous, "ann");
        Users.SignedIn bob = Users.registerAndSignIn(anonymous, "bob");
        Users.SignedIn cat = Users.registerAndSignIn(anonymous, "cat");
        UUID family = Families.create(ann, "Body");

        HttpResponse<String> fromBody = bob.http().postJson("/api/v1/invites/accept",
                "{\"code\":\"" + Families.invite(ann, family) + "\"}");
        assertEquals(200, fromBody.statusCode(), fromBody.body());
        HttpResponse<String> fromPath = cat.http().post("/api/v1/invites/" + Families.invite(ann, family) + "/accept",
                "application/json", "");
        assertEquals(200, fromPath.statusCode(), fromPath.body());
        assertEquals(List.of("ADMIN", "MEMBER", "MEMBER"), roles(Http.json(fromPath)));

        for (String bad : List.of("{}", "{\"code\":null}", "{\"code\":7}", "{\"code\":\"" + "A".repeat(65) + "\"}",
                "{\"code\":\"x\",\"familyId\":\"y\"}")) {
            HttpResponse<String> refused = bob.http().postJson("/api/v1/invites/accept", bad);
            assertEquals(400, refused.statusCode(), bad + " " + refused.body());
        }
        assertEquals(415, bob.http().post("/api/v1/invites/accept", "text/plain", "fi1_").statusCode());
    }

    @Test
    void twoPeopleAcceptingOneCodeAtOnceLetOnlyOneIn() throws Exception {
        Users.SignedIn ann = Users.registerAndSignIn(anonymous, "ann");
        Users.SignedIn bob = Users.registerAndSignIn(anonymous, "bob");
        Users.SignedIn cat = Users.registerAndSignIn(anonymous, "cat");
        UUID family = Families.create(ann, "Race");
        String code = Families.invite(ann, family);
        assertEquals(List.of(200, 410), concurrently(
                () -> Families.accept(bob, code).statusCode(),
                () -> Families.accept(cat, code).statusCode()));
        assertEquals(2, Http.json(ann.http().get("/api/v1/families/" + family)).getJsonArray("members").size());
    }

    @Test
    void onlyTheHashOfAnInviteCodeIsStored() throws Exception {
        Users.SignedIn ann = Users.registerAndSignIn(anonymous, "ann");
        UUID family = Families.create(ann, "Hashes");
        String code = Families.invite(ann, family);
        try (Connection db = TestEnvironment.get().database().connect();
             PreparedStatement query = db.prepareStatement("SELECT * FROM family_invites WHERE family_id = ?")) {
            query.setObject(1, family);
            try (ResultSet row = query.executeQuery()) {
                assertTrue(row.next());
                assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(code.getBytes(StandardCharsets.US_ASCII)),
                        row.getBytes("code_hash"));
                for (int column = 1; column <= row.getMetaData().getColumnCount(); column++) {
                    String value = row.getString(column);
                    assertTrue(value == null || !value.contains(code.substring(4)), "column " + column);
                }
            }
        }
    }

    @Test
    void anExpiredInviteIsGoneAndAnUnknownOneNotFound() throws Exception {
        Users.SignedIn ann = Users.registerAndSignIn(anonymous, "ann");
        Users.SignedIn bob = Users.registerAndSignIn(anonymous, "bob");
        UUID family = Families.create(ann, "Expiry");
        String code = Families.invite(ann, family);
        assertEquals(1, TestEnvironment.get().database().update(
                "UPDATE family_invites SET expires_at = now() - interval '1 second' WHERE family_id = ?", family));
        HttpResponse<String> expired = Families.accept(bob, code);
        assertEquals(410, expired.statusCode(), expired.body());

        String unknown = "fi1_" + "A".repeat(22);
        for (String bad : List.of(unknown, "not-a-code", code.substring(0, 20))) {
            HttpResponse<String> response = Families.accept(bob, bad);
            assertEquals(404, response.statusCode(), bad + " " + response.body());
            assertEquals("urn:famichat:problem:not-found", Http.json(response).getString("type"));
        }
        assertEquals(1, Http.json(ann.http().get("/api/v1/families/" + family)).getJsonArray("members").size());
    }

    @Test
    void outsidersAreToldNothingExists() throws Exception {
        Users.SignedIn ann = Users.registerAndSignIn(anonymous, "ann");
        Users.SignedIn stranger = Users.registerAndSignIn(anonymous, "stranger");
        UUID family = Families.create(ann, "Private");
        String path = "/api/v1/families/" + family;
        String nowhere = "/api/v1/families/" + UUID.randomUUID();
        for (String base : List.of(path, nowhere)) {
            assertNotFound(stranger.http().get(base));
            assertNotFound(stranger.http().post(base + "/invites", "application/json", ""));
            assertNotFound(stranger.http().delete(base + "/members/me"));
            assertNotFound(stranger.http().delete(base + "/members/" + ann.id()));
            assertNotFound(stranger.http().put(base + "/members/" + ann.id() + "/role", "{\"role\":\"MEMBER\"}"));
            assertNotFound(stranger.http().put(base + "/members/" + stranger.id() + "/role", "{\"role\":\"ADMIN\"}"));
        }
        assertNotFound(stranger.http().get("/api/v1/families/not-a-uuid"));
        assertEquals(401, anonymous.get(path).statusCode());
        assertEquals(List.of("ADMIN"), roles(Http.json(ann.http().get(path))));
    }

    @Test
    void membersWhoAreNotAdminsMayLookButNotManage() throws Exception {
        Users.SignedIn ann = Users.registerAndSignIn(anonymous, "ann");
        Users.SignedIn bob = Users.registerAndSignIn(anonymous, "bob");
        Users.SignedIn cat = Users.registerAndSignIn(anonymous, "cat");
        UUID family = Families.create(ann, "Roles", bob, cat);
        String path = "/api/v1/families/" + family;

        assertEquals(200, bob.http().get(path).statusCode());
        assertForbidden(bob.http().post(path + "/invites", "application/json", ""));
        assertForbidden(bob.http().delete(path + "/members/" + cat.id()));
        assertForbidden(bob.http().delete(path + "/members/" + ann.id()));
        assertForbidden(bob.http().put(path + "/members/" + bob.id() + "/role", "{\"role\":\"ADMIN\"}"));
        assertForbidden(bob.http().put(path + "/members/" + ann.id() + "/role", "{\"role\":\"MEMBER\"}"));
        assertEquals(List.of("ADMIN", "MEMBER", "MEMBER"), roles(Http.json(ann.http().get(path))));

        assertEquals(204, bob.http().delete(path + "/members/me").statusCode());
        assertNotFound(bob.http().get(path));
        assertEquals(0, Http.json(bob.http().get("/api/v1/me")).getJsonArray("families").size());
    }

    @Test
    void adminsRemoveMembersAndChangeRoles() throws Exception {
        Users.SignedIn ann = Users.registerAndSignIn(anonymous, "ann");
        Users.SignedIn bob = Users.registerAndSignIn(anonymous, "bob");
        Users.SignedIn cat = Users.registerAndSignIn(anonymous, "cat");
        UUID family = Families.create(ann, "Admins", bob, cat);
        String path = "/api/v1/families/" + family;

        HttpResponse<String> promoted = ann.http().put(path + "/members/" + bob.id() + "/role", "{\"role\":\"ADMIN\"}");
        assertEquals(200, promoted.statusCode(), promoted.body());
        assertEquals(List.of("ADMIN", "ADMIN", "MEMBER"), roles(Http.json(promoted)));
        assertEquals("ADMIN", Http.json(bob.http().get("/api/v1/me")).getJsonArray("families").getJsonObject(0)
                .getString("role"));
        // Any admin manages, other admins included.
        assertEquals(200, bob.http().put(path + "/members/" + ann.id() + "/role", "{\"role\":\"MEMBER\"}").statusCode());
        assertEquals(204, bob.http().delete(path + "/members/" + cat.id()).statusCode());
        assertNotFound(cat.http().get(path));
        assertNotFound(bob.http().delete(path + "/members/" + cat.id()));
        assertNotFound(bob.http().put(path + "/members/" + cat.id() + "/role", "{\"role\":\"ADMIN\"}"));

        HttpResponse<String> badRole = bob.http().put(path + "/members/" + ann.id() + "/role", "{\"role\":\"OWNER\"}");
        assertEquals(400, badRole.statusCode(), badRole.body());
        assertEquals("role", Http.json(badRole).getJsonArray("errors").getJsonObject(0).getString("field"));
        assertEquals(List.of("MEMBER", "ADMIN"), roles(Http.json(ann.http().get(path))));
    }

    @Test
    void theLastAdminHandsOverBeforeLeavingOrSteppingDown() throws Exception {
        Users.SignedIn ann = Users.registerAndSignIn(anonymous, "ann");
        Users.SignedIn bob = Users.registerAndSignIn(anonymous, "bob");
        UUID family = Families.create(ann, "Handover", bob);
        String path = "/api/v1/families/" + family;

        HttpResponse<String> leave = ann.http().delete(path + "/members/me");
        assertEquals(409, leave.statusCode(), leave.body());
        assertEquals("urn:famichat:problem:conflict", Http.json(leave).getString("type"));
        assertEquals(409, ann.http().delete(path + "/members/" + ann.id()).statusCode(), "removing oneself is leaving");
        assertEquals(409, ann.http().put(path + "/members/" + ann.id() + "/role", "{\"role\":\"MEMBER\"}").statusCode());
        assertEquals(List.of("ADMIN", "MEMBER"), roles(Http.json(ann.http().get(path))));

        assertEquals(200, ann.http().put(path + "/members/" + bob.id() + "/role", "{\"role\":\"ADMIN\"}").statusCode());
        assertEquals(200, ann.http().put(path + "/members/" + ann.id() + "/role", "{\"role\":\"MEMBER\"}").statusCode());
        assertEquals(409, bob.http().delete(path + "/members/me").statusCode(), "bob is now the only admin");
        assertEquals(204, ann.http().delete(path + "/members/me").statusCode());

        // The last one out takes the family with them.
        assertEquals(204, bob.http().delete(path + "/members/me").statusCode());
        assertNotFound(bob.http().get(path));
        assertEquals(0, TestEnvironment.get().database().number("SELECT count(*) FROM families WHERE id = ?", family));
    }

    @Test
    void twoAdminsLeavingAtOnceLeaveOneAdminBehind() throws Exception {
        for (int round = 0; round < 5; round++) {
            Users.SignedIn ann = Users.registerAndSignIn(anonymous, "ann");
            Users.SignedIn bob = Users.registerAndSignIn(anonymous, "bob");
            Users.SignedIn cat = Users.registerAndSignIn(anonymous, "cat");
            UUID family = Families.create(ann, "Race " + round, bob, cat);
            String path = "/api/v1/families/" + family;
            assertEquals(200, ann.http().put(path + "/members/" + bob.id() + "/role", "{\"role\":\"ADMIN\"}")
                    .statusCode());

            assertEquals(List.of(204, 409), concurrently(
                    () -> ann.http().delete(path + "/members/me").statusCode(),
                    () -> bob.http().delete(path + "/members/me").statusCode()));
            Map<String, Long> left = Http.json(cat.http().get(path)).getJsonArray("members")
                    .getValuesAs(JsonObject.class).stream()
                    .collect(Collectors.groupingBy(m -> m.getString("role"), Collectors.counting()));
            assertEquals(Map.of("ADMIN", 1L, "MEMBER", 1L), left);
        }
    }

    @Test
    void aFamilyHasAtMostThirtyMembers() throws Exception {
        Users.SignedIn ann = Users.registerAndSignIn(anonymous, "ann");
        UUID family = Families.create(ann, "Big family");
        Families.joinNew(ann, family, 29, "kin");
        assertEquals(30, Http.json(ann.http().get("/api/v1/families/" + family)).getJsonArray("members").size());

        Users.SignedIn late = Users.registerAndSignIn(anonymous, "late");
        String code = Families.invite(ann, family);
        HttpResponse<String> full = Families.accept(late, code);
        assertEquals(409, full.statusCode(), full.body());
        assertEquals("urn:famichat:problem:conflict", Http.json(full).getString("type"));

        // A refused join leaves the invite unused: it works once there is room again.
        UUID leaver = UUID.fromString(Http.json(ann.http().get("/api/v1/families/" + family)).getJsonArray("members")
                .getJsonObject(29).getString("userId"));
        assertEquals(204, ann.http().delete("/api/v1/families/" + family + "/members/" + leaver).statusCode());
        assertEquals(200, Families.accept(late, code).statusCode());
    }

    /** The statuses of two requests sent at the same time, in ascending order. */
    private static List<Integer> concurrently(Callable<Integer> one, Callable<Integer> other) throws Exception {
        return Concurrently.both(one, other).stream().sorted().toList();
    }

    private static List<String> roles(JsonObject family) {
        return family.getJsonArray("members").getValuesAs(JsonObject.class).stream()
                .map(member -> member.getString("role")).toList();
    }

    private static void assertNotFound(HttpResponse<String> response) {
        assertEquals(404, response.statusCode(), response.body());
        assertEquals("urn:famichat:problem:not-found", Http.json(response).getString("type"));
    }

    private static void assertForbidden(HttpResponse<String> response) {
        assertEquals(403, response.statusCode(), response.body());
        assertEquals("urn:famichat:problem:forbidden", Http.json(response).getString("type"));
    }
}
