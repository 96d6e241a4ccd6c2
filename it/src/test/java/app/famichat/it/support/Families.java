package app.famichat.it.support;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Creates families and members over the public API, for black-box tests. */
public final class Families {

    private Families() {
    }

    /** A new family with {@code admin} as its admin, which each of {@code members} then joins, in order. */
    public static UUID create(Users.SignedIn admin, String name, Users.SignedIn... members) throws Exception {
        HttpResponse<String> created = admin.http().postJson("/api/v1/families",
                Json.createObjectBuilder().add("name", name).build().toString());
        UUID familyId = UUID.fromString(expect(201, created).getString("id"));
        for (Users.SignedIn member : members) {
            join(admin, familyId, member);
        }
        return familyId;
    }

    /** A fresh invite code, asked for by an admin of the family. */
    public static String invite(Users.SignedIn admin, UUID familyId) throws Exception {
        return expect(201, admin.http().post("/api/v1/families/" + familyId + "/invites", "application/json", ""))
                .getString("code");
    }

    /** {@code joiner} joins the family with a fresh invite from {@code admin}. */
    public static void join(Users.SignedIn admin, UUID familyId, Users.SignedIn joiner) throws Exception {
        expect(200, accept(joiner, invite(admin, familyId)));
    }

    /** {@code joiner} accepts an invite code, sent in the body (the path form is deprecated); the raw answer. */
    public static HttpResponse<String> accept(Users.SignedIn joiner, String code) throws Exception {
        return joiner.http().postJson("/api/v1/invites/accept",
                Json.createObjectBuilder().add("code", code).build().toString());
    }

    /** {@code count} new users who join the family. */
    public static List<Users.SignedIn> joinNew(Users.SignedIn admin, UUID familyId, int count, String prefix)
            throws Exception {
        List<Users.SignedIn> joined = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Users.SignedIn joiner = Users.registerAndSignIn(new Http(admin.http().baseUrl()), prefix);
            join(admin, familyId, joiner);
            joined.add(joiner);
        }
        return joined;
    }

    private static JsonObject expect(int status, HttpResponse<String> response) {
        if (response.statusCode() != status) {
            throw new IllegalStateException("expected " + status + ": " + response.statusCode() + " " + response.body());
        }
        return Http.json(response);
    }
}
