package app.famichat.web.accounts;

import app.famichat.accounts.Account;
import app.famichat.custody.Registration;
import app.famichat.ratelimit.Limiter;
import app.famichat.ratelimit.RateLimiters;
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

/** Registration. */
@Path("/v1/accounts")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AccountsResource {

    @Inject
    Registration registration;

    @Inject
    RateLimiters rateLimiters;

    @Inject
    ClientAddresses clientAddresses;

    @Context
    HttpServletRequest http;

    /** Size limits here only bound the work; the real rules (docs/api.md) are the service's. */
    public record RegisterRequest(
            @NotNull @Size(max = 64) String username,
            @NotNull @Size(max = 512) String password,
            @NotNull @Size(max = 256) String displayName) {
    }

    @POST
    @Public
    public Response register(@NotNull(message = "a JSON body is required") @Valid RegisterRequest request) {
        rateLimiters.check(Limiter.REGISTER_ADDRESS, clientAddresses.of(http).rateLimitKey());
        Account account = registration.register(request.username(), request.password(), request.displayName());
        return Response.status(Response.Status.CREATED).entity(AccountViews.UserView.of(account)).build();
    }
}
