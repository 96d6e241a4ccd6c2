package app.famichat.web.keys;

import app.famichat.safetynumbers.SafetyNumber;
import app.famichat.safetynumbers.SafetyNumbers;
import app.famichat.web.auth.CurrentCaller;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Base64;
import java.util.UUID;

/**
 * The safety number between the caller and someone they share a family with. A malformed id in the path is
 * answered like an unknown user (404), as everywhere else.
 */
@Path("/v1/users/{id}/safety-number")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class SafetyNumbersResource {

    @Inject
    SafetyNumbers safetyNumbers;

    @Inject
    CurrentCaller caller;

    /** {@code scannable}: base64 of what a QR code would carry. */
    public record SafetyNumberView(UUID userId, String safetyNumber, String scannable) {
        static SafetyNumberView of(SafetyNumber number) {
            return new SafetyNumberView(number.userId(), number.digits(),
                    Base64.getEncoder().encodeToString(number.scannable()));
        }
    }

    @GET
    public SafetyNumberView get(@PathParam("id") UUID id) {
        return SafetyNumberView.of(safetyNumbers.between(caller.get().userId(), id));
    }
}
