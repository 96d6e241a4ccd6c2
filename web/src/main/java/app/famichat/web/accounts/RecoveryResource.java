package app.famichat.web.accounts;

import app.famichat.recovery.CodeRecovery;
import app.famichat.web.address.ClientAddresses;
import app.famichat.web.auth.Public;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** "Forgot password" for a locked account: the username, its recovery code and a new password (docs/api.md). */
@Path("/v1/recovery")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class RecoveryResource {

    @Inject
    CodeRecovery recovery;

    @Inject
    ClientAddresses clientAddresses;

    @Context
    HttpServletRequest http;

    /** Size limits here only bound the work; the password rules are the service's. */
    public record CodeRecoveryRequest(@NotNull @Size(max = 64) String username,
                                      @NotNull @Size(max = 128) String recoveryCode,
                                      @NotNull @Size(max = 512) String newPassword) {

        @Override
        public String toString() {
            return "CodeRecoveryRequest[" + username + "]"; // never the code or the password
        }
    }

    /** Every token of the account is revoked; the user signs in with the new password. */
    @POST
    @Path("code")
    @Public
    @Consumes(MediaType.APPLICATION_JSON)
    public Response recoverWithCode(@NotNull(message = "a JSON body is required") @Valid CodeRecoveryRequest request) {
        recovery.recover(request.username(), request.recoveryCode(), request.newPassword(),
                clientAddresses.of(http).rateLimitKey());
        return Response.noContent().build();
    }
}
