package app.famichat.it.blackbox;

import app.famichat.it.support.Custody;
import app.famichat.it.support.Families;
import app.famichat.it.support.Http;
import app.famichat.it.support.TestEnvironment;
import app.famichat.it.support.Users;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Every REST endpoint of Famichat, with who may call it and what the right caller gets. The access matrix and
 * the bad-input corpus run over this list: a new endpoint is one more line here.
 */
final class ApiCatalog {

    private ApiCatalog() {
    }

    /** Who may call an endpoint: no token needed, or the answers each kind of signed-in caller gets. */
    record Endpoint(String name, String method, String path, String body, boolean isPublic, int outsider,
                    int familyPeer, int member, Set<String> optionalFields, Set<String> runningTextFields) {

        static Endpoint publicEndpoint(String method, String path, String body) {
            return new Endpoint(method + " " + path, method, path, body, true, 0, 0, 0, Set.of(), Set.of());
        }

        /** Any signed-in user, acting on themselves: everybody gets the same answer. */
        static Endpoint anyUser(String method, String path, String body, int status) {
            return custom(method, path, body, status, status, status);
        }

        /** A thing of the member's own: everybody else gets 404. */
        static Endpoint own(String method, String path, String body, int status) {
            return custom(method, path, body, 404, 404, status);
        }

        /** A thing of the member's family: the peer gets {@code peerStatus}, an outsider 404. */
        static Endpoint family(String method, String path, String body, int memberStatus, int peerStatus) {
            return custom(method, path, body, 404, peerStatus, memberStatus);
        }

        /** A thing of a conversation the peer is not in: only the member gets through. */
        static Endpoint conversation(String method, String path, String body, int memberStatus) {
            return custom(method, path, body, 404, 404, memberStatus);
        }

        static Endpoint custom(String method, String path, String body, int outsider, int familyPeer, int member) {
            return new Endpoint(method + " " + path, method, path, body, false, outsider, familyPeer, member, Set.of(),
                    Set.of());
        }

        /** Fields of the body that may be left out (the bad-input corpus does not count their absence as bad). */
        Endpoint optional(String... fields) {
            return new Endpoint(name, method, path, body, isPublic, outsider, familyPeer, member, Set.of(fields),
                    runningTextFields);
        }

        /**
         * Fields of running text (a message body), kept as written: unlike names and titles they allow
         * bidirectional marks, which right-to-left writers need (docs/api.md, "Limits").
         */
        Endpoint runningText(String... fields) {
            return new Endpoint(name, method, path, body, isPublic, outsider, familyPeer, member, optionalFields,
                    Set.of(fields));
        }
    }

