package app.famichat.web.problem;

import app.famichat.platform.errors.FamichatException;
import app.famichat.platform.logging.ThrottledLog;
import app.famichat.platform.outages.Outage;
import app.famichat.platform.outages.Outages;
import app.famichat.vault.KeyringLockedException;
import jakarta.inject.Inject;
import jakarta.json.bind.JsonbException;
import jakarta.json.stream.JsonParsingException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Turns every failure into {@code application/problem+json}; only real server faults become 5xx. */
public final class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class.getName());

    /*
     * Any client, signed in or not, can send the requests that fail here as often as it likes: the log lines are
     * throttled (ThrottledLog kinds).
     */
    private static final String REQUEST_FAILED = "rest_request_failed";
    private static final String UNHANDLED = "rest_unhandled";

    private ProblemMappers() {
    }

    @Provider
    public static class Validation implements ExceptionMapper<ConstraintViolationException> {
        @Override
        public Response toResponse(ConstraintViolationException e) {
            List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                    .map(v -> new Problem.FieldError(fieldOf(v), v.getMessage()))
                    .sorted(java.util.Comparator.comparing(Problem.FieldError::field))
                    .toList();
            return new Problem(ProblemType.VALIDATION.uri(), ProblemType.VALIDATION.title(), 400,
                    "The request has invalid fields", errors).toResponse();
        }

        /** "send.request.targets[0].<list element>" -> "targets[0]": the JSON field, not the Java method. */
        private static String fieldOf(ConstraintViolation<?> violation) {
            StringBuilder field = new StringBuilder();
            int depth = 0;
            for (var node : violation.getPropertyPath()) {
                depth++;
                if (depth <= 2 || node.getName() == null || node.getName().startsWith("<")) {
                    if (node.getIndex() != null && field.length() > 0) {
                        field.append('[').append(node.getIndex()).append(']');
                    }
                    continue;
                }
                if (field.length() > 0) {
                    field.append('.');
                }
                field.append(node.getName());
                if (node.getIndex() != null) {
                    field.append('[').append(node.getIndex()).append(']');
                }
            }
            return field.length() == 0 ? "body" : field.toString();
        }
    }

    /** Expected refusals from the services. */
    @Provider
    public static class Refusal implements ExceptionMapper<FamichatException> {
        @Override
        public Response toResponse(FamichatException e) {
            ProblemType type = ProblemType.of(e.failure());
            List<Problem.FieldError> errors = e.field() == null ? null
                    : List.of(new Problem.FieldError(e.field(), e.getMessage()));
            String detail = e.field() == null ? e.getMessage() : "The request has invalid fields";
            Response.ResponseBuilder response = new Problem(type.uri(), type.title(), type.status(), detail, errors)
                    .toResponseBuilder();
            if (type == ProblemType.RATE_LIMITED) {
                response.header("Retry-After", e.retryAfterSeconds());
            }
            if (type == ProblemType.UNAUTHENTICATED) {
                response.header("WWW-Authenticate", "Bearer");
            }
            return response.build();
        }
    }

    /** A locked user's secrets were needed and no live unlock of this token opened them: not a server fault. */
    @Provider
    public static class KeyringLocked implements ExceptionMapper<KeyringLockedException> {
        @Override
        public Response toResponse(KeyringLockedException e) {
            return Problem.of(ProblemType.KEYRING_LOCKED, "Your keys are locked on the server for this sign-in; "
                    + "sign in again with your password").toResponse();
        }
    }

    @Provider
    public static class Json implements ExceptionMapper<JsonbException> {
        @Override
        public Response toResponse(JsonbException e) {
            return Problem.of(ProblemType.MALFORMED_REQUEST, "The body is not valid JSON of the expected shape")
                    .toResponse();
        }
    }

    @Provider
    public static class JsonParsing implements ExceptionMapper<JsonParsingException> {
        @Override
        public Response toResponse(JsonParsingException e) {
            return Problem.of(ProblemType.MALFORMED_REQUEST, "The body is not valid JSON").toResponse();
        }
    }

    @Provider
    public static class Processing implements ExceptionMapper<ProcessingException> {
        @Override
        public Response toResponse(ProcessingException e) {
            for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
                if (cause instanceof WebApplicationException web) {
                    return web.getResponse(); // e.g. the body size limit, hit while reading the entity
                }
            }
            return Problem.of(ProblemType.MALFORMED_REQUEST, "The body could not be read").toResponse();
        }
    }

    @Provider
    public static class Web implements ExceptionMapper<WebApplicationException> {

        @Inject
        ThrottledLog log;

        @Override
        public Response toResponse(WebApplicationException e) {
            int status = e.getResponse().getStatus();
            if (e.getCause() instanceof JsonbException || e.getCause() instanceof JsonParsingException) {
                return Problem.of(ProblemType.MALFORMED_REQUEST, "The body is not valid JSON of the expected shape")
                        .toResponse();
            }
            if (status >= 500) {
                log.log(REQUEST_FAILED, LOG, Level.WARNING, "Request failed with " + status, e);
            }
            ProblemType type = ProblemType.forStatus(status);
            Response.ResponseBuilder response = Response.fromResponse(e.getResponse())
                    .type(Problem.PROBLEM_JSON)
                    .entity(new Problem(type.uri(), type.title(), status, null, null));
            return response.build();
        }
    }

    @Provider
    public static class Unexpected implements ExceptionMapper<Exception> {

        @Inject
        ThrottledLog log;

        @Inject
        Outages outages;

        @Override
        public Response toResponse(Exception e) {
            // An EJB wraps runtime exceptions of its callees; the refusal inside still deserves its 4xx.
            if (e instanceof jakarta.ejb.EJBException && e.getCause() instanceof FamichatException refusal) {
                return new Refusal().toResponse(refusal);
            }
            // Not a fault of this request: a service is away, the client comes back later.
            Optional<Outage> outage = outages.classify(e);
            if (outage.isPresent()) {
                return unavailable(outage.get());
            }
            log.log(UNHANDLED, LOG, Level.SEVERE, "Unhandled error in a REST resource", e);
            return Problem.of(ProblemType.INTERNAL, "The server failed; the error is logged").toResponse();
        }
    }

    /** 503 with Retry-After: a service this node needs is away, the client tries again later. */
    static Response unavailable(Outage outage) {
        return Problem.of(ProblemType.UNAVAILABLE, outage.detail()).toResponseBuilder()
                .header("Retry-After", outage.retryAfterSeconds())
                .build();
    }
}
