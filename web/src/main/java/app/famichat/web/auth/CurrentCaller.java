package app.famichat.web.auth;

import app.famichat.sessions.Caller;
import jakarta.enterprise.context.RequestScoped;

/** The authenticated caller of the current request, set by {@link AuthenticationFilter}. */
@RequestScoped
public class CurrentCaller {

    private Caller caller;

    void set(Caller caller) {
        this.caller = caller;
    }

    /** Never null in a non-{@link Public} resource method: the filter has already refused anonymous calls. */
    public Caller get() {
        if (caller == null) {
            throw new IllegalStateException("No authenticated caller in this request");
        }
        return caller;
    }
}
