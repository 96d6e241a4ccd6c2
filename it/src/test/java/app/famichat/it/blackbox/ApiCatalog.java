package app.famichat.it.blackbox;

import app.famichat.it.support.Http;
import app.famichat.it.support.TestEnvironment;
import app.famichat.it.support.Users;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every REST endpoint of Famichat, with who may call it and what the right caller gets. The access matrix and
 * the bad-input corpus run over this list: a new endpoint is one more line here.
 */
final class ApiCatalog {

    private ApiCatalog() {
    }

    enum Access {
        /** Needs no token. */
        PUBLIC,
        /** Any signed-in user; acts on the caller. */
        ANY_USER,
        /** A thing of the member's own (a device, a send): everybody else gets 404. */
        OWN,
        /** Members of the family (the family peer included); outsiders get 404. */
        FAMILY,
        /** Members of the conversation; everybody else gets 404. */
        CONVERSATION
    }

    /**
     * @param memberStatus     what the member (owner, admin, conversation member) gets
     * @param familyPeerStatus for {@link Access#FAMILY}: what a family member who is not the admin gets
     */
    record Endpoint(String name, String method, String path, String body, Access access, int memberStatus,
                    int familyPeerStatus) {

        static Endpoint of(String method, String path, String body, Access access, int memberStatus) {
            return new Endpoint(method + " " + path, method, path, body, access, memberStatus, memberStatus);
        }
    }

    static List<Endpoint> endpoints() {
        return List.of(
                Endpoint.of("POST", "/api/v1/accounts",
                        "{\"username\":\"{newUsername}\",\"password\":\"correct horse battery\",\"displayName\":\"N\"}",
                        Access.PUBLIC, 201),
                Endpoint.of("POST", "/api/v1/sessions",
                        "{\"username\":\"{memberUsername}\",\"password\":\"correct horse battery\"}", Access.PUBLIC, 200),
                Endpoint.of("DELETE", "/api/v1/sessions/current", null, Access.ANY_USER, 204),
                Endpoint.of("DELETE", "/api/v1/sessions", null, Access.ANY_USER, 204),
                Endpoint.of("GET", "/api/v1/me", null, Access.ANY_USER, 200),
                Endpoint.of("DELETE", "/api/v1/me/devices/{memberSecondDevice}", null, Access.OWN, 204),
                Endpoint.of("POST", "/api/v1/skeleton/sends", "{\"label\":\"m\",\"targets\":[\"a\"]}", Access.ANY_USER, 202),
                Endpoint.of("GET", "/api/v1/skeleton/sends/{sendId}", null, Access.OWN, 200));
    }

    /**
     * The people the matrix needs: the member (who owns the things in the paths), a peer in the member's family
     * who is not in the conversation, and an outsider who shares no family with the member.
     */
    record World(Users.SignedIn member, Users.SignedIn familyPeer, Users.SignedIn outsider, String expiredToken,
                 String revokedToken, Map<String, String> ids) {

        static World create(Http anonymous) throws Exception {
            Users.SignedIn member = Users.registerAndSignIn(anonymous, "member");
            Users.SignedIn secondDevice = Users.signIn(anonymous, member.username(), null);
            Users.SignedIn familyPeer = Users.registerAndSignIn(anonymous, "peer");
            Users.SignedIn outsider = Users.registerAndSignIn(anonymous, "outsider");
            Map<String, String> ids = new HashMap<>();
            ids.put("memberUsername", member.username());
            ids.put("memberSecondDevice", Integer.toString(secondDevice.deviceId()));
            HttpResponse<String> send = member.http().postJson("/api/v1/skeleton/sends",
                    "{\"label\":\"matrix\",\"targets\":[\"a\"]}");
            ids.put("sendId", Http.json(send).getString("sendId"));
            return new World(member, familyPeer, outsider, expiredToken(anonymous, member), revokedToken(anonymous, member),
                    ids);
        }

        /** A token of the member's (on another device) that has expired. */
        private static String expiredToken(Http anonymous, Users.SignedIn member) throws Exception {
            Users.SignedIn other = Users.signIn(anonymous, member.username(), null);
            try (Connection db = TestEnvironment.get().database().connect();
                 PreparedStatement expire = db.prepareStatement("UPDATE access_tokens "
                         + "SET expires_at = now() - interval '1 second' WHERE user_id = ? AND device_id = ?")) {
                expire.setObject(1, other.id());
                expire.setShort(2, (short) other.deviceId());
                expire.executeUpdate();
            }
            return other.token();
        }

        /** A token of the member's (on another device) that was signed out. */
        private static String revokedToken(Http anonymous, Users.SignedIn member) throws Exception {
            Users.SignedIn other = Users.signIn(anonymous, member.username(), null);
            if (other.http().delete("/api/v1/sessions/current").statusCode() != 204) {
                throw new IllegalStateException("sign-out failed");
            }
            return other.token();
        }

        String path(String template) {
            return fill(template);
        }

        String fill(String template) {
            String filled = template.replace("{newUsername}", Users.uniqueName("new"));
            for (Map.Entry<String, String> id : ids.entrySet()) {
                filled = filled.replace("{" + id.getKey() + "}", id.getValue());
            }
            return filled;
        }
    }
}
