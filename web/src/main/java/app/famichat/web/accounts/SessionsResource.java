package app.famichat.web.accounts;

import app.famichat.sessions.SessionService;
import app.famichat.sessions.SignIn;
import app.famichat.web.address.ClientAddresses;
import app.famichat.web.auth.CurrentCaller;
import app.famichat.web.auth.Public;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;

/** Sign-in (a bearer token for a device of the user) and sign-out. */
@Path("/v1/sessions")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class SessionsResource {

    @Inject
    SessionService sessions;

    @Inject
    CurrentCaller caller;

    @Inject
    ClientAddresses clientAddresses;

    @Context
    HttpServletRequest http;

    /**
     * Either {@code deviceName} (creates a device; the answer carries its credential, once) or {@code deviceId}
     * with {@code deviceCredential} (signs in on that known device).
     */
    public record SignInRequest(
            @NotNull @Size(max = 64) String username,
            @NotNull @Size(max = 512) String password,
            @Min(1) @Max(127) Integer deviceId,
            @Size(max = 64) String deviceCredential,
            @Size(max = 256) String deviceName) {

        @Override
        public String toString() {
            return "SignInRequest[" + username + "]"; // never the password or the credential
        }
    }

    /** {@code deviceCredential} only when the sign-in created the device (absent from the JSON otherwise). */
    public record SignInResponse(String token, Instant expiresAt, AccountViews.UserView user,
                                 AccountViews.DeviceView device, String deviceCredential) {
    }

    @POST
    @Public
    @Consumes(MediaType.APPLICATION_JSON)
    public SignInResponse signIn(@NotNull(message = "a JSON body is required") @Valid SignInRequest request) {
        SignIn signIn = sessions.signIn(request.username(), request.password(), request.deviceId(),
                request.deviceCredential(), request.deviceName(), clientAddresses.of(http).rateLimitKey());
        sessions.maintainKeys(signIn);
        return new SignInResponse(signIn.token(), signIn.expiresAt(), AccountViews.UserView.of(signIn.account()),
                AccountViews.DeviceView.of(signIn.device()), signIn.deviceCredential());
    }

    /** Signs out the token of this request. */
    @DELETE
    @Path("current")
    public Response signOut() {
        sessions.signOut(caller.get());
        return Response.noContent().build();
    }

    /** Signs out everywhere: revokes every token of the caller's account. */
    @DELETE
    public Response signOutEverywhere() {
        sessions.signOutEverywhere(caller.get().userId());
        return Response.noContent().build();
    }
}
