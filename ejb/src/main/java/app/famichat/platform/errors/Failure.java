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
    /** Expired or already used (an invite code). */
    GONE,
    /** Over a named rate limit; see {@link FamichatException#retryAfterSeconds()}. */
    RATE_LIMITED
}
