package app.famichat.it.blackbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.famichat.it.support.Families;
import app.famichat.it.support.Http;
import app.famichat.it.support.TestEnvironment;
import app.famichat.it.support.Users;
import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Safety numbers between family members, against the packaged server. */
class SafetyNumbersIT {

    private static Http anonymous;

    @BeforeAll
    static void server() throws Exception {
        anonymous = new Http(TestEnvironment.get().packagedServer().baseUrl());
    }

    @Test
    void twoFamilyMembersGetTheSameSixtyDigitsFromBothSides() throws Exception {
        Users.SignedIn ann = Users.registerAndSignIn(anonymous, "ann");
        Users.SignedIn bob = Users.registerAndSignIn(anonymous, "bob");
        Families.create(ann, "Safety", bob);

        JsonObject annSees = safetyNumber(ann, bob.id());
        JsonObject bobSees = safetyNumber(bob, ann.id());
        assertEquals(bob.id().toString(), annSees.getString("userId"));
        assertEquals(ann.id().toString(), bobSees.getString("userId"));
        assertTrue(annSees.getString("safetyNumber").matches("\\d{5}( \\d{5}){11}"), annSees.getString("safetyNumber"));
        assertEquals(annSees.getString("safetyNumber"), bobSees.getString("safetyNumber"));
        // Each side's scannable form puts its own fingerprint first.
        assertNotEquals(annSees.getString("scannable"), bobSees.getString("scannable"));
        assertTrue(Base64.getDecoder().decode(annSees.getString("scannable")).length > 60);
        assertEquals(annSees, safetyNumber(ann, bob.id()), "the same keys give the same number");
    }

    /** No API changes an identity key yet: the test puts another user's public key in the row, then restores it. */
    @Test
    void theNumberChangesWhenAnIdentityKeyChanges() throws Exception {
        Users.SignedIn ann = Users.registerAndSignIn(anonymous, "ann");
        Users.SignedIn bob = Users.registerAndSignIn(anonymous, "bob");
        Users.SignedIn carol = Users.registerAndSignIn(anonymous, "carol");
        Families.create(ann, "Rekeyed", bob);
        String before = safetyNumber(ann, bob.id()).getString("safetyNumber");

        byte[] bobKey = identityKey(bob.id());
        setIdentityKey(bob.id(), identityKey(carol.id()));
        try {
            String after = safetyNumber(ann, bob.id()).getString("safetyNumber");
            assertNotEquals(before, after);
            assertEquals(after, safetyNumber(bob, ann.id()).getString("safetyNumber"));
        } finally {
            setIdentityKey(bob.id(), bobKey);
        }
        assertEquals(before, safetyNumber(bob, ann.id()).getString("safetyNumber"));
    }

    @Test
    void someoneWhoSharesNoFamilyLooksLikeAnUnknownUser() throws Exception {
        Users.SignedIn ann = Users.registerAndSignIn(anonymous, "ann");
        Users.SignedIn bob = Users.registerAndSignIn(anonymous, "bob");
        Users.SignedIn stranger = Users.registerAndSignIn(anonymous, "stranger");
        UUID family = Families.create(ann, "Closed", bob);

        HttpResponse<String> unknown = notFound(ann, UUID.randomUUID().toString());
        assertEquals(unknown.body(), notFound(ann, stranger.id().toString()).body(), "no hint that the user exists");
        notFound(stranger, ann.id().toString());
        notFound(ann, "not-a-uuid");

        assertEquals(204, bob.http().delete("/api/v1/families/" + family + "/members/me").statusCode());
        notFound(ann, bob.id().toString());
    }

    @Test
    void askingAboutOneselfIsABadRequest() throws Exception {
        Users.SignedIn ann = Users.registerAndSignIn(anonymous, "ann");
        HttpResponse<String> own = ann.http().get(path(ann.id().toString()));
        assertEquals(400, own.statusCode(), own.body());
        assertEquals("application/problem+json", own.headers().firstValue("Content-Type").orElse(""));
        assertEquals("urn:famichat:problem:validation", Http.json(own).getString("type"));
        assertEquals("id", Http.json(own).getJsonArray("errors").getJsonObject(0).getString("field"));
    }

    private static JsonObject safetyNumber(Users.SignedIn caller, UUID other) throws Exception {
        HttpResponse<String> response = caller.http().get(path(other.toString()));
        assertEquals(200, response.statusCode(), response.body());
        return Http.json(response);
    }

    private static HttpResponse<String> notFound(Users.SignedIn caller, String other) throws Exception {
        HttpResponse<String> response = caller.http().get(path(other));
        assertEquals(404, response.statusCode(), response.body());
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse(""));
        return response;
    }

    private static String path(String userId) {
        return "/api/v1/users/" + userId + "/safety-number";
    }

    private static byte[] identityKey(UUID user) throws Exception {
        try (Connection db = TestEnvironment.get().database().connect();
             PreparedStatement query = db.prepareStatement("SELECT public_key FROM signal_identity_keys "
                     + "WHERE user_id = ?")) {
            query.setObject(1, user);
            try (ResultSet row = query.executeQuery()) {
                assertTrue(row.next());
                return row.getBytes(1);
            }
        }
    }

    private static void setIdentityKey(UUID user, byte[] publicKey) throws Exception {
        assertEquals(1, TestEnvironment.get().database().update("UPDATE signal_identity_keys SET public_key = ? "
                + "WHERE user_id = ?", publicKey, user));
    }
}
