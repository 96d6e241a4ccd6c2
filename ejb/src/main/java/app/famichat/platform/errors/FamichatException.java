package app.famichat.platform.errors;

import jakarta.ejb.ApplicationException;

/**
 * An expected refusal from a service: rolls the transaction back and reaches the client as a 4xx problem
 * document, unwrapped (an application exception, not an EJB system exception).
 */
@ApplicationException(rollback = true)
public class FamichatException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final Failure failure;
    private final String field;
    private final long retryAfterSeconds;

    public FamichatException(Failure failure, String detail) {
        this(failure, null, detail, 0);
    }

    private FamichatException(Failure failure, String field, String detail, long retryAfterSeconds) {
        super(detail, null, false, false);
        this.failure = failure;
        this.field = field;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public static FamichatException invalid(String field, String rule) {
        return new FamichatException(Failure.INVALID, field, rule, 0);
    }

    public static FamichatException notFound(String what) {
        return new FamichatException(Failure.NOT_FOUND, what);
    }

    public static FamichatException rateLimited(String limiter, long retryAfterSeconds) {
        return new FamichatException(Failure.RATE_LIMITED, null, "Too many requests (" + limiter + ")",
                Math.max(1, retryAfterSeconds));
    }

    public Failure failure() {
        return failure;
    }

    /** The JSON field at fault, for {@link Failure#INVALID}; null otherwise. */
    public String field() {
        return field;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
