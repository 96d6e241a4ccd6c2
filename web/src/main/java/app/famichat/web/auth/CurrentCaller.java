package app.famichat.web.auth;

import app.famichat.sessions.Caller;
import jakarta.enterprise.context.RequestScoped;

/** The authenticated caller of the current request, set by {@link AuthenticationFilter}. */
@RequestScoped
public class CurrentCaller {

    private Caller caller;
    private String token;

    void set(Caller caller, String token) {
        this.caller = caller;
        this.token = token;
    }

    /** The bearer token of the request: switching to locked custody writes its unlock row. */
    public String token() {
        get();
        return token;
    }

    /** Never null in a non-{@link Public} resource method: the filter has already refused anonymous calls. */
    public Caller get() {
        if (caller == null) {
            throw new IllegalStateException("No authenticated caller in this request");
        }
        return caller;
    }
}
