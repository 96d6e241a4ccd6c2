package app.famichat.platform.errors;

/** The kinds of refusal a service can answer with; the web layer maps each to a status and problem type. */
public enum Failure {
    /** A field breaks a rule (the detail names the field and the rule, never the value). */
    INVALID,
    /** No valid credentials. */
    UNAUTHENTICATED,
    /** Known to the caller, but not theirs to do (e.g. a member who is not an admin). */
    FORBIDDEN,
    /** Does not exist, or the caller may not know it exists. */
    NOT_FOUND,
    /** The request conflicts with the current state (a taken username, the last admin leaving). */
    CONFLICT,
    /** Only an account in locked custody can do this (family recovery's setup); a 409 of its own type. */
    CUSTODY_HOSTED,
    /** A family recovery request that is no longer pending (decided, expired, cancelled, completed). */
    REQUEST_CLOSED,
    /** A guardian has already approved or refused this request. */
    ALREADY_DECIDED,
    /** A family recovery request is completed only once approved. */
    REQUEST_NOT_APPROVED,
    /** Expired or already used (an invite code). */
    GONE,
    /** Over a named rate limit; see {@link FamichatException#retryAfterSeconds()}. */
    RATE_LIMITED
}
