package app.famichat.it.blackbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import app.famichat.it.support.Http;
import app.famichat.it.support.TestEnvironment;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every non-public endpoint of {@link ApiCatalog}, called as every kind of caller: nobody, a malformed token,
 * an expired token, a revoked token, a user of another family, a member of the family who is not in the
 * conversation, and the member who may. Outsiders learn nothing (404); only the member gets the documented
 * answer. Each call that may change state gets a world of its own.
 */
class AccessMatrixIT {

    private static Http anonymous;

    enum CallerKind { NOBODY, MALFORMED_TOKEN, EXPIRED_TOKEN, REVOKED_TOKEN, OUTSIDER, NON_MEMBER, MEMBER }

    @BeforeAll
    static void server() throws Exception {
        anonymous = new Http(TestEnvironment.get().packagedServer().baseUrl());
    }

    static Stream<Arguments> matrix() {
        List<Arguments> cases = new ArrayList<>();
        for (ApiCatalog.Endpoint endpoint : ApiCatalog.endpoints()) {
            if (endpoint.isPublic()) {
                continue;
            }
            for (CallerKind caller : CallerKind.values()) {
                cases.add(Arguments.of(endpoint.name() + " as " + caller, endpoint, caller));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("matrix")
    void onlyTheRightCallerGetsThrough(String name, ApiCatalog.Endpoint endpoint, CallerKind kind) throws Exception {
        // Reads and calls without a valid token change nothing, so they share one world; a signed-in caller's
        // write (even a sign-out) gets a world of its own.
        boolean signedIn = kind == CallerKind.OUTSIDER || kind == CallerKind.NON_MEMBER || kind == CallerKind.MEMBER;
        ApiCatalog.World world = signedIn && !endpoint.method().equals("GET")
                ? ApiCatalog.World.create(anonymous) : shared();
        Http caller = switch (kind) {
            case NOBODY -> anonymous;
            case MALFORMED_TOKEN -> anonymous.as("fc1_" + "A".repeat(43));
            case EXPIRED_TOKEN -> anonymous.as(world.expiredToken());
            case REVOKED_TOKEN -> anonymous.as(world.revokedToken());
            case OUTSIDER -> world.outsider().http();
            case NON_MEMBER -> world.familyPeer().http();
            case MEMBER -> world.member().http();
        };
        HttpResponse<String> response = caller.request(endpoint.method(), world.path(endpoint.path()),
                endpoint.body() == null ? null : "application/json", endpoint.body() == null ? null : world.fill(endpoint.body()));
        assertEquals(expected(endpoint, kind), response.statusCode(), response.body());
        if (response.statusCode() >= 400) {
            assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse(""));
        }
    }

    private static ApiCatalog.World sharedWorld;

    private static synchronized ApiCatalog.World shared() throws Exception {
        if (sharedWorld == null) {
            sharedWorld = ApiCatalog.World.create(anonymous);
        }
        return sharedWorld;
    }

    private static int expected(ApiCatalog.Endpoint endpoint, CallerKind kind) {
        return switch (kind) {
            case NOBODY, MALFORMED_TOKEN, EXPIRED_TOKEN, REVOKED_TOKEN -> 401;
            case OUTSIDER -> endpoint.outsider();
            case NON_MEMBER -> endpoint.familyPeer();
            case MEMBER -> endpoint.member();
        };
    }
}