    static List<Endpoint> endpoints() {
        return List.of(
                Endpoint.publicEndpoint("POST", "/api/v1/accounts",
                        "{\"username\":\"{newUsername}\",\"password\":\"correct horse battery\",\"displayName\":\"N\"}"),
                Endpoint.publicEndpoint("POST", "/api/v1/sessions",
                        Users.signInBody("{memberUsername}", Users.PASSWORD, null, null, "Matrix device")),
                Endpoint.anyUser("DELETE", "/api/v1/sessions/current", null, 204),
                Endpoint.anyUser("DELETE", "/api/v1/sessions", null, 204),
                Endpoint.anyUser("GET", "/api/v1/me", null, 200),
                Endpoint.own("DELETE", "/api/v1/me/devices/{memberSecondDevice}", null, 204),
                Endpoint.anyUser("PUT", "/api/v1/me/password", "{\"currentPassword\":\"correct horse battery\","
                        + "\"newPassword\":\"another horse battery\"}", 204),
                // Hosted already: the switch changes nothing, and no other token is revoked.
                Endpoint.anyUser("PUT", "/api/v1/me/custody", "{\"custody\":\"hosted\","
                        + "\"password\":\"correct horse battery\"}", 204),
                // Hosted: no recovery code (createdAt null) and none to make; revoking none changes nothing.
                Endpoint.anyUser("GET", "/api/v1/me/recovery-code", null, 200),
                Endpoint.anyUser("POST", "/api/v1/me/recovery-code", "{\"password\":\"correct horse battery\"}", 409),
                Endpoint.anyUser("DELETE", "/api/v1/me/recovery-code", "{\"password\":\"correct horse battery\"}",
                        204),
                Endpoint.publicEndpoint("POST", "/api/v1/recovery/code", "{\"username\":\"{memberUsername}\","
                        + "\"recoveryCode\":\"AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA\","
                        + "\"newPassword\":\"another horse battery\"}"),
                // Family recovery (hosted callers: nothing set up, nothing to set up, nothing to guard).
                Endpoint.anyUser("GET", "/api/v1/me/guardians", null, 200),
                Endpoint.anyUser("GET", "/api/v1/me/guardians/candidates", null, 200),
                Endpoint.anyUser("PUT", "/api/v1/me/guardians", "{\"password\":\"correct horse battery\","
                        + "\"threshold\":2,\"guardianIds\":[\"{relativeId}\",\"{peerId}\"]}", 409),
                Endpoint.anyUser("DELETE", "/api/v1/me/guardians", "{\"password\":\"correct horse battery\"}", 204),
                Endpoint.anyUser("GET", "/api/v1/me/recovery-requests", null, 200),
                Endpoint.anyUser("DELETE", "/api/v1/me/recovery-requests/{recoveryRequestId}", null, 404),
                Endpoint.anyUser("GET", "/api/v1/guardian-requests", null, 200),
                Endpoint.anyUser("POST", "/api/v1/guardian-requests/{recoveryRequestId}/approve", null, 404),
                Endpoint.anyUser("POST", "/api/v1/guardian-requests/{recoveryRequestId}/refuse", null, 404),
                Endpoint.publicEndpoint("POST", "/api/v1/recovery/requests", "{\"username\":\"{memberUsername}\","
                        + "\"newPassword\":\"another horse battery\"}"),
                Endpoint.publicEndpoint("GET", "/api/v1/recovery/requests/{recoveryRequestId}", null),
                Endpoint.publicEndpoint("DELETE", "/api/v1/recovery/requests/{recoveryRequestId}", null),
                Endpoint.publicEndpoint("POST", "/api/v1/recovery/requests/{recoveryRequestId}/complete",
                        "{\"requestSecret\":\"x\",\"newPassword\":\"another horse battery\"}"),
                // The member is the only admin of a family with others: they must hand over first.
                Endpoint.custom("DELETE", "/api/v1/me", "{\"password\":\"correct horse battery\"}", 204, 204, 409),

                // Only the operators named in famichat.operators (none in the tests) see these.
                Endpoint.custom("GET", "/api/v1/operator/dead-letters", null, 404, 404, 404),
                Endpoint.custom("POST", "/api/v1/operator/dead-letters/{deadLetterId}/replay", null, 404, 404, 404),

                Endpoint.anyUser("POST", "/api/v1/families", "{\"name\":\"Family\"}", 201),
                Endpoint.family("GET", "/api/v1/families/{familyId}", null, 200, 200),
                Endpoint.family("POST", "/api/v1/families/{familyId}/invites", null, 201, 403),
                // An invite code is a capability: whoever holds it joins; members already in get 409.
                Endpoint.custom("POST", "/api/v1/invites/accept", "{\"code\":\"{inviteCode}\"}", 200, 409, 409),
                // Deprecated: the code in the path reaches access logs.
                Endpoint.custom("POST", "/api/v1/invites/{inviteCode}/accept", null, 200, 409, 409),
                // The member is the only admin: they must hand over first.
                Endpoint.family("DELETE", "/api/v1/families/{familyId}/members/me", null, 409, 204),
                Endpoint.family("DELETE", "/api/v1/families/{familyId}/members/{relativeId}", null, 204, 403),
                Endpoint.family("PUT", "/api/v1/families/{familyId}/members/{relativeId}/role", "{\"role\":\"ADMIN\"}",
                        200, 403),
                // The relative shares a family with the member and the peer; the outsider shares none.
                Endpoint.family("GET", "/api/v1/users/{relativeId}/safety-number", null, 200, 200),

                // The relative shares a family with the member and the peer, not with the outsider.
                Endpoint.custom("POST", "/api/v1/conversations",
                        "{\"type\":\"group\",\"title\":\"Group\",\"memberIds\":[\"{relativeId}\"]}", 404, 201, 201)
                        .optional("memberIds"),
                Endpoint.anyUser("GET", "/api/v1/conversations", null, 200),
                Endpoint.conversation("GET", "/api/v1/conversations/{conversationId}", null, 200),
                // A retry with the same client message id is the same message: 202 every time.
                Endpoint.conversation("POST", "/api/v1/conversations/{conversationId}/messages",
                        "{\"clientMessageId\":\"matrix-1\",\"body\":\"hello\"}", 202).runningText("body"),
                Endpoint.conversation("GET", "/api/v1/conversations/{conversationId}/messages", null, 200),
                Endpoint.conversation("PUT", "/api/v1/conversations/{conversationId}/read", "{\"seq\":0}", 204),
                Endpoint.conversation("POST", "/api/v1/conversations/{conversationId}/members",
                        "{\"userId\":\"{peerId}\"}", 200),
                Endpoint.conversation("DELETE", "/api/v1/conversations/{conversationId}/members/{relativeId}", null, 204),
                Endpoint.conversation("DELETE", "/api/v1/conversations/{conversationId}/members/me", null, 204));
    }

