package app.famichat.web.auth;

import app.famichat.sessions.Caller;
import app.famichat.sessions.SessionService;
import app.famichat.web.problem.Problem;
import app.famichat.web.problem.ProblemType;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;
import java.util.Optional;

/**
 * Every REST call needs {@code Authorization: Bearer <token>} unless its method is {@link Public}. A missing,
 * malformed, unknown, expired or revoked token is answered 401 (the same answer for all: a client must not learn
 * which tokens once existed). A locked user's keyring is unlocked from the token for the request's work.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class AuthenticationFilter implements ContainerRequestFilter {

    private static final String BEARER = "Bearer ";

    @Inject
    SessionService sessions;

    @Inject
    CurrentCaller currentCaller;

    @Context
    ResourceInfo resource;

    @Override
    public void filter(ContainerRequestContext request) {
        if (isPublic()) {
            return;
        }
        Optional<String> token = bearerToken(request.getHeaderString(HttpHeaders.AUTHORIZATION));
        Optional<Caller> caller = token.flatMap(sessions::authenticate);
        if (caller.isEmpty()) {
            request.abortWith(Problem.of(ProblemType.UNAUTHENTICATED, "A valid bearer token is required")
                    .toResponseBuilder()
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                    .build());
            return;
        }
        currentCaller.set(caller.get(), token.get());
        // A locked user's keyring, unlocked for this request on this thread; KeyringRelease wipes it at the end.
        sessions.unlock(caller.get(), token.get());
    }

    private boolean isPublic() {
        return resource.getResourceMethod() != null
                && (resource.getResourceMethod().isAnnotationPresent(Public.class)
                || resource.getResourceClass().isAnnotationPresent(Public.class));
    }

    static Optional<String> bearerToken(String header) {
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Optional.empty();
        }
        return Optional.of(header.substring(BEARER.length()).trim());
    }
}
