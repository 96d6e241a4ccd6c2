package app.famichat.platform.errors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.function.Executable;

/** How the services' unit tests expect a refusal. */
public final class Refusals {

    private Refusals() {
    }

    /** Runs {@code action}, which must be refused with {@code failure}; returns the refusal for further checks. */
    public static FamichatException refusal(Failure failure, Executable action) {
        FamichatException refused = assertThrows(FamichatException.class, action);
        assertEquals(failure, refused.failure(), refused.getMessage());
        return refused;
    }
}