    /**
     * The people the matrix needs: the member (admin of a family and of a group conversation, owner of the
     * things in the paths), a family peer (in the family, not in the group), a relative (in both, the one to
     * remove or promote), and an outsider who shares no family with any of them.
     */
    record World(Users.SignedIn member, Users.SignedIn familyPeer, Users.SignedIn outsider, String expiredToken,
                 String revokedToken, Map<String, String> ids) {

        static World create(Http anonymous) throws Exception {
            Users.SignedIn member = Users.registerAndSignIn(anonymous, "member");
            Users.SignedIn secondDevice = Users.signInNewDevice(anonymous, member.username());
            Users.SignedIn familyPeer = Users.registerAndSignIn(anonymous, "peer");
            Users.SignedIn relative = Users.registerAndSignIn(anonymous, "relative");
            Users.SignedIn outsider = Users.registerAndSignIn(anonymous, "outsider");
            // The catalog's answers are a hosted caller's (no keyring: no recovery code, no guardians).
            for (Users.SignedIn user : List.of(member, familyPeer, relative, outsider)) {
                Custody.host(user);
            }
            UUID familyId = Families.create(member, "Matrix family", familyPeer, relative);
            HttpResponse<String> group = member.http().postJson("/api/v1/conversations",
                    "{\"type\":\"group\",\"title\":\"Matrix group\",\"memberIds\":[\"" + relative.id() + "\"]}");
            if (group.statusCode() != 201) {
                throw new IllegalStateException("group: " + group.statusCode() + " " + group.body());
            }
            Map<String, String> ids = new HashMap<>();
            ids.put("memberUsername", member.username());
            ids.put("memberSecondDevice", Integer.toString(secondDevice.deviceId()));
            ids.put("familyId", familyId.toString());
            ids.put("inviteCode", Families.invite(member, familyId));
            ids.put("relativeId", relative.id().toString());
            ids.put("peerId", familyPeer.id().toString());
            ids.put("conversationId", Http.json(group).getString("id"));
            ids.put("deadLetterId", "ID:" + UUID.randomUUID());
            // A family recovery request that does not exist (the matrix's users are hosted: none could).
            ids.put("recoveryRequestId", UUID.randomUUID().toString());
            return new World(member, familyPeer, outsider, expiredToken(anonymous, member), revokedToken(anonymous, member),
                    ids);
        }

        /** A token of the member's (on another device) that has expired. */
        private static String expiredToken(Http anonymous, Users.SignedIn member) throws Exception {
            Users.SignedIn other = Users.signInNewDevice(anonymous, member.username());
            TestEnvironment.get().database().update("UPDATE access_tokens "
                    + "SET expires_at = now() - interval '1 second' WHERE user_id = ? AND device_id = ?",
                    other.id(), (short) other.deviceId());
            return other.token();
        }

        /** A token of the member's (on another device) that was signed out. */
        private static String revokedToken(Http anonymous, Users.SignedIn member) throws Exception {
            Users.SignedIn other = Users.signInNewDevice(anonymous, member.username());
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
