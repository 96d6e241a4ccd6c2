package app.famichat.web.problem;

import app.famichat.platform.errors.Failure;

/** The stable problem types of the API (see docs/api.md). */
public enum ProblemType {
    MALFORMED_REQUEST(400, "Malformed request"),
    VALIDATION(400, "Invalid request"),
    UNAUTHENTICATED(401, "Authentication required"),
    FORBIDDEN(403, "Forbidden"),
    NOT_FOUND(404, "Not found"),
    METHOD_NOT_ALLOWED(405, "Method not allowed"),
    NOT_ACCEPTABLE(406, "Not acceptable"),
    CONFLICT(409, "Conflict"),
    /** A locked user's keyring is not unlocked for this token (its unlock is gone): sign in again. */
    KEYRING_LOCKED(409, "Keyring locked"),
    /** Only an account in locked custody can do this (family recovery). */
    CUSTODY_HOSTED(409, "Account in hosted custody"),
    /** The family recovery request is no longer pending. */
    REQUEST_CLOSED(409, "Request closed"),
    /** The guardian has already decided on this request. */
    ALREADY_DECIDED(409, "Already decided"),
    /** The family recovery request is not approved (yet). */
    REQUEST_NOT_APPROVED(409, "Request not approved"),
    GONE(410, "Gone"),
    PAYLOAD_TOO_LARGE(413, "Payload too large"),
    UNSUPPORTED_MEDIA_TYPE(415, "Unsupported media type"),
    RATE_LIMITED(429, "Too many requests"),
    INTERNAL(500, "Internal error"),
    UNAVAILABLE(503, "Service unavailable");

    private final int status;
    private final String title;

    ProblemType(int status, String title) {
        this.status = status;
        this.title = title;
    }

    public String uri() {
        return "urn:famichat:problem:" + name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    /** The problem type of a service's refusal, on REST and on the socket alike. */
    public static ProblemType of(Failure failure) {
        return switch (failure) {
            case INVALID -> VALIDATION;
            case UNAUTHENTICATED -> UNAUTHENTICATED;
            case FORBIDDEN -> FORBIDDEN;
            case NOT_FOUND -> NOT_FOUND;
            case CONFLICT -> CONFLICT;
            case CUSTODY_HOSTED -> CUSTODY_HOSTED;
            case REQUEST_CLOSED -> REQUEST_CLOSED;
            case ALREADY_DECIDED -> ALREADY_DECIDED;
            case REQUEST_NOT_APPROVED -> REQUEST_NOT_APPROVED;
            case GONE -> GONE;
            case RATE_LIMITED -> RATE_LIMITED;
        };
    }

    public static ProblemType forStatus(int status) {
        for (ProblemType type : values()) {
            if (type.status == status && type != VALIDATION) {
                return type;
            }
        }
        return status >= 500 ? INTERNAL : MALFORMED_REQUEST;
    }
}
